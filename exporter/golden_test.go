package exporter

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"flag"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/xuri/excelize/v2"

	"github.com/bax/starrate/importer"
	"github.com/bax/starrate/rating"
)

var (
	update = flag.Bool("update", false, "rewrite the golden TSV dumps of testdata/golden")
	render = flag.String("render", "", "also write the golden results.xlsx and annotated copy to this folder (docs/render.sh)")
)

const (
	sampleDir    = "../testdata/sample-round"
	goldenDir    = "testdata/golden"
	errorCompany = "006-北京石景山安防运维服务有限公司005-有错误.xlsx"
)

// runDate is the fixed run date of the golden workbooks.
var runDate = time.Date(2026, 11, 29, 9, 30, 0, 0, time.UTC)

// sampleInput is one file of the sample round as the tests need it.
type sampleInput struct {
	data     []byte
	company  Company
	problems []rating.Problem // unmasked, for the annotated copy
}

// sampleRound reads and rates the committed sample round as `rate` does:
// survey forms first matched to their applications (by USCC, else by
// name), every application rated once with its forms.
func sampleRound(t testing.TB) (*Round, map[string]sampleInput) {
	t.Helper()
	entries, err := os.ReadDir(sampleDir)
	require.NoError(t, err)
	profile := rating.DefaultProfile()
	type read struct {
		name string
		data []byte
		wb   importer.Workbook
	}
	var reads []read
	var record *rating.ReviewRecord
	for _, e := range entries {
		data, err := os.ReadFile(filepath.Join(sampleDir, e.Name()))
		require.NoError(t, err)
		if importer.Classify(data) == importer.KindReview {
			// The round's review record, applied as rate --review does.
			record = rating.NewReviewRecord(importer.ReadReview(context.Background(), data, e.Name(), importer.Options{}))
			continue
		}
		reads = append(reads, read{e.Name(), data, importer.Read(context.Background(), data, e.Name(), importer.Options{})})
	}
	require.NotNil(t, record, "the sample round has its review record")
	review := &ReviewRecord{Problems: record.Problems}
	for _, f := range record.Files {
		review.Files = append(review.Files, ReviewFile{f.Name, f.SHA256})
	}
	var applied VerdictList
	slices.SortFunc(reads, func(a, b read) int { return strings.Compare(a.name, b.name) })
	attached := map[string]string{}
	for _, f := range reads {
		form := f.wb.Form
		if form == nil {
			continue
		}
		for _, a := range reads {
			app := a.wb.Application
			if app != nil && (form.USCC != "" && form.USCC == app.Company.USCC || rating.NormalizeName(form.Company) == rating.NormalizeName(app.Company.Name)) {
				app.Surveys = append(app.Surveys, form.Survey)
				attached[f.name] = a.name
				break
			}
		}
	}
	inputs := map[string]sampleInput{}
	var companies CompanySlice
	var keys []rating.Keys
	for _, f := range reads {
		sum := sha256.Sum256(f.data)
		var res *rating.Result
		var counts *rating.ReviewCounts
		problems := f.wb.Problems
		if app := f.wb.Application; app != nil {
			r := rating.Rate(app, profile)
			res = &r
			keys = append(keys, rating.KeysOf(f.name, app, f.wb.Cell))
			out := rating.ApplyReview(app, res, record, profile)
			counts = &out.Counts
			applied = append(applied, out.Applied...)
			record.Use(out.Keys)
			problems = append(slices.Clip(problems), f.wb.Locate(res.Notes)...)
		}
		c := NewCompany(f.name, hex.EncodeToString(sum[:]), f.wb.Application, res, problems)
		c.Review = counts
		if form := f.wb.Form; form != nil {
			c.Kind, c.Name, c.USCC, c.AttachedTo = KindSurveyForm, form.Company, form.USCC, attached[f.name]
		}
		companies = append(companies, c)
		inputs[f.name] = sampleInput{f.data, c, problems}
	}
	review.Problems = append(review.Problems, record.Unknown()...)
	review.Applied = applied
	return &Round{Profile: profile, Evaluator: "北京某第三方评价机构", Version: "test", Companies: companies,
		CrossChecks: rating.CrossCheck(keys), Title: "2022 年度第一批", RunDate: runDate, Review: review}, inputs
}

