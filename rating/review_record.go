package rating

import (
	"cmp"
	"fmt"
	"slices"
)

// ReviewFile is one review record file as read.
type ReviewFile struct {
	Name     string // as given on the command line
	SHA256   string
	Rows     []ReviewRow // 核查清单; empty when they were streamed to ReviewRecord.Add
	Expired  []ReviewRow // 已失效: kept, never applied
	Problems []Problem
}

// ReviewRecord is the verdicts of one or more review record files (one per
// reviewer, say), merged by key. It keeps what applying them needs and no
// more: a key for a row without a verdict, and for a key with one the
// verdict, who, when, why, the fingerprint marks and where the row is. The
// record of a thousand companies, 60,000 rows, so costs a few MB while a
// round is rated, not the tens its rows take (rows can be streamed in with
// Add and never held).
type ReviewRecord struct {
	Files    []ReviewFile
	Problems []Problem // those of the files, then conflicts between rows; complete after AddFile

	fileProblems, conflicts []Problem
	// entries maps a key to its mark, or to -1 when no row of the key has
	// a verdict (it is in the record: Has; nothing else is needed).
	entries map[string]int32
	marks   []mark
	// others are the rows with a verdict that are not their key's
	// counting row (a second file's, say): Unknown reports them too.
	others []markedRow
	used   []bool // by mark: a check of the round looked the key up (Use)
	seq    int32  // rows added so far: Unknown lists rows in that order
	names  map[string]string
}

// mark is the row whose verdict counts for a key, as applying needs it.
type mark struct {
	verdict           Verdict
	by, note          string
	date              Date
	fingerprint       string
	recheck           string
	file, sheet, cell string // where its 核实结果 is
	row, seq          int32
	conflict          bool // two rows disagree: the key counts as not checked
}

// markedRow is a row with a verdict that is not its key's counting row.
type markedRow struct {
	key               string
	file, sheet, cell string
	row, seq          int32
}

// NewReviewRecord merges review record files. The same key with two
// different verdicts is an error naming both cells, and the key counts as
// not checked.
func NewReviewRecord(files ...ReviewFile) *ReviewRecord {
	rec := &ReviewRecord{}
	for _, f := range files {
		for _, r := range f.Rows {
			rec.Add(r)
		}
		rec.AddFile(f)
	}
	return rec
}

// AddFile records a file whose rows were added (Add): its name, sha256
// and problems, and completes Problems. Its Rows are kept as they are: a
// caller streaming rows in passes none.
func (rec *ReviewRecord) AddFile(f ReviewFile) {
	rec.Files = append(rec.Files, f)
	rec.fileProblems = append(rec.fileProblems, f.Problems...)
	rec.Problems = append(slices.Clone(rec.fileProblems), rec.conflicts...)
}

// Add merges one row of 核查清单, file by file in sheet order. A row
// without a verdict counts only when it is the key's first; a verdict that
// counts (decided) replaces one that does not; two that count and differ
// are a conflict.
func (rec *ReviewRecord) Add(r ReviewRow) {
	if rec.entries == nil {
		rec.entries, rec.names = map[string]int32{}, map[string]string{}
	}
	rec.seq++
	if r.Key == "" { // applies to nothing; a verdict on it is listed by Unknown
		if r.Verdict != VerdictNone {
			rec.others = append(rec.others, markedRow{file: r.File, sheet: r.Sheet, cell: r.VerdictCell, row: int32(r.Row), seq: rec.seq})
		}
		return
	}
	i, seen := rec.entries[r.Key]
	if r.Verdict == VerdictNone {
		if !seen {
			rec.entries[r.Key] = -1
		}
		return
	}
	at := markedRow{key: r.Key, file: r.File, sheet: r.Sheet, cell: r.VerdictCell, row: int32(r.Row), seq: rec.seq}
	switch {
	case !seen:
		rec.entries[r.Key] = rec.newMark(r, at)
	case i < 0:
		// The counting row has no verdict; a decided one takes its place,
		// one awaiting a recheck does not (it is listed all the same).
		if decided(r) {
			rec.entries[r.Key] = rec.newMark(r, at)
			return
		}
		rec.entries[r.Key] = rec.newMark(ReviewRow{}, markedRow{})
		rec.others = append(rec.others, at)
	default:
		m := &rec.marks[i]
		switch {
		case !decided(r):
			rec.others = append(rec.others, at)
		case !m.decided():
			if m.verdict != VerdictNone {
				rec.others = append(rec.others, markedRow{key: r.Key, file: m.file, sheet: m.sheet, cell: m.cell, row: m.row, seq: m.seq})
			}
			conflict := m.conflict
			*m = rec.mark(r, at)
			m.conflict = conflict
		default:
			if r.Verdict != m.verdict && !m.conflict {
				m.conflict = true
				rec.conflicts = append(rec.conflicts, Problem{
					Severity: SeverityError, File: r.File, Sheet: r.Sheet, Cell: r.VerdictCell, Code: CodeReview,
					Value: string(r.Verdict), Expected: "与 " + m.where() + " 一致",
					Message: fmt.Sprintf("核查编号「%s」的核实结果互相矛盾：%s 为「%s」，%s 为「%s」；该项按未核实计", r.Key, m.where(), m.verdict, r.Where(), r.Verdict),
				})
			}
			rec.others = append(rec.others, at)
		}
	}
}

