package importer

import (
	"bytes"
	"fmt"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/xuri/excelize/v2"

	"github.com/bax/starrate/rating"
	"github.com/bax/starrate/templates"
)

// company fills 单位信息 with a minimal valid company.
func company(t testing.TB, f *excelize.File) {
	t.Helper()
	setCompany(t, f, map[string]any{"单位名称": "甲", "统一社会信用代码": testUSCC, "评价年度": 2022, "申报星级": "一星"})
	answerAll(t, f)
}

// problemsWith returns the problems whose message contains s.
func problemsWith(ps []rating.Problem, s string) []rating.Problem {
	var out []rating.Problem
	for _, p := range ps {
		if strings.Contains(p.Message, s) {
			out = append(out, p)
		}
	}
	return out
}

// Every column of every table goes through WriteFilled and comes back from
// Read with its value, at the row the schema says.
func TestEveryColumnRoundTrip(t *testing.T) {
	app := templates.Sample(templates.SampleSpec{Seed: 5, Index: 2, Year: 2022, Level: 3, Staff: 4, TrainingPerPerson: 2, Contracts: 3, Surveys: 2})
	p := &app.Staff[0]
	p.Title, p.VendorCert, p.Left = "工程师", "GYS-2022-1", rating.NewDate(2022, 10, 8)
	d := app.Declarations["C4"]
	d.Note = "2022 年度诚信经营评价 A 级"
	app.Declarations["C4"] = d
	app.Surveys[0].Items[4] = 950 // 9.50
	app.Contracts[0].Signed = rating.NewDate(2021, 12, 1)
	var b bytes.Buffer
	require.NoError(t, templates.WriteFilled(&b, app))
	data := b.Bytes()

	// Every column holds a value in the first record: nothing is left out.
	f, err := excelize.OpenReader(bytes.NewReader(data))
	require.NoError(t, err)
	defer f.Close()
	for _, tb := range templates.Tables {
		rows, err := f.GetRows(tb.Name)
		require.NoError(t, err)
		require.Greater(t, len(rows), tb.FirstRow()-1, tb.Name)
		first := rows[tb.FirstRow()-1]
		for i, c := range tb.Columns {
			if tb.Name == templates.SheetDeclarations && c.Key == "note" {
				continue // Q1 has none; C4's is checked below
			}
			require.Greater(t, len(first), i, "%s %s", tb.Name, c.Header)
			assert.NotEmpty(t, first[i], "%s %s", tb.Name, c.Header)
		}
	}

	wb := readBytes(t, data)
	require.Empty(t, wb.Problems, "%v", wb.Problems)
	got := wb.Application
	for i, p := range got.Staff {
		assert.Equal(t, rating.Ref{Sheet: templates.SheetStaff, Row: templates.Staff.FirstRow() + i}, p.Ref)
	}
	for i, c := range got.Contracts {
		assert.Equal(t, templates.Contracts.FirstRow()+i, c.Ref.Row)
	}
	for i, s := range got.Surveys {
		assert.Equal(t, templates.Surveys.FirstRow()+i, s.Ref.Row)
	}
	for i, tr := range got.Trainings {
		assert.Equal(t, templates.Training.FirstRow()+i, tr.Ref.Row)
	}
	clearRefs(got)
	assert.Equal(t, app, got)
}

