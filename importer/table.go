package importer

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/xuri/excelize/v2"

	"github.com/bax/starrate/rating"
	"github.com/bax/starrate/templates"
)

// headerSearchRows is how far down a sheet the header row may be.
const headerSearchRows = 10

// reader reads one workbook and collects its problems.
type reader struct {
	ctx      context.Context
	file     string
	f        *excelize.File
	date1904 bool
	damaged  map[string]*sheetFault // sheet name → what is wrong with it
	heavy    map[string]bool        // sheets too large to load whole
	listed   listing
	sheets   map[string]string // folded name → name as in the workbook
	merged   map[string][]excelize.MergeCell
	columns  map[string]map[string]int // sheet → column key → index
	problems []rating.Problem
}

func (r *reader) add(p rating.Problem) {
	if !r.listed.admit(&p) {
		return
	}
	p.File = r.file
	r.problems = append(r.problems, p)
}

func (r *reader) errorf(sheet, cell, value, expected string, code rating.Code, format string, args ...any) {
	r.add(rating.Problem{Severity: rating.SeverityError, Sheet: sheet, Cell: cell, Value: value, Expected: expected, Code: code, Message: fmt.Sprintf(format, args...)})
}

func (r *reader) warnf(sheet, cell, value, expected string, code rating.Code, format string, args ...any) {
	r.add(rating.Problem{Severity: rating.SeverityWarning, Sheet: sheet, Cell: cell, Value: value, Expected: expected, Code: code, Message: fmt.Sprintf(format, args...)})
}

// damagedf reports a sheet whose XML cannot be read.
func (r *reader) damagedf(sheet, format string, args ...any) {
	r.add(rating.Problem{Severity: rating.SeverityError, Sheet: sheet, Code: rating.CodeDamaged, Message: fmt.Sprintf(format, args...)})
}

// sheet returns the workbook's name of a template sheet, matching names the
// way headers are matched (full-width, spaces).
func (r *reader) sheet(name string) (string, bool) {
	if r.sheets == nil {
		r.sheets = map[string]string{}
		for _, s := range r.f.GetSheetList() {
			if _, dup := r.sheets[templates.Fold(s)]; !dup {
				r.sheets[templates.Fold(s)] = s
			}
		}
	}
	s, ok := r.sheets[templates.Fold(name)]
	return s, ok
}

// rows streams a sheet's rows as raw values (dates as serial numbers,
// numbers as stored), calling fn with the 1-based row number until fn
// returns false. A damaged sheet is reported and read as empty: its first
// part alone would make a wrong rating look right.
func (r *reader) rows(sheet string, fn func(row int, cells []string) bool) {
	if fault, bad := r.damaged[sheet]; bad {
		r.add(fault.problem(sheet))
		return
	}
	rows, err := r.f.Rows(sheet)
	if err != nil {
		r.damagedf(sheet, "工作表无法读取（%v）", err)
		return
	}
	defer rows.Close()
	for row := 1; rows.Next(); row++ {
		if row%1024 == 0 && r.ctx.Err() != nil {
			return
		}
		cells, err := rows.Columns(excelize.Options{RawCellValue: true})
		if err != nil {
			r.damagedf(sheet, "第 %d 行数据无法读取（%v）；本行未读取", row, err)
			continue
		}
		if !fn(row, cells) {
			return
		}
	}
	if err := rows.Error(); err != nil {
		r.damagedf(sheet, "工作表读取中断（%v）", err)
	}
}

// header is where a table's columns are.
type header struct {
	row     int
	cols    map[string]int // column key → 0-based index
	retired map[string]int // key of a Retired column → 0-based index
}

func matchHeader(t templates.Table, cells []string) header {
	h := header{cols: map[string]int{}}
cell:
	for i, c := range cells {
		fc := templates.Fold(c)
		if fc == "" {
			continue
		}
		for _, col := range t.Columns {
			if _, taken := h.cols[col.Key]; taken {
				continue
			}
			if fc == templates.Fold(col.Header) || containsFolded(col.Aliases, fc) {
				h.cols[col.Key] = i
				continue cell
			}
		}
		for _, col := range t.Retired {
			if fc == templates.Fold(col.Header) {
				if h.retired == nil {
					h.retired = map[string]int{}
				}
				h.retired[col.Key] = i
			}
		}
	}
	return h
}

