package exporter

import (
	"bytes"
	"encoding/csv"
	"math/big"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/xuri/excelize/v2"

	"github.com/bax/starrate/rating"
)

// capped is a company that applied for one star and could have had three,
// with one measured shortfall left at no level.
func capped() Company {
	app := &rating.Application{Company: rating.Company{Name: "甲公司", USCC: "91110100000000000K", Year: 2022, AppliedStars: 1}}
	res := &rating.Result{Eligible: true, Stars: 1, AchievableStars: 3, ProvisionalStars: 1,
		Metrics: rating.Metrics{StaffTotal: 30, DegreeRatio: rating.Ratio{Num: 59999, Den: 100000}, AmountInYear: big.NewRat(1234567, 10)},
		Clauses: []rating.ClauseResult{{ID: "3.2.1", Level: 0, Element: "参评条件", Status: rating.Pass}}}
	return NewCompany("甲.xlsx", "", app, res, nil)
}

// short is a company two clauses short of the two stars it applied for.
func short() Company {
	app := &rating.Application{Company: rating.Company{Name: "乙公司", Year: 2022, AppliedStars: 2}}
	staff := rating.ClauseResult{ID: "5.2.2.1", Level: 2, Element: "专业队伍", Status: rating.Fail,
		Shortfalls: []rating.Shortfall{{Metric: "qualified_staff", Value: big.NewRat(3, 1), Unit: "人"}}}
	clients := rating.ClauseResult{ID: "5.2.4.1", Level: 2, Element: "绩效表现", Status: rating.Fail,
		Shortfalls: []rating.Shortfall{{Metric: "clients", Value: big.NewRat(1, 1), Unit: "个"}, {Metric: "amount", Value: big.NewRat(8000001, 100), Unit: "元"}}}
	honour := rating.ClauseResult{ID: "5.2.1.3", Level: 2, Element: "经营信用", Status: rating.Fail}
	pending := rating.ClauseResult{ID: "5.1.1.1", Level: 1, Element: "经营信用", Status: rating.Review}
	res := &rating.Result{Eligible: true, Stars: 0, AchievableStars: 0, ProvisionalStars: 0, Metrics: rating.Metrics{AmountInYear: new(big.Rat)},
		Clauses: []rating.ClauseResult{pending, honour, staff, clients},
		Next: []rating.Gap{
			{Level: 1, Clauses: []rating.ClauseResult{pending}},
			{Level: 2, Applied: true, Clauses: []rating.ClauseResult{pending, honour, staff, clients}},
			{Level: 3, Clauses: []rating.ClauseResult{pending, honour, staff, clients}},
		}}
	return NewCompany("乙.xlsx", "", app, res, nil)
}

func TestMainGapInWords(t *testing.T) {
	assert.Equal(t, "已达申报星级；可达三星（申报一星）", mainGap(capped()))
	assert.Equal(t, "差 4 项：资格人员差 3 人、服务单位差 1 个等 3 项指标；1 项声明不符；1 项待核实",
		mainGap(short()))
	assert.Equal(t, "文件有错误，未评定", mainGap(NewCompany("x.xlsx", "", nil, nil, nil)))
	assert.Equal(t, "可达三星（申报一星）", capNote(capped()))
	assert.Empty(t, capNote(short()))
	assert.Equal(t, "缴纳社保差 2 人", ShortfallText(rating.Shortfall{Metric: "social_insurance", Value: big.NewRat(2, 1), Unit: "人"}, "参评条件"))
	assert.Equal(t, "合同金额差 80,000.01 元", ShortfallText(rating.Shortfall{Metric: "amount", Value: big.NewRat(8000001, 100), Unit: "元"}, "绩效表现"))
	assert.Equal(t, "1,234,567.5", thousands("1234567.5"))
	assert.Equal(t, "999", thousands("999"))
	assert.Equal(t, "参评条件差 2 人", ShortfallText(rating.Shortfall{Metric: "unknown", Value: big.NewRat(2, 1), Unit: "人"}, "参评条件"),
		"a metric without a name is shown by its element")
}

func boardRound() *Round {
	form := NewCompany("表A1.xlsx", "", nil, nil, nil)
	form.Kind, form.Name = KindSurveyForm, "甲公司"
	broken := NewCompany("坏.xlsx", "", nil, nil, []rating.Problem{{Severity: rating.SeverityError, Message: "文件为空（0 字节）"}})
	return &Round{Profile: rating.DefaultProfile(), Companies: CompanySlice{capped(), form, short(), broken}, Title: "测试批次", RunDate: runDate}
}

