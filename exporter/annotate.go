package exporter

import (
	"bytes"
	"fmt"
	"io"
	"slices"
	"strings"

	"github.com/xuri/excelize/v2"

	"github.com/bax/starrate/rating"
	"github.com/bax/starrate/templates"
)

// SheetVerdict is the sheet put first in an annotated copy.
const SheetVerdict = "评定结果"

// commentAuthor signs the comments starrate adds.
const commentAuthor = "starrate"

// Annotate writes the applicant's own workbook back with a first sheet
// 评定结果 (stars, every clause, the to-do list for the next star, every
// problem) and a comment and highlight on every cell that has a problem.
// The rest of the workbook is left as it was: nothing is read from it with
// formatting, which would rewrite values in memory. ID numbers stay whole
// here, and only here: this copy goes back to the applicant alone.
// problems are the unmasked ones; c gives the rest. book is the workbook
// opened from original, if the caller has it open already (it is changed
// here); nil opens original.
func Annotate(w io.Writer, book *excelize.File, original []byte, c Company, profile *rating.Profile, problems []rating.Problem) error {
	f := book
	if f == nil {
		var err error
		if f, err = excelize.OpenReader(bytes.NewReader(original), excelize.Options{UnzipSizeLimit: 512 << 20, UnzipXMLSizeLimit: 16 << 20}); err != nil {
			return err
		}
		defer f.Close()
	}
	a := &annotator{f: f}
	if idx, _ := f.GetSheetIndex(SheetVerdict); idx >= 0 {
		// A resubmitted annotated copy: replace the old verdict.
		a.do(f.DeleteSheet(SheetVerdict))
	}
	_, err := f.NewSheet(SheetVerdict)
	a.do(err)
	a.verdict(c, profile, problems)
	a.mark(problems)
	if a.err != nil {
		return a.err
	}
	// NewSheet appended the verdict; partWriter moves it first as it saves.
	pw, err := newPartWriter(w, original, SheetVerdict)
	if err != nil {
		return err
	}
	f.SetZipWriter(func(io.Writer) excelize.ZipWriter { return pw })
	var discard bytes.Buffer // excelize's own buffer stays empty: pw writes to w
	_, err = f.WriteTo(&discard)
	return err
}

type annotator struct {
	f   *excelize.File
	err error
	// The verdict sheet is built here, then streamed: inline strings leave
	// the applicant's shared strings as they were (copied, not rewritten).
	rows    [][]excelize.Cell
	merges  [][2]string
	heights map[int]float64
	// styles of the verdict sheet
	title, label, header, wrap, pass, fail, review int
}

func (a *annotator) do(err error) {
	if a.err == nil && err != nil {
		a.err = err
	}
}

func (a *annotator) style(s *excelize.Style) int {
	id, err := a.f.NewStyle(s)
	a.do(err)
	return id
}

// line adds the next row of 评定结果 from column A and returns its number.
func (a *annotator) line(vals ...any) int {
	row := make([]excelize.Cell, len(vals))
	for i, v := range vals {
		row[i].Value = v
	}
	a.rows = append(a.rows, row)
	return len(a.rows)
}

// styleRow styles columns from..to (1-based) of a row.
func (a *annotator) styleRow(row, from, to, style int) {
	r := a.rows[row-1]
	for len(r) < to {
		r = append(r, excelize.Cell{})
	}
	for c := from; c <= to; c++ {
		r[c-1].StyleID = style
	}
	a.rows[row-1] = r
}

func (a *annotator) merge(row, from, to int) {
	c1, _ := excelize.CoordinatesToCellName(from, row)
	c2, _ := excelize.CoordinatesToCellName(to, row)
	a.merges = append(a.merges, [2]string{c1, c2})
}

// keyValue writes a label and its value, the value spread over B:F.
func (a *annotator) keyValue(label string, value any) {
	r := a.line(label, fmt.Sprint(value)) // text: a number would sit at the far right of the merge
	a.merge(r, 2, 6)
	a.styleRow(r, 1, 1, a.label)
	a.styleRow(r, 2, 6, a.wrap)
}

