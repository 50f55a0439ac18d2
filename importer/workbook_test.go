package importer

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/xuri/excelize/v2"

	"github.com/bax/starrate/rating"
	"github.com/bax/starrate/templates"
)

func date(y int, m time.Month, d int) rating.Date { return rating.NewDate(y, m, d) }

// roundTripWorkbook fills the template with one of everything, in the value
// forms applicants use: text and real dates, 大专, 万元, √.
func roundTripWorkbook(t testing.TB) *excelize.File {
	f := filled(t)
	setCompany(t, f, map[string]any{
		"单位名称": "北京安安运维科技有限公司", "统一社会信用代码": testUSCC, "评价年度": 2022, "申报星级": "二星",
		"经营范围": "安全技术防范系统设计、施工、维修", "固定经营场所地址": "北京市海淀区中关村大街1号",
		"联系人": "王工", "联系电话": "13800138000", "故障报修电话": "010-12345678", "服务投诉电话": "010-87654321",
		"信息化平台名称": "安安运维云",
	})
	setRow(t, f, templates.SheetStaff, 2, 1, "张三", validID(1), "运维工程师", "是", "本科", "工程师", "AZ-001", "", time.Date(2020, 3, 1, 0, 0, 0, 0, time.UTC), "是", "是")
	setRow(t, f, templates.SheetStaff, 3, 2, "李四", validID(2), "运维员", "Y", "大专", "", "", "GYS-9", "2021/7/15", "√", "否")
	setRow(t, f, templates.SheetStaff, 4, 3, "王五", validID(3), "行政", "否", "高中", "", "", "", "2022年1月3日", "是", "否", "2022-08-31")
	answerAll(t, f)
	setDeclaration(t, f, rowOfItem(t, "M4"), "answer", "兼职")
	setDeclaration(t, f, rowOfItem(t, "M4"), "note", "质量监督岗由技术负责人兼任")
	setRow(t, f, templates.SheetTraining, 2, 1, "2022-03-01", "专项培训", "上岗后专项培训", 4.5, "张三", validID(1))
	setRow(t, f, templates.SheetTraining, 3, 2, time.Date(2022, 3, 2, 0, 0, 0, 0, time.UTC), "消防", "其他", "2", "李四", "")
	setRow(t, f, templates.SheetContracts, 2, 1, "HT-1", "北京银行（海淀支行）", "是", "30万元", "2022-01-01", "2022-12-31", "2021-12-20")
	setRow(t, f, templates.SheetContracts, 3, 2, "HT-2", "海淀区第一中学", "否", "120,000.50", "2021.7.1", "2023.6.30", "")
	items := []any{1, "北京银行(海淀支行)", "2022-11-30", 9, 5, 14, 5, 10, 9, 15, 14, 15, 96}
	setRow(t, f, templates.SheetSurveys, 2, items...)
	return f
}

