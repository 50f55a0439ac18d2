package round

import (
	"context"
	"encoding/json"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/xuri/excelize/v2"

	"github.com/bax/starrate/exporter"
	"github.com/bax/starrate/importer"
	"github.com/bax/starrate/rating"
	"github.com/bax/starrate/templates"
)

// smallRound writes a synthetic round of n small applications (plus the
// form and the unreadable file) and returns its folder.
func smallRound(t *testing.T, n int) string {
	t.Helper()
	dir := t.TempDir()
	require.NoError(t, templates.SampleRound(7, n, templates.Small, 2022, func(name string, write func(io.Writer) error) error {
		return WriteFile(filepath.Join(dir, name), write)
	}))
	return dir
}

func TestReviewCreatesThenKeepsEveryRow(t *testing.T) {
	dir := smallRound(t, 3)
	record := filepath.Join(dir, "评审记录.xlsx") // inside the input folder
	sum, err := ReviewSample(context.Background(), ReviewConfig{Out: record, Workers: 2}, dir, 2022)
	require.NoError(t, err, "the sample's record is written whatever the inputs' errors")
	assert.Equal(t, 3, sum.Companies)
	assert.Positive(t, sum.Checks)
	assert.Equal(t, sum.Checks, sum.Added)
	assert.Contains(t, sum.String(), "3 家单位")
	require.Len(t, sum.Problems, 1, "the unreadable file, named")
	assert.Equal(t, "004-无法读取的文件.xlsx", sum.Problems[0].File)
	assert.Equal(t, 1, sum.WithErrors)

	again, err := Review(context.Background(), ReviewConfig{Out: record}, []string{dir})
	require.ErrorIs(t, err, ErrInput, "the unreadable file; the record is written all the same")
	assert.Equal(t, ReviewSummary{Companies: 3, Checks: sum.Checks + 1, Kept: sum.Checks, Problems: again.Problems, WithErrors: 1}, again,
		"the record itself is no input; every row kept, and the sample's override row")
}

// An update merges the old record row by row into the plan, keeping the
// text of only the rows it keeps as they were: a company gone from the
// round moves to 已失效 with every cell it had, and the sample's override
// row keeps its own.
func TestReviewUpdateKeepsTheTextOfRowsItMoves(t *testing.T) {
	dir := smallRound(t, 3)
	record := filepath.Join(t.TempDir(), "评审记录.xlsx")
	_, err := ReviewSample(context.Background(), ReviewConfig{Out: record}, dir, 2022)
	require.NoError(t, err)
	before := importer.ReadReviewFile(context.Background(), record, "r", importer.Options{})
	gone := before.Rows[0].USCC
	var goneRows []rating.ReviewRow
	for _, r := range before.Rows {
		if r.USCC == gone {
			goneRows = append(goneRows, r)
		}
	}
	require.NotEmpty(t, goneRows)
	entries, err := os.ReadDir(dir)
	require.NoError(t, err)
	for _, e := range entries {
		if strings.HasPrefix(e.Name(), "001-") { // the first company's application
			require.NoError(t, os.Remove(filepath.Join(dir, e.Name())))
		}
	}
	sum, err := Review(context.Background(), ReviewConfig{Out: record}, []string{dir})
	require.ErrorIs(t, err, ErrInput, "the unreadable file")
	assert.Equal(t, len(goneRows), sum.Retired)
	after := importer.ReadReviewFile(context.Background(), record, "r", importer.Options{})
	require.Len(t, after.Expired, len(before.Expired)+len(goneRows))
	moved := after.Expired[len(before.Expired):]
	for i, r := range goneRows {
		m := moved[i]
		assert.Equal(t, [...]string{r.Key, r.Company, r.USCC, r.Category, r.Clauses, r.Subject, r.Declared, r.Evidence, string(r.Verdict), r.By, r.Note},
			[...]string{m.Key, m.Company, m.USCC, m.Category, m.Clauses, m.Subject, m.Declared, m.Evidence, string(m.Verdict), m.By, m.Note}, r.Key)
		assert.NotEmpty(t, m.Subject, r.Key)
	}
	overrides := 0
	for _, r := range after.Rows {
		if _, code, _, _ := rating.ParseReviewKey(r.Key); code == rating.CategoryClause {
			overrides++
			i := slices.IndexFunc(before.Rows, func(b rating.ReviewRow) bool { return b.Key == r.Key })
			require.GreaterOrEqual(t, i, 0)
			b := before.Rows[i]
			assert.Equal(t, [...]string{b.Company, b.USCC, b.Category, b.Subject, b.Note}, [...]string{r.Company, r.USCC, r.Category, r.Subject, r.Note},
				"the override row keeps what it had: %s", r.Key)
		}
	}
	require.Equal(t, 1, overrides, "the sample's override")

	// The record changed between the two reads: nothing is written.
	assert.ErrorIs(t, mergeOld(context.Background(), record, "another sha", rating.NewReviewPlanner(nil)), ErrUsage)
}

