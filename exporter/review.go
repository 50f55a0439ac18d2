package exporter

import (
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/bax/starrate/rating"
	"github.com/bax/starrate/templates"
)

// ReviewMeta describes the round a review record is for (its sheet 说明).
type ReviewMeta struct {
	Round       string // the inputs, as given on the command line
	Years       []int  // 评价年度 of the applications
	ProfileID   string
	ProfileHash string
	Generated   time.Time
	Companies   int
	// SampleMin and SampleMax are the profile's bounds of a spot check.
	SampleMin, SampleMax int
	// TempDir is where the rows of 核查清单 wait while the record is
	// written (the record's folder); "" is the system's.
	TempDir string
}

// The reviewer's columns of 核查清单, 1-based: 核实结果 … 说明, then 状态
// and the hidden 指纹.
const (
	colVerdict     = 9
	colBy          = 10
	colDate        = 11
	colNote        = 12
	colState       = 13
	colFingerprint = 14
)

// masked are the free-text columns of 核查清单, by 0-based index.
var masked = map[int]bool{1: true, 4: true, 5: true, 6: true, 7: true, 8: true, 9: true, 11: true}

var reviewWidths = []float64{34, 24, 22, 10, 16, 34, 40, 30, 10, 10, 12, 30, 10, 18}

// WriteReview writes a review record (rating-model.md §6): 说明, 核查清单,
// 进度 and 已失效. Every text goes through MaskIDs, the reviewer's too: the
// record holds no full ID number.
func WriteReview(w io.Writer, plan rating.ReviewPlan, meta ReviewMeta) error {
	f := excelize.NewFile()
	defer f.Close()
	rw := &reviewWriter{f: f, spools: spools{dir: meta.TempDir}}
	defer rw.spools.close()
	rw.styles()
	rw.guide(plan, meta)
	rw.checks(rating.ReviewSheetChecks, plan.Rows, true)
	rw.progress(plan.Rows)
	rw.checks(rating.ReviewSheetExpired, plan.Expired, false)
	if rw.err != nil {
		return rw.err
	}
	// The workbook opens on 说明. (SetActiveSheet would parse every
	// streamed sheet back into memory: 300 MB for 12,000 rows.)
	return rw.spools.write(f, w)
}

type reviewWriter struct {
	f                         *excelize.File
	spools                    spools // the rows of 核查清单 and 已失效
	err                       error
	head, text, date, reviewr int
	title, formula            int
}

func (rw *reviewWriter) do(err error) {
	if rw.err == nil {
		rw.err = err
	}
}

func (rw *reviewWriter) style(s *excelize.Style) int {
	id, err := rw.f.NewStyle(s)
	rw.do(err)
	return id
}

func (rw *reviewWriter) styles() {
	rw.head = rw.style(&excelize.Style{Font: &excelize.Font{Bold: true}, Fill: templates.Fill("D9E1F2"), Border: templates.ThinBorder,
		Alignment: &excelize.Alignment{Vertical: "center", WrapText: true}})
	rw.text = rw.style(&excelize.Style{Border: templates.ThinBorder, Alignment: &excelize.Alignment{Vertical: "top", WrapText: true}})
	// The reviewer's cells are tinted, so it is plain which to fill in.
	rw.reviewr = rw.style(&excelize.Style{Border: templates.ThinBorder, Fill: templates.Fill("FFF2CC"), Alignment: &excelize.Alignment{Vertical: "top", WrapText: true}})
	fmtDate := "yyyy-mm-dd"
	rw.date = rw.style(&excelize.Style{Border: templates.ThinBorder, Fill: templates.Fill("FFF2CC"), CustomNumFmt: &fmtDate, Alignment: &excelize.Alignment{Vertical: "top"}})
	rw.title = rw.style(&excelize.Style{Font: &excelize.Font{Bold: true, Size: 14}})
	rw.formula = rw.style(&excelize.Style{Border: templates.ThinBorder})
}