func TestRoundTrip(t *testing.T) {
	wb := readBytes(t, bytesOf(t, roundTripWorkbook(t)))
	require.Empty(t, wb.Problems, "%v", wb.Problems)
	app := wb.Application
	require.NotNil(t, app)

	assert.Equal(t, rating.Company{
		Name: "北京安安运维科技有限公司", USCC: testUSCC, Year: 2022, AppliedStars: 2,
		Scope: "安全技术防范系统设计、施工、维修", Address: "北京市海淀区中关村大街1号", Contact: "王工",
		Phone: "13800138000", RepairPhone: "010-12345678", ComplaintPhone: "010-87654321", Platform: "安安运维云",
	}, app.Company)

	ref := func(sheet string, row int) rating.Ref { return rating.Ref{Sheet: sheet, Row: row} }
	assert.Equal(t, []rating.Person{
		{Ref: ref("人员名册", 2), Name: "张三", ID: validID(1), Post: "运维工程师", OM: rating.Yes, Education: rating.EduBachelor,
			Title: "工程师", InstallerCert: "AZ-001", Hired: date(2020, 3, 1), SocialInsurance: rating.Yes, NDA: rating.Yes},
		{Ref: ref("人员名册", 3), Name: "李四", ID: validID(2), Post: "运维员", OM: rating.Yes, Education: rating.EduCollege,
			VendorCert: "GYS-9", Hired: date(2021, 7, 15), SocialInsurance: rating.Yes, NDA: rating.No},
		{Ref: ref("人员名册", 4), Name: "王五", ID: validID(3), Post: "行政", OM: rating.No, Education: rating.EduSecondary,
			Hired: date(2022, 1, 3), Left: date(2022, 8, 31), SocialInsurance: rating.Yes, NDA: rating.No},
	}, app.Staff)

	require.Len(t, app.Declarations, len(templates.Items))
	assert.Equal(t, rating.Declaration{Ref: ref("制度与信用", 2), Item: "Q1", Answer: "是", Evidence: "附件Q1"}, app.Declarations["Q1"])
	assert.Equal(t, rating.Declaration{Ref: ref("制度与信用", rowOfItem(t, "C4")), Item: "C4", Answer: "是", Evidence: "附件C4"}, app.Declarations["C4"])
	assert.Equal(t, rating.Declaration{Ref: ref("制度与信用", rowOfItem(t, "M4")), Item: "M4", Answer: "兼职", Evidence: "附件M4",
		Note: "质量监督岗由技术负责人兼任"}, app.Declarations["M4"])

	assert.Equal(t, []rating.Training{
		{Ref: ref("培训记录", 2), Date: date(2022, 3, 1), Title: "专项培训", Kind: rating.TrainingPostHire, Hours: 450, Name: "张三", PersonID: validID(1)},
		{Ref: ref("培训记录", 3), Date: date(2022, 3, 2), Title: "消防", Kind: "其他", Hours: 200, Name: "李四"},
	}, app.Trainings)

	assert.Equal(t, []rating.Contract{
		{Ref: ref("维保合同", 2), Number: "HT-1", Client: "北京银行（海淀支行）", VIP: rating.Yes, Amount: 30000000,
			Start: date(2022, 1, 1), End: date(2022, 12, 31), Signed: date(2021, 12, 20)},
		{Ref: ref("维保合同", 3), Number: "HT-2", Client: "海淀区第一中学", VIP: rating.No, Amount: 12000050,
			Start: date(2021, 7, 1), End: date(2023, 6, 30)},
	}, app.Contracts)

	require.Len(t, app.Surveys, 1)
	s := app.Surveys[0]
	assert.Equal(t, date(2022, 11, 30), s.Date)
	assert.Equal(t, "北京银行(海淀支行)", s.Client)
	assert.Equal(t, rating.DecimalFromInt(96), s.Total())
}

// problemAt finds the problem reported at sheet!cell.
func problemAt(t *testing.T, ps []rating.Problem, sheet, cell string) rating.Problem {
	t.Helper()
	for _, p := range ps {
		if p.Sheet == sheet && p.Cell == cell {
			return p
		}
	}
	var all []string
	for _, p := range ps {
		all = append(all, p.Error())
	}
	require.Failf(t, "no problem", "none at %s!%s; have:\n%s", sheet, cell, strings.Join(all, "\n"))
	return rating.Problem{}
}