func TestReviewRefusesABadRecord(t *testing.T) {
	dir := smallRound(t, 2)
	record := filepath.Join(t.TempDir(), "r.xlsx")
	_, err := Review(context.Background(), ReviewConfig{Out: record}, []string{dir})
	require.ErrorIs(t, err, ErrInput)
	f, err := excelize.OpenFile(record)
	require.NoError(t, err)
	require.NoError(t, f.SetCellValue(rating.ReviewSheetChecks, "I2", "可以"))
	require.NoError(t, f.Save())
	require.NoError(t, f.Close())
	before, _ := os.ReadFile(record)
	sum, err := Review(context.Background(), ReviewConfig{Out: record}, []string{dir})
	require.ErrorIs(t, err, ErrUsage)
	require.True(t, rating.HasErrors(sum.Problems))
	after, _ := os.ReadFile(record)
	assert.Equal(t, before, after, "what the reviewer typed is not lost")
}

// rate --review in process: the record's errors are results.json's
// review_record.problems and exit 1; verdicts reach the results.
func TestRunAppliesTheReviewRecord(t *testing.T) {
	dir := smallRound(t, 3)
	record := filepath.Join(t.TempDir(), "评审记录.xlsx")
	_, err := ReviewSample(context.Background(), ReviewConfig{Out: record}, dir, 2022)
	require.NoError(t, err)
	out := t.TempDir()
	cfg := config(out, nil)
	cfg.Review = []string{record}
	r := rate(t, cfg, dir)
	require.ErrorIs(t, r.err, ErrInput, "the unreadable file")
	assert.Zero(t, r.sum.RecordErrors)
	var doc struct {
		Companies []struct {
			Review *rating.ReviewCounts `json:"review"`
		} `json:"companies"`
		Record *struct {
			Files    []struct{ Name, SHA256 string } `json:"files"`
			Problems []json.RawMessage               `json:"problems"`
		} `json:"review_record"`
	}
	data, err := os.ReadFile(filepath.Join(out, "results.json"))
	require.NoError(t, err)
	require.NoError(t, json.Unmarshal(data, &doc))
	require.NotNil(t, doc.Record)
	require.Len(t, doc.Record.Files, 1)
	spooled, err := filepath.Glob(filepath.Join(out, exporter.TempPrefix+"*"))
	require.NoError(t, err)
	assert.Empty(t, spooled, "the rows spooled in the output folder are gone")
	assert.Len(t, doc.Record.Files[0].SHA256, 64)
	require.NotNil(t, doc.Companies[0].Review)
	assert.Positive(t, doc.Companies[0].Review.Passed)
	// 评审 lists every verdict applied, read back from the store in
	// company order, one row each.
	applied := 0
	for _, c := range doc.Companies {
		if c.Review != nil {
			applied += c.Review.Passed + c.Review.Failed
		}
	}
	x, err := excelize.OpenFile(filepath.Join(out, "results.xlsx"))
	require.NoError(t, err)
	sheet, err := x.GetRows(exporter.SheetReview)
	require.NoError(t, err)
	x.Close()
	require.GreaterOrEqual(t, len(sheet)-1, applied, "passed and failed checks, and overrides and 待补充 too")
	// Each row is the record's own: its source cell holds its verdict, on
	// the row of its key; in company order, no row twice.
	rf := importer.ReadReviewFile(context.Background(), record, "评审记录.xlsx", importer.Options{})
	byCell := map[string]rating.ReviewRow{}
	for _, r := range rf.Rows {
		byCell[r.Where()] = r
	}
	seen, prev := map[string]bool{}, ""
	for _, row := range sheet[1:] {
		src, ok := byCell[row[8]]
		require.True(t, ok, "source %q is a verdict cell of the record", row[8])
		assert.Equal(t, src.Key, row[0])
		assert.Equal(t, string(src.Verdict), row[4])
		assert.False(t, seen[row[0]], "listed once: %s", row[0])
		seen[row[0]] = true
		u, _, _, _ := rating.ParseReviewKey(row[0])
		assert.GreaterOrEqual(t, u, prev, "in company order (the sample's USCCs ascend)")
		prev = u
	}

	// An override without 说明: an error of the record, exit 1, named.
	f, err := excelize.OpenFile(record)
	require.NoError(t, err)
	rows, err := f.GetRows(rating.ReviewSheetChecks)
	require.NoError(t, err)
	uscc, _, _, _ := rating.ParseReviewKey(rows[1][0])
	next := len(rows) + 1
	require.NoError(t, f.SetCellValue(rating.ReviewSheetChecks, "A"+strconv.Itoa(next), rating.ReviewKey(uscc, rating.CategoryClause, "5.1.2.1")))
	require.NoError(t, f.SetCellValue(rating.ReviewSheetChecks, "I"+strconv.Itoa(next), "通过"))
	require.NoError(t, f.Save())
	require.NoError(t, f.Close())
	r = rate(t, cfg, dir)
	require.ErrorIs(t, r.err, ErrInput)
	assert.Equal(t, 1, r.sum.RecordErrors)
	assert.Contains(t, r.log, "说明")
	assert.Contains(t, r.log, "评审记录错误 1 处")
	x, err = excelize.OpenFile(filepath.Join(out, "results.xlsx"))
	require.NoError(t, err)
	issues, err := x.GetRows(exporter.SheetIssues)
	require.NoError(t, err)
	x.Close()
	last := issues[len(issues)-1]
	assert.Equal(t, []string{"评审记录.xlsx", "评审记录", rating.ReviewSheetChecks, "L" + strconv.Itoa(next)}, last[:4], "the record's error in 问题清单, on its cell")

	// A missing record is a usage error before anything is written.
	cfg.Review = []string{filepath.Join(t.TempDir(), "无.xlsx")}
	assert.ErrorIs(t, rate(t, cfg, dir).err, ErrUsage)
}

