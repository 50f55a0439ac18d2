package importer

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"strings"

	"github.com/xuri/excelize/v2"

	"github.com/bax/starrate/rating"
	"github.com/bax/starrate/templates"
)

// ReadReviewFile reads a review record (评审记录.xlsx, rating-model.md §6)
// at path; display is how problems name it. Every problem is of code
// rating.CodeReview: a bad 核实结果 or 核实日期 and an override without 说明
// are errors on their cells, a key that names no check a warning.
func ReadReviewFile(ctx context.Context, path, display string, o Options) rating.ReviewFile {
	return readReviewFile(ctx, path, display, o, nil)
}

// ReviewRows take the rows of a review record as they are read: Checks
// those of 核查清单, then Expired those of 已失效. A nil one drops its rows
// (their cells are still checked). Which sheet a row came from is said by
// which function takes it: a row's Sheet is the sheet's name as written,
// which may differ from the contract's (「核查清单 」 is 核查清单).
type ReviewRows struct {
	Checks, Expired func(rating.ReviewRow)
}

// StreamReviewFile reads a review record as ReadReviewFile does, but hands
// each row to to as it is read instead of keeping it (Rows and Expired
// stay empty). A caller keeps what it needs of them (rating.ReviewRecord.Add
// keeps little), in the memory of a row. Rows handed over before a read
// fails stay handed over; the file then has an error. A read cancelled
// (ctx) stops quietly: the caller must look at ctx before using the rows.
func StreamReviewFile(ctx context.Context, path, display string, o Options, to ReviewRows) rating.ReviewFile {
	return readReviewFile(ctx, path, display, o, &to)
}

func readReviewFile(ctx context.Context, path, display string, o Options, to *ReviewRows) rating.ReviewFile {
	o = o.withDefaults()
	data, fe := load(ctx, path, o.MaxFileSize)
	if fe != nil {
		p := fileProblem(display, fe)
		p.Code, p.Message = rating.CodeReview, "评审记录"+p.Message
		return rating.ReviewFile{Name: display, Problems: []rating.Problem{p}}
	}
	return readReview(ctx, data, display, o, to)
}

// ReadReview reads a review record from its bytes. It does not panic.
func ReadReview(ctx context.Context, data []byte, display string, o Options) rating.ReviewFile {
	return readReview(ctx, data, display, o, nil)
}

// readReview reads a review record; to, when not nil, takes the rows
// instead of Rows and Expired.
func readReview(ctx context.Context, data []byte, display string, o Options, to *ReviewRows) (rf rating.ReviewFile) {
	o = o.withDefaults()
	sum := sha256.Sum256(data)
	rf = rating.ReviewFile{Name: display, SHA256: hex.EncodeToString(sum[:])}
	r := &reader{ctx: ctx, file: display}
	defer func() {
		if v := recover(); v != nil {
			r.errorf("", "", "", "", rating.CodeReview, "评审记录无法读取：读取时发生内部错误（%v）", v)
			rf.Rows, rf.Expired = nil, nil
		}
		for i := range r.problems {
			r.problems[i].Code = rating.CodeReview
		}
		rf.Problems = r.problems
	}()
	f, damaged, heavy, fe := open(data, &o)
	if fe != nil {
		r.errorf("", "", "", "Excel 工作簿 (.xlsx)", rating.CodeReview, "评审记录%s", fe.msg)
		return rf
	}
	defer f.Close()
	r.f, r.damaged, r.heavy = f, damaged, heavy
	if props, err := f.GetWorkbookProps(); err == nil && props.Date1904 != nil {
		r.date1904 = *props.Date1904
	}
	sheet, ok := r.sheet(rating.ReviewSheetChecks)
	if !ok {
		r.errorf(rating.ReviewSheetChecks, "", "", "工作表「"+rating.ReviewSheetChecks+"」", rating.CodeReview,
			"不是评审记录：缺少工作表「%s」（请用 starrate review 生成评审记录）", rating.ReviewSheetChecks)
		return rf
	}
	checks, expired := func(row rating.ReviewRow) { rf.Rows = append(rf.Rows, row) }, func(row rating.ReviewRow) { rf.Expired = append(rf.Expired, row) }
	if to != nil {
		drop := func(rating.ReviewRow) {}
		checks, expired = drop, drop
		if to.Checks != nil {
			checks = to.Checks
		}
		if to.Expired != nil {
			expired = to.Expired
		}
	}
	r.reviewRows(sheet, true, checks)
	if sheet, ok := r.sheet(rating.ReviewSheetExpired); ok {
		r.reviewRows(sheet, false, expired)
	}
	return rf
}

// reviewColumns is where the columns of the record were found: header →
// 0-based index.
type reviewColumns map[string]int

// reviewRequired are the columns without which no verdict can be read.
var reviewRequired = []string{"核查编号", "核实结果", "核实人", "核实日期", "说明"}

// reviewRows reads the rows of 核查清单 or 已失效, each to emit. Only
// 核查清单 (check) has its verdicts checked: 已失效 rows are kept, never
// applied.
func (r *reader) reviewRows(sheet string, check bool, emit func(rating.ReviewRow)) {
	var cols reviewColumns
	r.rows(sheet, func(row int, cells []string) bool {
		if cols == nil {
			if row > headerSearchRows {
				r.errorf(sheet, "", "", strings.Join(rating.ReviewColumns, "、"), rating.CodeReview,
					"前 %d 行中找不到表头（应有「核查编号」「核实结果」等列）", headerSearchRows)
				return false
			}
			if c := findReviewHeader(cells); c != nil {
				cols = c
				if check {
					r.checkReviewHeader(sheet, row, cols)
				}
			}
			return true
		}
		if rr, ok := r.reviewRow(sheet, row, cells, cols, check); ok {
			emit(rr)
		}
		return true
	})
	if cols == nil && check {
		r.errorf(sheet, "", "", strings.Join(rating.ReviewColumns, "、"), rating.CodeReview, "找不到表头（应有「核查编号」「核实结果」等列）")
	}
}

