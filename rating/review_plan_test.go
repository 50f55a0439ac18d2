package rating

import (
	"fmt"
	"math/rand/v2"
	"testing"

	"github.com/stretchr/testify/require"
)

// planReviewModel is PlanReview as it was before ReviewPlanner: the old
// record held whole, merged in a few passes. ReviewPlanner, fed row by
// row, must plan exactly what it planned.
func planReviewModel(checks []ReviewCheck, old *ReviewFile) ReviewPlan {
	var plan ReviewPlan // the algorithm ReviewPlanner replaced, over the whole old record
	rows := map[string]ReviewRow{}
	expired := map[string]int{} // key → index in old.Expired
	if old != nil {
		for _, r := range old.Rows {
			if _, dup := rows[r.Key]; !dup && r.Key != "" {
				rows[r.Key] = r
			}
		}
		for i, r := range old.Expired {
			if _, dup := expired[r.Key]; !dup && r.Key != "" {
				expired[r.Key] = i
			}
		}
	}
	current := make(map[string]bool, len(checks))
	companies := map[string]bool{}
	for _, c := range checks {
		current[c.Key] = true
		companies[c.USCC] = true
	}
	// Override rows and rows a reviewer added by hand follow their company.
	extra := map[string][]ReviewRow{}
	restored := map[int]bool{}
	var stray, retired []ReviewRow
	if old != nil {
		seen := map[string]bool{}
		for _, r := range old.Rows {
			if current[r.Key] {
				continue
			}
			uscc, code, _, ok := ParseReviewKey(r.Key)
			switch {
			case ok && code == CategoryClause && companies[uscc] && !seen[r.Key]:
				r.State = reviewState(r)
				extra[uscc] = append(extra[uscc], r)
			case !ok && r.Key == "":
				stray = append(stray, r) // typed without a key: kept where it was seen
			default:
				r.State = reviewState(r)
				retired = append(retired, r)
			}
			seen[r.Key] = true
		}
	}
	if old != nil {
		for i, r := range old.Expired {
			uscc, code, _, ok := ParseReviewKey(r.Key)
			if ok && code == CategoryClause && companies[uscc] && !restored[i] {
				if _, live := rows[r.Key]; !live {
					r.State = reviewState(r)
					extra[uscc] = append(extra[uscc], r)
					restored[i] = true
					plan.Restored++
				}
			}
		}
	}
	var lastUSCC string
	flush := func(uscc string) {
		plan.Rows = append(plan.Rows, extra[uscc]...)
		delete(extra, uscc)
	}
	for i, c := range checks {
		if i > 0 && c.USCC != lastUSCC {
			flush(lastUSCC)
		}
		lastUSCC = c.USCC
		r, ok := rows[c.Key]
		if !ok {
			if j, back := expired[c.Key]; back && !restored[j] {
				r, ok = old.Expired[j], true
				restored[j] = true
				plan.Restored++
			}
		}
		next := ReviewRow{Key: c.Key, Company: c.Company, USCC: c.USCC, Category: c.Category().Name, Clauses: c.Clauses,
			Subject: c.Subject, Declared: c.Declared, Evidence: c.Evidence, Fingerprint: c.Fingerprint}
		if !ok {
			plan.Added++
			next.State = reviewState(next)
			plan.Rows = append(plan.Rows, next)
			continue
		}
		plan.Kept++
		next.Verdict, next.By, next.Date, next.Note = r.Verdict, r.By, r.Date, r.Note
		next.Recheck = r.Recheck
		switch {
		case r.Fingerprint != c.Fingerprint && r.Verdict != VerdictNone && !r.awaitsRecheck():
			// The data under a verdict changed: the verdict stays visible
			// but counts for nothing until a reviewer enters a new one.
			next.Recheck = r.VerdictMark()
			plan.Recheck++
		case !r.awaitsRecheck():
			next.Recheck = "" // re-checked since it was marked
		}
		next.State = reviewState(next)
		plan.Rows = append(plan.Rows, next)
	}
	if len(checks) > 0 {
		flush(lastUSCC)
	}
	plan.Rows = append(plan.Rows, stray...)
	if old != nil {
		for i, r := range old.Expired {
			if !restored[i] {
				plan.Expired = append(plan.Expired, r)
			}
		}
	}
	plan.Expired = append(plan.Expired, retired...)
	plan.Retired = len(retired)
	return plan
}

// TestReviewPlannerAgainstModel: random rounds of checks (three companies,
// fingerprints that change) merged with random old records (rows of
// current, gone and other companies' keys, overrides, rows typed without a
// key, repeated keys, rows awaiting a recheck, 已失效 rows of every kind)
// give the plan the model gives.
func TestReviewPlannerAgainstModel(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	usccs := []string{"91110000000000001A", "91110000000000002B", "91110000000000003C"}
	verdicts := []Verdict{VerdictNone, VerdictPass, VerdictFail, VerdictMore}
	key := func() string {
		u := usccs[rng.IntN(len(usccs))]
		switch rng.IntN(8) {
		case 0:
			return ReviewKey(u, CategoryClause, fmt.Sprintf("5.1.%d", rng.IntN(3)))
		case 1:
			return ""
		case 2:
			return "乱写的编号"
		}
		return ReviewKey(u, CategoryStaff, fmt.Sprintf("s%d", rng.IntN(6)))
	}
	row := func(sheet string, n int) ReviewRow {
		r := ReviewRow{Key: key(), Company: "某公司", Subject: fmt.Sprintf("对象%d", rng.IntN(9)), Verdict: verdicts[rng.IntN(len(verdicts))],
			Fingerprint: []string{"fp", "old"}[rng.IntN(2)], File: "r.xlsx", Sheet: sheet, Row: n, VerdictCell: fmt.Sprintf("I%d", n)}
		if r.Verdict != VerdictNone {
			r.By, r.Date, r.Note = "王", NewDate(2023, 3, 1+rng.IntN(2)), []string{"", "说明"}[rng.IntN(2)]
		}
		if rng.IntN(4) == 0 {
			r.Recheck = r.VerdictMark()
		}
		r.State = StateUnchecked
		return r
	}
	for round := range 3000 {
		var checks []ReviewCheck
		for _, u := range usccs[:1+rng.IntN(len(usccs))] {
			for s := range 6 {
				if rng.IntN(2) == 0 {
					checks = append(checks, ReviewCheck{Key: ReviewKey(u, CategoryStaff, fmt.Sprintf("s%d", s)), Company: "公司" + u[17:], USCC: u,
						Code: CategoryStaff, Subject: fmt.Sprintf("新对象%d", s), Fingerprint: []string{"fp", "new"}[rng.IntN(2)]})
				}
			}
		}
		var old *ReviewFile
		if rng.IntN(6) > 0 {
			old = &ReviewFile{Name: "r.xlsx"}
			for i := range rng.IntN(14) {
				old.Rows = append(old.Rows, row(ReviewSheetChecks, i+2))
			}
			for i := range rng.IntN(6) {
				old.Expired = append(old.Expired, row(ReviewSheetExpired, i+2))
			}
		}
		require.Equal(t, planReviewModel(checks, old), PlanReview(checks, old), "round %d: %+v\n%+v", round, checks, old)
	}
}
