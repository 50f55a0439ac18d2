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
	b := NewReviewPlanner([][]ReviewCheck{checks})
	if old != nil {
		for _, r := range old.Rows {
			b.Row(r)
		}
		for _, r := range old.Expired {
			b.Expired(r)
		}
	}
	return b.Plan()
}

// ReviewPlanner merges an old record into the round's checks row by row, as
// the record is read: a row of a current check gives that check its
// verdict and is let go of, so an update of a thousand companies holds
// the old record's text only for the rows it keeps as they were.
type ReviewPlanner struct {
	plan      ReviewPlan
	index     map[string]int  // a current check's key → its row in plan.Rows
	matched   map[string]bool // current keys given a verdict by an old row
	companies map[string]bool // USCCs with current checks
	live      map[string]bool // keys of the old 核查清单
	retiredAt map[string]bool // keys of old rows moved or kept aside already
	extra     map[string][]ReviewRow
	stray     []ReviewRow
	retired   []ReviewRow
}

// NewReviewPlanner starts a plan from the round's checks, one group per
// application in company order (keys unique, as ReviewChecks gives them):
// every check a new row until an old row says otherwise. Each group is let
// go of (set to nil) once it is a plan's rows: a thousand companies' checks
// are not held twice.
func NewReviewPlanner(groups [][]ReviewCheck) *ReviewPlanner {
	n := 0
	for _, g := range groups {
		n += len(g)
	}
	b := &ReviewPlanner{index: make(map[string]int, n), matched: map[string]bool{},
		companies: map[string]bool{}, live: map[string]bool{}, retiredAt: map[string]bool{}, extra: map[string][]ReviewRow{}}
	if n > 0 {
		b.plan.Rows = make([]ReviewRow, 0, n)
	}
	for i, g := range groups {
		for _, c := range g {
			next := ReviewRow{Key: c.Key, Company: c.Company, USCC: c.USCC, Category: c.Category().Name, Clauses: c.Clauses,
				Subject: c.Subject, Declared: c.Declared, Evidence: c.Evidence, Fingerprint: c.Fingerprint}
			next.State = reviewState(next)
			b.index[c.Key] = len(b.plan.Rows)
			b.plan.Rows = append(b.plan.Rows, next)
			b.companies[c.USCC] = true
		}
		groups[i] = nil
	}
	return b
}

// Row merges a row of the old record's 核查清单, in sheet order (all of
// them before any row of 已失效). The first row of a current check's key
// gives it its verdict (later ones are dropped); an override row of a
// company still in the round follows that company; a row typed without a
// key stays; any other moves to 已失效.
func (b *ReviewPlanner) Row(r ReviewRow) {
	if r.Key != "" {
		first := !b.live[r.Key]
		b.live[r.Key] = true
		if i, current := b.index[r.Key]; current {
			if first {
				b.keep(i, r)
			}
			return
		}
	}
	uscc, code, _, ok := ParseReviewKey(r.Key)
	switch {
	case ok && code == CategoryClause && b.companies[uscc] && !b.retiredAt[r.Key]:
		r.State = reviewState(r)
		b.extra[uscc] = append(b.extra[uscc], r)
	case !ok && r.Key == "":
		b.stray = append(b.stray, r) // typed without a key: kept where it was seen
	default:
		r.State = reviewState(r)
		b.retired = append(b.retired, r)
	}
	b.retiredAt[r.Key] = true
}

// Expired merges a row of the old record's 已失效, in sheet order: the
// first row of a current check that no row of 核查清单 had comes back with
// its verdict, as does an override row of a company in the round; the
// rest stay.
func (b *ReviewPlanner) Expired(r ReviewRow) {
	if i, current := b.index[r.Key]; current && !b.matched[r.Key] { // no row of 核查清单 had it
		b.keep(i, r)
		b.plan.Restored++
		return
	}
	if uscc, code, _, ok := ParseReviewKey(r.Key); ok && code == CategoryClause && b.companies[uscc] && !b.live[r.Key] {
		r.State = reviewState(r)
		b.extra[uscc] = append(b.extra[uscc], r)
		b.plan.Restored++
		return
	}
	b.plan.Expired = append(b.plan.Expired, r)
}

// keep gives the check at row i the verdict of the old row r.
func (b *ReviewPlanner) keep(i int, r ReviewRow) {
	b.matched[r.Key] = true
	b.plan.Kept++
	next := &b.plan.Rows[i]
	next.Verdict, next.By, next.Date, next.Note = r.Verdict, r.By, r.Date, r.Note
	next.Recheck = r.Recheck
	switch {
	case r.Fingerprint != next.Fingerprint && r.Verdict != VerdictNone && !r.awaitsRecheck():
		// The data under a verdict changed: the verdict stays visible
		// but counts for nothing until a reviewer enters a new one.
		next.Recheck = r.VerdictMark()
		b.plan.Recheck++
	case !r.awaitsRecheck():
		next.Recheck = "" // re-checked since it was marked
	}
	next.State = reviewState(*next)
}

// Plan is the merged record: each company's rows, then its override
// rows; the rows typed without a key; in 已失效 the rows that stay there,
// then those moved there now.
func (b *ReviewPlanner) Plan() ReviewPlan {
	plan := b.plan
	plan.Added = len(plan.Rows) - plan.Kept // every check a row, once kept or added
	if extras := len(b.extra); extras > 0 || len(b.stray) > 0 {
		rows := make([]ReviewRow, 0, len(plan.Rows)+len(b.stray)+extras)
		for i, r := range plan.Rows {
			rows = append(rows, r)
			if i == len(plan.Rows)-1 || plan.Rows[i+1].USCC != r.USCC {
				rows = append(rows, b.extra[r.USCC]...)
			}
		}
		plan.Rows = append(rows, b.stray...)
	}
	plan.Expired = append(plan.Expired, b.retired...)
	plan.Retired = len(b.retired)
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
