package main

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
	"github.com/xuri/excelize/v2"

	"github.com/bax/starrate/exporter"
	"github.com/bax/starrate/round"
	"github.com/bax/starrate/selfcheck"
	"github.com/bax/starrate/templates"
)

// pageFiles are the files of dir as the page hands them to the engine.
func pageFiles(t *testing.T, dir string) []selfcheck.File {
	t.Helper()
	inputs, err := round.Discover([]string{dir}, "")
	require.NoError(t, err)
	var files []selfcheck.File
	for _, in := range inputs {
		data, err := os.ReadFile(in.Path)
		require.NoError(t, err)
		files = append(files, selfcheck.File{Name: in.Name, Size: int64(len(data)), Data: data})
	}
	return files
}

// validateJSON is what `starrate validate --json` says of paths.
func validateJSON(t *testing.T, paths ...string) []fileReport {
	t.Helper()
	_, out, stderr := runCLI(t, append([]string{"validate", "--json"}, paths...)...)
	var reports []fileReport
	require.NoError(t, json.Unmarshal([]byte(out), &reports), stderr)
	return reports
}

// requireValidateSays holds the page's problems to validate's, file for
// file and word for word.
func requireValidateSays(t *testing.T, want []fileReport, got selfcheck.Report) {
	t.Helper()
	require.Len(t, got.Files, len(want))
	for i, w := range want {
		g := got.Files[i]
		require.Equal(t, w.File, g.File)
		// The same report type, through JSON as the page gets it.
		var shown fileReport
		b, err := json.Marshal(g)
		require.NoError(t, err)
		require.NoError(t, json.Unmarshal(b, &shown))
		require.Equal(t, w, shown, g.File)
	}
}

func TestSelfcheckGivesTheCLIsAnswers(t *testing.T) {
	ctx := context.Background()
	report := selfcheck.Check(ctx, pageFiles(t, sampleRound))
	requireValidateSays(t, validateJSON(t, sampleRound), report)

	// Stars: `rate` with the self-check profile, forms matched as the page does.
	var profile bytes.Buffer
	require.NoError(t, selfcheck.Profile().Dump(&profile))
	rules := filepath.Join(t.TempDir(), "selfcheck.yaml")
	require.NoError(t, os.WriteFile(rules, profile.Bytes(), 0o644))
	out := rateSample(t, "--rules", rules)
	var results struct {
		Companies []struct {
			File         string `json:"file"`
			Kind         string `json:"kind"`
			AppliedStars int    `json:"applied_stars"`
			Stars        int    `json:"stars"`
			AttachedTo   string `json:"attached_to"`
		} `json:"companies"`
	}
	b, err := os.ReadFile(filepath.Join(out, "results.json"))
	require.NoError(t, err)
	require.NoError(t, json.Unmarshal(b, &results))
	verdicts := map[string]selfcheck.Verdict{}
	for _, v := range report.Verdicts {
		verdicts[v.File] = v
	}
	apps, distinct := 0, map[int]bool{}
	for _, c := range results.Companies {
		switch c.Kind {
		case "application":
			apps++
			v, ok := verdicts[c.File]
			require.True(t, ok, c.File)
			require.Equal(t, c.Stars, v.Stars, c.File)
			require.Equal(t, c.AppliedStars > 0 && c.Stars >= c.AppliedStars, v.Reaches, c.File)
			distinct[v.Stars] = true
		case "survey_form":
			i := slicesIndex(report.Files, c.File)
			require.Equal(t, c.AttachedTo, report.Files[i].AttachedTo, c.File)
		}
	}
	require.Equal(t, apps, len(report.Verdicts))
	require.Greater(t, len(distinct), 1, "the sample round should show more than one level")
}

func slicesIndex(files []selfcheck.FileReport, name string) int {
	for i, f := range files {
		if f.File == name {
			return i
		}
	}
	return -1
}