func (rw *reviewWriter) guide(plan rating.ReviewPlan, meta ReviewMeta) {
	const s = rating.ReviewSheetGuide
	rw.do(rw.f.SetSheetName("Sheet1", s))
	years := make([]string, 0, len(meta.Years))
	for _, y := range meta.Years {
		years = append(years, fmt.Sprint(y))
	}
	lines := [][2]string{
		{"评审记录（T/BAX 000X—2022 第 6.2 条：证明材料真实、有效的核查）", ""},
		{"本轮申报", rating.MaskIDs(meta.Round)},
		{"评价年度", strings.Join(years, "、")},
		{"参评单位", fmt.Sprint(meta.Companies)},
		{"规则", meta.ProfileID},
		{"规则摘要（sha256）", meta.ProfileHash},
		{"生成时间", meta.Generated.UTC().Format("2006-01-02 15:04:05 UTC")},
		{"核查项", fmt.Sprintf("%d 项（已失效 %d 项）", len(plan.Rows), len(plan.Expired))},
		{"", ""},
		{"怎样填写", ""},
		{"1", "在「核查清单」逐行对照申报单位提供的证明材料（§6.3：复印件、扫描件每页加盖公章），在「核实结果」选择 通过 / 不通过 / 待补充，并填写核实人、核实日期；不通过、待补充请在「说明」写明原因。"},
		{"2", "「核查编号」「单位名称」至「证明材料」和「状态」由 starrate 填写，请勿修改；隐藏列「指纹」记录被核查的申报内容，请勿删除。"},
		{"3", fmt.Sprintf("类别：声明＝制度与信用各项；人员资格、学历、社保、保密协议、培训、合同、用户评价＝按类别抽查的记录（每类 n ≤ 3 时全查，否则抽 ⌈√n⌉ 项，至少 %d 项、至多 %d 项，抽样固定可复现）。", meta.SampleMin, meta.SampleMax)},
		{"4", "条款认定：如需对某一条款直接认定，请在本单位各行之后新增一行，核查编号填「统一社会信用代码-clause-条款号」（如 91110108MA01TEST00-clause-5.2.2.1），核实结果填 通过 或 不通过，「说明」必须写明理由；评定结果将注明「人工认定」及核实人、日期和理由。"},
		{"5", "需复核：申报单位重新提交后，若某行核查的申报内容有变化，状态变为「需复核」，原核实结果保留供参考，但不再计入；请重新核实并填写新的核实日期（或新的结果）。"},
		{"6", "已失效：申报中已不存在的核查对象移至「已失效」表，连同已填的核实结果，不会删除；对象重新出现时自动移回。"},
		{"7", "「进度」表按单位实时统计各状态的数量（COUNTIFS 公式）。重新运行 starrate review -o 本文件 … 可在保留全部核实结果的前提下更新本记录。"},
		{"8", "本记录为协会内部材料：仅含姓名与遮盖后的身份证号；评定结果以本文件的 sha256 摘要注明所依据的核实记录。"},
	}
	for i, l := range lines {
		rw.do(rw.f.SetCellValue(s, fmt.Sprintf("A%d", i+1), l[0]))
		rw.do(rw.f.SetCellValue(s, fmt.Sprintf("B%d", i+1), l[1]))
	}
	rw.do(rw.f.SetCellStyle(s, "A1", "A1", rw.title))
	rw.do(rw.f.SetCellStyle(s, "A10", "A10", rw.title))
	rw.do(rw.f.SetColWidth(s, "A", "A", 18))
	rw.do(rw.f.SetColWidth(s, "B", "B", 110))
	wrap := rw.style(&excelize.Style{Alignment: &excelize.Alignment{WrapText: true, Vertical: "top"}})
	rw.do(rw.f.SetCellStyle(s, "B2", fmt.Sprintf("B%d", len(lines)), wrap))
	rw.do(templates.FitToWidth(rw.f, s, false))
}