func TestRunWithoutInputsTouchesNothing(t *testing.T) {
	in, out := t.TempDir(), t.TempDir()
	writeApp(t, filepath.Join(in, "a.xlsx"), templates.SampleSpec{Seed: 3, Level: 1})
	cfg := config(out, nil)
	cfg.Incremental = true
	require.NoError(t, rate(t, cfg, in).err)
	before := hashTree(t, out)
	require.NoError(t, os.Remove(filepath.Join(in, "a.xlsx")))
	r := rate(t, cfg, in)
	require.ErrorIs(t, r.err, ErrUsage)
	assert.Contains(t, r.err.Error(), "未找到任何申报工作簿")
	assert.Equal(t, before, hashTree(t, out), "every previous output byte-identical")
}

// A second run lists what changed in 变化 and the log; --compare lists
// the changes by USCC against another round's results.
func TestRunChangesAndCompare(t *testing.T) {
	in, out := t.TempDir(), t.TempDir()
	writeApp(t, filepath.Join(in, "a.xlsx"), templates.SampleSpec{Seed: 3, Level: 1})
	writeApp(t, filepath.Join(in, "b.xlsx"), templates.SampleSpec{Seed: 5, Index: 1, Level: 2})
	cfg := config(out, nil)
	require.NoError(t, rate(t, cfg, in).err)
	first, err := os.ReadFile(filepath.Join(out, "results.json"))
	require.NoError(t, err)
	prev := filepath.Join(t.TempDir(), "去年.json")
	require.NoError(t, os.WriteFile(prev, first, 0o644))

	writeApp(t, filepath.Join(in, "a.xlsx"), templates.SampleSpec{Seed: 3, Level: 3, Staff: 30, TrainingPerPerson: 3, Contracts: 20, Surveys: 6})
	require.NoError(t, os.Remove(filepath.Join(in, "b.xlsx")))
	r := rate(t, cfg, in)
	require.NoError(t, r.err, r.log)
	var what []string
	for _, c := range r.sum.Changes {
		what = append(what, c.File+" "+c.What)
	}
	assert.Contains(t, what, "a.xlsx 预评星级")
	assert.Contains(t, what, "b.xlsx 移除文件")
	assert.Equal(t, []string{"annotated/b.xlsx"}, r.sum.Removed, "its annotated copy removed")
	assert.Contains(t, r.log, `"level":"warn","file":"b.xlsx","change":"移除文件"`)
	assert.Contains(t, r.log, "删除已不在本轮的批注副本 1 个：annotated/b.xlsx")
	data, _ := os.ReadFile(filepath.Join(out, "results.json"))
	assert.Contains(t, string(data), `"previous_results_sha256": "`)
	x, err := excelize.OpenFile(filepath.Join(out, "results.xlsx"))
	require.NoError(t, err)
	assert.Contains(t, x.GetSheetList(), exporter.SheetChanges)
	x.Close()

	cfg.Compare = prev
	r = rate(t, cfg, in)
	require.NoError(t, r.err, r.log)
	what = nil
	for _, c := range r.sum.Changes {
		what = append(what, c.What)
	}
	assert.Contains(t, what, "预评星级", "year over year, by USCC")
	assert.Contains(t, what, "未再参评")
	cfg.Compare = filepath.Join(in, "a.xlsx")
	assert.ErrorIs(t, rate(t, cfg, in).err, ErrUsage, "not a results.json")
}

