//go:build unix

package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/xuri/excelize/v2"

	"github.com/bax/starrate/importer"
	"github.com/bax/starrate/rating"
	"github.com/bax/starrate/round"
	"github.com/bax/starrate/templates"
)

// reviewRound writes a small synthetic round and returns its folder.
func reviewRound(t *testing.T) string {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "申报")
	require.NoError(t, templates.SampleRound(3, 5, templates.Small, 2022, func(name string, write func(io.Writer) error) error {
		return round.WriteFile(filepath.Join(dir, name), write)
	}))
	return dir
}

// reviewed is one application of the round as `rate --review` reports it
// in results.json.
type reviewed struct {
	Stars       int                 `json:"stars"`
	Provisional int                 `json:"provisional_stars"`
	Review      rating.ReviewCounts `json:"review"`
	Metrics     struct {
		StaffTotal     int `json:"staff_total"`
		QualifiedStaff int `json:"qualified_staff"`
	} `json:"metrics"`
	Clauses []reviewedClause `json:"clauses"`
}

type reviewedClause struct {
	ID           string `json:"id"`
	Status       string `json:"status"`
	Message      string `json:"message"`
	Verification *struct {
		State string `json:"state"`
		Note  string `json:"note"`
	} `json:"verification"`
}

// recordProblem is one of results.json's review_record.problems.
type recordProblem struct {
	Severity string `json:"severity"`
	File     string `json:"file"`
	Sheet    string `json:"sheet"`
	Cell     string `json:"cell"`
	Message  string `json:"message"`
}

// applyRecord rates the round in dir with the review records, through the
// built binary's `rate --review`, and returns each application by USCC and
// the record's problems.
func applyRecord(t *testing.T, dir string, records ...string) (map[string]reviewed, []recordProblem) {
	t.Helper()
	out := t.TempDir()
	args := []string{"rate", "-o", out, "-q", "--log-format", "json"}
	for _, r := range records {
		args = append(args, "--review", r)
	}
	r := runBinary(t, append(args, dir)...)
	require.Contains(t, []int{exitOK, exitInput}, r.code, r.stderr)
	data, err := os.ReadFile(filepath.Join(out, "results.json"))
	require.NoError(t, err)
	var res struct {
		Companies []struct {
			USCC string `json:"uscc"`
			Kind string `json:"kind"`
			reviewed
		} `json:"companies"`
		Record struct {
			Problems []recordProblem `json:"problems"`
		} `json:"review_record"`
	}
	require.NoError(t, json.Unmarshal(data, &res))
	got := map[string]reviewed{}
	for _, c := range res.Companies {
		if c.Kind == "application" {
			got[c.USCC] = c.reviewed
		}
	}
	return got, res.Record.Problems
}

// fill sets the reviewer's cells of the rows that match, as a reviewer
// would in Excel, and saves the record.
func fill(t *testing.T, path string, verdict func(key string) (rating.Verdict, string)) {
	t.Helper()
	f, err := excelize.OpenFile(path)
	require.NoError(t, err)
	defer f.Close()
	rows, err := f.GetRows(rating.ReviewSheetChecks)
	require.NoError(t, err)
	for i, r := range rows[1:] {
		v, note := verdict(r[0])
		if v == rating.VerdictNone {
			continue
		}
		row := i + 2
		require.NoError(t, f.SetCellValue(rating.ReviewSheetChecks, fmt.Sprintf("I%d", row), string(v)))
		require.NoError(t, f.SetCellValue(rating.ReviewSheetChecks, fmt.Sprintf("J%d", row), "王评审"))
		require.NoError(t, f.SetCellValue(rating.ReviewSheetChecks, fmt.Sprintf("K%d", row), "2023-03-01"))
		require.NoError(t, f.SetCellValue(rating.ReviewSheetChecks, fmt.Sprintf("L%d", row), note))
	}
	require.NoError(t, f.Save())
}

func appendRow(t *testing.T, path string, cells map[string]string) {
	t.Helper()
	f, err := excelize.OpenFile(path)
	require.NoError(t, err)
	defer f.Close()
	rows, err := f.GetRows(rating.ReviewSheetChecks)
	require.NoError(t, err)
	for col, v := range cells {
		require.NoError(t, f.SetCellValue(rating.ReviewSheetChecks, fmt.Sprintf("%s%d", col, len(rows)+1), v))
	}
	require.NoError(t, f.Save())
}

