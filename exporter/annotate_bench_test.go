package exporter

import (
	"bytes"
	"context"
	"io"
	"testing"

	"github.com/bax/starrate/importer"
	"github.com/bax/starrate/rating"
	"github.com/bax/starrate/templates"
)

// BenchmarkAnnotateTypical writes the annotated copy of a typical workbook
// (200 staff, 1,000 training rows, 60 contracts, 20 surveys) with a few
// problems.
func BenchmarkAnnotateTypical(b *testing.B) {
	app := templates.Sample(templates.SampleSpec{Seed: 42, Index: 1, Year: 2022, Level: 2})
	app.Staff = append(app.Staff, app.Staff[3])         // a duplicate person: an error on 人员名册
	app.Surveys[0].Items[0] = rating.DecimalFromInt(12) // an item over its maximum: an error on 用户评价
	var in bytes.Buffer
	if err := templates.WriteFilled(&in, app); err != nil {
		b.Fatal(err)
	}
	wb := importer.Read(context.Background(), in.Bytes(), "typical.xlsx", importer.Options{})
	res := rating.Rate(wb.Application, rating.DefaultProfile())
	c := NewCompany("typical.xlsx", "", wb.Application, &res, wb.Problems)
	b.ReportAllocs()
	for b.Loop() {
		if err := Annotate(io.Discard, nil, in.Bytes(), c, rating.DefaultProfile(), wb.Problems); err != nil {
			b.Fatal(err)
		}
	}
}