// TestBadValuesAllReportedInOnePass: every bad cell is named with its
// sheet, cell, value and expectation, and reading goes on.
func TestBadValuesAllReportedInOnePass(t *testing.T) {
	f := roundTripWorkbook(t)
	setCompany(t, f, map[string]any{"统一社会信用代码": "91110108MA01ABCD2X", "评价年度": "二〇二二"})
	setRow(t, f, templates.SheetStaff, 5, 4, "赵六", "110105198001011235", "运维", "也许", "大学", "", "", "", "2022-02-30", "是", "是")
	setRow(t, f, templates.SheetStaff, 6, 5, "钱七", validID(1), "运维", "是", "本科", "", "", "", "2020-01-01", "是", "是")
	setRow(t, f, templates.SheetStaff, 7, 6, "", "1.10105198001011E+17", "运维", "是", "本科", "", "", "", "2020-01-01", "是", "是")
	setRow(t, f, templates.SheetTraining, 4, 3, "2022-05-01", "培训", "岗前培训", "四小时", "孙八", "")
	setRow(t, f, templates.SheetContracts, 4, 3, "HT-3", "某单位", "是", "10.005", "2022-06-01", "2022-05-01", "")
	setRow(t, f, templates.SheetSurveys, 3, 2, "不在合同里的单位", "2022-12-01", 11, 5, 15, 5, 10, 10, 15, 15, 15, 100)
	require.NoError(t, f.SetCellValue(templates.SheetDeclarations, "C3", "可能"))

	wb := readBytes(t, bytesOf(t, f))
	require.NotNil(t, wb.Application, "reading goes on after bad cells")
	ps := wb.Problems
	tests := []struct {
		sheet, cell string
		sev         rating.Severity
		value       string
		msg         string
	}{
		{"单位信息", "B3", rating.SeverityError, "91110108MA01ABCD2X", "校验位"},
		{"单位信息", "B4", rating.SeverityError, "二〇二二", "不是整数"},
		{"人员名册", "C5", rating.SeverityWarning, "110105198001011235", "校验位"},
		{"人员名册", "E5", rating.SeverityError, "也许", "是/否"},
		{"人员名册", "F5", rating.SeverityError, "大学", "学历"},
		{"人员名册", "J5", rating.SeverityError, "2022-02-30", "日期不存在"},
		{"人员名册", "C6", rating.SeverityError, validID(1), "与第 2 行重复"},
		{"人员名册", "B7", rating.SeverityError, "", "姓名"},
		{"人员名册", "C7", rating.SeverityError, "1.10105198001011E+17", "存成了数字"},
		{"培训记录", "D4", rating.SeverityWarning, "岗前培训", "按“其他”计"},
		{"培训记录", "E4", rating.SeverityError, "四小时", "不是数字"},
		{"维保合同", "E4", rating.SeverityError, "10.005", "两位小数"},
		{"维保合同", "G4", rating.SeverityError, "2022-05-01", "早于服务开始日期"},
		{"用户评价", "D3", rating.SeverityError, "11", "超过满分值 10"},
		{"用户评价", "M3", rating.SeverityError, "100", "与各项之和不符"},
		{"制度与信用", "C3", rating.SeverityError, "可能", "填报"},
	}
	// Whom a training row names and whose survey counts are the rating's
	// to say (Result.Notes), not the importer's.
	assert.Len(t, problemsAtRow(ps, templates.SheetTraining, 4), 2, "only 学时 and 培训类型 on 培训记录 row 4")
	for _, tt := range tests {
		p := problemAt(t, ps, tt.sheet, tt.cell)
		assert.Equal(t, tt.sev, p.Severity, p.Error())
		assert.Equal(t, tt.value, p.Value, p.Error())
		assert.Contains(t, p.Error(), tt.msg)
		assert.Equal(t, "test.xlsx", p.File)
		if tt.sev == rating.SeverityError {
			assert.NotEmpty(t, p.Expected, p.Error())
		}
	}
	assert.True(t, rating.HasErrors(ps))
	// ID numbers are marked personal, so that summaries mask them even when
	// a numeric cell turned one into 1.10105198001011E+17.
	for _, p := range ps {
		personal := p.Sheet == "人员名册" && strings.HasPrefix(p.Cell, "C")
		assert.Equal(t, personal, p.Personal, p.Error())
	}
	masked := problemAt(t, ps, "人员名册", "C7").Masked()
	assert.NotContains(t, masked.Value, "10105198001011")
	// The survey item out of range counts 0: 101 - 11 → 90.
	assert.Equal(t, rating.DecimalFromInt(90), wb.Application.Surveys[1].Total())
}

func TestTitleRowAndReorderedColumns(t *testing.T) {
	f := filled(t)
	setCompany(t, f, map[string]any{"单位名称": "甲", "统一社会信用代码": testUSCC, "评价年度": 2022, "申报星级": "一星"})
	answerAll(t, f)
	require.NoError(t, f.DeleteSheet(templates.SheetContracts))
	_, err := f.NewSheet(" 维保合同")
	require.NoError(t, err)
	s := " 维保合同"
	setRow(t, f, s, 1, "北京某公司维保合同一览表（2022 年度）")
	setRow(t, f, s, 3, "服务结束日期", "用户单位名称", "备注（自加列）", "合同金额(元)", "是否重点保卫单位", "服务 开始日期")
	setRow(t, f, s, 4, "2022-12-31", "甲单位", "x", "100000", "否", "2022-01-01")
	setRow(t, f, s, 5)
	setRow(t, f, s, 6, "", "", "", "", "", "")
	wb := readBytes(t, bytesOf(t, f))
	assert.Empty(t, errorsOf(wb.Problems))
	require.Len(t, wb.Application.Contracts, 1)
	c := wb.Application.Contracts[0]
	assert.Equal(t, rating.Contract{Ref: rating.Ref{Sheet: s, Row: 4}, Client: "甲单位", VIP: rating.No, Amount: 10000000,
		Start: date(2022, 1, 1), End: date(2022, 12, 31)}, c)
}