func TestReviewEndToEnd(t *testing.T) {
	dir := reviewRound(t)
	record := filepath.Join(t.TempDir(), "评审记录.xlsx")
	code, stdout, stderr := runCLI(t, "review", "-o", record, dir)
	require.Contains(t, []int{exitOK, exitInput}, code, stderr) // the sample has a file with errors
	assert.Regexp(t, `新增 \d+ 行，保留 0 行，标记需复核 0 行，移至已失效 0 行`, stdout)

	before, _ := applyRecord(t, dir, record)
	var three string // the company with the most provisional stars, all its checks to pass
	for uscc, r := range before {
		assert.Equal(t, r.Review.Checks, r.Review.Open, "nothing checked yet")
		assert.Equal(t, 0, r.Stars, "no star before a verdict")
		if three == "" || r.Provisional > before[three].Provisional || r.Provisional == before[three].Provisional && uscc < three {
			three = uscc
		}
	}
	require.Positive(t, before[three].Provisional)

	// The reviewer passes every check of that company but one person's
	// qualification.
	var refuted string
	fill(t, record, func(key string) (rating.Verdict, string) {
		uscc, code, _, _ := rating.ParseReviewKey(key)
		if uscc != three {
			return rating.VerdictNone, ""
		}
		if code == rating.CategoryStaff && refuted == "" {
			refuted = key
			return rating.VerdictFail, "证书查询不到"
		}
		return rating.VerdictPass, ""
	})
	after, problems := applyRecord(t, dir, record)
	require.Empty(t, problems)
	got := after[three]
	assert.Equal(t, before[three].Metrics.QualifiedStaff-1, got.Metrics.QualifiedStaff, "one 不通过 lowers the metric by exactly that subject")
	assert.Equal(t, before[three].Metrics.StaffTotal, got.Metrics.StaffTotal)
	assert.Equal(t, got.Review.Checks-1, got.Review.Passed, "%+v", got.Review)
	assert.Equal(t, 1, got.Review.Failed)
	// Every check decided: nothing is left in review, the stars are confirmed.
	for _, c := range got.Clauses {
		assert.NotEqual(t, string(rating.Review), c.Status, "%s %s", c.ID, c.Message)
	}
	assert.Equal(t, got.Provisional, got.Stars)
	assert.Positive(t, got.Stars)

	t.Run("an applicant-filled 评审核实 confirms nothing", func(t *testing.T) {
		inputs, err := round.Discover([]string{dir}, "")
		require.NoError(t, err)
		var other string
		for _, in := range inputs {
			wb := importer.ReadFile(context.Background(), in.Path, in.Name, importer.Options{})
			if wb.Application == nil || wb.Application.Company.USCC == three {
				continue
			}
			// The applicant adds the old 评审核实 column and passes itself.
			other = wb.Application.Company.USCC
			f, err := excelize.OpenFile(in.Path)
			require.NoError(t, err)
			rows, err := f.GetRows(templates.SheetDeclarations)
			require.NoError(t, err)
			head := slices.IndexFunc(rows, func(r []string) bool {
				return slices.ContainsFunc(r, func(c string) bool { return strings.HasPrefix(c, "编号") })
			})
			require.GreaterOrEqual(t, head, 0)
			require.NoError(t, f.SetCellValue(templates.SheetDeclarations, fmt.Sprintf("Z%d", head+1), "评审核实"))
			for r := head + 2; r <= len(rows); r++ {
				require.NoError(t, f.SetCellValue(templates.SheetDeclarations, fmt.Sprintf("Z%d", r), "通过"))
			}
			require.NoError(t, f.Save())
			f.Close()
			break
		}
		require.NotEmpty(t, other)
		self, _ := applyRecord(t, dir, record)
		assert.Equal(t, 0, self[other].Stars)
		assert.Equal(t, 0, self[other].Review.Passed)
	})

	t.Run("a resubmission marks exactly the changed subject's row 需复核", func(t *testing.T) {
		inputs, err := round.Discover([]string{dir}, "")
		require.NoError(t, err)
		var changedKey string
		for _, in := range inputs {
			wb := importer.ReadFile(context.Background(), in.Path, in.Name, importer.Options{})
			if wb.Application == nil || wb.Application.Company.USCC != three {
				continue
			}
			app := wb.Application
			rec := rating.NewReviewRecord(importer.ReadReviewFile(context.Background(), record, "r.xlsx", importer.Options{}))
			checks := rating.ReviewChecks(app, rating.DefaultProfile(), rec.Has)
			i := slices.IndexFunc(checks, func(c rating.ReviewCheck) bool { return c.Code == rating.CategoryContract })
			changedKey = checks[i].Key
			_, _, subject, _ := rating.ParseReviewKey(changedKey)
			for j := range app.Contracts {
				if rating.ContractSubject(app.Contracts[j]) == subject {
					app.Contracts[j].Amount += 100 // 1 元 more
				}
			}
			require.NoError(t, round.WriteFile(in.Path, func(w io.Writer) error { return templates.WriteFilled(w, app) }))
		}
		require.NotEmpty(t, changedKey)
		_, stdout, stderr := runCLI(t, "review", "-o", record, dir)
		assert.Contains(t, stdout, "标记需复核 1 行", stderr)
		f, err := excelize.OpenFile(record)
		require.NoError(t, err)
		defer f.Close()
		rows, err := f.GetRows(rating.ReviewSheetChecks)
		require.NoError(t, err)
		var marked []string
		for _, r := range rows[1:] {
			if len(r) > 12 && r[12] == rating.StateRecheck {
				marked = append(marked, r[0])
				assert.Equal(t, "通过", r[8], "the old verdict stays visible")
			}
		}
		assert.Equal(t, []string{changedKey}, marked)
		again, _ := applyRecord(t, dir, record)
		assert.Equal(t, 1, again[three].Review.Stale)
		assert.Equal(t, got.Review.Passed-1, again[three].Review.Passed)
	})

	t.Run("the record holds no full ID", func(t *testing.T) {
		assertNoFullID(t, record)
	})
}

