package exporter

import (
	"bytes"
	"fmt"
	"io"
	"slices"
	"strings"

	"github.com/xuri/excelize/v2"

	"github.com/bax/starrate/rating"
)

// SheetVerdict is the sheet put first in an annotated copy.
const SheetVerdict = "评定结果"

// commentAuthor signs the comments starrate adds.
const commentAuthor = "starrate"

// Annotate writes the applicant's own workbook back with a first sheet
// 评定结果 (stars, the to-do list for every level above, every clause, every
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
	a := &annotator{f: f, st: &styles{f: f}}
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
	st  *styles
	err error
	// The verdict sheet is built here, then streamed: inline strings leave
	// the applicant's shared strings as they were (copied, not rewritten).
	rows []verdictRow
}

// verdictRow is one row of 评定结果; cells from..to (1-based) are merged
// when to > 0.
type verdictRow struct {
	cells    []excelize.Cell
	from, to int
	size     float64 // font size of a title, for its height
}

// The columns of 评定结果: 条款, 级别, 要素, 标准要求, 状态, 说明. The sheet
// prints on A4 portrait at about 90 %.
var verdictWidths = []float64{16, 8.5, 9, 30, 8, 38}

func (a *annotator) do(err error) {
	if a.err == nil && err != nil {
		a.err = err
	}
}

// line adds the next row of 评定结果 from column A in one look and returns
// its index.
func (a *annotator) line(l look, vals ...any) int {
	row := verdictRow{cells: make([]excelize.Cell, len(vals)), size: l.size}
	for i, v := range vals {
		row.cells[i] = excelize.Cell{Value: v, StyleID: a.st.id(l)}
	}
	a.rows = append(a.rows, row)
	return len(a.rows) - 1
}

// restyle gives cell col (1-based) of row r another look.
func (a *annotator) restyle(r, col int, l look) { a.rows[r].cells[col-1].StyleID = a.st.id(l) }

// span merges columns from..to of row r, the text standing in from.
func (a *annotator) span(r, from, to int, l look) {
	row := &a.rows[r]
	for len(row.cells) < to {
		row.cells = append(row.cells, excelize.Cell{})
	}
	for c := from; c <= to; c++ {
		row.cells[c-1].StyleID = a.st.id(l)
	}
	row.from, row.to = from, to
}

func (a *annotator) blank() { a.rows = append(a.rows, verdictRow{}) }

// keyValue writes a label and its value, the value spread over B:F.
func (a *annotator) keyValue(label string, value any) int {
	r := a.line(look{bold: true, loose: true}, label, fmt.Sprint(value)) // text: a number would sit at the far right of the merge
	a.span(r, 2, 6, look{format: fmtWrap, loose: true})
	return r
}

// height is what a row needs to show all its text wrapped.
func (a *annotator) height(r verdictRow) float64 {
	widths := slices.Clone(verdictWidths)
	if r.to > 0 {
		for c := r.from; c < r.to; c++ {
			widths[r.from-1] += widths[c]
			widths[c] = 0
		}
	}
	texts := make([]string, len(r.cells))
	for i, c := range r.cells {
		if s, ok := c.Value.(string); ok && i < len(widths) && widths[i] > 0 {
			texts[i] = s
		}
	}
	if r.size > 0 && r.to == 0 {
		return rowHeight(texts, []float64{100}, r.size) // a title runs over the empty cells
	}
	return rowHeight(texts, widths, r.size)
}

// flush streams the built verdict sheet.
func (a *annotator) flush() {
	a.do(a.st.err)
	if a.err != nil {
		return
	}
	a.do(printSetup(a.f, SheetVerdict, false, 0))
	sw, err := a.f.NewStreamWriter(SheetVerdict)
	if err != nil {
		a.do(err)
		return
	}
	for i, w := range verdictWidths {
		a.do(sw.SetColWidth(i+1, i+1, w))
	}
	for i, r := range a.rows {
		vals := make([]any, len(r.cells))
		for j := range r.cells {
			vals[j] = r.cells[j]
		}
		cell, _ := excelize.CoordinatesToCellName(1, i+1)
		a.do(sw.SetRow(cell, vals, excelize.RowOpts{Height: a.height(r)}))
		if r.to > 0 {
			end, _ := excelize.CoordinatesToCellName(r.to, i+1)
			start, _ := excelize.CoordinatesToCellName(r.from, i+1)
			a.do(sw.MergeCell(start, end))
		}
	}
	a.do(sw.Flush())
}

// starLine shows a level as stars and words: 「★★☆ 二星」.
func starLine(n int) string { return Stars(n) + " " + starWord(n) }