func TestMissingSheetsAndColumns(t *testing.T) {
	f := filled(t)
	setCompany(t, f, map[string]any{"单位名称": "甲", "统一社会信用代码": testUSCC, "评价年度": 2022, "申报星级": "一星"})
	answerAll(t, f)
	require.NoError(t, f.DeleteSheet(templates.SheetTraining))
	require.NoError(t, f.SetCellValue(templates.SheetStaff, "C1", "证件号"))
	require.NoError(t, f.SetCellValue(templates.SheetStaff, "J1", "报到日期"))
	require.NoError(t, f.SetCellValue(templates.SheetDeclarations, fmt.Sprintf("A%d", rowOfItem(t, "T1")), ""))
	wb := readBytes(t, bytesOf(t, f))
	ps := wb.Problems
	p := problemAt(t, ps, "培训记录", "")
	assert.Equal(t, rating.CodeMissingSheet, p.Code)
	assert.Contains(t, p.Message, "缺少工作表「培训记录」")
	p = problemAt(t, ps, "人员名册", "A1")
	assert.Contains(t, p.Message, "表头缺少必需的列：身份证号、入职日期")
	assert.Equal(t, rating.CodeMissingColumn, p.Code)
	var missingItem bool
	for _, p := range ps {
		missingItem = missingItem || strings.Contains(p.Message, "缺少项目 T1")
	}
	assert.True(t, missingItem, "the emptied 编号 T1 is reported")
	require.NotNil(t, wb.Application)
	assert.Equal(t, "甲", wb.Application.Company.Name, "the rest is still read")
}

func TestMergedAndErrorAndFormulaCells(t *testing.T) {
	f := filled(t)
	setCompany(t, f, map[string]any{"单位名称": "甲", "统一社会信用代码": testUSCC, "评价年度": 2022, "申报星级": "一星"})
	answerAll(t, f)
	s := templates.SheetContracts
	setRow(t, f, s, 2, 1, "HT-1", "甲单位", "否", 1000, "2022-01-01", "2022-12-31")
	setRow(t, f, s, 3, 2, "HT-2", "", "否", 2000, "2022-01-01", "2022-12-31")
	require.NoError(t, f.MergeCell(s, "C2", "C3"))
	// An error value with its formula, as Excel saves #DIV/0!.
	require.NoError(t, f.SetCellFormula(s, "E4", "1/0"))
	setRow(t, f, s, 4, 3, "HT-3", "乙单位", "否")
	require.NoError(t, f.SetCellValue(s, "F4", "2022-01-01"))
	require.NoError(t, f.SetCellValue(s, "G4", "2022-12-31"))
	// A formula with no saved result, as openpyxl and excelize write them.
	setRow(t, f, s, 5, 4, "HT-4", "丙单位", "否")
	require.NoError(t, f.SetCellFormula(s, "E5", "1000*2"))
	require.NoError(t, f.SetCellValue(s, "F5", "2022-01-01"))
	require.NoError(t, f.SetCellValue(s, "G5", "2022-12-31"))
	data := bytesOf(t, f)
	data = withErrorValue(t, data, s, "E4", "#DIV/0!")

	wb := readBytes(t, data)
	p := problemAt(t, wb.Problems, s, "C3")
	assert.Contains(t, p.Message, "合并单元格 C2:C3")
	p = problemAt(t, wb.Problems, s, "E4")
	assert.Contains(t, p.Message, "#DIV/0!")
	assert.Equal(t, rating.CodeBadValue, p.Code)
	assert.Equal(t, rating.FieldSet{"amount"}, wb.Application.Contracts[2].Bad)
	p = problemAt(t, wb.Problems, s, "E5")
	assert.Contains(t, p.Message, "没有保存计算结果")
	assert.Equal(t, "=1000*2", p.Value)
}

// withErrorValue rewrites a formula cell so that it holds a cached error
// value, as a spreadsheet program saves it.
func withErrorValue(t *testing.T, data []byte, sheet, cell, value string) []byte {
	t.Helper()
	out, err := rewriteSheetXML(data, sheet, func(xml string) string {
		i := strings.Index(xml, `<c r="`+cell+`"`)
		require.GreaterOrEqual(t, i, 0)
		j := strings.Index(xml[i:], "</c>") + i
		return xml[:i] + `<c r="` + cell + `" t="e"><f>1/0</f><v>` + value + `</v>` + xml[j:]
	})
	require.NoError(t, err)
	return out
}