func containsFolded(list []string, folded string) bool {
	for _, s := range list {
		if templates.Fold(s) == folded {
			return true
		}
	}
	return false
}

func missingColumns(t templates.Table, h header) []string {
	var miss []string
	for _, c := range t.Columns {
		if _, ok := h.cols[c.Key]; c.Required && !ok {
			miss = append(miss, c.Header)
		}
	}
	return miss
}

// table reads a table sheet: finds its header row among the first rows by
// the header texts, then calls fn for every non-blank record below it.
// It reports a missing sheet or missing columns and returns false then.
func (r *reader) table(t templates.Table, fn func(rec *record)) bool {
	sheet, ok := r.sheet(t.Name)
	if !ok {
		r.errorf(t.Name, "", "", "工作表「"+t.Name+"」", rating.CodeMissingSheet, "缺少工作表「%s」；本表的内容按没有计", t.Name)
		return false
	}
	var (
		h     header
		best  header
		found bool
	)
	rec := &record{r: r, t: &t, sheet: sheet}
	filled := map[string]int{} // retired column key → rows that had a value in it
	r.rows(sheet, func(row int, cells []string) bool {
		if !found {
			cand := matchHeader(t, cells)
			cand.row = row
			if len(missingColumns(t, cand)) == 0 {
				h, found = cand, true
				if r.columns == nil {
					r.columns = map[string]map[string]int{}
				}
				r.columns[sheet] = h.cols
				return true
			}
			if len(cand.cols) > len(best.cols) {
				best = cand
			}
			return row < headerSearchRows
		}
		rec.row, rec.cells, rec.cols, rec.bad = row, cells, h.cols, nil
		for key, i := range h.retired {
			if i < len(cells) && strings.TrimSpace(cells[i]) != "" {
				filled[key]++
			}
		}
		switch {
		case rec.blank():
		case rec.example():
		case rec.total():
		default:
			fn(rec)
		}
		return true
	})
	for _, rc := range t.Retired {
		i, has := h.retired[rc.Key]
		if !has {
			continue
		}
		c, _ := excelize.CoordinatesToCellName(i+1, h.row)
		r.warnf(sheet, c, rc.Header, "不含「"+rc.Header+"」列（"+templates.Version+" 模板）", rating.CodeOutdated,
			"「%s」列来自 %s 模板：%s；本列已忽略（%d 行填写了内容，均未采用）", rc.Header, rc.Version, rc.Why, filled[rc.Key])
	}
	if !found {
		if _, bad := r.damaged[sheet]; bad {
			return false
		}
		if len(best.cols) == 0 {
			r.errorf(sheet, "", "", fmt.Sprintf("前 %d 行内有表头行：%s", headerSearchRows, headers(t)), rating.CodeMissingColumn, "找不到表头行；本表未读取")
			return false
		}
		miss := missingColumns(t, best)
		r.errorf(sheet, fmt.Sprintf("A%d", best.row), "", "表头包含："+strings.Join(miss, "、"), rating.CodeMissingColumn,
			"表头缺少必需的列：%s；本表未读取", strings.Join(miss, "、"))
		return false
	}
	return true
}

func headers(t templates.Table) string {
	var hs []string
	for _, c := range t.Columns {
		if c.Required {
			hs = append(hs, c.Header)
		}
	}
	return strings.Join(hs, "、")
}

// record is one row of a table being read.
type record struct {
	r     *reader
	t     *templates.Table
	sheet string
	row   int
	cells []string
	cols  map[string]int
	// bad collects the keys of the columns whose value had an error, for
	// the record's Bad field: a mistake never helps the company.
	bad rating.FieldSet
}

func (rec *record) ref() rating.Ref { return rating.Ref{Sheet: rec.sheet, Row: rec.row} }