// flush streams the built verdict sheet.
func (a *annotator) flush(widths map[int]float64) {
	if a.err != nil {
		return
	}
	a.do(templates.FitToWidth(a.f, SheetVerdict, false))
	sw, err := a.f.NewStreamWriter(SheetVerdict)
	if err != nil {
		a.do(err)
		return
	}
	for col := 1; col <= 6; col++ {
		a.do(sw.SetColWidth(col, col, widths[col]))
	}
	a.do(sw.SetPanes(&excelize.Panes{Freeze: true, YSplit: 1, TopLeftCell: "A2", ActivePane: "bottomLeft"}))
	for i, r := range a.rows {
		vals := make([]any, len(r))
		for j := range r {
			vals[j] = r[j]
		}
		cell, _ := excelize.CoordinatesToCellName(1, i+1)
		a.do(sw.SetRow(cell, vals, excelize.RowOpts{Height: a.heights[i+1]}))
	}
	for _, m := range a.merges {
		a.do(sw.MergeCell(m[0], m[1]))
	}
	a.do(sw.Flush())
}

func (a *annotator) verdict(c Company, profile *rating.Profile, problems []rating.Problem) {
	border := templates.ThinBorder
	a.title = a.style(&excelize.Style{Font: &excelize.Font{Bold: true, Size: 14}})
	a.label = a.style(&excelize.Style{Font: &excelize.Font{Bold: true}, Alignment: &excelize.Alignment{Vertical: "top"}})
	a.header = a.style(&excelize.Style{Font: &excelize.Font{Bold: true}, Fill: templates.Fill("DDEBF7"), Border: border})
	a.wrap = a.style(&excelize.Style{Alignment: &excelize.Alignment{WrapText: true, Vertical: "top"}})
	a.pass = a.style(&excelize.Style{Fill: templates.Fill("C6EFCE"), Border: border, Alignment: &excelize.Alignment{Horizontal: "center", Vertical: "top"}})
	a.fail = a.style(&excelize.Style{Fill: templates.Fill("F8CBAD"), Border: border, Alignment: &excelize.Alignment{Horizontal: "center", Vertical: "top"}})
	a.review = a.style(&excelize.Style{Fill: templates.Fill("FFEB9C"), Border: border, Alignment: &excelize.Alignment{Horizontal: "center", Vertical: "top"}})
	cellStyle := a.style(&excelize.Style{Border: border, Alignment: &excelize.Alignment{WrapText: true, Vertical: "top"}})
	a.heights = map[int]float64{1: 26}
	defer a.flush(map[int]float64{1: 18, 2: 9, 3: 10, 4: 48, 5: 9, 6: 60})

	a.styleRow(a.line("星级评定结果（T/BAX 000X—2022）"), 1, 1, a.title)
	a.keyValue("文件", c.File)
	a.keyValue("单位名称", c.Name)
	a.keyValue("统一社会信用代码", c.USCC)
	if c.Year != 0 {
		a.keyValue("评价年度", c.Year)
	}
	if c.AppliedStars != 0 {
		a.keyValue("申报星级", rating.LevelName(c.AppliedStars))
	}
	res := c.Result
	switch {
	case res != nil:
		confirmed := Stars(res.Stars) + " " + starWord(res.Stars)
		a.keyValue("确认星级", confirmed)
		a.keyValue("预评星级", Stars(res.ProvisionalStars)+" "+starWord(res.ProvisionalStars)+"（待核实条款按通过计）")
		eligible := "符合（§3.2 全部通过）"
		if !res.Eligible {
			eligible = "不符合或待核实：见下方 3.2 条款"
		}
		a.keyValue("参评条件", eligible)
	case c.Kind == KindSurveyForm:
		a.keyValue("文件类型", "用户评价表（表 A.1）")
		attached := "未计入：服务单位不在本批申报中"
		if c.AttachedTo != "" {
			attached = "已计入 " + c.AttachedTo
		}
		a.keyValue("计入情况", attached)
	}
	a.keyValue("评定依据", fmt.Sprintf("%s（规则 %s 版本 %s）", profile.Title, profile.ID, profile.Version))
	if res != nil {
		a.line()
		if len(res.Next) == 0 {
			a.styleRow(a.line("已达三星，无待办事项。"), 1, 1, a.label)
		} else {
			next := res.Next[0]
			a.styleRow(a.line(fmt.Sprintf("距%s还需完成（%d 项）：", rating.LevelName(next.Level), len(next.Clauses))), 1, 1, a.label)
			for i, cl := range next.Clauses {
				r := a.line(fmt.Sprintf("%d.", i+1), cl.ID, StatusName(cl.Status), cl.Message)
				a.merge(r, 4, 6)
				a.styleRow(r, 4, 6, a.wrap)
				a.styleRow(r, 3, 3, a.statusStyle(cl.Status))
			}
		}
		a.line()
		a.styleRow(a.line("条款", "级别", "要素", "标准要求", "状态", "说明"), 1, 6, a.header)
		for _, cl := range res.Clauses {
			r := a.line(cl.ID, rating.LevelName(cl.Level), cl.Element, cl.Text, StatusName(cl.Status), cl.Message)
			a.styleRow(r, 1, 4, cellStyle)
			a.styleRow(r, 5, 5, a.statusStyle(cl.Status))
			a.styleRow(r, 6, 6, cellStyle)
		}
	}
	a.line()
	a.styleRow(a.line(fmt.Sprintf("输入问题（共 %d 项；有单元格的已在该单元格加批注并标色）", len(problems))), 1, 1, a.label)
	if len(problems) > 0 {
		a.styleRow(a.line("工作表", "单元格", "级别", "值", "应为", "说明"), 1, 6, a.header)
		for _, p := range problems {
			r := a.line(p.Sheet, p.Cell, severityName(p.Severity), p.Value, p.Expected, p.Message)
			a.styleRow(r, 1, 6, cellStyle)
		}
	}
}