// checks writes 核查清单 (editable: drop-down, input messages) or 已失效.
func (rw *reviewWriter) checks(sheet string, rows []rating.ReviewRow, editable bool) {
	if rw.err != nil {
		return
	}
	_, err := rw.f.NewSheet(sheet)
	rw.do(err)
	last := max(len(rows)+1, 2)
	rw.do(rw.f.SetSheetDimension(sheet, fmt.Sprintf("A1:N%d", last)))
	rw.do(templates.FitToWidth(rw.f, sheet, true))
	// Print the header on every page.
	rw.do(rw.f.SetDefinedName(&excelize.DefinedName{Name: "_xlnm.Print_Titles", RefersTo: "'" + sheet + "'!$1:$1", Scope: sheet}))
	if editable {
		rw.validation(sheet, last)
	}
	sw, err := rw.f.NewStreamWriter(sheet)
	if err != nil {
		rw.do(err)
		return
	}
	for i, wd := range reviewWidths {
		rw.do(sw.SetColWidth(i+1, i+1, wd))
	}
	rw.do(sw.SetColVisible(colFingerprint, colFingerprint, false))
	rw.do(sw.SetPanes(&excelize.Panes{Freeze: true, YSplit: 1, TopLeftCell: "A2", ActivePane: "bottomLeft"}))
	head := make([]any, 0, colFingerprint)
	for _, h := range append(append([]string{}, rating.ReviewColumns...), rating.ReviewFingerprintHeader) {
		head = append(head, excelize.Cell{StyleID: rw.head, Value: h})
	}
	rw.do(sw.SetRow("A1", head, excelize.RowOpts{Height: 20}))
	out, err := rw.spools.start(sw, 2)
	if err != nil {
		rw.do(err)
		return
	}
	for i, r := range rows {
		cells := []any{
			r.Key, r.Company, r.USCC, r.Category, r.Clauses, r.Subject, r.Declared, r.Evidence,
			string(r.Verdict), r.By, nil, r.Note, r.State, rating.FormatFingerprint(r.Fingerprint, r.Recheck),
		}
		row := make([]any, len(cells))
		for j, v := range cells {
			style := rw.text
			if j+1 >= colVerdict && j+1 <= colNote {
				style = rw.reviewr
			}
			if s, ok := v.(string); ok {
				// Free text may quote an ID number; keys, the USCC and the
				// fingerprint are not free text (a USCC may be all digits).
				if masked[j] {
					s = rating.MaskIDs(s)
				}
				v = s
				if s == "" {
					v = nil
				}
			}
			row[j] = excelize.Cell{StyleID: style, Value: v}
		}
		if !r.Date.IsZero() {
			row[colDate-1] = excelize.Cell{StyleID: rw.date, Value: r.Date.Time()}
		} else {
			row[colDate-1] = excelize.Cell{StyleID: rw.date}
		}
		cell, _ := excelize.CoordinatesToCellName(1, i+2)
		rw.do(out.SetRow(cell, row))
	}
	rw.do(out.done())
	rw.do(rw.f.AutoFilter(sheet, fmt.Sprintf("A1:N%d", last), nil))
	rw.do(sw.Flush())
}