func TestSummaryIsForTheBoard(t *testing.T) {
	var b bytes.Buffer
	require.NoError(t, WriteXLSX(&b, boardRound()))
	f, err := excelize.OpenReader(&b)
	require.NoError(t, err)
	defer f.Close()
	rows, err := f.GetRows(SheetSummary)
	require.NoError(t, err)
	assert.Equal(t, "测试批次 结果汇总", rows[0][0])
	assert.Contains(t, rows[1][0], "评价年度：2022")
	assert.Contains(t, rows[1][0], "评定日期：2026年11月29日")
	assert.Contains(t, rows[1][0], "评价机构：（未填写）")
	header := rows[4]
	assert.Equal(t, []string{"序号", "单位名称", "申报", "评定", "可达", "预评", "参评条件", "在册人员\n（人）", "资格人员\n（人）",
		"专科以上学历占比", "年度服务单位\n（家）", "年度合同金额\n（元）", "连续服务\n（次）", "5年内重点保卫单位占比", "用户评价得分\n（分）", "主要差距"}, header)
	require.Len(t, rows, 7, "title block, blank line, header and one row per company: no survey form, no unreadable file")
	assert.Equal(t, []string{"1", "甲公司", "一星", "★☆☆", "★★★", "★☆☆", "符合", "30", "0", "59.99%", "0", "123,456.70", "0", "", "", "已达申报星级；可达三星（申报一星）"},
		rows[5], "a ratio is cut, never rounded up to 60.00%")
	assert.Equal(t, "乙公司", rows[6][1])
	assert.Equal(t, "☆☆☆", rows[6][3])

	// The ratio is a real number with a percent format, not text.
	v, err := f.GetCellValue(SheetSummary, "J6", excelize.Options{RawCellValue: true})
	require.NoError(t, err)
	assert.Equal(t, "0.5999", v)
	style, err := f.GetCellStyle(SheetSummary, "J6")
	require.NoError(t, err)
	st, err := f.GetStyle(style)
	require.NoError(t, err)
	assert.Equal(t, 10, st.NumFmt, "0.00%")

	others, err := f.GetRows(SheetOthers)
	require.NoError(t, err)
	require.Len(t, others, 3)
	assert.Equal(t, []string{"表A1.xlsx", "用户评价表（表 A.1）", "甲公司", "未计入：服务单位不在本批申报中", "0", "0"}, others[1])
	assert.Equal(t, []string{"坏.xlsx", "无法读取", "", "未计入：文件无法读取", "1", "0", "文件为空（0 字节）"}, others[2])

	names, err := f.GetDefinedName(), error(nil)
	require.NoError(t, err)
	found := false
	for _, n := range names {
		if n.Name == "_xlnm.Print_Titles" && n.Scope == SheetSummary {
			found = true
			assert.Equal(t, "'汇总'!$5:$5", n.RefersTo, "the header row repeats on every printed page")
		}
	}
	assert.True(t, found)
	layout, err := f.GetPageLayout(SheetSummary)
	require.NoError(t, err)
	assert.Equal(t, "landscape", *layout.Orientation)
	assert.Equal(t, 9, *layout.Size, "A4")
}

func TestStatsByAppliedLevel(t *testing.T) {
	r := boardRound()
	tl, err := r.tally()
	require.NoError(t, err)
	assert.Equal(t, [4]int{0, 1, 1, 0}, tl.applied)
	assert.Equal(t, [4]int{1, 1, 0, 0}, tl.awarded)
	assert.Equal(t, [4]int{0, 1, 0, 0}, tl.met, "甲 applied for one star and has it")
	assert.Equal(t, map[string]int{"经营信用": 1, "专业队伍": 1, "绩效表现": 1}, tl.fails[2], "firms, by element, among those that applied for two stars")
	assert.Equal(t, map[string]int{"经营信用": 1}, tl.reviews[2])
	assert.Equal(t, []string{"参评条件", "经营信用", "专业队伍", "服务管理", "绩效表现"}, tl.elements, "elements in the profile's order")
	assert.Equal(t, 2, tl.others)
}