// blank reports whether the row has nothing but perhaps a 序号: templates
// are often handed out with numbered empty rows.
func (rec *record) blank() bool {
	for key, i := range rec.cols {
		if key == "seq" || i >= len(rec.cells) {
			continue
		}
		if strings.TrimSpace(rec.cells[i]) != "" {
			return false
		}
	}
	return true
}

// example reports whether the row is the template's example row (「示例」
// in a cell, normally 序号), which is not data. An example row that was
// edited may hold real data typed over it: that gets a warning.
func (rec *record) example() bool {
	mark := -1
	for i, c := range rec.cells {
		if strings.Contains(c, templates.ExampleMark) && templates.Fold(c) == templates.ExampleMark {
			mark = i
			break
		}
	}
	if mark < 0 {
		return false
	}
	for _, col := range rec.t.Columns {
		i, ok := rec.cols[col.Key]
		if !ok || i >= len(rec.cells) || i == mark {
			continue
		}
		if v := strings.TrimSpace(rec.cells[i]); v != "" && v != col.Example {
			c, _ := excelize.CoordinatesToCellName(mark+1, rec.row)
			rec.r.warnf(rec.sheet, c, templates.ExampleMark, "序号（数字）", rating.CodeExcluded,
				"第 %d 行标为「%s」，按示例行未读取，但它的内容与模板示例不同；如果是实际数据，请把「%s」改为序号", rec.row, templates.ExampleMark, templates.ExampleMark)
			break
		}
	}
	return true
}

// total reports, with a warning, a 合计/小计/总计 row: it sums the rows
// above it, and read as a record it would be one more client or person.
func (rec *record) total() bool {
	for i, c := range rec.cells {
		if !templates.IsTotalLabel(c) {
			continue
		}
		at, _ := excelize.CoordinatesToCellName(i+1, rec.row)
		rec.r.warnf(rec.sheet, at, strings.TrimSpace(c), "每行一条记录", rating.CodeExcluded,
			"第 %d 行是「%s」行，不是一条记录：已跳过，不计入任何指标（不是客户、人员或培训）；可以删除本行", rec.row, strings.TrimSpace(c))
		return true
	}
	return false
}

func (rec *record) cell(key string) string {
	i, ok := rec.cols[key]
	if !ok {
		return ""
	}
	c, _ := excelize.CoordinatesToCellName(i+1, rec.row)
	return c
}

// raw returns the cell's text for a column, reporting a spreadsheet error
// value or an empty required cell. ok is false when there is no usable value.
func (rec *record) raw(key string) (v string, ok bool) {
	col := rec.t.Column(key)
	if i, has := rec.cols[key]; has && i < len(rec.cells) {
		v = strings.TrimSpace(rec.cells[i])
	}
	if spreadsheetErrors[strings.ToUpper(v)] {
		rec.r.errorf(rec.sheet, rec.cell(key), v, col.Header, rating.CodeBadValue, "「%s」单元格是公式错误值 %s；按未填写计", col.Header, v)
		rec.bad.Add(key)
		return "", false
	}
	if col.Placeholder && templates.IsPlaceholder(v) {
		return "", false // 「无」 where the help says 无则留空: nothing held
	}
	if v == "" {
		if col.Required {
			rec.r.explainEmpty(rec.sheet, rec.cell(key), col.Header)
			rec.bad.Add(key)
		}
		return "", false
	}
	return v, true
}