// oddWorkbook is a filled 申报表 as clerks get it wrong: an ID typed as a
// number, a 合计 row under the training records, and the contracts sheet
// deleted.
func oddWorkbook(t *testing.T) []byte {
	t.Helper()
	app := templates.Sample(templates.SampleSpec{Seed: 13, Year: 2022, Level: 2, Staff: 12, TrainingPerPerson: 2, Contracts: 6, Surveys: 3})
	var b bytes.Buffer
	require.NoError(t, templates.WriteFilled(&b, app))
	f, err := excelize.OpenReader(&b)
	require.NoError(t, err)
	defer f.Close()

	rows, err := f.GetRows(templates.SheetStaff)
	require.NoError(t, err)
	col := headerColumn(t, rows, "身份证号")
	for r := 1; r < len(rows); r++ {
		if id := rows[r][col]; len(id) == 18 && !strings.ContainsAny(id, "Xx") && rows[r][0] != "示例" {
			n, err := strconv.ParseFloat(id, 64)
			require.NoError(t, err)
			cell, _ := excelize.CoordinatesToCellName(col+1, r+1)
			require.NoError(t, f.SetCellFloat(templates.SheetStaff, cell, n, -1, 64))
			break
		}
	}

	rows, err = f.GetRows(templates.SheetTraining)
	require.NoError(t, err)
	hours := headerColumn(t, rows, "学时")
	total, _ := excelize.CoordinatesToCellName(1, len(rows)+1)
	require.NoError(t, f.SetCellValue(templates.SheetTraining, total, "合计"))
	sum, _ := excelize.CoordinatesToCellName(hours+1, len(rows)+1)
	require.NoError(t, f.SetCellInt(templates.SheetTraining, sum, int64(len(rows)*4)))

	// And a declaration answered 是 whose 证明材料 was left out.
	rows, err = f.GetRows(templates.SheetDeclarations)
	require.NoError(t, err)
	evidence := headerColumn(t, rows, "证明材料")
	for r, row := range rows {
		if len(row) > 0 && row[0] == "Q3" {
			cell, _ := excelize.CoordinatesToCellName(evidence+1, r+1)
			require.NoError(t, f.SetCellValue(templates.SheetDeclarations, cell, ""))
		}
	}

	require.NoError(t, f.DeleteSheet(templates.SheetContracts))
	var out bytes.Buffer
	_, err = f.WriteTo(&out)
	require.NoError(t, err)
	return out.Bytes()
}

func headerColumn(t *testing.T, rows [][]string, label string) int {
	t.Helper()
	for _, row := range rows[:min(len(rows), 5)] {
		for i, v := range row {
			if strings.Contains(v, label) {
				return i
			}
		}
	}
	t.Fatalf("no column %s", label)
	return -1
}

func TestSelfcheckOddWorkbookSaysWhatValidateSays(t *testing.T) {
	data := oddWorkbook(t)
	path := filepath.Join(t.TempDir(), "申报表-有误.xlsx")
	require.NoError(t, os.WriteFile(path, data, 0o644))
	want := validateJSON(t, path)
	require.Len(t, want, 1)
	want[0].File = filepath.Base(path)
	var messages []string
	for _, p := range want[0].Problems {
		messages = append(messages, p.Sheet+" "+p.Message)
	}
	t.Logf("validate says:\n%s", strings.Join(messages, "\n"))
	require.Contains(t, strings.Join(messages, "\n"), templates.SheetContracts, "the missing sheet is reported")
	require.Contains(t, strings.Join(messages, "\n"), templates.SheetStaff, "the ID typed as a number is reported")

	got := selfcheck.Check(context.Background(), []selfcheck.File{{Name: filepath.Base(path), Size: int64(len(data)), Data: data}})
	requireValidateSays(t, want, got)
	require.Len(t, got.Verdicts, 1)
	require.Equal(t, []selfcheck.Evidence{{Item: "Q3", Answer: "是", Sheet: templates.SheetDeclarations, Cell: "D4"}}, got.Verdicts[0].MissingEvidence)
}

func TestSelfcheckCommand(t *testing.T) {
	dir := t.TempDir()
	page := filepath.Join(dir, "申报自查.html")
	code, _, stderr := runCLI(t, "selfcheck", "-o", page)
	require.Equal(t, exitOK, code, stderr)
	info, err := os.Stat(page)
	require.NoError(t, err)
	require.Less(t, info.Size(), int64(10<<20), "the page must fit in an e-mail")

	code, _, stderr = runCLI(t, "selfcheck", "-o", page)
	require.Equal(t, exitUsage, code)
	require.Contains(t, stderr, "--force")
	code, _, stderr = runCLI(t, "selfcheck", "-o", page, "--force")
	require.Equal(t, exitOK, code, stderr)

	code, _, stderr = runCLI(t, "selfcheck", "-o", filepath.Join(dir, "申报自查.txt"))
	require.Equal(t, exitUsage, code)
	require.Contains(t, stderr, ".html")
}

// validate's report types, as the page's answers are compared with them.
type fileReport = exporter.FileReport