// The example row of the template is not data, as long as it says 示例.
func TestExampleRowIgnored(t *testing.T) {
	f := filled(t)
	company(t, f)
	setRow(t, f, templates.SheetStaff, 3, 1, "赵一", validID(11), "运维", "是", "本科", "", "", "", "2020-01-01", "是", "是")
	wb := readBytes(t, bytesOf(t, f))
	require.Empty(t, wb.Problems, "%v", wb.Problems)
	require.Len(t, wb.Application.Staff, 1)
	assert.Equal(t, "赵一", wb.Application.Staff[0].Name)
	assert.Empty(t, wb.Application.Contracts, "the example contract is no client")
	assert.Empty(t, wb.Application.Surveys)
	assert.Empty(t, wb.Application.Trainings)

	// Real data typed over the example row but still marked 示例: not read,
	// and the applicant is told.
	f = filled(t)
	company(t, f)
	require.NoError(t, f.SetCellValue(templates.SheetContracts, "C2", "海淀区某中学"))
	wb = readBytes(t, bytesOf(t, f))
	assert.Empty(t, wb.Application.Contracts)
	p := problemAt(t, wb.Problems, templates.SheetContracts, "A2")
	assert.Equal(t, rating.SeverityWarning, p.Severity)
	assert.Equal(t, rating.CodeExcluded, p.Code)
	assert.Contains(t, p.Message, "按示例行未读取")
}

// The example values are valid: the example row with a number for 示例
// imports without a problem.
func TestExampleValuesAreValid(t *testing.T) {
	f := filled(t)
	company(t, f)
	for _, tb := range templates.Tables {
		if tb.Example {
			require.NoError(t, f.SetCellValue(tb.Name, "A2", 1), tb.Name)
		}
	}
	wb := readBytes(t, bytesOf(t, f))
	require.Empty(t, wb.Problems, "%v", wb.Problems)
	assert.Len(t, wb.Application.Staff, 1)
	assert.Len(t, wb.Application.Contracts, 1)
	assert.Len(t, wb.Application.Trainings, 1)
	require.Len(t, wb.Application.Surveys, 1)
	assert.Equal(t, "某区某银行支行", wb.Application.Surveys[0].Client)
}

// A 合计 row is never a client or a person, even with every "required"
// cell filled as the messages of an earlier run asked (issue 10: the sixth
// client that lifted the amount to 1,260,000 元).
func TestTotalRowsSkipped(t *testing.T) {
	f := filled(t)
	company(t, f)
	s := templates.SheetContracts
	for i := range 5 {
		setRow(t, f, s, 3+i, i+1, fmt.Sprintf("HT-%d", i+1), fmt.Sprintf("客户%d", i+1), "否", 210000, "2022-01-01", "2022-12-31")
	}
	setRow(t, f, s, 8, "", "", "合计", "否", 1050000, "2022-01-01", "2022-12-31")
	setRow(t, f, s, 9, "小 计：", "", "", "", 1050000)
	setRow(t, f, templates.SheetStaff, 3, 1, "赵一", validID(11), "运维", "是", "本科", "", "", "", "2020-01-01", "是", "是")
	setRow(t, f, templates.SheetStaff, 4, "总计", "1 人")
	setRow(t, f, templates.SheetTraining, 3, 1, "2022-03-01", "小计算机网络培训", "上岗后专项培训", 8, "赵一", validID(11))

	wb := readBytes(t, bytesOf(t, f))
	app := wb.Application
	require.Len(t, app.Contracts, 5)
	for _, c := range app.Contracts {
		assert.NotEqual(t, "合计", c.Client)
	}
	require.Len(t, app.Staff, 1)
	require.Len(t, app.Trainings, 1, "小计算机… is a course, not a 小计 row")
	assert.Empty(t, errorsOf(wb.Problems), "a skipped row has no empty required cells")

	tests := []struct{ sheet, cell, value string }{
		{s, "C8", "合计"},
		{s, "A9", "小 计："},
		{templates.SheetStaff, "A4", "总计"},
	}
	for _, tt := range tests {
		p := problemAt(t, wb.Problems, tt.sheet, tt.cell)
		assert.Equal(t, rating.SeverityWarning, p.Severity)
		assert.Equal(t, rating.CodeExcluded, p.Code)
		assert.Equal(t, tt.value, p.Value)
		assert.Contains(t, p.Message, "已跳过，不计入任何指标")
	}
	res := rating.Rate(app, rating.DefaultProfile())
	assert.Equal(t, 5, res.Metrics.ClientsInYear)
}

