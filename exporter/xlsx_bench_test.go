package exporter

import (
	"fmt"
	"io"
	"testing"

	"github.com/bax/starrate/rating"
	"github.com/bax/starrate/templates"
)

// BenchmarkWriteXLSX writes results.xlsx for a round of 500 rated
// applications (40 clauses each: 20,000 lines of 条款明细).
func BenchmarkWriteXLSX(b *testing.B) {
	profile := rating.DefaultProfile()
	var companies CompanySlice
	for i := range 500 {
		app := templates.Sample(templates.SampleSpec{Seed: 7, Index: i % 20, Year: 2022, Level: 1 + i%3})
		res := rating.Rate(app, profile)
		companies = append(companies, NewCompany(fmt.Sprintf("%03d.xlsx", i), "", app, &res, nil))
	}
	r := &Round{Profile: profile, Companies: companies}
	b.ReportAllocs()
	for b.Loop() {
		if err := WriteXLSX(io.Discard, r); err != nil {
			b.Fatal(err)
		}
	}
}