// dump is a sheet's cell contents as TSV, one line a row, as a spreadsheet
// shows them (formatted): tabs, line breaks and backslashes escaped.
func dump(t testing.TB, f *excelize.File, sheet string) string {
	t.Helper()
	rows, err := f.GetRows(sheet)
	require.NoError(t, err)
	esc := strings.NewReplacer(`\`, `\\`, "\t", `\t`, "\n", `\n`, "\r", `\r`)
	var b strings.Builder
	for _, r := range rows {
		for i, c := range r {
			if i > 0 {
				b.WriteByte('\t')
			}
			b.WriteString(esc.Replace(c))
		}
		b.WriteByte('\n')
	}
	return b.String()
}

// keep writes a golden workbook to the -render folder, if one was given.
func keep(t *testing.T, name string, data []byte) {
	t.Helper()
	if *render != "" {
		require.NoError(t, os.WriteFile(filepath.Join(*render, name), data, 0o644))
	}
}

// golden compares got with testdata/golden/name, or rewrites it with -update.
func golden(t *testing.T, name, got string) {
	t.Helper()
	path := filepath.Join(goldenDir, name)
	if *update {
		require.NoError(t, os.MkdirAll(goldenDir, 0o755))
		require.NoError(t, os.WriteFile(path, []byte(got), 0o644))
	}
	want, err := os.ReadFile(path)
	require.NoError(t, err, "no golden file; run go test ./exporter -update")
	assert.Equal(t, string(want), got, "%s differs from the golden dump; rerun with -update if intended", name)
}

func TestResultsWorkbookGolden(t *testing.T) {
	r, _ := sampleRound(t)
	var cur bytes.Buffer
	require.NoError(t, WriteJSON(&cur, r))
	now, err := ReadResults(cur.Bytes())
	require.NoError(t, err)
	// The previous run: 005 had one star and was eligible, 010 was there,
	// 006 had one error less.
	prev := &Results{Digest: strings.Repeat("ab", 32), Companies: slices.Clone(now.Companies)}
	one, yes := 1, true
	for i, c := range prev.Companies {
		switch {
		case strings.HasPrefix(c.File, "005-"):
			prev.Companies[i].Stars, prev.Companies[i].Eligible = &one, &yes
		case c.File == errorCompany:
			prev.Companies[i].Errors = c.Errors - 1
		}
	}
	prev.Companies = append(prev.Companies, ResultCompany{File: "010-北京朝阳安防运维服务有限公司009.xlsx", Kind: KindApplication, Name: "北京朝阳安防运维服务有限公司009", Stars: &one})
	ch := Diff(prev, now)
	r.Changes = &ch

	var b bytes.Buffer
	require.NoError(t, WriteXLSX(&b, r))
	keep(t, "results.xlsx", b.Bytes())
	f, err := excelize.OpenReader(&b)
	require.NoError(t, err)
	defer f.Close()
	assert.Equal(t, []string{SheetSummary, SheetChanges, SheetClauses, SheetIssues, SheetOthers, SheetCross, SheetStats, SheetParams, SheetReview}, f.GetSheetList())
	for _, s := range f.GetSheetList() {
		golden(t, "results-"+s+".tsv", dump(t, f, s))
	}
}

func TestAnnotatedVerdictGolden(t *testing.T) {
	r, inputs := sampleRound(t)
	in := inputs[errorCompany]
	var b bytes.Buffer
	require.NoError(t, Annotate(&b, nil, in.data, in.company, r.Profile, in.problems))
	keep(t, "annotated.xlsx", b.Bytes())
	f, err := excelize.OpenReader(&b)
	require.NoError(t, err)
	defer f.Close()
	require.Equal(t, SheetVerdict, f.GetSheetList()[0], "the verdict comes first")
	golden(t, "annotated-"+SheetVerdict+".tsv", dump(t, f, SheetVerdict))
}
