package exporter

import (
	"fmt"
	"slices"

	"github.com/xuri/excelize/v2"

	"github.com/bax/starrate/rating"
)

// tally is what the workbook needs to know of the whole round before it
// streams the rows: sizes, the levels applied for and awarded, the
// failures by element, the inputs.
type tally struct {
	rated, others, clauses, problems int
	files, shas                      []string
	years                            []int
	// by level 0..3
	applied, awarded, provisional, achievable [4]int
	// met[l]: firms that applied for l and were awarded it; provMet the same
	// counting clauses in review as passed.
	met, provMet [4]int
	// elements of the profile in its order; fails[l][e] and reviews[l][e]
	// count the firms that applied for l with a clause of element e they
	// need for l that failed, or waits for review.
	elements        []string
	fails, reviews  [4]map[string]int
	cumulativeLevel bool
}

func (r *Round) tally() (tally, error) {
	t := tally{cumulativeLevel: r.Profile.Parameters.Cumulative}
	for _, cl := range r.Profile.Clauses {
		if !slices.Contains(t.elements, cl.Element) {
			t.elements = append(t.elements, cl.Element)
		}
	}
	for l := range t.fails {
		t.fails[l], t.reviews[l] = map[string]int{}, map[string]int{}
	}
	err := r.Companies.Each(func(c Company) error {
		t.problems += len(c.Problems)
		t.files, t.shas = append(t.files, c.File), append(t.shas, c.SHA256)
		if c.Kind != KindApplication {
			t.others++
			return nil
		}
		t.rated++
		if c.Year != 0 && !slices.Contains(t.years, c.Year) {
			t.years = append(t.years, c.Year)
		}
		res := c.Result
		if res == nil {
			return nil
		}
		t.clauses += len(res.Clauses)
		l := min(max(c.AppliedStars, 0), 3)
		t.applied[l]++
		t.awarded[res.Stars]++
		t.provisional[res.ProvisionalStars]++
		t.achievable[res.AchievableStars]++
		if l > 0 && res.Stars >= l {
			t.met[l]++
		}
		if l > 0 && res.ProvisionalStars >= l {
			t.provMet[l]++
		}
		failed, waiting := map[string]bool{}, map[string]bool{}
		for _, cl := range res.Clauses {
			if !t.needs(cl.Level, l) {
				continue
			}
			switch cl.Status {
			case rating.Fail:
				failed[cl.Element] = true
			case rating.Review:
				waiting[cl.Element] = true
			}
		}
		for e := range failed {
			t.fails[l][e]++
		}
		for e := range waiting {
			t.reviews[l][e]++
		}
		return nil
	})
	slices.Sort(t.years)
	return t, err
}

// needs reports whether a clause of level cl counts for the level applied.
func (t tally) needs(cl, applied int) bool {
	return cl == 0 || cl == applied || t.cumulativeLevel && cl < applied
}

// Series colours of the charts.
const (
	chartBlue  = "5B9BD5"
	chartGreen = "70AD47"
	chartGold  = "FFC000"
	chartRed   = "C00000"
)

