package templates

import (
	"fmt"
	"io"
	"strings"

	"github.com/xuri/excelize/v2"
)

// dataRows is how many rows of each table get drop-downs and formats.
const dataRows = 2000

// Write writes an empty applicant workbook (申报表) for the evaluation year
// (0 leaves 评价年度 empty).
func Write(w io.Writer, year int) error {
	f, err := workbook(year)
	if err != nil {
		return err
	}
	defer f.Close()
	_, err = f.WriteTo(w)
	return err
}

// workbook builds the empty applicant workbook.
func workbook(year int) (*excelize.File, error) {
	f := excelize.NewFile()
	g := &generator{f: f}
	g.styles()
	g.guide()
	g.company(year)
	for _, t := range Tables {
		g.table(t)
	}
	g.items()
	g.do(f.DeleteSheet("Sheet1"))
	f.SetActiveSheet(0)
	g.do(f.SetDocProps(&excelize.DocProperties{
		Title: "安全防范系统运行维护服务星级评价申报表", Subject: "T/BAX 000X—2022",
		Keywords: Version, Creator: "starrate", Language: "zh-CN",
	}))
	if g.err != nil {
		f.Close()
		return nil, g.err
	}
	return f, nil
}

// generator keeps the first error of a run of excelize calls, so the code
// reads as the layout it makes.
type generator struct {
	f                                        *excelize.File
	err                                      error
	title, header, locked, date, text, money int
	box, wrap, center                        int
}

func (g *generator) do(err error) {
	if g.err == nil && err != nil {
		g.err = err
	}
}

func (g *generator) style(s *excelize.Style) int {
	id, err := g.f.NewStyle(s)
	g.do(err)
	return id
}

func (g *generator) styles() {
	border := ThinBorder
	g.title = g.style(&excelize.Style{Font: &excelize.Font{Bold: true, Size: 14}})
	g.header = g.style(&excelize.Style{Font: &excelize.Font{Bold: true}, Border: border,
		Fill:      Fill("DDEBF7"),
		Alignment: &excelize.Alignment{Horizontal: "center", Vertical: "center", WrapText: true}})
	g.locked = g.style(&excelize.Style{Border: border, Fill: Fill("EDEDED"),
		Alignment: &excelize.Alignment{WrapText: true, Vertical: "center"}, Protection: &excelize.Protection{Locked: true}})
	fmtDate := "yyyy-mm-dd"
	g.date = g.style(&excelize.Style{CustomNumFmt: &fmtDate})
	g.text = g.style(&excelize.Style{NumFmt: 49}) // "@": keeps 18-digit IDs as typed
	g.box = g.style(&excelize.Style{Border: border, Alignment: &excelize.Alignment{Vertical: "center", WrapText: true}})
	g.center = g.style(&excelize.Style{Border: border, Alignment: &excelize.Alignment{Horizontal: "center", Vertical: "center"}})
	g.wrap = g.style(&excelize.Style{Alignment: &excelize.Alignment{WrapText: true, Vertical: "top"}})
	g.money = g.style(&excelize.Style{NumFmt: 4}) // #,##0.00
}

// fitWidth prints the sheet one page wide.
func (g *generator) fitWidth(sheet string, landscape bool) { g.do(FitToWidth(g.f, sheet, landscape)) }

func (g *generator) sheet(name string) {
	_, err := g.f.NewSheet(name)
	g.do(err)
}

func (g *generator) set(sheet, cell string, v any) { g.do(g.f.SetCellValue(sheet, cell, v)) }

func cell(col, row int) string {
	c, _ := excelize.CoordinatesToCellName(col, row)
	return c
}

func colName(col int) string {
	c, _ := excelize.ColumnNumberToName(col)
	return c
}

