package rating

import (
	"fmt"
	"testing"
)

// BenchmarkRateTypical rates the typical application of the benchmarks:
// 200 staff with 5 training rows each, 60 contracts, 20 surveys.
func BenchmarkRateTypical(b *testing.B) {
	app := threeStar()
	typicalStaff(app)
	for i := range 52 {
		c := Contract{Client: fmt.Sprintf("客户%d", i), Amount: DecimalFromInt(50000), Start: d(year-3, 1, 1), End: d(year-1, 6, 30), VIP: No}
		if i%4 == 0 {
			c.VIP = Yes // 13 of 52
		}
		app.Contracts = append(app.Contracts, c)
	}
	for i := range 17 {
		app.Surveys = append(app.Surveys, survey(app.Contracts[i%6].Client, d(year, 6, 1+i), 96))
	}
	p := selfCheck()
	b.ReportAllocs()
	for b.Loop() {
		if res := Rate(app, p); res.AchievableStars != 3 {
			b.Fatalf("want 3 stars, got %d", res.AchievableStars)
		}
	}
}

// typicalStaff gives app the staff of the benchmarks' typical application:
// 200 persons with 5 training rows each.
func typicalStaff(app *Application) {
	app.Staff, app.Trainings = nil, nil
	for i := range 200 {
		p := Person{Ref: Ref{"人员名册", i + 2}, Name: fmt.Sprintf("员工%03d", i), ID: fmt.Sprintf("1101051980010%05d", i),
			OM: Yes, Education: EduBachelor, InstallerCert: "AZ", Hired: d(2020, 1, 1), SocialInsurance: Yes, NDA: Yes}
		app.Staff = append(app.Staff, p)
		for k := range 5 {
			app.Trainings = append(app.Trainings, Training{Date: d(year, 3, 1+7*k), Title: "专项培训", Kind: TrainingPostHire,
				Hours: DecimalFromInt(16), Name: p.Name, PersonID: p.ID})
		}
	}
}
