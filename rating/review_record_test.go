package rating

import (
	"fmt"
	"math/rand/v2"
	"runtime"
	"slices"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// model is the review record's semantics written the plain way, over whole
// rows held in memory: the first row of a key counts; a decided verdict
// replaces one that is not; two decided ones that differ conflict; Unknown
// lists every row with a verdict whose key no check used. ReviewRecord
// keeps far less; TestReviewRecordAgainstModel holds it to this.
type model struct {
	rows     []ReviewRow
	entries  map[string]*modelEntry
	problems []Problem
}

type modelEntry struct {
	row      *ReviewRow
	conflict bool
}

func newModel(rows []ReviewRow) *model {
	m := &model{rows: rows, entries: map[string]*modelEntry{}}
	for i := range m.rows {
		r := &m.rows[i]
		if r.Key == "" {
			continue
		}
		e := m.entries[r.Key]
		switch {
		case e == nil:
			m.entries[r.Key] = &modelEntry{row: r}
		case !decided(*r):
		case !decided(*e.row):
			e.row = r
		case r.Verdict != e.row.Verdict && !e.conflict:
			e.conflict = true
			m.problems = append(m.problems, Problem{Severity: SeverityError, File: r.File, Sheet: r.Sheet, Cell: r.VerdictCell, Code: CodeReview,
				Value: string(r.Verdict), Expected: "与 " + e.row.Where() + " 一致",
				Message: fmt.Sprintf("核查编号「%s」的核实结果互相矛盾：%s 为「%s」，%s 为「%s」；该项按未核实计", r.Key, e.row.Where(), e.row.Verdict, r.Where(), r.Verdict)})
		}
	}
	return m
}

func (m *model) decide(c ReviewCheck) decision {
	e := m.entries[c.Key]
	if e == nil || e.conflict {
		return undecided
	}
	r := e.row
	switch {
	case r.Verdict == VerdictNone:
		return undecided
	case r.Fingerprint != c.Fingerprint || r.awaitsRecheck():
		return stale
	case r.Verdict == VerdictPass:
		return passed
	case r.Verdict == VerdictFail:
		return refuted
	}
	return undecided
}

func (m *model) unknown(used map[string]bool) []Problem {
	var ps []Problem
	for _, r := range m.rows {
		if used[r.Key] || r.Verdict == VerdictNone {
			continue
		}
		ps = append(ps, Problem{Severity: SeverityWarning, File: r.File, Sheet: r.Sheet, Cell: r.VerdictCell, Code: CodeReview, Value: r.Key,
			Message: fmt.Sprintf("核查编号「%s」在本轮申报中找不到对应的单位或核查对象，其核实结果未被采用", r.Key)})
	}
	return ps
}

// TestReviewRecordAgainstModel: random records of two files — few keys,
// so that keys repeat within and across files; every verdict, rows
// awaiting a recheck, stale fingerprints, blank keys — merged by
// ReviewRecord (streamed in with Add, as a round reads them) decide every
// check, report every conflict and unknown row, and hand back every
// counting row as the model does.
func TestReviewRecordAgainstModel(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	verdicts := []Verdict{VerdictNone, VerdictNone, VerdictPass, VerdictFail, VerdictMore}
	for round := range 3000 {
		var rows []ReviewRow
		nkeys := 1 + rng.IntN(6)
		for f, name := range []string{"甲.xlsx", "乙.xlsx"} {
			for i := range rng.IntN(8) {
				r := ReviewRow{Key: fmt.Sprintf("K%d", rng.IntN(nkeys)), Verdict: verdicts[rng.IntN(len(verdicts))],
					Fingerprint: []string{"fp", "old"}[rng.IntN(2)], File: name, Sheet: ReviewSheetChecks,
					Row: i + 2, VerdictCell: fmt.Sprintf("I%d", i+2)}
				if rng.IntN(8) == 0 {
					r.Key = ""
				}
				if r.Verdict != VerdictNone {
					r.By, r.Date, r.Note = []string{"王", "李"}[f], NewDate(2023, 3, 1+rng.IntN(3)), []string{"", "说明"}[rng.IntN(2)]
				}
				if rng.IntN(4) == 0 {
					r.Recheck = r.VerdictMark() // marked 需复核, not re-entered
				} else if rng.IntN(6) == 0 {
					r.Recheck = "0123456789" // marked, re-entered since
				}
				rows = append(rows, r)
			}
		}
		want := newModel(slices.Clone(rows))
		rec := &ReviewRecord{}
		for _, name := range []string{"甲.xlsx", "乙.xlsx"} {
			for _, r := range rows {
				if r.File == name {
					rec.Add(r)
				}
			}
			rec.AddFile(ReviewFile{Name: name})
		}
		msg := fmt.Sprintf("round %d: %+v", round, rows)
		require.Equal(t, want.problems, nilIfEmpty(rec.Problems), msg)
		used := map[string]bool{}
		var keys []string
		for k := range nkeys + 1 {
			key := fmt.Sprintf("K%d", k)
			e := want.entries[key]
			require.Equal(t, e != nil, rec.Has(key), msg)
			for _, fp := range []string{"fp", "old"} {
				c := ReviewCheck{Key: key, Fingerprint: fp}
				d, row := rec.decide(c)
				require.Equal(t, want.decide(c), d, "%s %s %s", key, fp, msg)
				if d != undecided || row != nil && row.Verdict != VerdictNone {
					require.Equal(t, *e.row, *row, msg)
				}
			}
			if r, ok := rec.Row(key); ok && r.Verdict != VerdictNone {
				require.Equal(t, *e.row, r, msg)
			}
			judged := slices.ContainsFunc(rows, func(r ReviewRow) bool { return r.Key == key && r.Verdict != VerdictNone })
			require.Equal(t, judged, rec.judged(key), msg)
			if rng.IntN(2) == 0 {
				used[key] = true
				keys = append(keys, key)
			}
		}
		rec.Use(keys)
		require.Equal(t, want.unknown(used), nilIfEmpty(rec.Unknown()), msg)
	}
}

func nilIfEmpty(ps []Problem) []Problem {
	if len(ps) == 0 {
		return nil
	}
	return ps
}

// A record of rows without verdicts keeps their keys and nothing else.
func TestReviewRecordKeepsOnlyKeysOfOpenRows(t *testing.T) {
	rec := NewReviewRecord(ReviewFile{Name: "r.xlsx", Rows: []ReviewRow{
		{Key: "k", Subject: "张三", Declared: "职称", Note: "电话核实中", File: "r.xlsx", Sheet: ReviewSheetChecks, Row: 7, VerdictCell: "I7"},
		{Key: "j", Verdict: VerdictPass, By: "王", File: "r.xlsx", Sheet: ReviewSheetChecks, Row: 8, VerdictCell: "I8"},
	}})
	assert.True(t, rec.Has("k"))
	assert.False(t, rec.judged("k"))
	r, ok := rec.Row("k")
	assert.True(t, ok)
	assert.Equal(t, ReviewRow{Key: "k"}, r)
	assert.Len(t, rec.marks, 1, "a mark for the row with a verdict only")
	r, _ = rec.Row("j")
	assert.Equal(t, "r.xlsx 核查清单!I8", r.Where())
}

// Two reviewers' files that disagree on every row: each conflict is one
// problem, and merging stays linear (it once rebuilt Problems on every
// conflict: 30,000 conflicts took 42 s).
func TestReviewRecordManyConflicts(t *testing.T) {
	const n = 20000
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	rec := &ReviewRecord{}
	for f, v := range []Verdict{VerdictPass, VerdictFail} {
		name := []string{"甲.xlsx", "乙.xlsx"}[f]
		for i := range n {
			rec.Add(ReviewRow{Key: fmt.Sprintf("K%d", i), Verdict: v, File: name, Sheet: ReviewSheetChecks, Row: i + 2, VerdictCell: fmt.Sprintf("I%d", i+2)})
		}
		rec.AddFile(ReviewFile{Name: name})
	}
	runtime.ReadMemStats(&after)
	require.Len(t, rec.Problems, n)
	assert.Equal(t, "乙.xlsx", rec.Problems[n-1].File)
	assert.Less(t, after.TotalAlloc-before.TotalAlloc, uint64(200<<20), "merging allocates in proportion to the rows")
}