// validation: the drop-down on 核实结果, a date check on 核实日期 and input
// messages on the reviewer's columns. Set before the stream's Flush.
func (rw *reviewWriter) validation(sheet string, last int) {
	// Room for the override rows a reviewer adds below.
	end := last + 500
	verdicts := make([]string, len(rating.Verdicts))
	for i, v := range rating.Verdicts {
		verdicts[i] = string(v)
	}
	dv := excelize.NewDataValidation(true)
	dv.Sqref = fmt.Sprintf("I2:I%d", end)
	rw.do(dv.SetDropList(verdicts))
	dv.SetInput("核实结果", "通过 / 不通过 / 待补充；未核实留空。不通过、待补充请在「说明」写明原因。")
	dv.SetError(excelize.DataValidationErrorStyleStop, "核实结果", "请选择 通过、不通过 或 待补充")
	rw.do(rw.f.AddDataValidation(sheet, dv))

	by := excelize.NewDataValidation(true)
	by.Sqref = fmt.Sprintf("J2:J%d", end)
	by.SetInput("核实人", "填写核实人姓名")
	rw.do(rw.f.AddDataValidation(sheet, by))

	date := excelize.NewDataValidation(true)
	date.Sqref = fmt.Sprintf("K2:K%d", end)
	rw.do(date.SetRange(float64(rating.NewDate(2000, 1, 1)), float64(rating.NewDate(2099, 12, 31)), excelize.DataValidationTypeDate, excelize.DataValidationOperatorBetween))
	date.SetInput("核实日期", "如 2023-03-01；重新核实「需复核」的行时请填写新的日期")
	date.SetError(excelize.DataValidationErrorStyleStop, "核实日期", "请填写 2000-01-01 至 2099-12-31 之间的日期")
	rw.do(rw.f.AddDataValidation(sheet, date))

	note := excelize.NewDataValidation(true)
	note.Sqref = fmt.Sprintf("L2:L%d", end)
	note.SetInput("说明", "不通过、待补充的原因；条款认定必须写明理由")
	rw.do(rw.f.AddDataValidation(sheet, note))
}

// progress writes 进度: per company, live COUNTIFS over 核查清单, so a
// reviewer sees it move while filling in. Each formula also gets its value
// as of writing, for readers that do not calculate.
func (rw *reviewWriter) progress(rows []rating.ReviewRow) {
	const s = rating.ReviewSheetProgress
	if rw.err != nil {
		return
	}
	_, err := rw.f.NewSheet(s)
	rw.do(err)
	head := []string{"单位名称", "统一社会信用代码", "核查项", "通过", "不通过", "待补充", "未核实", "需复核"}
	for i, h := range head {
		c, _ := excelize.CoordinatesToCellName(i+1, 1)
		rw.do(rw.f.SetCellValue(s, c, h))
	}
	rw.do(rw.f.SetCellStyle(s, "A1", "H1", rw.head))
	rw.do(rw.f.SetColWidth(s, "A", "A", 30))
	rw.do(rw.f.SetColWidth(s, "B", "B", 22))
	rw.do(rw.f.SetColWidth(s, "C", "H", 9))
	rw.do(rw.f.SetPanes(s, &excelize.Panes{Freeze: true, YSplit: 1, TopLeftCell: "A2", ActivePane: "bottomLeft"}))
	type tally struct {
		name string
		n    [6]int
	}
	var order []string
	counts := map[string]*tally{}
	for _, r := range rows {
		if r.USCC == "" {
			continue
		}
		t := counts[r.USCC]
		if t == nil {
			t = &tally{name: r.Company}
			counts[r.USCC] = t
			order = append(order, r.USCC)
		}
		t.n[0]++
		switch {
		case r.State == rating.StateRecheck:
			t.n[5]++
		case r.Verdict == rating.VerdictPass:
			t.n[1]++
		case r.Verdict == rating.VerdictFail:
			t.n[2]++
		case r.Verdict == rating.VerdictMore:
			t.n[3]++
		case r.Verdict == rating.VerdictNone:
			t.n[4]++
		}
	}
	q := "'" + rating.ReviewSheetChecks + "'!"
	col := func(c string) string { return q + "$" + c + ":$" + c }
	for i, uscc := range order {
		row := i + 2
		t := counts[uscc]
		key := fmt.Sprintf("$B%d", row)
		formulas := []string{
			fmt.Sprintf("COUNTIFS(%s,%s)", col("C"), key),
			fmt.Sprintf(`COUNTIFS(%s,%s,%s,"通过",%s,"<>需复核")`, col("C"), key, col("I"), col("M")),
			fmt.Sprintf(`COUNTIFS(%s,%s,%s,"不通过",%s,"<>需复核")`, col("C"), key, col("I"), col("M")),
			fmt.Sprintf(`COUNTIFS(%s,%s,%s,"待补充",%s,"<>需复核")`, col("C"), key, col("I"), col("M")),
			fmt.Sprintf(`COUNTIFS(%s,%s,%s,"")`, col("C"), key, col("I")),
			fmt.Sprintf(`COUNTIFS(%s,%s,%s,"需复核")`, col("C"), key, col("M")),
		}
		rw.do(rw.f.SetCellValue(s, fmt.Sprintf("A%d", row), rating.MaskIDs(t.name)))
		rw.do(rw.f.SetCellValue(s, fmt.Sprintf("B%d", row), uscc))
		for j, fm := range formulas {
			c, _ := excelize.CoordinatesToCellName(j+3, row)
			rw.do(rw.f.SetCellValue(s, c, t.n[j]))
			rw.do(rw.f.SetCellFormula(s, c, fm))
		}
	}
	if len(order) > 0 {
		rw.do(rw.f.SetCellStyle(s, "A2", fmt.Sprintf("H%d", len(order)+1), rw.formula))
		rw.do(rw.f.AutoFilter(s, fmt.Sprintf("A1:H%d", len(order)+1), nil))
	}
	rw.do(templates.FitToWidth(rw.f, s, false))
}

