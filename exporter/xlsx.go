package exporter

import (
	"fmt"
	"io"
	"math/big"
	"strconv"
	"strings"

	"github.com/xuri/excelize/v2"

	"github.com/bax/starrate/rating"
	"github.com/bax/starrate/templates"
)

// The sheets of results.xlsx.
const (
	SheetSummary = "汇总"
	SheetClauses = "条款明细"
	SheetIssues  = "问题清单"
	SheetCross   = "跨单位核查"
	SheetStats   = "统计"
	SheetParams  = "参数"
)

var statusNames = map[rating.Status]string{rating.Pass: "通过", rating.Fail: "不通过", rating.Review: "待核实"}

// StatusName is how workbooks show a status.
func StatusName(s rating.Status) string { return statusNames[s] }

var summaryHeader = []string{
	"文件", "单位名称", "统一社会信用代码", "评价年度", "申报星级", "确认星级", "确认星级（数字）", "预评星级", "预评星级（数字）",
	"符合参评条件", "未达申报星级", "在册人员", "具有资格人员", "专科以上学历占比", "年度服务单位", "年度合同金额（元）",
	"连续服务（次）", "5年内重点保卫单位占比", "用户评价得分", "年度评价份数", "不通过条款", "待核实条款", "输入错误", "输入警告", "距下一星级",
}

// summaryRow is one company's line of 汇总 (and of results.csv). Numbers
// stay numbers for the workbook; the CSV writer turns them into text.
func summaryRow(c Company) []any {
	fail, review, errs, warns := c.counts()
	row := []any{c.File, c.Name, c.USCC, nil, nil, nil, nil, nil, nil, nil, nil, nil, nil, nil, nil, nil, nil, nil, nil, nil, fail, review, errs, warns, nil}
	if c.Kind != KindApplication {
		row[1] = map[string]string{KindSurveyForm: "（用户评价表）" + c.Name, KindUnreadable: "（无法读取）"}[c.Kind]
	}
	if c.Year != 0 {
		row[3] = c.Year
	}
	if c.AppliedStars != 0 {
		row[4] = rating.LevelName(c.AppliedStars)
	}
	res := c.Result
	if res == nil {
		return row
	}
	m := res.Metrics
	row[5], row[6], row[7], row[8] = Stars(res.Stars), res.Stars, Stars(res.ProvisionalStars), res.ProvisionalStars
	row[9] = yesNo(res.Eligible)
	row[10] = yesNo(c.AppliedStars > res.Stars)
	row[11], row[12] = m.StaffTotal, m.QualifiedStaff
	row[13] = percent(m.DegreeRatio)
	row[14] = m.ClientsInYear
	row[15] = cutNumber(m.AmountInYear)
	row[16] = m.Renewals
	row[17] = percent(m.VIPRatio5y)
	if m.SurveyScore != nil {
		row[18] = cutNumber(m.SurveyScore)
	}
	row[19] = m.SurveyCount
	row[24] = gap(res)
	return row
}

func yesNo(b bool) string {
	if b {
		return "是"
	}
	return "否"
}

// percent shows a ratio as a percentage number cut to two decimals.
func percent(r rating.Ratio) any {
	if !r.Defined() {
		return nil
	}
	return cutNumber(new(big.Rat).Mul(r.Rat(), big.NewRat(100, 1)))
}

// cutNumber is a value for a number cell, cut to two decimals first so
// the cell never shows more than was measured.
func cutNumber(r *big.Rat) any {
	f, err := strconv.ParseFloat(rating.Cut(r), 64)
	if err != nil {
		return rating.Cut(r)
	}
	return f
}

// gap says what stands between a company and its next star.
func gap(res *rating.Result) string {
	if len(res.Next) == 0 {
		return "已达最高星级"
	}
	next := res.Next[0]
	var ids []string
	for _, c := range next.Clauses {
		ids = append(ids, c.ID)
	}
	return fmt.Sprintf("%s还差 %d 项：%s", rating.LevelName(next.Level), len(ids), strings.Join(ids, "、"))
}

// WriteXLSX writes results.xlsx. The long sheets are streamed; everything
// a stream sheet needs beyond its rows (filters, panes, conditional fills)
// is set before its Flush, after which excelize drops it silently.
func WriteXLSX(w io.Writer, r *Round) error {
	f := excelize.NewFile()
	defer f.Close()
	x := &xlsxWriter{f: f}
	t, err := r.tally()
	if err != nil {
		return err
	}
	// The new file's Sheet1 becomes 汇总: deleting it, or setting the
	// active sheet, would make excelize re-read every streamed sheet.
	x.do(f.SetSheetName("Sheet1", SheetSummary))
	x.styles()
	x.summary(r, t)
	x.clauses(r, t)
	x.issues(r, t)
	x.cross(r)
	x.stats(t)
	x.params(r, t)
	if x.err != nil {
		return x.err
	}
	_, err = f.WriteTo(w)
	return err
}