// stats writes 统计: applied against awarded per level, and, among the
// firms that applied for a level, how many fail each element's clauses,
// each with a chart whose text is in the body colour.
func (x *xlsxWriter) stats(r *Round, t tally) {
	s := SheetStats
	_, err := x.f.NewSheet(s)
	x.do(err)
	cols := 7
	lastCol, _ := excelize.ColumnNumberToName(cols)
	row := 0
	put := func(l look, vals ...any) int {
		row++
		for i, v := range vals {
			cell, _ := excelize.CoordinatesToCellName(i+1, row)
			x.do(x.f.SetCellValue(s, cell, v))
			st := l
			if i == 0 && !l.head && !l.loose {
				st.bold = true
			}
			x.do(x.f.SetCellStyle(s, cell, cell, x.st.id(st)))
		}
		return row
	}
	for _, l := range titleBlock(r, t, "统计") {
		n := put(l.look, l.text)
		x.do(x.f.MergeCell(s, fmt.Sprintf("A%d", n), fmt.Sprintf("%s%d", lastCol, n)))
		x.do(x.f.SetRowHeight(s, n, rowHeight([]string{l.text}, []float64{110}, l.look.size)))
	}
	section := func(text string) {
		row++
		x.do(x.f.SetRowHeight(s, put(boldLook, text), 24))
	}
	section("一、申报与评定（家）")
	head1 := put(look{head: true}, "星级", "申报", "评定", "预评", "可达", "达到申报\n星级", "预评达到\n申报星级")
	x.do(x.f.SetRowHeight(s, head1, 34))
	num := look{format: fmtInt}
	first1 := row + 1
	for l := 1; l <= 3; l++ {
		put(num, rating.LevelName(l), t.applied[l], t.awarded[l], t.provisional[l], t.achievable[l], t.met[l], t.provMet[l])
	}
	last1 := row
	put(num, "未达星级", nil, t.awarded[0], t.provisional[0], t.achievable[0], nil, nil)
	sum := func(a [4]int) int { return a[1] + a[2] + a[3] }
	put(num, "合计（一星以上）", sum(t.applied), sum(t.awarded), sum(t.provisional), sum(t.achievable), sum(t.met), sum(t.provMet))
	if t.applied[0] > 0 {
		put(noteLook, fmt.Sprintf("另有 %d 家未填申报星级。", t.applied[0]))
	}

	section("二、未达申报星级的原因：申报该星级的单位中，该要素有条款不通过或待核实的单位数（家）")
	head2 := put(look{head: true}, "要素", "申报一星\n不通过", "申报二星\n不通过", "申报三星\n不通过", "申报一星\n待核实", "申报二星\n待核实", "申报三星\n待核实")
	x.do(x.f.SetRowHeight(s, head2, 34))
	first2 := row + 1
	for _, e := range t.elements {
		put(num, e, t.fails[1][e], t.fails[2][e], t.fails[3][e], t.reviews[1][e], t.reviews[2][e], t.reviews[3][e])
	}
	last2 := row
	put(num, "申报单位数", t.applied[1], t.applied[2], t.applied[3], t.applied[1], t.applied[2], t.applied[3])

	x.do(x.f.SetColWidth(s, "A", "A", 12))
	x.do(x.f.SetColWidth(s, "B", lastCol, 12))
	x.do(printSetup(x.f, s, false, 0))

	series := func(col, first, last int, colour string) excelize.ChartSeries {
		c, _ := excelize.ColumnNumberToName(col)
		return excelize.ChartSeries{
			Name:       fmt.Sprintf("'%s'!$%s$%d", s, c, first-1),
			Categories: fmt.Sprintf("'%s'!$A$%d:$A$%d", s, first, last),
			Values:     fmt.Sprintf("'%s'!$%s$%d:$%s$%d", s, c, first, c, last),
			Fill:       excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{colour}},
		}
	}
	body := &excelize.Font{Color: inkBody, Size: 10}
	axis := excelize.ChartAxis{Font: *body}
	chart := func(typ excelize.ChartType, title string, ss []excelize.ChartSeries) *excelize.Chart {
		return &excelize.Chart{Type: typ, Series: ss,
			Title:     excelize.ChartTitle{Paragraph: []excelize.RichTextRun{{Text: title, Font: &excelize.Font{Color: inkBody, Size: 12, Bold: true}}}},
			Legend:    excelize.ChartLegend{Position: "bottom", Font: body},
			XAxis:     axis,
			YAxis:     excelize.ChartAxis{Font: *body, MajorGridLines: true, MajorUnit: 1}, // counts of firms: whole numbers
			PlotArea:  excelize.ChartPlotArea{ShowVal: true},
			Dimension: excelize.ChartDimension{Width: 620, Height: 260},
		}
	}
	row += 2
	x.do(x.f.AddChart(s, fmt.Sprintf("A%d", row), chart(excelize.Col, "申报与评定（家）",
		[]excelize.ChartSeries{series(2, first1, last1, chartBlue), series(3, first1, last1, chartGreen), series(4, first1, last1, chartGold)})))
	bars := chart(excelize.Bar, "各要素不通过的申报单位（家）",
		[]excelize.ChartSeries{series(2, first2, last2, chartBlue), series(3, first2, last2, chartGreen), series(4, first2, last2, chartRed)})
	bars.XAxis.ReverseOrder = true // elements top-down in the profile's order
	x.do(x.f.AddChart(s, fmt.Sprintf("A%d", row+15), bars))
}
