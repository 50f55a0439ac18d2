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
	box, wrap, center, example, heading      int
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
	g.example = g.style(&excelize.Style{Fill: Fill("F2F2F2"), Font: &excelize.Font{Italic: true, Color: "7F7F7F"},
		Alignment: &excelize.Alignment{Vertical: "center"}})
	g.heading = g.style(&excelize.Style{Font: &excelize.Font{Bold: true}, Alignment: &excelize.Alignment{WrapText: true, Vertical: "top"}})
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

// SelfCheckPage is the association's offline self-check page that 填表说明
// points applicants to.
const SelfCheckPage = "申报自查.html"

// guideWidth is the width of the 填表说明 column in characters: narrow
// enough for an A4 page in portrait even where the program substitutes a
// wider font than Calibri (LibreOffice on Linux without Carlito does, and
// ignores fit-to-width then), so the sheet prints without cuts.
const guideWidth = 70

func (g *generator) guide() {
	s := SheetGuide
	g.sheet(s)
	g.do(g.f.SetColWidth(s, "A", "A", guideWidth))
	g.fitWidth(s, false)
	type line struct {
		text    string
		heading bool
	}
	lines := []line{
		{"安全防范系统运行维护服务星级评价申报表 填表说明", true},
		{"模板版本：" + Version + "（依据 T/BAX 000X—2022《安全防范系统运行维护服务星级标准》征求意见稿）", false},
		{"", false},
		{"一、本工作簿共 6 张填报表，请勿修改工作表名称和表头文字；可以在表头上方加标题行、调整列顺序或增加列。表头带红色“*”的列为必填。", false},
		{"二、“是/否”列可填 是/否（也接受 Y/N、√/×、有/无）；日期填到日，如 2022-03-01、2022/3/1 或 2022年3月1日（“2022.12”“2022”不是日期）；金额以元为单位，可写“30万元”。", false},
		{"三、每张表从表头下的灰色示例行之后开始填写，一行一条记录，中间不要留空行；不要合并单元格；不要填写合计、小计行（这类行不计入任何指标）。示例行不会被读取，可以保留。", false},
		{"四、没有的职称、证书、平台名称或证明材料请留空（写“无”“/”也按空白处理）。", false},
		{"五、填好后请先自查：用浏览器打开评价机构提供的“" + SelfCheckPage + "”（不需安装软件，数据不离开本机），选择本文件，按提示改正全部错误，并查看预评星级与差距，再提交。", false},
		{"", false},
		{"【" + SheetCompany + "】A 列为项目，B 列填写内容。" + fieldHelp(), false},
	}
	for _, t := range Tables {
		lines = append(lines, line{"【" + t.Name + "】" + t.Help, true})
		for _, c := range t.Columns {
			req := ""
			if c.Required {
				req = "（必填）"
			}
			help := c.Help
			if help == "" && len(c.Choices) > 0 {
				help = "从下拉列表选择：" + strings.Join(c.Choices, "、")
			}
			l := "    · " + c.Header + req
			if help != "" {
				l += "：" + help
			}
			lines = append(lines, line{l, false})
		}
	}
	lines = append(lines, line{"", false},
		line{"【用户评价】也可提交独立的“表 A.1 用户评价表”工作簿，每家用户一份，由用户单位签字盖章。", false},
		line{"【证明材料】证明材料的真实性、有效性由评价机构核实，核实结论记入评审记录，不在本表填写。", false})
	for i, l := range lines {
		row := i + 1
		g.set(s, cell(1, row), l.text)
		st := g.wrap
		if l.heading {
			st = g.heading
		}
		g.do(g.f.SetCellStyle(s, cell(1, row), cell(1, row), st))
		// Excel and LibreOffice do not grow a row for wrapped text written
		// by a program; a height from the text's length keeps it legible.
		g.do(g.f.SetRowHeight(s, row, rowHeight(l.text, guideWidth)))
	}
	g.do(g.f.SetCellStyle(s, "A1", "A1", g.title))
	g.do(g.f.SetRowHeight(s, 1, 24))
}