// Placeholders typed where the help says 无则留空 hold nothing, with no
// problem; anything else is kept as written.
func TestPlaceholdersMeanEmpty(t *testing.T) {
	for _, v := range append(templates.Placeholders, " 无 ", "／", "--", "——", "n/a", "０") {
		t.Run(v, func(t *testing.T) {
			f := filled(t)
			company(t, f)
			setRow(t, f, templates.SheetStaff, 3, 1, "赵一", validID(11), "运维", "是", "本科", v, v, v, "2020-01-01", "是", "是")
			setCompany(t, f, map[string]any{"信息化平台名称": v})
			setDeclaration(t, f, rowOfItem(t, "C3"), "evidence", v)
			wb := readBytes(t, bytesOf(t, f))
			require.Empty(t, wb.Problems, "%v", wb.Problems)
			p := wb.Application.Staff[0]
			assert.Empty(t, p.Title+p.InstallerCert+p.VendorCert)
			assert.False(t, p.Qualified())
			assert.Empty(t, wb.Application.Company.Platform)
			assert.Empty(t, wb.Application.Declarations["C3"].Evidence)
			assert.Equal(t, "是", wb.Application.Declarations["C3"].Answer)
		})
	}
	f := filled(t)
	company(t, f)
	setRow(t, f, templates.SheetStaff, 3, 1, "赵一", validID(11), "运维", "是", "本科", "无线电工程师", "0012", "", "2020-01-01", "是", "是")
	wb := readBytes(t, bytesOf(t, f))
	require.Empty(t, wb.Problems, "%v", wb.Problems)
	assert.Equal(t, "无线电工程师", wb.Application.Staff[0].Title)
	assert.Equal(t, "0012", wb.Application.Staff[0].InstallerCert)
}

// Headers as clerks type them: synonyms, a red 「*」, 「（必填）」.
func TestHeaderSynonyms(t *testing.T) {
	tests := []struct {
		key, header string
	}{
		{"id", "身份证号码"}, {"id", "身份证"}, {"id", "证件号码"}, {"id", "公民身份号码"}, {"id", "身份证号*"},
		{"id", "身份证号（必填）"}, {"name", "员工姓名"}, {"name", "姓 名"}, {"hired", "入职时间"},
		{"education", "最高学历"}, {"left", "离职时间"},
	}
	for _, tt := range tests {
		t.Run(tt.header, func(t *testing.T) {
			f := filled(t)
			company(t, f)
			c, _ := excelize.CoordinatesToCellName(templates.Staff.Index(tt.key)+1, 1)
			require.NoError(t, f.SetCellValue(templates.SheetStaff, c, tt.header))
			setRow(t, f, templates.SheetStaff, 3, 1, "赵一", validID(11), "运维", "是", "本科", "", "", "", "2020-01-01", "是", "是", "2022-03-31")
			wb := readBytes(t, bytesOf(t, f))
			require.Empty(t, wb.Problems, "%v", wb.Problems)
			require.Len(t, wb.Application.Staff, 1)
			p := wb.Application.Staff[0]
			assert.Equal(t, "赵一", p.Name)
			assert.Equal(t, validID(11), p.ID)
			assert.Equal(t, rating.NewDate(2020, 1, 1), p.Hired)
			assert.Equal(t, rating.NewDate(2022, 3, 31), p.Left)
		})
	}
}

func TestCompanyLabelsAndYear(t *testing.T) {
	for _, year := range []any{2022, "2022", "2022年", "2022 年度", "２０２２年"} {
		f := filled(t)
		company(t, f)
		setCompany(t, f, map[string]any{"评价年度": year})
		require.NoError(t, f.SetCellValue(templates.SheetCompany, "A2", "企业名称"))
		wb := readBytes(t, bytesOf(t, f))
		require.Empty(t, wb.Problems, "%v: %v", year, wb.Problems)
		assert.Equal(t, 2022, wb.Application.Company.Year, "%v", year)
		assert.Equal(t, "甲", wb.Application.Company.Name)
	}
}

