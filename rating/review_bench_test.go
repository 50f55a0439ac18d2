package rating

import (
	"fmt"
	"testing"
)

// typical is the typical application of the benchmarks: 200 staff with 5
// training rows each, 60 contracts, 20 surveys.
func typical() *Application {
	app := threeStar()
	typicalStaff(app)
	for i := range 52 {
		app.Contracts = append(app.Contracts, Contract{Number: fmt.Sprintf("HT-%d", i), Client: fmt.Sprintf("客户%d", i),
			Amount: DecimalFromInt(50000), Start: d(year, 1, 1), End: d(year, 12, 31), VIP: No})
	}
	for i := range 20 {
		app.Surveys = append(app.Surveys, survey(app.Contracts[i].Client, d(year, 6, 1+i), 96))
	}
	return app
}

// BenchmarkApplyReview is what the review record adds to rating one
// typical application: the checks drawn again, the verdicts applied, and
// one re-rating for the subject judged 不通过. Compare BenchmarkRateTypical.
func BenchmarkApplyReview(b *testing.B) {
	app := typical()
	p := DefaultProfile()
	f := recordOf("r.xlsx", ReviewChecks(app, p, nil), allPass)
	f.Rows[len(f.Rows)-1].Verdict = VerdictFail
	rec := NewReviewRecord(f)
	base := Rate(app, p)
	b.ReportAllocs()
	for b.Loop() {
		res := base
		res.Clauses = append([]ClauseResult(nil), base.Clauses...)
		if out := ApplyReview(app, &res, rec, p); out.Counts.Failed != 1 {
			b.Fatalf("want 1 failed check, got %+v", out.Counts)
		}
	}
}