func (g *generator) guide() {
	s := SheetGuide
	g.sheet(s)
	g.do(g.f.SetColWidth(s, "A", "A", 100))
	g.fitWidth(s, false)
	lines := []string{
		"安全防范系统运行维护服务星级评价申报表 填表说明",
		"模板版本：" + Version + "（依据 T/BAX 000X—2022《安全防范系统运行维护服务星级标准》征求意见稿）",
		"",
		"一、本工作簿共 6 张填报表，请勿修改工作表名称和表头文字；可以在表头上方加标题行、调整列顺序或增加列。",
		"二、“是/否”列可填 是/否（也接受 Y/N、√/×、有/无）；日期填 2022-03-01、2022/3/1 或 2022年3月1日；金额以元为单位，可写“30万元”。",
		"三、每张表从表头下一行开始填写，一行一条记录，中间不要留空行；不要合并单元格。",
		"四、填好后可先自查：starrate validate 本文件.xlsx，按提示改正全部错误后再提交。",
		"",
		"【" + SheetCompany + "】A 列为项目，B 列填写内容。" + fieldHelp(),
	}
	for _, t := range Tables {
		lines = append(lines, "【"+t.Name+"】"+t.Help)
		for _, c := range t.Columns {
			req := ""
			if c.Required {
				req = "（必填）"
			}
			help := c.Help
			if help == "" && len(c.Choices) > 0 {
				help = "从下拉列表选择：" + strings.Join(c.Choices, "、")
			}
			lines = append(lines, "    · "+c.Header+req+"："+help)
		}
	}
	lines = append(lines, "", "【评审核实】“制度与信用”表的“评审核实”列由评审人员在核实证明材料后填写“通过”或“不通过”，申报单位请留空。",
		"【用户评价】也可提交独立的“表 A.1 用户评价表”工作簿（starrate template --survey 生成），每家用户一份。")
	for i, l := range lines {
		g.set(s, cell(1, i+1), l)
	}
	g.do(g.f.SetCellStyle(s, "A2", cell(1, len(lines)), g.wrap))
	g.do(g.f.SetCellStyle(s, "A1", "A1", g.title))
}

func fieldHelp() string {
	var parts []string
	for _, f := range CompanyFields {
		p := f.Label
		if f.Required {
			p += "（必填）"
		}
		if f.Help != "" {
			p += "：" + f.Help
		}
		parts = append(parts, p)
	}
	return strings.Join(parts, "；")
}

func (g *generator) company(year int) {
	s := SheetCompany
	g.sheet(s)
	g.do(g.f.SetColWidth(s, "A", "A", 20))
	g.do(g.f.SetColWidth(s, "B", "B", 60))
	g.set(s, "A1", "项目")
	g.set(s, "B1", "填写内容")
	g.do(g.f.SetCellStyle(s, "A1", "B1", g.header))
	for i, fd := range CompanyFields {
		row := i + 2
		g.set(s, cell(1, row), fd.Label)
		g.do(g.f.SetCellStyle(s, cell(1, row), cell(1, row), g.locked))
		dv := excelize.NewDataValidation(true)
		dv.Sqref = cell(2, row)
		switch fd.Kind {
		case Choice:
			g.do(dv.SetDropList(fd.Choices))
		case Integer:
			g.do(dv.SetRange(2000, 2100, excelize.DataValidationTypeWhole, excelize.DataValidationOperatorBetween))
			dv.SetError(excelize.DataValidationErrorStyleStop, "评价年度", "请填写 2000 到 2100 之间的年份，如 2022")
		case USCC:
			g.do(g.f.SetCellStyle(s, cell(2, row), cell(2, row), g.text))
		}
		if fd.Help != "" {
			dv.SetInput(fd.Label, fd.Help)
		}
		g.do(g.f.AddDataValidation(s, dv))
		if fd.Key == "year" && year > 0 {
			g.set(s, cell(2, row), year)
		}
	}
	g.do(g.f.SetPanes(s, frozenHeader(1)))
	g.fitWidth(s, false)
}

func frozenHeader(rows int) *excelize.Panes {
	return &excelize.Panes{Freeze: true, YSplit: rows, TopLeftCell: cell(1, rows+1), ActivePane: "bottomLeft"}
}