// Every value with an error marks its column in the row's Bad set, and an
// empty required date is an error, never a date of 1899.
func TestBadFields(t *testing.T) {
	f := filled(t)
	company(t, f)
	setRow(t, f, templates.SheetStaff, 3, 1, "赵一", validID(11), "运维", "也许", "大学", "", "", "", "2020-01-01", "是", "是", "2019-01-01")
	setRow(t, f, templates.SheetStaff, 4, 2, "钱二", validID(11), "运维", "是", "本科", "", "", "", "", "是", "是")
	setRow(t, f, templates.SheetContracts, 3, 1, "HT-1", "甲单位", "否", 300000, "", "2022-12-31")
	setRow(t, f, templates.SheetContracts, 4, 2, "HT-2", "乙单位", "否", "三十万", "2022-06-01", "2022-05-01")
	setRow(t, f, templates.SheetTraining, 3, 1, "二〇二二年三月", "专项培训", "上岗后专项培训", "", "赵一", validID(11))
	setRow(t, f, templates.SheetSurveys, 3, 1, "甲单位", "2022-12-01", 11, 5, 15, 5, 10, 10, 15, 15, 15, 100)
	wb := readBytes(t, bytesOf(t, f))
	app := wb.Application

	assert.Equal(t, rating.FieldSet{"om", "education", "left"}, app.Staff[0].Bad)
	assert.Equal(t, rating.FieldSet{"hired", "id"}, app.Staff[1].Bad)
	assert.True(t, app.Staff[1].Hired.IsZero())

	start := problemAt(t, wb.Problems, templates.SheetContracts, "F3")
	assert.Equal(t, rating.SeverityError, start.Severity)
	assert.Equal(t, rating.CodeMissingValue, start.Code)
	assert.Equal(t, rating.FieldSet{"start"}, app.Contracts[0].Bad)
	assert.True(t, app.Contracts[0].Start.IsZero(), "no date, not 1899-12-30")
	assert.Equal(t, rating.FieldSet{"amount", "end"}, app.Contracts[1].Bad)
	assert.Equal(t, rating.CodeInconsistent, problemAt(t, wb.Problems, templates.SheetContracts, "G4").Code)

	assert.Equal(t, rating.FieldSet{"date", "hours"}, app.Trainings[0].Bad)
	assert.Equal(t, rating.FieldSet{"item1", "total"}, app.Surveys[0].Bad)

	for _, p := range wb.Problems {
		assert.NotEmpty(t, p.Code, p.Error())
	}
}