type xlsxWriter struct {
	f                        *excelize.File
	err                      error
	header, bold             int // cell styles
	red, yellow, green, gold int // conditional formats
	blue, grey               int
}

func (x *xlsxWriter) do(err error) {
	if x.err == nil && err != nil {
		x.err = err
	}
}

func (x *xlsxWriter) style(s *excelize.Style) int {
	id, err := x.f.NewStyle(s)
	x.do(err)
	return id
}

func (x *xlsxWriter) condStyle(s *excelize.Style) int {
	id, err := x.f.NewConditionalStyle(s)
	x.do(err)
	return id
}

func (x *xlsxWriter) styles() {
	x.header = x.style(&excelize.Style{Font: &excelize.Font{Bold: true}, Fill: templates.Fill("DDEBF7"),
		Alignment: &excelize.Alignment{Horizontal: "center", Vertical: "center", WrapText: true}})
	x.bold = x.style(&excelize.Style{Font: &excelize.Font{Bold: true, Size: 13}})
	x.red = x.condStyle(&excelize.Style{Fill: templates.Fill("F8CBAD"), Font: &excelize.Font{Color: "9C0006"}})
	x.yellow = x.condStyle(&excelize.Style{Fill: templates.Fill("FFEB9C"), Font: &excelize.Font{Color: "9C5700"}})
	x.green = x.condStyle(&excelize.Style{Fill: templates.Fill("C6EFCE"), Font: &excelize.Font{Color: "006100"}})
	x.gold = x.condStyle(&excelize.Style{Fill: templates.Fill("FFD966")})
	x.blue = x.condStyle(&excelize.Style{Fill: templates.Fill("DDEBF7")})
	x.grey = x.condStyle(&excelize.Style{Fill: templates.Fill("EDEDED")})
}

// table streams a sheet: header, rows, widths, frozen header, filter and
// conditional formats, in the order StreamWriter needs them.
type table struct {
	name   string
	header []string
	widths []float64
	rows   func(emit func([]any) error) error
	conds  func(lastRow int) map[string][]excelize.ConditionalFormatOptions
}

func (x *xlsxWriter) stream(t table, rowCount int) {
	if x.err != nil {
		return
	}
	if idx, _ := x.f.GetSheetIndex(t.name); idx < 0 {
		_, err := x.f.NewSheet(t.name)
		x.do(err)
	}
	last := rowCount + 1
	lastCol, _ := excelize.ColumnNumberToName(len(t.header))
	// So that openpyxl and pandas read-only see the whole sheet.
	x.do(x.f.SetSheetDimension(t.name, fmt.Sprintf("A1:%s%d", lastCol, last)))
	x.do(templates.FitToWidth(x.f, t.name, true)) // before the stream writer takes the sheet over
	sw, err := x.f.NewStreamWriter(t.name)
	if err != nil {
		x.do(err)
		return
	}
	for i, wd := range t.widths {
		x.do(sw.SetColWidth(i+1, i+1, wd))
	}
	x.do(sw.SetPanes(&excelize.Panes{Freeze: true, YSplit: 1, TopLeftCell: "A2", ActivePane: "bottomLeft"}))
	head := make([]any, len(t.header))
	for i, h := range t.header {
		head[i] = excelize.Cell{StyleID: x.header, Value: h}
	}
	x.do(sw.SetRow("A1", head, excelize.RowOpts{Height: 30}))
	n := 1
	x.do(t.rows(func(vals []any) error {
		n++
		cell, _ := excelize.CoordinatesToCellName(1, n)
		return sw.SetRow(cell, vals)
	}))
	x.do(x.f.AutoFilter(t.name, fmt.Sprintf("A1:%s%d", lastCol, max(last, 2)), nil))
	if t.conds != nil {
		for ref, opts := range t.conds(last) {
			x.do(x.f.SetConditionalFormat(t.name, ref, opts))
		}
	}
	x.do(sw.Flush())
}

func eq(value string, style int) excelize.ConditionalFormatOptions {
	return excelize.ConditionalFormatOptions{Type: "cell", Criteria: "==", Value: value, Format: &style}
}