// rowHeight is the height in points of a row holding text wrapped at width
// characters (a CJK character is two), 15 points a line.
func rowHeight(text string, width int) float64 {
	n := 0
	for _, r := range text {
		if r < 0x2e80 {
			n++
		} else {
			n += 2
		}
	}
	lines := max(1, (n+width-1)/width)
	return float64(15 * lines)
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
		row := CompanyRow(i)
		if fd.Required {
			g.do(g.f.SetCellRichText(s, cell(1, row), []excelize.RichTextRun{
				{Text: fd.Label}, {Text: RequiredMark, Font: &excelize.Font{Bold: true, Color: "C00000"}}}))
		} else {
			g.set(s, cell(1, row), fd.Label)
		}
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
	red := excelize.Font{Bold: true, Color: "C00000"}
	for i, c := range t.Columns {
		col := colName(i + 1)
		g.do(g.f.SetColWidth(s, col, col, c.Width))
		rng := fmt.Sprintf("%s%d:%s%d", col, t.FirstRow(), col, dataRows+t.FirstRow()-1)
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
		g.header1(s, col, c, red) // after the column style, which would restyle it
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
		if t.Example && c.Example != "" {
			g.set(s, cell(i+1, HeaderRow+1), c.Example)
		}
	}
	last := colName(len(t.Columns))
	g.do(g.f.SetRowHeight(s, HeaderRow, 30))
	if t.Example {
		ex := HeaderRow + 1
		g.do(g.f.SetCellStyle(s, cell(1, ex), fmt.Sprintf("%s%d", last, ex), g.example))
		g.do(g.f.AddComment(s, excelize.Comment{Cell: cell(1, ex), Author: "starrate",
			Text: "示例行：说明各列怎么填，不会被读取。请从下一行开始填写。"}))
	}
	g.do(g.f.SetPanes(s, frozenHeader(t.FirstRow()-1)))
	g.do(g.f.SetDefinedName(&excelize.DefinedName{Name: "_xlnm.Print_Titles", Scope: s,
		RefersTo: fmt.Sprintf("'%s'!$%d:$%d", s, HeaderRow, HeaderRow)}))
	g.fitWidth(s, true)
}

// header1 writes a column's header, a red 「*」 after a required one.
func (g *generator) header1(sheet, col string, c Column, red excelize.Font) {
	at := fmt.Sprintf("%s%d", col, HeaderRow)
	g.do(g.f.SetCellStyle(sheet, at, at, g.header))
	if !c.Required {
		g.set(sheet, at, c.Header)
		return
	}
	g.do(g.f.SetCellRichText(sheet, at, []excelize.RichTextRun{
		{Text: c.Header, Font: &excelize.Font{Bold: true}},
		{Text: RequiredMark, Font: &red},
	}))
}

func surveyMax(key string) (int, bool) {
	for i, it := range SurveyItems {
		if SurveyItemKey(i) == key {
			return it.Max, true
		}
	}
	return 0, false
}

// items pre-fills 制度与信用 with the declaration items, 编号 and 项目
// shaded as not to be changed, and a drop-down of the right answers per row.
func (g *generator) items() {
	t := Declarations
	s := t.Name
	answer, evidence := colName(t.Index("answer")+1), colName(t.Index("evidence")+1)
	first := t.FirstRow()
	for i, it := range Items {
		row := first + i
		g.set(s, cell(t.Index("item")+1, row), it.ID)
		g.set(s, cell(t.Index("text")+1, row), it.Text)
		dv := excelize.NewDataValidation(true)
		dv.Sqref = fmt.Sprintf("%s%d", answer, row)
		g.do(dv.SetDropList(it.Answers))
		dv.SetInput("填报", "请选择："+strings.Join(it.Answers, "、"))
		dv.SetError(excelize.DataValidationErrorStyleStop, "填报", "请从下拉列表选择："+strings.Join(it.Answers, "、"))
		g.do(g.f.AddDataValidation(s, dv))
	}
	last := first + len(Items) - 1
	g.do(g.f.SetCellStyle(s, cell(1, first), cell(2, last), g.locked))
	ev := excelize.NewDataValidation(true)
	ev.Sqref = fmt.Sprintf("%s%d:%s%d", evidence, first, evidence, last)
	ev.SetInput("证明材料", "附件名称或编号；复印件、扫描件每页加盖公章；没有则留空")
	g.do(g.f.AddDataValidation(s, ev))
	g.do(g.f.AddComment(s, excelize.Comment{Cell: cell(2, HeaderRow), Author: "starrate", Text: "编号和项目为固定内容（灰色），请勿修改。"}))
}