func TestStaffRosterOf100000Rows(t *testing.T) {
	if testing.Short() {
		t.Skip("large roster")
	}
	f := filled(t)
	setCompany(t, f, map[string]any{"单位名称": "大公司", "统一社会信用代码": testUSCC, "评价年度": 2022, "申报星级": "三星"})
	answerAll(t, f)
	sw, err := f.NewStreamWriter(templates.SheetStaff)
	require.NoError(t, err)
	header := []any{}
	for _, c := range templates.Staff.Columns {
		header = append(header, c.Header)
	}
	require.NoError(t, sw.SetRow("A1", header))
	const n = 100000
	for i := range n {
		cell, _ := excelize.CoordinatesToCellName(1, i+2)
		id := fmt.Sprintf("%017d", i)
		require.NoError(t, sw.SetRow(cell, []any{i + 1, fmt.Sprintf("员工%d", i), id + "X", "运维", "是", "本科", "", "", "", "2020-01-01", "是", "是"}))
	}
	require.NoError(t, sw.Flush())
	wb := readBytes(t, bytesOf(t, f))
	require.NotNil(t, wb.Application)
	assert.Len(t, wb.Application.Staff, n)
	assert.Equal(t, n+1, wb.Application.Staff[n-1].Ref.Row)
}

func TestSurveyFormTemplateRoundTrip(t *testing.T) {
	var b strings.Builder
	require.NoError(t, templates.WriteSurvey(&b))
	f, err := excelize.OpenReader(strings.NewReader(b.String()))
	require.NoError(t, err)
	s, l := templates.SheetSurveyForm, templates.SurveyForm
	set := func(row, col int, v any) {
		c, _ := excelize.CoordinatesToCellName(col, row)
		require.NoError(t, f.SetCellValue(s, c, v))
	}
	field := func(key string, v any) { set(l.Field(key).Row, l.Field(key).Col+1, v) }
	field("client", "北京银行海淀支行")
	field("company", "北京安安运维科技有限公司")
	field("uscc", testUSCC)
	for i, v := range []int{9, 5, 14, 5, 10, 9, 15, 14, 15} {
		set(l.FirstItemRow+i, l.ScoreCol, v)
	}
	field("date", "2022年12月5日")
	wb := readBytes(t, bytesOf(t, f))
	require.Empty(t, wb.Problems)
	require.NotNil(t, wb.Form)
	assert.Equal(t, "北京安安运维科技有限公司", wb.Form.Company)
	assert.Equal(t, testUSCC, wb.Form.USCC)
	assert.Equal(t, "北京银行海淀支行", wb.Form.Survey.Client)
	assert.Equal(t, date(2022, 12, 5), wb.Form.Survey.Date)
	assert.Equal(t, rating.DecimalFromInt(96), wb.Form.Survey.Total())
}