func findReviewHeader(cells []string) reviewColumns {
	cols := reviewColumns{}
	for i, c := range cells {
		h := templates.Fold(c)
		for _, want := range append(rating.ReviewColumns, rating.ReviewFingerprintHeader) {
			if h == templates.Fold(want) {
				if _, dup := cols[want]; !dup {
					cols[want] = i
				}
			}
		}
	}
	if _, ok := cols["核查编号"]; !ok {
		return nil
	}
	if _, ok := cols["核实结果"]; !ok {
		return nil
	}
	return cols
}

func (r *reader) checkReviewHeader(sheet string, row int, cols reviewColumns) {
	for _, h := range reviewRequired {
		if _, ok := cols[h]; !ok {
			r.errorf(sheet, fmt.Sprintf("A%d", row), "", "列「"+h+"」", rating.CodeReview, "评审记录缺少列「%s」，该列的内容无法读取", h)
		}
	}
	if _, ok := cols[rating.ReviewFingerprintHeader]; !ok {
		r.warnf(sheet, fmt.Sprintf("A%d", row), "", "隐藏列「"+rating.ReviewFingerprintHeader+"」", rating.CodeReview,
			"评审记录缺少隐藏列「%s」：无法判断申报内容是否修改过，已有的核实结果均按需复核计；请用 starrate review 重新生成", rating.ReviewFingerprintHeader)
	}
}

func cellName(col, row int) string {
	c, _ := excelize.CoordinatesToCellName(col+1, row)
	return c
}

// reviewRow reads one row; false for a blank row.
func (r *reader) reviewRow(sheet string, row int, cells []string, cols reviewColumns, check bool) (rating.ReviewRow, bool) {
	get := func(h string) string {
		i, ok := cols[h]
		if !ok || i >= len(cells) {
			return ""
		}
		return strings.TrimSpace(cells[i])
	}
	at := func(h string) string {
		i, ok := cols[h]
		if !ok {
			return ""
		}
		return cellName(i, row)
	}
	rr := rating.ReviewRow{
		Key: get("核查编号"), Company: get("单位名称"), USCC: get("统一社会信用代码"), Category: get("类别"),
		Clauses: get("条款"), Subject: get("核查对象"), Declared: get("申报内容"), Evidence: get("证明材料"),
		By: get("核实人"), Note: get("说明"), State: get("状态"),
		File: r.file, Sheet: sheet, Row: row, VerdictCell: at("核实结果"),
	}
	rr.Fingerprint, rr.Recheck = rating.ParseFingerprint(get(rating.ReviewFingerprintHeader))
	verdict := clean(get("核实结果"))
	if rr.Key == "" && verdict == "" && rr.By == "" && rr.Note == "" && get("核实日期") == "" {
		return rr, false
	}
	// A 已失效 row is never applied, but it comes back to 核查清单 when its
	// subject does: its faults are said now, and its verdict text is kept
	// as typed (nothing a reviewer typed is lost).
	verdictFault, dateFault := "核实结果不是可选值，该项按未核实计", "核实日期无法识别"
	if !check {
		verdictFault = "已失效的核实结果不是可选值：原样保留，不被采用；若该核查恢复，按未核实计"
		dateFault = "已失效的核实日期无法识别：不被采用，更新评审记录时不保留"
	}
	switch v := rating.Verdict(verdict); v {
	case rating.VerdictNone, rating.VerdictPass, rating.VerdictFail, rating.VerdictMore:
		rr.Verdict = v
	default:
		r.errorf(sheet, at("核实结果"), verdict, "通过、不通过或待补充（未核实留空）", rating.CodeReview, "%s", verdictFault)
		if !check {
			rr.Verdict = v
		}
	}
	if v := get("核实日期"); v != "" {
		d, err := ParseDate(v, r.date1904)
		if err != nil {
			r.errorf(sheet, at("核实日期"), v, dateExpected, rating.CodeReview, "%s", dateFault)
		}
		rr.Date = d
	}
	if !check {
		return rr, true
	}
	_, code, _, ok := rating.ParseReviewKey(rr.Key)
	switch {
	case rr.Key == "":
		r.warnf(sheet, at("核查编号"), "", "{统一社会信用代码}-{类别代码}-{对象}", rating.CodeReview, "本行有核实结果但没有核查编号，未被采用")
	case !ok:
		r.warnf(sheet, at("核查编号"), rr.Key, "{统一社会信用代码}-{类别代码}-{对象}，如 …-item-Q1、…-clause-5.2.2.1", rating.CodeReview, "核查编号无法识别，本行未被采用")
	case code == rating.CategoryClause && rr.Verdict == rating.VerdictMore:
		r.errorf(sheet, at("核实结果"), verdict, "通过或不通过", rating.CodeReview, "条款认定只能为「通过」或「不通过」，本行未被采用")
		rr.Verdict = rating.VerdictNone
	case code == rating.CategoryClause && rr.Verdict != rating.VerdictNone && rr.Note == "":
		r.errorf(sheet, at("说明"), "", "认定理由", rating.CodeReview, "条款认定（%s）必须在「说明」中写明理由，本行未被采用", rr.Key)
	}
	return rr, true
}
