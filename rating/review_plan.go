package rating

// ReviewPlan is the next content of a review record: what `starrate review`
// writes, and what changed. Nothing a reviewer typed is dropped: a row
// whose subject is gone moves to 已失效, a row whose data changed keeps its
// verdict and is marked 需复核.
type ReviewPlan struct {
	Rows    []ReviewRow // 核查清单, one company's rows together
	Expired []ReviewRow // 已失效
	Added   int         // new checks
	Kept    int         // checks already in the record (restored ones included)
	Recheck int         // rows newly marked 需复核
	Retired int         // rows moved to 已失效 by this update
	// Restored: rows of 已失效 whose subject came back, with their verdicts.
	Restored int
}

// PlanReview merges the round's current checks (in company order, as
// ReviewChecks gives them application by application) into the record old
// (nil for a new one).
func PlanReview(checks []ReviewCheck, old *ReviewFile) ReviewPlan {
	var plan ReviewPlan
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

// reviewState is 状态 as starrate maintains it.
func reviewState(r ReviewRow) string {
	switch {
	case r.awaitsRecheck():
		return StateRecheck
	case r.Verdict == VerdictPass || r.Verdict == VerdictFail:
		return StateChecked
	case r.Verdict == VerdictMore:
		return StateMore
	}
	return StateUnchecked
}
