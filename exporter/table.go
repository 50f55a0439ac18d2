package exporter

import (
	"fmt"
	"math"
	"unicode/utf8"

	"github.com/xuri/excelize/v2"

	"github.com/bax/starrate/templates"
)

// column is one column of a table, by name: what its header says, how wide
// it is, how a row shows in it and in what tone. A table is a list of
// these, so a column is added or moved in one place and nothing refers to
// it by letter.
type column[T any] struct {
	name   string
	unit   string // shown under the name in the header: 人, 元 …
	width  float64
	format format
	value  func(T) any
	tone   func(T) tone // nil: never coloured
}

// line is a row above a table's header: its title block.
type line struct {
	text string
	look look
}

// table is a sheet of one header row and a row per item.
type table[T any] struct {
	name      string
	title     []line
	cols      []column[T]
	landscape bool
	count     int // rows to come, for the sheet's dimension
	each      func(emit func(T) error) error
}

// streamTable writes a table through excelize's StreamWriter, in the order
// it needs: dimension and page layout first, then widths and panes, rows,
// and everything else before Flush (after which it is silently lost).
func streamTable[T any](x *xlsxWriter, t table[T]) {
	if x.err != nil {
		return
	}
	if idx, _ := x.f.GetSheetIndex(t.name); idx < 0 {
		_, err := x.f.NewSheet(t.name)
		x.do(err)
	}
	headRow := len(t.title) + 1
	if len(t.title) > 0 {
		headRow++ // a blank line between the title block and the table
	}
	last := headRow + t.count
	lastCol, _ := excelize.ColumnNumberToName(len(t.cols))
	// So that openpyxl and pandas read-only see the whole sheet.
	x.do(x.f.SetSheetDimension(t.name, fmt.Sprintf("A1:%s%d", lastCol, last)))
	x.do(printSetup(x.f, t.name, t.landscape, headRow))
	sw, err := x.f.NewStreamWriter(t.name)
	if err != nil {
		x.do(err)
		return
	}
	widths := make([]float64, len(t.cols))
	for i, c := range t.cols {
		widths[i] = c.width
		x.do(sw.SetColWidth(i+1, i+1, c.width))
	}
	top, _ := excelize.CoordinatesToCellName(1, headRow+1)
	x.do(sw.SetPanes(&excelize.Panes{Freeze: true, YSplit: headRow, TopLeftCell: top, ActivePane: "bottomLeft"}))
	total := 0.0
	for _, w := range widths {
		total += w
	}
	for i, l := range t.title {
		cell, _ := excelize.CoordinatesToCellName(1, i+1)
		x.do(sw.SetRow(cell, []any{excelize.Cell{StyleID: x.st.id(l.look), Value: l.text}},
			excelize.RowOpts{Height: rowHeight([]string{l.text}, []float64{total}, l.look.size)}))
		end, _ := excelize.CoordinatesToCellName(len(t.cols), i+1)
		x.do(sw.MergeCell(cell, end))
	}
	head := make([]any, len(t.cols))
	names := make([]string, len(t.cols))
	for i, c := range t.cols {
		names[i] = c.name
		if c.unit != "" {
			names[i] += "\n（" + c.unit + "）"
		}
		head[i] = excelize.Cell{StyleID: x.st.header(), Value: names[i]}
	}
	cell, _ := excelize.CoordinatesToCellName(1, headRow)
	x.do(sw.SetRow(cell, head, excelize.RowOpts{Height: rowHeight(names, widths, 0)}))
	n := headRow
	texts := make([]string, len(t.cols))
	vals := make([]any, len(t.cols)) // SetRow is done with them when it returns
	rows, err := x.spools.start(sw, headRow+1)
	if err != nil {
		x.do(err)
		return
	}
	x.do(t.each(func(item T) error {
		n++
		for i, c := range t.cols {
			v := c.value(item)
			l := look{format: c.format}
			if c.tone != nil {
				l.tone = c.tone(item)
			}
			vals[i] = excelize.Cell{StyleID: x.st.id(l), Value: v}
			texts[i] = ""
			if s, ok := v.(string); ok && c.format == fmtWrap {
				texts[i] = s
			}
		}
		cell, _ := excelize.CoordinatesToCellName(1, n)
		return rows.SetRow(cell, vals, excelize.RowOpts{Height: rowHeight(texts, widths, 0)})
	}))
	x.do(rows.done())
	x.do(x.f.AutoFilter(t.name, fmt.Sprintf("A%d:%s%d", headRow, lastCol, max(n, headRow+1)), nil))
	x.do(sw.Flush())
}

// printSetup prints a sheet on A4 one page wide, its header row (when
// headRow > 0) repeated on every page, with page numbers.
func printSetup(f *excelize.File, sheet string, landscape bool, headRow int) error {
	if err := templates.FitToWidth(f, sheet, landscape); err != nil {
		return err
	}
	margin, edge := 0.5, 0.3
	if err := f.SetPageMargins(sheet, &excelize.PageLayoutMarginsOptions{Left: &margin, Right: &margin, Top: &margin, Bottom: &margin,
		Header: &edge, Footer: &edge}); err != nil {
		return err
	}
	if err := f.SetHeaderFooter(sheet, &excelize.HeaderFooterOptions{OddFooter: "&C第 &P 页，共 &N 页"}); err != nil {
		return err
	}
	if headRow == 0 {
		return nil
	}
	return f.SetDefinedName(&excelize.DefinedName{Name: "_xlnm.Print_Titles", Scope: sheet,
		RefersTo: fmt.Sprintf("'%s'!$%d:$%d", sheet, headRow, headRow)})
}

// rowHeight is the height in points that shows every text of a row wrapped
// in its column: LibreOffice and Excel keep a written height, and Excel
// does not grow a row for wrapped text by itself. A column of width w
// holds about w narrow or w/2 wide (CJK) characters a line; a line of 11 pt
// text with a CJK fallback font takes about 14.3 pt. 0 leaves the default.
func rowHeight(texts []string, widths []float64, size float64) float64 {
	if size == 0 {
		size = 11
	}
	lines := 1
	for i, s := range texts {
		if s == "" || i >= len(widths) {
			continue
		}
		lines = max(lines, textLines(s, widths[i]*11/size))
	}
	if lines == 1 && size == 11 {
		return 0
	}
	return math.Ceil(float64(lines)*size*1.3 + 4)
}

// textLines counts the lines s wraps to in a column of the given width.
func textLines(s string, width float64) int {
	usable := max(width-0.5, 1) // cell padding
	lines, at := 1, 0.0
	for len(s) > 0 {
		r, size := utf8.DecodeRuneInString(s)
		s = s[size:]
		if r == '\n' {
			lines, at = lines+1, 0
			continue
		}
		w := 1.1
		if r >= 0x1100 { // CJK, full-width forms, ★: wide (and the rest rare here)
			w = 1.9
		}
		if at+w > usable {
			lines, at = lines+1, 0
		}
		at += w
	}
	return lines
}