func assertNoFullID(t *testing.T, path string) {
	t.Helper()
	id := regexp.MustCompile(`[0-9]{6}(19|20)[0-9]{2}(0[1-9]|1[0-2])(0[1-9]|[12][0-9]|3[01])[0-9]{3}[0-9Xx]`)
	out, err := exec.Command("unzip", "-p", path).Output()
	if err != nil {
		t.Skip("unzip not available")
	}
	assert.Empty(t, id.FindAllString(string(out), 3))
}

func TestReviewRecordProblems(t *testing.T) {
	dir := reviewRound(t)
	record := filepath.Join(t.TempDir(), "评审记录.xlsx")
	runCLI(t, "review", "-o", record, dir)
	all, _ := applyRecord(t, dir, record)
	var uscc string
	for u := range all {
		uscc = u
		break
	}

	t.Run("an override without 说明 is an error on its cell", func(t *testing.T) {
		path := filepath.Join(t.TempDir(), "r.xlsx")
		copyFile(t, record, path)
		appendRow(t, path, map[string]string{"A": rating.ReviewKey(uscc, rating.CategoryClause, "5.1.2.1"), "I": "通过"})
		got, problems := applyRecord(t, dir, path)
		require.NotEmpty(t, problems)
		pr := problems[0]
		assert.Equal(t, "error", pr.Severity, "rate exits 1")
		assert.Equal(t, "r.xlsx", pr.File)
		assert.Equal(t, rating.ReviewSheetChecks, pr.Sheet)
		assert.Regexp(t, `^L\d+$`, pr.Cell)
		assert.Contains(t, pr.Message, "说明")
		if v := clauseOf(got[uscc], "5.1.2.1").Verification; v != nil {
			assert.NotEqual(t, rating.Overridden, v.State, "an override without a reason decides nothing")
		}
	})
	t.Run("a bad verdict and a bad date are errors on their cells", func(t *testing.T) {
		path := filepath.Join(t.TempDir(), "r.xlsx")
		copyFile(t, record, path)
		fill(t, path, func(key string) (rating.Verdict, string) {
			if key == rating.ReviewKey(uscc, rating.CategoryItem, "Q1") {
				return "可以", ""
			}
			return rating.VerdictNone, ""
		})
		appendRow(t, path, map[string]string{"A": rating.ReviewKey(uscc, rating.CategoryItem, "Q2"), "I": "通过", "K": "2023-13-45"})
		rf := importer.ReadReviewFile(context.Background(), path, "r.xlsx", importer.Options{})
		var cells []string
		for _, p := range rf.Problems {
			if p.Severity == rating.SeverityError {
				cells = append(cells, p.Cell[:1])
			}
		}
		assert.ElementsMatch(t, []string{"I", "K"}, cells)
	})
	t.Run("two files disagreeing is an error naming both cells", func(t *testing.T) {
		tmp := t.TempDir()
		a, b := filepath.Join(tmp, "甲.xlsx"), filepath.Join(tmp, "乙.xlsx")
		copyFile(t, record, a)
		copyFile(t, record, b)
		key := rating.ReviewKey(uscc, rating.CategoryItem, "Q1")
		fill(t, a, func(k string) (rating.Verdict, string) {
			if k == key {
				return rating.VerdictPass, ""
			}
			return rating.VerdictNone, ""
		})
		fill(t, b, func(k string) (rating.Verdict, string) {
			if k == key {
				return rating.VerdictFail, "营业执照已吊销"
			}
			return rating.VerdictNone, ""
		})
		got, problems := applyRecord(t, dir, a, b)
		require.Len(t, problems, 1)
		assert.Equal(t, "error", problems[0].Severity, "exit 1")
		assert.Regexp(t, `甲\.xlsx 核查清单!I\d+ 为「通过」，乙\.xlsx 核查清单!I\d+ 为「不通过」`, problems[0].Message)
		assert.Equal(t, string(rating.Review), clauseOf(got[uscc], "3.2.1").Status, "the key counts as not checked")
	})
	t.Run("the sample's partly filled record", func(t *testing.T) {
		path := filepath.Join(t.TempDir(), "r.xlsx")
		_, err := round.ReviewSample(context.Background(), round.ReviewConfig{Out: path}, dir, 2022)
		require.NoError(t, err)
		got, problems := applyRecord(t, dir, path)
		require.Empty(t, problems)
		var failed, stale, overridden int
		for _, r := range got {
			failed += r.Review.Failed
			stale += r.Review.Stale
			for _, c := range r.Clauses {
				if c.Verification != nil && c.Verification.State == rating.Overridden {
					overridden++
					assert.NotEmpty(t, c.Verification.Note)
				}
			}
		}
		assert.Equal(t, []int{1, 1, 1}, []int{failed, stale, overridden})
		// review keeps all of it.
		code, stdout, stderr := runCLI(t, "review", "-o", path, dir)
		require.Contains(t, []int{exitOK, exitInput}, code, stderr)
		assert.Contains(t, stdout, "新增 0 行")
		again, _ := applyRecord(t, dir, path)
		for u, r := range got {
			assert.Equal(t, r.Review, again[u].Review, u)
		}
	})
}