func (rec *ReviewRecord) newMark(r ReviewRow, at markedRow) int32 {
	rec.marks = append(rec.marks, rec.mark(r, at))
	rec.used = append(rec.used, false)
	return int32(len(rec.marks) - 1)
}

func (rec *ReviewRecord) mark(r ReviewRow, at markedRow) mark {
	by, ok := rec.names[r.By] // a few reviewers sign thousands of rows
	if !ok {
		by = r.By
		rec.names[by] = by
	}
	return mark{verdict: canonical(r.Verdict), by: by, note: r.Note, date: r.Date, fingerprint: r.Fingerprint, recheck: r.Recheck,
		file: at.file, sheet: at.sheet, cell: at.cell, row: at.row, seq: at.seq}
}

// canonical is the verdict as one of the constants, so that a row does not
// keep its cell's copy of the text.
func canonical(v Verdict) Verdict {
	for _, c := range Verdicts {
		if v == c {
			return c
		}
	}
	return v
}

// row is the counting row as ReviewRow, with the fields applying uses.
func (m *mark) reviewRow(key string) ReviewRow {
	return ReviewRow{Key: key, Verdict: m.verdict, By: m.by, Date: m.date, Note: m.note, Fingerprint: m.fingerprint,
		Recheck: m.recheck, File: m.file, Sheet: m.sheet, Row: int(m.row), VerdictCell: m.cell}
}

func (m *mark) where() string { return m.file + " " + m.sheet + "!" + m.cell }

func (m *mark) decided() bool {
	return m.verdict != VerdictNone && !(m.recheck != "" && m.recheck == m.reviewRow("").VerdictMark())
}

// decided: a verdict that counts (not empty, not awaiting a recheck).
func decided(r ReviewRow) bool { return r.Verdict != VerdictNone && !r.awaitsRecheck() }

// Has reports whether the record has a row of 核查清单 with the key.
func (rec *ReviewRecord) Has(key string) bool {
	if rec == nil {
		return false
	}
	_, ok := rec.entries[key]
	return ok
}

// judged reports whether a row of the key has a verdict: only such a row
// can be reported by Unknown.
func (rec *ReviewRecord) judged(key string) bool {
	if rec == nil {
		return false
	}
	i, ok := rec.entries[key]
	return ok && i >= 0
}

// Row returns the row whose verdict counts for the key. Of a key whose
// rows have no verdict only the key is kept.
func (rec *ReviewRecord) Row(key string) (ReviewRow, bool) {
	if rec == nil {
		return ReviewRow{}, false
	}
	i, ok := rec.entries[key]
	switch {
	case !ok:
		return ReviewRow{}, false
	case i < 0:
		return ReviewRow{Key: key}, true
	}
	return rec.marks[i].reviewRow(key), true
}

// conflicting reports whether two rows of the key disagree.
func (rec *ReviewRecord) conflicting(key string) bool {
	i, ok := rec.entries[key]
	return ok && i >= 0 && rec.marks[i].conflict
}

// Use notes the keys a check of the round looked up (ReviewOutcome.Keys),
// for Unknown. It is not safe for concurrent use.
func (rec *ReviewRecord) Use(keys []string) {
	for _, k := range keys {
		if i, ok := rec.entries[k]; ok && i >= 0 {
			rec.used[i] = true
		}
	}
}

// Unknown returns a warning for each row of 核查清单 that a reviewer filled
// in and whose key no check of the round used (Use): its company or
// subject is not in the round. Rows are listed in the order they were
// added.
func (rec *ReviewRecord) Unknown() []Problem {
	var rows []markedRow
	for k, i := range rec.entries {
		if i < 0 || rec.used[i] {
			continue
		}
		if m := &rec.marks[i]; m.verdict != VerdictNone {
			rows = append(rows, markedRow{key: k, file: m.file, sheet: m.sheet, cell: m.cell, row: m.row, seq: m.seq})
		}
	}
	for _, o := range rec.others {
		if i, ok := rec.entries[o.key]; !ok || i < 0 || !rec.used[i] {
			rows = append(rows, o)
		}
	}
	slices.SortFunc(rows, func(a, b markedRow) int { return cmp.Compare(a.seq, b.seq) })
	ps := make([]Problem, 0, len(rows))
	for _, r := range rows {
		ps = append(ps, Problem{
			Severity: SeverityWarning, File: r.file, Sheet: r.sheet, Cell: r.cell, Code: CodeReview, Value: r.key,
			Message: fmt.Sprintf("核查编号「%s」在本轮申报中找不到对应的单位或核查对象，其核实结果未被采用", r.key),
		})
	}
	return ps
}

// decide is the standing of one check of the current application.
func (rec *ReviewRecord) decide(c ReviewCheck) (decision, *ReviewRow) {
	if rec == nil {
		return undecided, nil
	}
	i, ok := rec.entries[c.Key]
	if !ok || i < 0 || rec.marks[i].conflict {
		return undecided, nil
	}
	r := rec.marks[i].reviewRow(c.Key)
	switch {
	case r.Verdict == VerdictNone:
		return undecided, &r
	case r.Fingerprint != c.Fingerprint || r.awaitsRecheck():
		return stale, &r
	case r.Verdict == VerdictPass:
		return passed, &r
	case r.Verdict == VerdictFail:
		return refuted, &r
	}
	return undecided, &r
}

// decision is where one check stands.
type decision int

// The decisions of a check.
const (
	undecided decision = iota // not checked, 待补充, conflicting, or no row
	passed                    // 通过
	refuted                   // 不通过
	stale                     // the data changed since the verdict: 需复核
)