func starWord(n int) string {
	if n == 0 {
		return "未达星级"
	}
	return rating.LevelName(n)
}

func (a *annotator) statusStyle(s rating.Status) int {
	switch s {
	case rating.Pass:
		return a.pass
	case rating.Review:
		return a.review
	}
	return a.fail
}

// mark comments and highlights every problem cell. A cell keeps its own
// number format and font: only the fill changes. A comment the applicant
// already had is kept, with starrate's text after it.
func (a *annotator) mark(problems []rating.Problem) {
	type at struct{ sheet, cell string }
	texts := map[at][]string{}
	severe := map[at]bool{}
	var order []at
	for _, p := range problems {
		if p.Sheet == "" || p.Cell == "" {
			continue
		}
		if _, _, err := excelize.CellNameToCoordinates(p.Cell); err != nil {
			continue
		}
		if idx, _ := a.f.GetSheetIndex(p.Sheet); idx < 0 {
			continue
		}
		k := at{p.Sheet, p.Cell}
		if _, seen := texts[k]; !seen {
			order = append(order, k)
		}
		msg := "【" + severityName(p.Severity) + "】" + p.Message
		if p.Expected != "" {
			msg += "；应为" + p.Expected
		}
		texts[k] = append(texts[k], msg)
		severe[k] = severe[k] || p.Severity == rating.SeverityError
	}
	restyled := map[[2]int]int{} // (old style, severe) → new style
	existing := map[string][]excelize.Comment{}
	for _, k := range order {
		if _, ok := existing[k.sheet]; !ok {
			cs, _ := a.f.GetComments(k.sheet)
			existing[k.sheet] = cs
		}
		text := strings.Join(texts[k], "\n")
		if i := slices.IndexFunc(existing[k.sheet], func(c excelize.Comment) bool { return c.Cell == k.cell }); i >= 0 {
			old := existing[k.sheet][i]
			a.do(a.f.DeleteComment(k.sheet, k.cell))
			text = commentText(old) + "\n—— starrate ——\n" + text
		}
		a.do(a.f.AddComment(k.sheet, excelize.Comment{Cell: k.cell, Author: commentAuthor,
			Paragraph: []excelize.RichTextRun{{Text: text}}, Width: 300, Height: 120}))
		old, err := a.f.GetCellStyle(k.sheet, k.cell)
		if err != nil {
			continue
		}
		sev := 0
		if severe[k] {
			sev = 1
		}
		id, ok := restyled[[2]int{old, sev}]
		if !ok {
			st, err := a.f.GetStyle(old)
			if err != nil || st == nil {
				st = &excelize.Style{}
			}
			st.Fill = templates.Fill("FFEB9C")
			if severe[k] {
				st.Fill = templates.Fill("F8CBAD")
			}
			id = a.style(st)
			restyled[[2]int{old, sev}] = id
		}
		a.do(a.f.SetCellStyle(k.sheet, k.cell, k.cell, id))
	}
}

func commentText(c excelize.Comment) string {
	if c.Text != "" {
		return c.Text
	}
	var b strings.Builder
	for _, r := range c.Paragraph {
		b.WriteString(r.Text)
	}
	return b.String()
}