func (x *xlsxWriter) summary(r *Round, t tally) {
	widths := []float64{28, 30, 22, 9, 9, 9, 8, 9, 8, 8, 8, 8, 8, 10, 8, 14, 8, 10, 10, 8, 8, 8, 8, 8, 40}
	x.stream(table{name: SheetSummary, header: summaryHeader, widths: widths,
		rows: func(emit func([]any) error) error {
			return r.Companies.Each(func(c Company) error { return emit(summaryRow(c)) })
		},
		conds: func(last int) map[string][]excelize.ConditionalFormatOptions {
			stars := func(col string) []excelize.ConditionalFormatOptions {
				// "== 0" alone would also paint the empty cells of unreadable files.
				zero := excelize.ConditionalFormatOptions{Type: "formula", Criteria: fmt.Sprintf("AND(ISNUMBER(%s2),%s2=0)", col, col), Format: &x.grey}
				return []excelize.ConditionalFormatOptions{eq("3", x.gold), eq("2", x.green), eq("1", x.blue), zero}
			}
			return map[string][]excelize.ConditionalFormatOptions{
				fmt.Sprintf("G2:G%d", last): stars("G"),
				fmt.Sprintf("I2:I%d", last): stars("I"),
				fmt.Sprintf("K2:K%d", last): {eq(`"是"`, x.red)},
				fmt.Sprintf("J2:J%d", last): {eq(`"否"`, x.red)},
				fmt.Sprintf("W2:W%d", last): {{Type: "cell", Criteria: ">", Value: "0", Format: &x.red}},
			}
		}}, t.companies)
}

func (x *xlsxWriter) clauses(r *Round, t tally) {
	x.stream(table{name: SheetClauses,
		header: []string{"文件", "单位名称", "条款", "级别", "要素", "标准要求", "实测", "要求值", "状态", "说明"},
		widths: []float64{26, 28, 9, 9, 10, 50, 24, 24, 8, 60},
		rows: func(emit func([]any) error) error {
			return r.Companies.Each(func(c Company) error {
				if c.Result == nil {
					return nil
				}
				for _, cl := range c.Result.Clauses {
					if err := emit([]any{c.File, c.Name, cl.ID, rating.LevelName(cl.Level), cl.Element, cl.Text, cl.Measured, cl.Required, StatusName(cl.Status), cl.Message}); err != nil {
						return err
					}
				}
				return nil
			})
		},
		conds: func(last int) map[string][]excelize.ConditionalFormatOptions {
			return map[string][]excelize.ConditionalFormatOptions{
				fmt.Sprintf("I2:I%d", last): {eq(`"不通过"`, x.red), eq(`"待核实"`, x.yellow), eq(`"通过"`, x.green)},
			}
		}}, t.clauses)
}

func severityName(s rating.Severity) string {
	if s == rating.SeverityError {
		return "错误"
	}
	return "警告"
}

func (x *xlsxWriter) issues(r *Round, t tally) {
	x.stream(table{name: SheetIssues,
		header: []string{"文件", "单位名称", "工作表", "单元格", "级别", "值", "应为", "说明"},
		widths: []float64{26, 28, 12, 8, 6, 24, 30, 60},
		rows: func(emit func([]any) error) error {
			return r.Companies.Each(func(c Company) error {
				for _, p := range c.Problems {
					if err := emit([]any{c.File, c.Name, p.Sheet, p.Cell, severityName(p.Severity), p.Value, p.Expected, p.Message}); err != nil {
						return err
					}
				}
				return nil
			})
		},
		conds: func(last int) map[string][]excelize.ConditionalFormatOptions {
			return map[string][]excelize.ConditionalFormatOptions{fmt.Sprintf("E2:E%d", last): {eq(`"错误"`, x.red), eq(`"警告"`, x.yellow)}}
		}}, t.problems)
}

var crossKindNames = map[string]string{
	rating.CrossID: "身份证号重复", rating.CrossCertificate: "证书编号重复", rating.CrossUSCC: "统一社会信用代码重复", rating.CrossVIPFlag: "重点保卫单位标注不一致",
}

func (x *xlsxWriter) cross(r *Round) {
	n := 0
	for _, f := range r.CrossChecks {
		n += len(f.Where)
	}
	x.stream(table{name: SheetCross,
		header: []string{"类型", "值", "说明", "文件", "单位名称", "工作表", "单元格", "详情"},
		widths: []float64{18, 24, 36, 26, 28, 10, 8, 30},
		rows: func(emit func([]any) error) error {
			for _, f := range r.CrossChecks {
				for _, w := range f.Where {
					if err := emit([]any{crossKindNames[f.Kind], crossValue(f), f.Message, w.File, w.Company, w.Sheet, w.Cell, rating.MaskIDs(w.Detail)}); err != nil {
						return err
					}
				}
			}
			return nil
		}}, n)
}