// SheetReview is results.xlsx's sheet of every verdict applied.
const SheetReview = "评审"

var reviewSheetHeader = []string{"核查编号", "单位名称", "类别", "核查对象", "核实结果", "核实人", "核实日期", "说明", "来源"}

// addReviewSheet adds 评审 to results.xlsx: every verdict the round
// applied, with the review record cell it came from. Its rows are spooled
// to s, which writes the workbook.
func addReviewSheet(f *excelize.File, s *spools, verdicts Verdicts) error {
	if verdicts == nil {
		verdicts = VerdictList(nil)
	}
	n := verdicts.Len()
	if _, err := f.NewSheet(SheetReview); err != nil {
		return err
	}
	if err := f.SetSheetDimension(SheetReview, fmt.Sprintf("A1:I%d", max(n+1, 2))); err != nil {
		return err
	}
	sw, err := f.NewStreamWriter(SheetReview)
	if err != nil {
		return err
	}
	for i, wd := range []float64{34, 24, 10, 34, 10, 10, 12, 30, 34} {
		if err := sw.SetColWidth(i+1, i+1, wd); err != nil {
			return err
		}
	}
	if err := sw.SetPanes(&excelize.Panes{Freeze: true, YSplit: 1, TopLeftCell: "A2", ActivePane: "bottomLeft"}); err != nil {
		return err
	}
	head := make([]any, len(reviewSheetHeader))
	for i, h := range reviewSheetHeader {
		head[i] = h
	}
	if err := sw.SetRow("A1", head); err != nil {
		return err
	}
	row, written := make([]any, len(reviewSheetHeader)), 0 // SetRow is done with row when it returns
	sp, err := s.start(sw, 2)
	if err != nil {
		return err
	}
	err = verdicts.Each(func(v rating.AppliedVerdict) error {
		if written == n {
			return fmt.Errorf("评审: more verdicts than the %d announced", n)
		}
		written++
		row[0], row[1], row[2], row[3], row[4] = v.Key, rating.MaskIDs(v.Company), v.Category, rating.MaskIDs(v.Subject), string(v.Verdict)
		row[5], row[6], row[7], row[8] = rating.MaskIDs(v.By), v.Date.String(), rating.MaskIDs(v.Note), v.Source
		cell, _ := excelize.CoordinatesToCellName(1, written+1)
		return sp.SetRow(cell, row)
	})
	if err == nil {
		err = sp.done()
	}
	if err != nil {
		return err
	}
	if err := f.AutoFilter(SheetReview, fmt.Sprintf("A1:I%d", max(n+1, 2)), nil); err != nil {
		return err
	}
	return sw.Flush()
}