func clauseOf(r reviewed, id string) reviewedClause {
	for _, c := range r.Clauses {
		if c.ID == id {
			return c
		}
	}
	return reviewedClause{}
}

func copyFile(t *testing.T, from, to string) {
	t.Helper()
	data, err := os.ReadFile(from)
	require.NoError(t, err)
	require.NoError(t, os.WriteFile(to, data, 0o644))
}

// TestReviewRecordSurvivesLibreOffice: the record opens in LibreOffice
// (converted headless without error) and, re-saved by it, applies the same.
func TestReviewRecordSurvivesLibreOffice(t *testing.T) {
	soffice, err := exec.LookPath("soffice")
	if err != nil {
		t.Skip("LibreOffice (soffice) not installed")
	}
	if testing.Short() {
		t.Skip("LibreOffice conversion is slow")
	}
	dir := reviewRound(t)
	record := filepath.Join(t.TempDir(), "评审记录.xlsx")
	runCLI(t, "review", "-o", record, dir)
	f, err := excelize.OpenFile(record)
	require.NoError(t, err)
	require.NoError(t, templates.FillReviewSample(f, "王评审", rating.NewDate(2023, 3, 1)))
	require.NoError(t, f.Save())
	f.Close()

	out := t.TempDir()
	cmd := exec.Command(soffice, "--headless", "-env:UserInstallation=file://"+t.TempDir(), "--convert-to", "xlsx", "--outdir", out, record)
	msg, err := cmd.CombinedOutput()
	require.NoError(t, err, string(msg))
	resaved := filepath.Join(out, "评审记录.xlsx")
	want, problems := applyRecord(t, dir, record)
	require.Empty(t, problems)
	got, problems := applyRecord(t, dir, resaved)
	require.Empty(t, problems)
	for u, r := range want {
		assert.Equal(t, r.Review, got[u].Review, u)
		assert.Equal(t, r.Stars, got[u].Stars, u)
		for i, c := range r.Clauses {
			assert.Equal(t, c.Status, got[u].Clauses[i].Status, c.ID)
		}
	}
	assertNoFullID(t, resaved)
}

func TestReviewRefusesToRewriteABadRecord(t *testing.T) {
	dir := reviewRound(t)
	record := filepath.Join(t.TempDir(), "评审记录.xlsx")
	runCLI(t, "review", "-o", record, dir)
	fill(t, record, func(key string) (rating.Verdict, string) {
		if _, code, subject, _ := rating.ParseReviewKey(key); code == rating.CategoryItem && subject == "Q1" {
			return "可以", ""
		}
		return rating.VerdictNone, ""
	})
	before, err := os.ReadFile(record)
	require.NoError(t, err)
	code, _, stderr := runCLI(t, "review", "-o", record, dir)
	assert.Equal(t, exitUsage, code)
	assert.Contains(t, stderr, "核实结果不是可选值")
	assert.Contains(t, stderr, "未更新")
	after, err := os.ReadFile(record)
	require.NoError(t, err)
	assert.Equal(t, before, after, "what the reviewer typed is not lost")
}

func TestReviewRecordInsideTheInputFolder(t *testing.T) {
	dir := reviewRound(t)
	record := filepath.Join(dir, "评审记录.xlsx")
	runCLI(t, "review", "-o", record, dir)
	_, stdout, stderr := runCLI(t, "review", "-o", record, dir)
	assert.Contains(t, stdout, "新增 0 行", stderr)
	assert.NotContains(t, stderr, "评审记录.xlsx：无法读取")
}