func TestValidateRatesAsTheApplicantAndTheEvaluator(t *testing.T) {
	dir := smallRound(t, 3)
	reports, err := Validate(context.Background(), ValidateConfig{}, []string{dir})
	require.NoError(t, err)
	reports, err = Validate(context.Background(), ValidateConfig{}, []string{dir})
	require.NoError(t, err)
	require.Len(t, reports, 5)
	app := reports[0]
	require.NotNil(t, app.Rating, "an application's rating, self-check mode")
	assert.Nil(t, app.Rating.Review)
	assert.Equal(t, app.Rating.ProvisionalStars, app.Rating.Stars, "self-check mode: nothing waits for an evaluator")
	var form exporter.FileReport
	for _, r := range reports {
		if r.Kind == exporter.KindSurveyForm {
			form = r
		}
	}
	assert.Equal(t, app.File, form.AttachedTo)
	assert.Equal(t, 1, exporter.BadFiles(reports), "the unreadable file")

	record := filepath.Join(dir, "评审记录.xlsx")
	_, err = ReviewSample(context.Background(), ReviewConfig{Out: record}, dir, 2022)
	require.NoError(t, err)
	reports, err = Validate(context.Background(), ValidateConfig{Review: []string{record}}, []string{dir})
	require.NoError(t, err)
	require.Len(t, reports, 6, "the record first, then the inputs (the record among them not read as one)")
	assert.Equal(t, KindReviewRecord, reports[0].Kind)
	require.NotNil(t, reports[1].Rating.Review, "evaluation mode, the record applied")
	assert.Positive(t, reports[1].Rating.Review.Passed)
}