// oldWorkbook builds an applicant workbook as template starrate-申报表-2022.1
// made it: 20 declaration items (no C4) with a 评审核实 column, no 离职日期,
// no example rows, no 必填 marks.
func oldWorkbook(t *testing.T) *excelize.File {
	f := excelize.NewFile()
	sheet := func(name string, rows ...[]any) {
		_, err := f.NewSheet(name)
		require.NoError(t, err)
		for i, r := range rows {
			setRow(t, f, name, i+1, r...)
		}
	}
	sheet("单位信息", []any{"项目", "填写内容"}, []any{"单位名称", "北京旧模板运维有限公司"}, []any{"统一社会信用代码", testUSCC},
		[]any{"评价年度", 2022}, []any{"申报星级", "三星"}, []any{"故障报修电话", "010-1"}, []any{"服务投诉电话", "010-2"})
	sheet("人员名册",
		[]any{"序号", "姓名", "身份证号", "岗位", "是否运维人员", "学历", "专业技术职称", "安装维护员证书编号", "安防服务供应商认证", "入职日期", "是否缴纳社保", "是否签署保密协议"},
		[]any{1, "张三", validID(1), "运维", "是", "本科", "工程师", "", "", "2020-01-01", "是", "是"})
	decl := [][]any{{"编号", "项目", "填报", "证明材料", "评审核实", "备注"}}
	for _, id := range []string{"Q1", "Q2", "Q3", "Q4", "C1", "C2", "C3", "T1", "M1", "M2", "M3", "M4", "M5", "M6", "M7", "M8", "M9", "M10", "M11", "M12"} {
		ans, review := "是", "通过"
		if id == "M4" {
			ans = "专职"
		}
		if id == "M9" {
			review = ""
		}
		text := ""
		if id == "C3" {
			text = "获得相关行业组织的诚信经营荣誉或评价"
		}
		decl = append(decl, []any{id, text, ans, "附件" + id, review, ""})
	}
	sheet("制度与信用", decl...)
	sheet("培训记录", []any{"序号", "培训日期", "培训名称", "培训类型", "学时", "参训人员姓名", "参训人员身份证号"},
		[]any{1, "2022-03-01", "专项培训", "上岗后专项培训", 16, "张三", validID(1)})
	sheet("维保合同", []any{"序号", "合同编号", "用户单位名称", "是否重点保卫单位", "合同金额（元）", "服务开始日期", "服务结束日期", "签订日期"},
		[]any{1, "HT-1", "甲单位", "是", 600000, "2022-01-01", "2022-12-31", ""})
	sheet("用户评价", []any{"序号", "用户单位名称", "评价日期", "服务业务管理能力", "维保工作规范表现", "员工维修技能水平", "员工工作素质表现",
		"维修质量总体印象", "改进工作问题效果", "报修受理进场响应", "应急事件处置能力", "兑现服务承诺表现", "评价总分值"},
		[]any{1, "甲单位", "2022-12-01", 10, 5, 15, 5, 10, 10, 15, 15, 15, 100})
	require.NoError(t, f.DeleteSheet("Sheet1"))
	return f
}

// A 2022.1 workbook still imports: its 评审核实 column is ignored with a
// warning, the missing C4 is an error on 制度与信用 that names the row to
// insert, and C3's old wording is pointed out. Nothing else is reported.
func TestTemplate2022_1StillImports(t *testing.T) {
	wb := readBytes(t, bytesOf(t, oldWorkbook(t)))
	require.Len(t, wb.Problems, 3, "%v", wb.Problems)
	c3, w, e := wb.Problems[0], wb.Problems[1], wb.Problems[2]
	assert.Equal(t, rating.SeverityWarning, c3.Severity)
	assert.Equal(t, rating.CodeOutdated, c3.Code)
	assert.Equal(t, "B8", c3.Cell)
	assert.Contains(t, c3.Message, "2022.2 起 C3 只指诚信经营荣誉，行业组织对诚信经营的评价填在 C4")
	assert.Equal(t, rating.Problem{Severity: rating.SeverityWarning, File: "test.xlsx", Sheet: "制度与信用", Cell: "E1", Value: "评审核实",
		Expected: "不含「评审核实」列（starrate-申报表-2022.2 模板）", Code: rating.CodeOutdated,
		Message: "「评审核实」列来自 starrate-申报表-2022.1 模板：核实结论由评审机构记入评审记录，申报表中的这一列不再读取；本列已忽略（19 行填写了内容，均未采用）"}, w)
	assert.Equal(t, rating.SeverityError, e.Severity)
	assert.Equal(t, rating.CodeOutdated, e.Code)
	assert.Equal(t, "制度与信用", e.Sheet)
	assert.Equal(t, "缺少项目 C4「获得相关行业组织评价的诚信经营」（starrate-申报表-2022.2 模板新增，旧模板没有这一行），按未填报计；"+
		"请在第 8 行（C3）之后插入一行：编号「C4」，项目「获得相关行业组织评价的诚信经营」，并填报，或改用新模板", e.Message)

	app := wb.Application
	require.NotNil(t, app)
	assert.Len(t, app.Declarations, 20)
	assert.NotContains(t, app.Declarations, "C4")
	assert.Equal(t, rating.Declaration{Ref: rating.Ref{Sheet: "制度与信用", Row: 2}, Item: "Q1", Answer: "是", Evidence: "附件Q1"}, app.Declarations["Q1"])
	require.Len(t, app.Staff, 1)
	assert.True(t, app.Staff[0].Left.IsZero())
	assert.Len(t, app.Contracts, 1)
	assert.Len(t, app.Surveys, 1)
	assert.Len(t, app.Trainings, 1)
}