func (a *annotator) verdict(c Company, profile *rating.Profile, problems []rating.Problem) {
	defer a.flush()
	header := look{head: true}
	cell := look{format: fmtWrap}
	a.line(look{bold: true, size: 15, loose: true}, "星级评定结果（T/BAX 000X—2022）")
	a.keyValue("单位名称", c.Name)
	a.keyValue("统一社会信用代码", c.USCC)
	a.keyValue("文件", c.File)
	if c.Year != 0 {
		a.keyValue("评价年度", c.Year)
	}
	if c.AppliedStars != 0 {
		a.keyValue("申报星级", rating.LevelName(c.AppliedStars))
	}
	res := c.Result
	switch {
	case res != nil:
		rated := starLine(res.Stars)
		if note := capNote(c); note != "" {
			rated += "；" + note
		}
		r := a.keyValue("评定星级", rated)
		a.restyle(r, 2, look{format: fmtWrap, loose: true, bold: true, tone: starTone(res.Stars)})
		a.keyValue("可达星级", starLine(res.AchievableStars)+"（不受申报星级限制时的评定星级）")
		a.keyValue("预评星级", starLine(res.ProvisionalStars)+"（待核实条款按通过计）")
		a.keyValue("参评条件", map[rating.Status]string{rating.Pass: "符合（§3.2 全部通过）",
			rating.Fail: "不符合：见下方 3.2 条款", rating.Review: "待评审核实：见下方 3.2 条款"}[eligibilityStatus(res)])
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
		a.todo(res, c.Wanted)
		a.blank()
		a.line(look{bold: true, loose: true, size: 12}, "全部条款")
		a.line(header, "条款", "级别", "要素", "标准要求", "状态", "说明")
		for _, cl := range res.Clauses {
			r := a.line(cell, cl.ID, rating.LevelName(cl.Level), cl.Element, cl.Text, StatusName(cl.Status), withVerification(cl, c.Wanted[cl.ID]))
			a.restyle(r, 5, look{format: fmtCenter, tone: statusTone(cl.Status)})
		}
	}
	a.blank()
	a.line(look{bold: true, loose: true, size: 12}, fmt.Sprintf("输入问题（共 %d 项；有单元格的已在该单元格加批注并标色）", len(problems)))
	if len(problems) > 0 {
		// 说明 in the wide column; the value found and the one expected
		// together in the merged last two.
		a.span(a.line(header, "工作表", "单元格", "级别", "说明", "填写值与应为"), 5, 6, header)
		for _, p := range problems {
			r := a.line(cell, p.Sheet, p.Cell, severityName(p.Severity), p.Message, foundExpected(p))
			a.span(r, 5, 6, cell)
			a.restyle(r, 3, look{format: fmtCenter, tone: severityTone(p.Severity)})
		}
	}
}

// todo writes the to-do list: for each level above what the company can
// reach, the clauses still to meet, one line each with its status and what
// it lacks (rating's message says the shortfall in words); a level's list
// leaves out what a lower level already listed.
func (a *annotator) todo(res *rating.Result, wanted map[string][]string) {
	a.blank()
	if len(res.Next) == 0 {
		a.line(look{bold: true, loose: true, size: 12}, "待办事项：无（已达三星）")
		return
	}
	a.line(look{bold: true, loose: true, size: 12}, "待办事项")
	listed := map[string]bool{}
	for _, g := range res.Next {
		var todo []rating.ClauseResult
		for _, cl := range g.Clauses {
			if !listed[cl.ID] {
				todo = append(todo, cl)
				listed[cl.ID] = true
			}
		}
		head := fmt.Sprintf("距%s还需完成 %d 项", rating.LevelName(g.Level), len(g.Clauses))
		if len(todo) < len(g.Clauses) {
			head += fmt.Sprintf("（上一级所列之外另需 %d 项）", len(todo))
		}
		if g.Applied {
			head += "　【申报星级】"
		}
		r := a.line(look{bold: true, tone: toneBlue}, head)
		a.span(r, 1, 6, look{bold: true, tone: toneBlue, format: fmtWrap})
		for _, cl := range todo {
			r := a.line(look{format: fmtWrap}, cl.ID, rating.LevelName(cl.Level), StatusName(cl.Status), cl.Element+"："+withVerification(cl, wanted[cl.ID]))
			a.span(r, 4, 6, look{format: fmtWrap})
			a.restyle(r, 3, look{format: fmtCenter, tone: statusTone(cl.Status)})
		}
	}
}

// verificationWords are how the applicant's copy names a clause's
// verification state.
var verificationWords = map[string]string{
	rating.Verified: "已核实", rating.Unverified: "待核实", rating.Refuted: "核查不通过", rating.Overridden: "人工认定",
}

// withVerification is a clause's message followed by what the review
// record says of it: 已核实, 待核实 with the evidence still wanted, 核查不通过
// with the reviewer's 说明, or 人工认定 with who, when and why.
func withVerification(cl rating.ClauseResult, wanted []string) string {
	v := cl.Verification
	if v == nil {
		return cl.Message
	}
	line := "【核查】" + verificationWords[v.State]
	switch v.State {
	case rating.Refuted:
		line += "（" + v.Note + "）"
	case rating.Overridden:
		line += fmt.Sprintf("（核实人 %s，%s：%s）", v.By, v.Date, v.Note)
	case rating.Unverified:
		if len(wanted) > 0 {
			shown := wanted
			more := ""
			if len(shown) > 5 {
				shown, more = shown[:5], fmt.Sprintf(" 等 %d 项", len(wanted))
			}
			line += "：尚待核实的证明材料 " + strings.Join(shown, "；") + more
		}
	}
	return cl.Message + "\n" + line
}

// foundExpected says what a problem cell holds and what it should:
// 「填写「2018-12-01」；应为：不早于服务开始日期 2019-09-02」.
func foundExpected(p rating.Problem) string {
	var parts []string
	if p.Value != "" {
		parts = append(parts, "填写「"+p.Value+"」")
	}
	if p.Expected != "" {
		parts = append(parts, "应为："+p.Expected)
	}
	return strings.Join(parts, "；")
}

func starWord(n int) string {
	if n == 0 {
		return "未达星级"
	}
	return rating.LevelName(n)
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
			st.Fill = solid(tones[toneReview].fill)
			if severe[k] {
				st.Fill = solid(tones[toneFail].fill)
			}
			id, err = a.f.NewStyle(st)
			a.do(err)
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