// Training rows name the roster person the way rating-model.md §4.4 says,
// and each row gets one message, from the rating, saying what became of
// it: the importer does not say it again.
func TestTrainingMatchSaidOnce(t *testing.T) {
	f := filled(t)
	company(t, f)
	setRow(t, f, templates.SheetStaff, 3, 1, "赵一", validID(11), "运维", "是", "本科", "", "", "", "2020-01-01", "是", "是")
	setRow(t, f, templates.SheetStaff, 4, 2, "赵一", validID(12), "运维", "是", "本科", "", "", "", "2020-01-01", "是", "是")
	setRow(t, f, templates.SheetStaff, 5, 3, "钱二", validID(13), "运维", "是", "本科", "", "", "", "2020-01-01", "是", "是")
	setRow(t, f, templates.SheetStaff, 6, 4, "钱二", validID(13), "运维", "是", "本科", "", "", "", "2020-01-01", "是", "是")
	tr := templates.SheetTraining
	setRow(t, f, tr, 3, 1, "2022-03-01", "专项培训", "上岗后专项培训", 8, "赵一", "")
	setRow(t, f, tr, 4, 2, "2022-03-01", "专项培训", "上岗后专项培训", 8, "钱二", "")
	setRow(t, f, tr, 5, 3, "2022-03-01", "专项培训", "上岗后专项培训", 8, "孙三", "")
	setRow(t, f, tr, 6, 4, "2022-03-01", "专项培训", "上岗后专项培训", 8, "赵一", validID(14))
	setRow(t, f, tr, 7, 5, "2022-03-01", "专项培训", "上岗后专项培训", 8, "李四", validID(15))
	wb := readBytes(t, bytesOf(t, f))
	require.NotNil(t, wb.Application)
	res := rating.Rate(wb.Application, rating.DefaultProfile())

	said := func(sheet string, row int) []string {
		var out []string
		for _, p := range problemsAtRow(wb.Problems, sheet, row) {
			out = append(out, p.Message)
		}
		for _, n := range res.Notes {
			if n.Ref.Sheet == sheet && n.Ref.Row == row {
				out = append(out, n.Message)
			}
		}
		return out
	}
	for _, c := range []struct {
		row  int
		want string // "" for no message: the row counts
	}{
		{3, "有 2 个不同的人名为「赵一」"},
		{4, ""}, // 钱二 is on the roster twice with one ID: one person
		{5, "「孙三」不在人员名册中，本行不计入任何人的培训"},
		{6, "与人员名册中「赵一」的身份证号不同"},
		{7, "参训人员身份证号不在人员名册中，本行不计入任何人的培训"},
	} {
		got := said(tr, c.row)
		if c.want == "" {
			assert.Empty(t, got, "row %d", c.row)
			continue
		}
		if assert.Len(t, got, 1, "row %d: %q", c.row, got) {
			assert.Contains(t, got[0], c.want)
		}
	}
	assert.Len(t, said(templates.SheetStaff, 6), 1, "the duplicate roster row is reported once")
	for _, m := range append(said(tr, 3), said(tr, 6)...) {
		assert.NotContains(t, m, "不在人员名册中", "the name is on the roster")
	}
}

func problemsAtRow(ps []rating.Problem, sheet string, row int) []rating.Problem {
	var out []rating.Problem
	for _, p := range ps {
		if _, r, err := excelize.CellNameToCoordinates(p.Cell); err == nil && p.Sheet == sheet && r == row {
			out = append(out, p)
		}
	}
	return out
}

// What is said about a survey row agrees with what the rating did: a
// survey from a unit without a contract gets one message (the rating's),
// and a survey with an item over its maximum is not "counted with 0" on
// one cell while the rating counts it for nothing.
func TestSurveyMessagesAgree(t *testing.T) {
	f := filled(t)
	company(t, f)
	setRow(t, f, templates.SheetContracts, 3, 1, "HT-1", "北京银行", "是", 100000, "2022-01-01", "2022-12-31", "")
	sv := templates.SheetSurveys
	setRow(t, f, sv, 3, 1, "无合同单位", "2022-06-01", 10, 5, 15, 5, 10, 10, 15, 15, 15)
	setRow(t, f, sv, 4, 2, "北京银行", "2022-06-01", 11, 5, 15, 5, 10, 10, 15, 15, 15)
	wb := readBytes(t, bytesOf(t, f))
	require.NotNil(t, wb.Application)
	res := rating.Rate(wb.Application, rating.DefaultProfile())
	var notes [5][]string
	for _, n := range res.Notes {
		if n.Ref.Sheet == sv && n.Ref.Row < len(notes) {
			notes[n.Ref.Row] = append(notes[n.Ref.Row], n.Message)
		}
	}
	assert.Empty(t, problemsAtRow(wb.Problems, sv, 3))
	if assert.Len(t, notes[3], 1) {
		assert.Contains(t, notes[3][0], "「无合同单位」在 2022 年没有计入的维保合同，本份评价不计")
	}
	ps := problemsAtRow(wb.Problems, sv, 4)
	if assert.Len(t, ps, 1) {
		assert.Contains(t, ps[0].Message, "超过满分值 10")
		assert.NotContains(t, ps[0].Message, "按 0 分计")
	}
	if assert.Len(t, notes[4], 1) {
		assert.Contains(t, notes[4][0], "不计入用户评价")
	}
	assert.Zero(t, res.Metrics.SurveyCount)
}