// stats writes the star distribution and the failures by element, each
// with a native chart.
func (x *xlsxWriter) stats(t tally) {
	s := SheetStats
	_, err := x.f.NewSheet(s)
	x.do(err)
	elements := []string{"参评条件", "经营信用", "专业队伍", "服务管理", "绩效表现"}
	set := func(cell string, v any) { x.do(x.f.SetCellValue(s, cell, v)) }
	set("A1", "星级分布")
	set("A2", "星级")
	set("B2", "确认星级（家）")
	set("C2", "预评星级（家）")
	for i, name := range []string{"未达星级", "一星", "二星", "三星"} {
		row := strconv.Itoa(3 + i)
		set("A"+row, name)
		set("B"+row, t.confirmed[i])
		set("C"+row, t.provisional[i])
	}
	set("A7", "合计")
	set("B7", t.rated)
	set("C7", t.rated)
	set("A9", "各要素不通过与待核实条款数（条款次）")
	set("A10", "要素")
	set("B10", "不通过")
	set("C10", "待核实")
	for i, e := range elements {
		row := strconv.Itoa(11 + i)
		set("A"+row, e)
		set("B"+row, t.fails[e])
		set("C"+row, t.reviews[e])
	}
	x.do(x.f.SetCellStyle(s, "A1", "A1", x.bold))
	x.do(x.f.SetCellStyle(s, "A9", "A9", x.bold))
	x.do(x.f.SetCellStyle(s, "A2", "C2", x.header))
	x.do(x.f.SetCellStyle(s, "A10", "C10", x.header))
	x.do(x.f.SetColWidth(s, "A", "A", 14))
	x.do(x.f.SetColWidth(s, "B", "C", 16))
	x.do(templates.FitToWidth(x.f, s, true))
	series := func(col, first, last int) excelize.ChartSeries {
		c, _ := excelize.ColumnNumberToName(col)
		return excelize.ChartSeries{
			Name:       fmt.Sprintf("'%s'!$%s$%d", s, c, first-1),
			Categories: fmt.Sprintf("'%s'!$A$%d:$A$%d", s, first, last),
			Values:     fmt.Sprintf("'%s'!$%s$%d:$%s$%d", s, c, first, c, last),
		}
	}
	x.do(x.f.AddChart(s, "E1", &excelize.Chart{
		Type: excelize.Col, Series: []excelize.ChartSeries{series(2, 3, 6), series(3, 3, 6)},
		Title: excelize.ChartTitle{Paragraph: []excelize.RichTextRun{{Text: "星级分布"}}}, Legend: excelize.ChartLegend{Position: "bottom"},
		Dimension: excelize.ChartDimension{Width: 480, Height: 260},
	}))
	x.do(x.f.AddChart(s, "E16", &excelize.Chart{
		Type: excelize.Bar, Series: []excelize.ChartSeries{series(2, 11, 15), series(3, 11, 15)},
		Title: excelize.ChartTitle{Paragraph: []excelize.RichTextRun{{Text: "各要素不通过与待核实条款"}}}, Legend: excelize.ChartLegend{Position: "bottom"},
		Dimension: excelize.ChartDimension{Width: 480, Height: 260},
	}))
}

func (x *xlsxWriter) params(r *Round, t tally) {
	s := SheetParams
	_, err := x.f.NewSheet(s)
	x.do(err)
	p := r.Profile
	evaluator := r.Evaluator
	if evaluator == "" {
		evaluator = "（未填写，--evaluator）"
	}
	rows := [][]any{
		{"项目", "值"},
		{"规则", p.Title},
		{"规则编号", p.ID},
		{"规则版本", p.Version},
		{"规则哈希（SHA-256）", p.Hash()},
		{"评价机构（§6.1）", evaluator},
		{"starrate 版本", r.Version},
		{"cumulative（逐级累计）", p.Parameters.Cumulative},
		{"require_review（需评审核实）", p.Parameters.RequireReview},
		{"degree_denominator（学历占比分母）", p.Parameters.DegreeDenominator},
		{"training_mode（培训计算方式）", p.Parameters.TrainingMode},
		{"new_hire_grace_days（新入职宽限天数）", p.Parameters.NewHireGraceDays},
		{"amount_basis（合同金额口径）", p.Parameters.AmountBasis},
		{"renewal_gap_days（连续服务间隔天数）", p.Parameters.RenewalGapDays},
		{"survey_aggregate（用户评价汇总方式）", p.Parameters.SurveyAggregate},
		{"§6.3 评审提示", "所提供复印件或扫描件，每一页都应加盖公章以示承诺其真实性"},
		{},
		{"输入文件", "SHA-256"},
	}
	for i, f := range t.files {
		rows = append(rows, []any{f, t.shas[i]})
	}
	for i, row := range rows {
		cell, _ := excelize.CoordinatesToCellName(1, i+1)
		x.do(x.f.SetSheetRow(s, cell, &row))
	}
	x.do(x.f.SetCellStyle(s, "A1", "B1", x.header))
	inputs := strconv.Itoa(len(rows) - len(t.files))
	x.do(x.f.SetCellStyle(s, "A"+inputs, "B"+inputs, x.header))
	x.do(x.f.SetColWidth(s, "A", "A", 40))
	x.do(x.f.SetColWidth(s, "B", "B", 70))
	x.do(templates.FitToWidth(x.f, s, false))
}