func (g *generator) table(t Table) {
	s := t.Name
	g.sheet(s)
	for i, c := range t.Columns {
		col := colName(i + 1)
		g.set(s, col+"1", c.Header)
		g.do(g.f.SetColWidth(s, col, col, c.Width))
		rng := fmt.Sprintf("%s2:%s%d", col, col, dataRows+1)
		// Column styles, not cell styles: every row typed into gets them,
		// and the file stays small.
		switch c.Kind {
		case Date:
			g.do(g.f.SetColStyle(s, col, g.date))
		case IDNumber:
			g.do(g.f.SetColStyle(s, col, g.text))
		case Decimal:
			if t.Name == SheetContracts {
				g.do(g.f.SetColStyle(s, col, g.money))
			}
		}
		dv := excelize.NewDataValidation(true)
		dv.Sqref = rng
		useful := false
		if len(c.Choices) > 0 {
			g.do(dv.SetDropList(c.Choices))
			dv.SetError(excelize.DataValidationErrorStyleWarning, c.Header, "请从下拉列表选择："+strings.Join(c.Choices, "、"))
			useful = true
		}
		if max, ok := surveyMax(c.Key); ok {
			g.do(dv.SetRange(0, float64(max), excelize.DataValidationTypeDecimal, excelize.DataValidationOperatorBetween))
			dv.SetError(excelize.DataValidationErrorStyleStop, c.Header, fmt.Sprintf("得分应在 0 到 %d 之间", max))
			useful = true
		}
		help := c.Help
		if c.Required {
			help += "（必填）"
		}
		if help != "" {
			dv.SetInput(c.Header, help)
			useful = true
		}
		if useful && t.Name != SheetDeclarations {
			g.do(g.f.AddDataValidation(s, dv))
		}
	}
	last := colName(len(t.Columns))
	g.do(g.f.SetCellStyle(s, "A1", last+"1", g.header))
	g.do(g.f.SetRowHeight(s, 1, 30))
	g.do(g.f.SetPanes(s, frozenHeader(1)))
	g.fitWidth(s, true)
}

func surveyMax(key string) (int, bool) {
	for i, it := range SurveyItems {
		if SurveyItemKey(i) == key {
			return it.Max, true
		}
	}
	return 0, false
}

// items pre-fills 制度与信用 with the twenty declaration items, 编号 and 项目
// shaded as not to be changed, and a drop-down of the right answers per row.
func (g *generator) items() {
	s := SheetDeclarations
	for i, it := range Items {
		row := i + 2
		g.set(s, cell(1, row), it.ID)
		g.set(s, cell(2, row), it.Text)
		dv := excelize.NewDataValidation(true)
		dv.Sqref = cell(3, row)
		g.do(dv.SetDropList(it.Answers))
		dv.SetInput("填报", "请选择："+strings.Join(it.Answers, "、"))
		dv.SetError(excelize.DataValidationErrorStyleStop, "填报", "请从下拉列表选择："+strings.Join(it.Answers, "、"))
		g.do(g.f.AddDataValidation(s, dv))
	}
	last := len(Items) + 1
	g.do(g.f.SetCellStyle(s, "A2", cell(2, last), g.locked))
	review := excelize.NewDataValidation(true)
	review.Sqref = fmt.Sprintf("E2:E%d", last)
	g.do(review.SetDropList(ReviewChoices))
	review.SetInput("评审核实", "由评审人员填写：通过/不通过；申报单位请留空")
	g.do(g.f.AddDataValidation(s, review))
	evidence := excelize.NewDataValidation(true)
	evidence.Sqref = fmt.Sprintf("D2:D%d", last)
	evidence.SetInput("证明材料", "附件名称或编号；复印件、扫描件每页加盖公章")
	g.do(g.f.AddDataValidation(s, evidence))
	g.do(g.f.AddComment(s, excelize.Comment{Cell: "B1", Author: "starrate", Text: "编号和项目为固定内容（灰色），请勿修改。"}))
}

// The layout of 表A.1 as WriteSurvey makes it; the importer finds cells by
// their labels, not these positions.
const (
	surveyFirstItemRow = 9
	surveyScoreCol     = 5 // E
)