// explainEmpty reports an empty required cell, saying why it may look
// filled: a formula without a saved result, or a merged cell. Both need the
// whole sheet loaded, which is done only here, on the way to an error.
func (r *reader) explainEmpty(sheet, cell, what string) {
	if cell == "" {
		r.errorf(sheet, "", "", what, rating.CodeMissingColumn, "缺少「%s」列", what)
		return
	}
	if formula, err := r.formula(sheet, cell); err == nil && formula != "" {
		r.errorf(sheet, cell, "="+formula, what, rating.CodeMissingValue,
			"「%s」是公式，但文件中没有保存计算结果；请在 Excel、WPS 或 LibreOffice 中打开并保存后再提交", what)
		return
	}
	if r.merged == nil {
		r.merged = map[string][]excelize.MergeCell{}
	}
	mcs, seen := r.merged[sheet]
	if !seen {
		mcs, _ = r.mergeCells(sheet)
		r.merged[sheet] = mcs
	}
	col, row, _ := excelize.CellNameToCoordinates(cell)
	for _, mc := range mcs {
		c1, r1, err1 := excelize.CellNameToCoordinates(mc.GetStartAxis())
		c2, r2, err2 := excelize.CellNameToCoordinates(mc.GetEndAxis())
		if err1 != nil || err2 != nil || col < c1 || col > c2 || row < r1 || row > r2 {
			continue
		}
		r.errorf(sheet, cell, "", what, rating.CodeMissingValue,
			"「%s」位于合并单元格 %s:%s 中，值只在 %s；请取消合并，在每一行填写", what, mc.GetStartAxis(), mc.GetEndAxis(), mc.GetStartAxis())
		return
	}
	r.errorf(sheet, cell, "", what, rating.CodeMissingValue, "必填项「%s」为空", what)
}

// parsed reports a value a parser refused, as an error.
func (rec *record) parsed(key, v string, err error) {
	rec.refused(key, v, err, rating.SeverityError, false)
}

// refused reports a value a parser refused; personal marks an ID number,
// which summaries mask.
func (rec *record) refused(key, v string, err error, sev rating.Severity, personal bool) {
	col := rec.t.Column(key)
	expected, reason := col.Header, "无法识别"
	var ve *valueError
	if errors.As(err, &ve) {
		expected, reason = ve.expected, ve.reason
	}
	msg := fmt.Sprintf("「%s」%s", col.Header, reason)
	if sev == rating.SeverityError {
		rec.bad.Add(key)
	} else {
		msg += "：仍按所填内容读取" // a warning says what was done with the value
	}
	rec.r.add(rating.Problem{Severity: sev, Sheet: rec.sheet, Cell: rec.cell(key), Value: v, Expected: expected,
		Message: msg, Personal: personal, Code: rating.CodeBadValue})
}

func (rec *record) text(key string) string {
	v, _ := rec.raw(key)
	return v
}

// parse reads a column through a parser: the zero value (Unknown, no
// date) when the cell is empty; what the parser returns, with an error on
// the cell, when it refuses the value.
func parse[T any](rec *record, key string, parser func(string) (T, error)) T {
	v, ok := rec.raw(key)
	if !ok {
		var zero T
		return zero
	}
	out, err := parser(v)
	if err != nil {
		rec.parsed(key, v, err)
	}
	return out
}

func (rec *record) yesNo(key string) rating.Tri { return parse(rec, key, ParseYesNo) }

func (rec *record) date(key string) rating.Date {
	return parse(rec, key, func(v string) (rating.Date, error) { return ParseDate(v, rec.r.date1904) })
}

func (rec *record) education(key string) rating.Education { return parse(rec, key, ParseEducation) }

func (rec *record) decimal(key string) rating.Decimal {
	v, ok := rec.raw(key)
	if !ok {
		return 0
	}
	d, err := ParseDecimal(v)
	if err != nil {
		rec.parsed(key, v, err)
		return 0
	}
	if d < 0 {
		rec.parsed(key, v, bad("不小于 0 的数", "不能为负数"))
		return 0
	}
	return d
}

// idNumber reads a 身份证号: a bad check digit is a warning, a number that
// lost its last digits to a numeric cell an error.
func (rec *record) idNumber(key string) string {
	v, ok := rec.raw(key)
	if !ok {
		return ""
	}
	id, err := ParseIDNumber(v)
	if err != nil {
		sev := rating.SeverityWarning
		if strings.Contains(err.Error(), "数字") { // stored as a number: digits are lost
			sev = rating.SeverityError
		}
		rec.refused(key, v, err, sev, true)
	}
	return id
}