// WriteSurvey writes the standalone user survey form, laid out as 表A.1 of
// the standard: one client's evaluation of one service company.
func WriteSurvey(w io.Writer) error {
	f := excelize.NewFile()
	defer f.Close()
	g := &generator{f: f}
	g.styles()
	s := SheetSurveyForm
	g.do(f.SetSheetName("Sheet1", s))
	for i, wd := range []float64{24, 18, 12, 12, 10, 16} {
		g.do(f.SetColWidth(s, colName(i+1), colName(i+1), wd))
	}
	g.fitWidth(s, false)
	merge := func(a, b string) { g.do(f.MergeCell(s, a, b)) }
	l := SurveyForm
	g.set(s, "A1", l.Title)
	merge("A1", cell(l.LastCol, 1))
	// A label followed by the next label on its row, or by the row's end,
	// gets the cells between as its value box.
	for _, fd := range l.Fields {
		g.set(s, cell(fd.Col, fd.Row), fd.Label)
		g.do(f.SetCellStyle(s, cell(fd.Col, fd.Row), cell(fd.Col, fd.Row), g.header))
		end := l.LastCol
		for _, o := range l.Fields {
			if o.Row == fd.Row && o.Col > fd.Col && o.Col-1 < end {
				end = o.Col - 1
			}
		}
		if end > fd.Col+1 {
			merge(cell(fd.Col+1, fd.Row), cell(end, fd.Row))
		}
	}
	g.do(f.SetCellStyle(s, cell(l.Field("uscc").Col+1, l.Field("uscc").Row), cell(l.Field("uscc").Col+1, l.Field("uscc").Row), g.text))
	g.set(s, cell(1, l.SectionRow), l.Section)
	merge(cell(1, l.SectionRow), cell(l.LastCol, l.SectionRow))
	g.set(s, cell(1, l.HeaderRow), l.NumberHeader)
	g.set(s, cell(l.ItemCol, l.HeaderRow), l.ItemHeader)
	g.set(s, cell(l.MaxCol, l.HeaderRow), l.MaxHeader)
	g.set(s, cell(l.ScoreCol, l.HeaderRow), l.ScoreHeader)
	merge(cell(l.ItemCol, l.HeaderRow), cell(l.MaxCol-1, l.HeaderRow))
	merge(cell(l.ScoreCol, l.HeaderRow), cell(l.LastCol, l.HeaderRow))
	for i, it := range SurveyItems {
		row := l.FirstItemRow + i
		g.set(s, cell(1, row), i+1)
		g.set(s, cell(l.ItemCol, row), it.Name)
		merge(cell(l.ItemCol, row), cell(l.MaxCol-1, row))
		g.set(s, cell(l.MaxCol, row), it.Max)
		merge(cell(l.ScoreCol, row), cell(l.LastCol, row))
		dv := excelize.NewDataValidation(true)
		dv.Sqref = cell(l.ScoreCol, row)
		g.do(dv.SetRange(0, float64(it.Max), excelize.DataValidationTypeDecimal, excelize.DataValidationOperatorBetween))
		dv.SetInput(it.Name, fmt.Sprintf("评价分 0–%d 分", it.Max))
		dv.SetError(excelize.DataValidationErrorStyleStop, it.Name, fmt.Sprintf("评价分应在 0 到 %d 之间", it.Max))
		g.do(f.AddDataValidation(s, dv))
	}
	total := l.TotalRow()
	g.set(s, cell(1, total), len(SurveyItems)+1)
	g.set(s, cell(l.ItemCol, total), SurveyTotalLabel)
	merge(cell(l.ItemCol, total), cell(l.MaxCol-1, total))
	g.set(s, cell(l.MaxCol, total), 100)
	g.do(f.SetCellFormula(s, cell(l.ScoreCol, total), fmt.Sprintf("SUM(%s:%s)", cell(l.ScoreCol, l.FirstItemRow), cell(l.ScoreCol, total-1))))
	merge(cell(l.ScoreCol, total), cell(l.LastCol, total))
	g.set(s, cell(1, total+1), l.Sign)
	merge(cell(1, total+1), cell(l.LastCol, total+1))
	last := l.Field("date").Row
	g.do(f.SetCellStyle(s, cell(l.ItemCol, l.FirstItemRow), cell(l.MaxCol-1, total), g.box))
	g.do(f.SetCellStyle(s, cell(1, l.FirstItemRow), cell(1, total), g.center))
	g.do(f.SetCellStyle(s, cell(l.MaxCol, l.FirstItemRow), cell(l.LastCol, total), g.center))
	g.do(f.SetCellStyle(s, cell(1, total+1), cell(l.LastCol, total+1), g.box))
	for _, fd := range l.Fields {
		g.do(f.SetCellStyle(s, cell(fd.Col+1, fd.Row), cell(fd.Col+1, fd.Row), g.box))
	}
	for r := 2; r <= last; r++ {
		g.do(f.SetRowHeight(s, r, 24))
	}
	g.do(f.SetRowHeight(s, 1, 30))
	g.do(f.SetRowHeight(s, total+1, 40))
	g.do(f.SetCellStyle(s, "A1", "A1", g.title))
	g.do(f.SetCellStyle(s, cell(1, l.SectionRow), cell(l.LastCol, l.HeaderRow), g.header))
	g.do(f.SetDocProps(&excelize.DocProperties{Title: "安全防范系统运行维护服务用户评价表", Keywords: Version, Creator: "starrate", Language: "zh-CN"}))
	if g.err != nil {
		return g.err
	}
	_, err := f.WriteTo(w)
	return err
}