// WriteSurvey writes the standalone user survey form, laid out as 表A.1 of
// the standard: one client's evaluation of one service company.
func WriteSurvey(w io.Writer) error {
	f := excelize.NewFile()
	defer f.Close()
	g := &generator{f: f}
	g.styles()
	s := SheetSurveyForm
	g.do(f.SetSheetName("Sheet1", s))
	for col, wd := range map[string]float64{"A": 24, "B": 18, "C": 12, "D": 12, "E": 10, "F": 16} {
		g.do(f.SetColWidth(s, col, col, wd))
	}
	g.fitWidth(s, false)
	merge := func(a, b string) { g.do(f.MergeCell(s, a, b)) }
	g.set(s, "A1", "表 A.1 安全防范系统运行维护服务用户评价表")
	merge("A1", "F1")
	rows := [][]string{
		{"用户单位名称", "", "", "", "", ""},
		{"用户主管部门名称", "", "主管负责人", "", "联系电话", ""},
		{"服务单位名称", "", "", "", "", ""},
		{"服务单位统一社会信用代码", "", "", "", "", ""},
		{"服务主管部门名称", "", "主管负责人", "", "联系电话", ""},
		{"服务评价", "", "", "", "", ""},
		{"序号", "评价内容", "", "满分值", "评价分", ""},
	}
	for i, r := range rows {
		for j, v := range r {
			if v != "" {
				g.set(s, cell(j+1, i+2), v)
			}
		}
	}
	for _, r := range []int{2, 4, 5} {
		merge(cell(2, r), cell(6, r))
	}
	g.do(f.SetCellStyle(s, "B5", "B5", g.text))
	merge("A7", "F7")
	merge("B8", "C8")
	merge("E8", "F8")
	for i, it := range SurveyItems {
		row := surveyFirstItemRow + i
		g.set(s, cell(1, row), i+1)
		g.set(s, cell(2, row), it.Name)
		merge(cell(2, row), cell(3, row))
		g.set(s, cell(4, row), it.Max)
		merge(cell(surveyScoreCol, row), cell(surveyScoreCol+1, row))
		dv := excelize.NewDataValidation(true)
		dv.Sqref = cell(surveyScoreCol, row)
		g.do(dv.SetRange(0, float64(it.Max), excelize.DataValidationTypeDecimal, excelize.DataValidationOperatorBetween))
		dv.SetInput(it.Name, fmt.Sprintf("评价分 0–%d 分", it.Max))
		dv.SetError(excelize.DataValidationErrorStyleStop, it.Name, fmt.Sprintf("评价分应在 0 到 %d 之间", it.Max))
		g.do(f.AddDataValidation(s, dv))
	}
	total := surveyFirstItemRow + len(SurveyItems)
	g.set(s, cell(1, total), len(SurveyItems)+1)
	g.set(s, cell(2, total), SurveyTotalLabel)
	merge(cell(2, total), cell(3, total))
	g.set(s, cell(4, total), 100)
	g.do(f.SetCellFormula(s, cell(surveyScoreCol, total), fmt.Sprintf("SUM(%s:%s)", cell(surveyScoreCol, surveyFirstItemRow), cell(surveyScoreCol, total-1))))
	merge(cell(surveyScoreCol, total), cell(surveyScoreCol+1, total))
	g.set(s, cell(1, total+1), "用户评价单位：签字盖章")
	merge(cell(1, total+1), cell(6, total+1))
	g.set(s, cell(1, total+2), "评价日期")
	merge(cell(2, total+2), cell(6, total+2))
	last := total + 2
	g.do(f.SetCellStyle(s, "A2", cell(6, last), g.box))
	g.do(f.SetCellStyle(s, cell(1, surveyFirstItemRow), cell(1, total), g.center))
	g.do(f.SetCellStyle(s, cell(4, surveyFirstItemRow), cell(surveyScoreCol+1, total), g.center))
	for r := 2; r <= last; r++ {
		g.do(f.SetRowHeight(s, r, 24))
	}
	g.do(f.SetRowHeight(s, 1, 30))
	g.do(f.SetRowHeight(s, total+1, 40))
	g.do(f.SetCellStyle(s, "A1", "A1", g.title))
	g.do(f.SetCellStyle(s, "A2", cell(1, 8), g.header))
	g.do(f.SetCellStyle(s, "B8", "F8", g.header))
	for _, c := range []string{"C3", "E3", "C6", "E6"} {
		g.do(f.SetCellStyle(s, c, c, g.header))
	}
	g.do(f.SetDocProps(&excelize.DocProperties{Title: "安全防范系统运行维护服务用户评价表", Keywords: Version, Creator: "starrate", Language: "zh-CN"}))
	if g.err != nil {
		return g.err
	}
	_, err := f.WriteTo(w)
	return err
}