func TestCSVEscapesControlCharacters(t *testing.T) {
	r := boardRound()
	c := capped()
	c.Name = "=甲\x1b[31m公司\r\n"
	r.Companies = CompanySlice{c}
	var b bytes.Buffer
	require.NoError(t, WriteCSV(&b, r))
	assert.True(t, strings.HasPrefix(b.String(), "\uFEFF"))
	recs, err := csv.NewReader(strings.NewReader(strings.TrimPrefix(b.String(), "\uFEFF"))).ReadAll()
	require.NoError(t, err)
	require.Len(t, recs, 2)
	assert.Equal(t, "'=甲\\x1b[31m公司\\r\\n", recs[1][2], "escaped, and still neutralised")
	assert.Equal(t, []string{"文件", "类型", "单位名称", "统一社会信用代码", "评价年度", "申报星级", "评定星级", "可达星级", "预评星级"}, recs[0][:9])
	assert.Equal(t, []string{"甲.xlsx", "申报表", "'=甲\\x1b[31m公司\\r\\n", "91110100000000000K", "2022", "1", "1", "3", "1"}, recs[1][:9])
}

func TestPrintable(t *testing.T) {
	for in, want := range map[string]string{
		"北京 ★ 公司":              "北京 ★ 公司",
		"a\x1b[2Jb":            `a\x1b[2Jb`,
		"\x00":                 `\x00`,
		"line\nbreak\ttab":     `line\nbreak\ttab`,
		"evil\u202etxt.xlsx":   `evil\u202etxt.xlsx`,
		"zero\u200bwidth":      `zero\u200bwidth`,
		"bad \xff byte":        `bad \xff byte`,
		"C:\\Users\\a.xlsx":    "C:\\Users\\a.xlsx",
		"\u0085next line (C1)": `\u0085next line (C1)`,
		"":                     "",
	} {
		assert.Equal(t, want, Printable(in), "%q", in)
	}
}

func TestShortfallJSON(t *testing.T) {
	b, err := jsonShortfall{{Metric: "clients", Value: big.NewRat(1, 1)}, {Metric: "amount", Value: big.NewRat(8000001, 100)}}.MarshalJSON()
	require.NoError(t, err)
	assert.Equal(t, `{"clients":1,"amount":80000.01}`, string(b), "members in the clause's order")
	b, err = jsonShortfall(nil).MarshalJSON()
	require.NoError(t, err)
	assert.Equal(t, "null", string(b))

	var out bytes.Buffer
	require.NoError(t, WriteJSON(&out, &Round{Profile: rating.DefaultProfile(), Companies: CompanySlice{short()}}))
	s := out.String()
	assert.Contains(t, s, `"achievable_stars": 0,`)
	assert.Contains(t, s, "\"shortfall\": {\n")
	assert.Contains(t, s, `"applied": true`)
	assert.NotContains(t, s, "previous_results_sha256", "a first run")
}

func TestAnnotateSaysWhenCapped(t *testing.T) {
	book := excelize.NewFile()
	_, err := book.NewSheet("人员名册")
	require.NoError(t, err)
	require.NoError(t, book.SetCellValue("人员名册", "A1", "姓名"))
	var in bytes.Buffer
	_, err = book.WriteTo(&in)
	require.NoError(t, err)
	require.NoError(t, book.Close())

	problems := []rating.Problem{{Severity: rating.SeverityWarning, Sheet: "人员名册", Cell: "A1", Message: "提示", Expected: "姓名"}}
	var out bytes.Buffer
	require.NoError(t, Annotate(&out, nil, in.Bytes(), capped(), rating.DefaultProfile(), problems))
	annotated := bytes.Clone(out.Bytes())
	f, err := excelize.OpenReader(&out)
	require.NoError(t, err)
	defer f.Close()
	assert.Equal(t, []string{SheetVerdict, "Sheet1", "人员名册"}, f.GetSheetList())
	text := dump(t, f, SheetVerdict)
	assert.Contains(t, text, "评定星级\t★☆☆ 一星；可达三星（申报一星）")
	assert.Contains(t, text, "待办事项：无（已达三星）")
	layout, err := f.GetPageLayout(SheetVerdict)
	require.NoError(t, err)
	assert.Equal(t, "portrait", *layout.Orientation)
	comments, err := f.GetComments("人员名册")
	require.NoError(t, err)
	require.Len(t, comments, 1)
	assert.Contains(t, commentText(comments[0]), "【警告】提示；应为姓名")

	// A resubmitted annotated copy gets a new verdict, not a second one.
	var again bytes.Buffer
	require.NoError(t, Annotate(&again, nil, annotated, capped(), rating.DefaultProfile(), nil))
	g, err := excelize.OpenReader(&again)
	require.NoError(t, err)
	defer g.Close()
	assert.Equal(t, []string{SheetVerdict, "Sheet1", "人员名册"}, g.GetSheetList())
}