// The second read of the record being updated stopped short (Ctrl-C):
// the rows merged so far are not all of them, and nothing is written.
func TestReviewUpdateInterruptedWritesNothing(t *testing.T) {
	dir := smallRound(t, 3)
	record := filepath.Join(t.TempDir(), "评审记录.xlsx")
	_, err := ReviewSample(context.Background(), ReviewConfig{Out: record}, dir, 2022)
	require.NoError(t, err)
	sha := importer.ReadReviewFile(context.Background(), record, "r", importer.Options{}).SHA256
	require.NoError(t, mergeOld(context.Background(), record, sha, rating.NewReviewPlanner(nil)))
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	assert.ErrorIs(t, mergeOld(ctx, record, sha, rating.NewReviewPlanner(nil)), ErrInterrupted)
	before, err := os.ReadFile(record)
	require.NoError(t, err)
	_, err = Review(ctx, ReviewConfig{Out: record}, []string{dir})
	assert.ErrorIs(t, err, ErrInterrupted)
	after, err := os.ReadFile(record)
	require.NoError(t, err)
	assert.Equal(t, before, after)
}

// The importer finds the record's sheets by their folded names (「核查清单 」
// is 核查清单); rows reach rate and the update by the sheet they come
// from, never by comparing names.
func TestReviewSheetsFoundByFoldedName(t *testing.T) {
	dir := smallRound(t, 3)
	record := filepath.Join(t.TempDir(), "评审记录.xlsx")
	_, err := ReviewSample(context.Background(), ReviewConfig{Out: record}, dir, 2022)
	require.NoError(t, err)
	f, err := excelize.OpenFile(record)
	require.NoError(t, err)
	rows, err := f.GetRows(rating.ReviewSheetChecks)
	require.NoError(t, err)
	expired := rating.ReviewSheetExpired + " "
	require.NoError(t, f.SetSheetName(rating.ReviewSheetChecks, rating.ReviewSheetChecks+" "))
	require.NoError(t, f.SetSheetName(rating.ReviewSheetExpired, expired))
	old, err := f.GetRows(expired)
	require.NoError(t, err)
	n := len(old) + 1
	cells := make([]any, len(rows[1]))
	for j, v := range rows[1] { // 核查清单's first row again in 已失效, with a note of its own
		cells[j] = v
	}
	cells[8], cells[9], cells[10], cells[11] = "通过", "李评审", "2023-03-02", "已失效里独有的说明"
	require.NoError(t, f.SetSheetRow(expired, "A"+strconv.Itoa(n), &cells))
	require.NoError(t, f.SaveAs(record))
	require.NoError(t, f.Close())

	whole := importer.ReadReviewFile(context.Background(), record, "r", importer.Options{})
	require.NotEmpty(t, whole.Rows)
	rec, err := readReview(context.Background(), []string{record})
	require.NoError(t, err)
	want := rating.NewReviewRecord(whole)
	for _, r := range whole.Rows {
		require.Equal(t, want.Has(r.Key), rec.Has(r.Key), r.Key)
	}
	assert.True(t, rec.Has(rows[1][0]), "rate --review applies the renamed 核查清单")

	_, err = Review(context.Background(), ReviewConfig{Out: record}, []string{dir})
	require.ErrorIs(t, err, ErrInput, "the unreadable file")
	after := importer.ReadReviewFile(context.Background(), record, "r", importer.Options{})
	kept := slices.ContainsFunc(after.Expired, func(r rating.ReviewRow) bool { return r.Note == "已失效里独有的说明" })
	assert.True(t, kept, "the row a reviewer typed in 已失效 survives the update")
}
