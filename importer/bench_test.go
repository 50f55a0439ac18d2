package importer

import (
	"archive/zip"
	"bytes"
	"context"
	"io"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/bax/starrate/rating"
	"github.com/bax/starrate/templates"
)

// typical is the workbook of a typical applicant: 200 staff, 1,000
// training rows, 60 contracts, 20 surveys.
func typical(tb testing.TB, level int) (*rating.Application, []byte) {
	tb.Helper()
	app := templates.Sample(templates.SampleSpec{Seed: 42, Index: 1, Year: 2022, Level: level})
	var b bytes.Buffer
	require.NoError(tb, templates.WriteFilled(&b, app))
	return app, b.Bytes()
}

// What WriteFilled writes, Read reads back exactly.
func TestSampleRoundTrip(t *testing.T) {
	for level := 0; level <= 3; level++ {
		want, data := typical(t, level)
		wb := Read(context.Background(), data, "typical.xlsx", Options{})
		require.Empty(t, errorsOf(wb.Problems), "level %d", level)
		got := wb.Application
		require.NotNil(t, got)
		clearRefs(got)
		assert.Equal(t, want, got, "level %d", level)
		assert.Equal(t, rating.Rate(want, rating.DefaultProfile()), rating.Rate(got, rating.DefaultProfile()))
	}
}

// clearRefs drops what the importer adds: where each record was.
func clearRefs(app *rating.Application) {
	for i := range app.Staff {
		app.Staff[i].Ref = rating.Ref{}
	}
	for i := range app.Trainings {
		app.Trainings[i].Ref = rating.Ref{}
	}
	for i := range app.Contracts {
		app.Contracts[i].Ref = rating.Ref{}
	}
	for i := range app.Surveys {
		app.Surveys[i].Ref = rating.Ref{}
	}
	for k, d := range app.Declarations {
		d.Ref = rating.Ref{}
		app.Declarations[k] = d
	}
}

// BenchmarkReadTypical imports one typical workbook from memory.
func BenchmarkReadTypical(b *testing.B) {
	_, data := typical(b, 2)
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		wb := Read(context.Background(), data, "typical.xlsx", Options{})
		if wb.Application == nil || len(wb.Application.Staff) != 200 {
			b.Fatal("not read")
		}
	}
}

// BenchmarkCheckTypical is the integrity check alone over every worksheet
// and the shared strings of a typical workbook: its share of
// BenchmarkReadTypical is its cost on a round.
func BenchmarkCheckTypical(b *testing.B) {
	_, data := typical(b, 2)
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	require.NoError(b, err)
	parts := map[string][]byte{}
	var total int64
	for _, f := range zr.File {
		if strings.HasPrefix(f.Name, "xl/worksheets/") || f.Name == "xl/sharedStrings.xml" {
			rc, err := f.Open()
			require.NoError(b, err)
			parts[f.Name], err = io.ReadAll(rc)
			require.NoError(b, err)
			rc.Close()
			total += int64(len(parts[f.Name]))
		}
	}
	o := DefaultOptions()
	b.SetBytes(total)
	b.ReportAllocs()
	for b.Loop() {
		sst := &sstTrack{o: &o}
		if err := scanBytes(parts["xl/sharedStrings.xml"], sst); err != nil {
			b.Fatal(err)
		}
		for name, p := range parts {
			if name != "xl/sharedStrings.xml" {
				if err := scanBytes(p, &sheetTrack{o: &o, sst: sst.lens}); err != nil {
					b.Fatal(name, err)
				}
			}
		}
	}
}
