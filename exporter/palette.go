package exporter

import (
	"math/big"

	"github.com/xuri/excelize/v2"
)

// The colours of every sheet starrate writes, by what they mean. A sheet
// asks for a tone or an ink, never for a hex code.
const (
	inkBody    = "262626" // text, chart text and axes
	inkMuted   = "595959" // notes under a title
	fillHeader = "DDEBF7" // table headers
	lineGrid   = "BFBFBF" // cell borders
)

// tone is the colour a cell takes for what it says: a status, a level.
type tone int

const (
	toneNone   tone = iota
	tonePass        // 通过, and two stars
	toneFail        // 不通过, errors
	toneReview      // 待核实, warnings
	toneGold        // three stars
	toneBlue        // one star
	toneMuted       // no star, nothing to show
)

var tones = map[tone]struct{ fill, ink string }{
	tonePass:   {"C6EFCE", "006100"},
	toneFail:   {"F8CBAD", "9C0006"},
	toneReview: {"FFEB9C", "9C5700"},
	toneGold:   {"FFD966", inkBody},
	toneBlue:   {fillHeader, inkBody},
	toneMuted:  {"EDEDED", inkMuted},
}

// starTone colours a star level.
func starTone(n int) tone {
	return [...]tone{toneMuted, toneBlue, tonePass, toneGold}[min(max(n, 0), 3)]
}

func solid(colour string) excelize.Fill {
	return excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{colour}}
}

var grid = []excelize.Border{
	{Type: "left", Color: lineGrid, Style: 1}, {Type: "right", Color: lineGrid, Style: 1},
	{Type: "top", Color: lineGrid, Style: 1}, {Type: "bottom", Color: lineGrid, Style: 1},
}

// format is how a cell shows its value.
type format int

const (
	fmtText    format = iota // one line, left
	fmtWrap                  // wrapped, left
	fmtCenter                // short words and stars
	fmtInt                   // counts
	fmtPercent               // a ratio as 12.34 %
	fmtMoney                 // 元 with thousands and fen
	fmtScore                 // a score to 0.01
)

var numFmts = map[format]int{fmtInt: 1, fmtPercent: 10, fmtMoney: 4, fmtScore: 2}

// look is one cell style: a format in a tone, in a table (bordered) or not.
type look struct {
	format format
	tone   tone
	bold   bool
	loose  bool // no border: title blocks and notes
	head   bool // a table header: bold, centred, shaded, wrapped
	size   float64
	ink    string
}

// styles makes each look once per workbook.
type styles struct {
	f   *excelize.File
	ids map[look]int
	err error
}

func (s *styles) id(l look) int {
	if id, ok := s.ids[l]; ok {
		return id
	}
	ink := inkBody
	if l.ink != "" {
		ink = l.ink
	}
	st := &excelize.Style{
		Font:      &excelize.Font{Color: ink, Bold: l.bold, Size: l.size},
		Alignment: &excelize.Alignment{Vertical: "top", WrapText: l.format == fmtWrap},
		NumFmt:    numFmts[l.format],
	}
	if !l.loose {
		st.Border = grid
	}
	if l.format == fmtCenter {
		st.Alignment.Horizontal = "center"
	}
	if l.head {
		st.Font.Bold, st.Fill = true, solid(fillHeader)
		st.Alignment = &excelize.Alignment{Horizontal: "center", Vertical: "center", WrapText: true}
	}
	if t, ok := tones[l.tone]; ok {
		st.Fill = solid(t.fill)
		if l.ink == "" {
			st.Font.Color = t.ink
		}
	}
	id, err := s.f.NewStyle(st)
	if err != nil && s.err == nil {
		s.err = err
	}
	if s.ids == nil {
		s.ids = map[look]int{}
	}
	s.ids[l] = id
	return id
}

// header is the look of every table's header row.
func (s *styles) header() int { return s.id(look{head: true}) }

// cut is a number cell's value cut (not rounded) to the given decimals,
// so that the cell never shows more than was measured: a ratio of
// 0.59999 goes in as 0.5999 and shows 59.99 %, never 60.00 %.
func cut(r *big.Rat, decimals int) any {
	if r == nil {
		return nil
	}
	scale := new(big.Int).Exp(big.NewInt(10), big.NewInt(int64(decimals)), nil)
	n := new(big.Int).Mul(r.Num(), scale)
	n.Quo(n, r.Denom())
	f, _ := new(big.Rat).SetFrac(n, scale).Float64()
	return f
}
