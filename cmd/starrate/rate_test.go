package main

import (
	"archive/zip"
	"bytes"
	"encoding/json"
	"flag"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/xuri/excelize/v2"

	"github.com/bax/starrate/exporter"
	"github.com/bax/starrate/rating"
	"github.com/bax/starrate/round"
	"github.com/bax/starrate/templates"
)

var update = flag.Bool("update", false, "rewrite the golden results.json of the sample round")

const (
	sampleRound  = "../../testdata/sample-round"
	sampleGolden = "../../testdata/sample-round.results.json"
	errorCompany = "006-北京石景山安防运维服务有限公司005-有错误.xlsx"
	// sampleRecord is the sample round's partly filled review record: the
	// README's main command rates the round with it.
	sampleRecord = sampleRound + "/评审记录.xlsx"
)

// rateSample rates the committed sample round into a fresh folder.
func rateSample(t *testing.T, extra ...string) string {
	t.Helper()
	out := t.TempDir()
	args := append([]string{"rate", "-o", out, "--log-format", "json", "-q", "--review", sampleRecord}, extra...)
	code, _, stderr := runCLI(t, append(args, sampleRound)...)
	require.Equal(t, exitInput, code, "the sample round has input errors: %s", stderr)
	return out
}

func TestRateGolden(t *testing.T) {
	out := rateSample(t)
	got, err := os.ReadFile(filepath.Join(out, "results.json"))
	require.NoError(t, err)
	if *update {
		require.NoError(t, os.WriteFile(sampleGolden, got, 0o644))
	}
	want, err := os.ReadFile(sampleGolden)
	require.NoError(t, err)
	assert.Equal(t, string(want), string(got), "results.json differs from the golden file; rerun with -update if intended")

	var r struct {
		Companies []struct {
			File      string `json:"file"`
			Kind      string `json:"kind"`
			Stars     *int   `json:"stars"`
			Provision *int   `json:"provisional_stars"`
		} `json:"companies"`
	}
	require.NoError(t, json.Unmarshal(got, &r))
	stars := map[string][2]any{}
	for _, c := range r.Companies {
		prefix, _, _ := strings.Cut(c.File, "-")
		if c.Stars != nil {
			stars[prefix] = [2]any{*c.Stars, *c.Provision}
		} else {
			stars[prefix] = [2]any{c.Kind, nil}
		}
	}
	// Stars come from the review record: 002 (二星) and 003 (一星, one
	// clause by override) are verified, 001 waits on one 需复核 row (预评
	// 三星, 评定 none), the rest have no verdict yet (预评 only).
	assert.Equal(t, map[string][2]any{
		"001": {0, 3}, "002": {2, 2}, "003": {1, 1}, "004": {0, 0}, "005": {0, 3}, "006": {0, 2}, "007": {0, 1}, "008": {0, 0},
		"009": {"unreadable", nil}, "表A1": {"survey_form", nil},
	}, stars)
	assert.NotContains(t, string(got), templates.SampleID(0, 1), "ID numbers are masked in results.json")
}

func TestResultsWorkbook(t *testing.T) {
	out := rateSample(t, "--evaluator", "北京某第三方评价机构")
	f, err := excelize.OpenFile(filepath.Join(out, "results.xlsx"))
	require.NoError(t, err)
	defer f.Close()
	// The layout of every sheet is pinned by exporter's golden dumps; here,
	// that rate fills them.
	assert.Equal(t, []string{"汇总", "条款明细", "问题清单", "其他文件", "跨单位核查", "统计", "参数", "评审"}, f.GetSheetList())

	rows, err := f.GetRows("汇总")
	require.NoError(t, err)
	require.Len(t, rows, 5+8, "title block, header and one row per application")
	assert.Equal(t, "核查进度", rows[4][7], "with --review")
	assert.Contains(t, rows[1][0], "评价机构：北京某第三方评价机构")
	assert.Equal(t, "单位名称", rows[4][1])
	assert.Equal(t, []string{"1", "北京石景山安防运维服务有限公司000", "三星"}, rows[5][:3])
	others, err := f.GetRows("其他文件")
	require.NoError(t, err)
	assert.Len(t, others, 3, "the survey form and the unreadable file")

	clauses, err := f.GetRows("条款明细")
	require.NoError(t, err)
	assert.Len(t, clauses, 1+8*40, "40 clauses for each of 8 applications")
	assert.Equal(t, []string{"001-北京石景山安防运维服务有限公司000.xlsx", "北京石景山安防运维服务有限公司000", "91110100000000000K", "3.2.1"}, clauses[1][:4])

	issues, err := f.GetRows("问题清单")
	require.NoError(t, err)
	found := false
	for _, r := range issues[1:] {
		if r[0] == errorCompany && r[2] == "人员名册" {
			found = true
			assert.Contains(t, r[5], "********", "IDs masked in the summary workbook")
		}
	}
	assert.True(t, found)

	cross, err := f.GetRows("跨单位核查")
	require.NoError(t, err)
	assert.Equal(t, "身份证号重复", cross[1][0])

	params, err := f.GetRows("参数")
	require.NoError(t, err)
	assert.Contains(t, flatten(params), "北京某第三方评价机构")
	for _, c := range []string{"cumulative", "T-BAX-000X-2022-draft"} {
		assert.Contains(t, flatten(params), c)
	}

	// Both charts of 统计 are native charts in the package.
	zr, err := zip.OpenReader(filepath.Join(out, "results.xlsx"))
	require.NoError(t, err)
	defer zr.Close()
	charts := 0
	for _, zf := range zr.File {
		if strings.HasPrefix(zf.Name, "xl/charts/chart") {
			charts++
		}
	}
	assert.Equal(t, 2, charts)

	csv, err := os.ReadFile(filepath.Join(out, "results.csv"))
	require.NoError(t, err)
	assert.True(t, bytes.HasPrefix(csv, []byte("\uFEFF文件,类型,单位名称")))
	assert.Equal(t, 1+10, bytes.Count(csv, []byte("\r\n")), "the header and one line per input")
}

func flatten(rows [][]string) string {
	var b strings.Builder
	for _, r := range rows {
		b.WriteString(strings.Join(r, "\t") + "\n")
	}
	return b.String()
}

func TestAnnotatedCopy(t *testing.T) {
	out := rateSample(t)
	path := filepath.Join(out, "annotated", errorCompany)
	f, err := excelize.OpenFile(path)
	require.NoError(t, err)
	defer f.Close()
	orig, err := excelize.OpenFile(filepath.Join(sampleRound, errorCompany))
	require.NoError(t, err)
	defer orig.Close()

	assert.Equal(t, append([]string{exporter.SheetVerdict}, orig.GetSheetList()...), f.GetSheetList())
	verdict, err := f.GetRows(exporter.SheetVerdict)
	require.NoError(t, err)
	text := flatten(verdict)
	assert.Contains(t, text, "评定星级\t")
	assert.Contains(t, text, "待办事项")
	assert.Contains(t, text, "【申报星级】")
	assert.Contains(t, text, "5.3.2.1")
	assert.Contains(t, text, "输入问题（共 6 项", "4 errors of the importer, 2 notes of the rating")

	// A comment and a highlight on the cell with the problem (A2 is the
	// template's own comment on its example row).
	comments, err := f.GetComments("用户评价")
	require.NoError(t, err)
	require.Len(t, comments, 3)
	assert.Equal(t, []string{"A2", "D3", "M3"}, []string{comments[0].Cell, comments[1].Cell, comments[2].Cell})
	assert.Contains(t, commentOf(comments[1]), "超过满分值 10")
	assert.Contains(t, commentOf(comments[1]), "本份评价有填写错误，不计入用户评价", "rating's note on the same cell")
	styleID, err := f.GetCellStyle("用户评价", "D3")
	require.NoError(t, err)
	st, err := f.GetStyle(styleID)
	require.NoError(t, err)
	assert.Equal(t, []string{"F8CBAD"}, st.Fill.Color)

	// The applicant's own copy keeps the ID whole (and only it).
	staff, err := f.GetComments("人员名册")
	require.NoError(t, err)
	require.Len(t, staff, 2, "the example row's and the duplicate person's")
	id, _ := orig.GetCellValue("人员名册", staff[1].Cell)
	assert.Len(t, id, 18)
	assert.NotContains(t, id, "*")
	assert.Contains(t, flatten(verdict), id)

	// Every other cell is as the applicant wrote it.
	for _, sheet := range orig.GetSheetList() {
		want, err := orig.GetRows(sheet, excelize.Options{RawCellValue: true})
		require.NoError(t, err)
		got, err := f.GetRows(sheet, excelize.Options{RawCellValue: true})
		require.NoError(t, err)
		assert.Equal(t, want, got, sheet)
	}
}

func commentOf(c excelize.Comment) string {
	s := c.Text
	for _, r := range c.Paragraph {
		s += r.Text
	}
	return s
}

func TestRateUsage(t *testing.T) {
	code, _, _ := runCLI(t, "rate", sampleRound)
	assert.Equal(t, exitUsage, code, "-o is required")
	code, _, _ = runCLI(t, "rate", "-o", t.TempDir())
	assert.Equal(t, exitUsage, code, "no inputs")
	code, _, _ = runCLI(t, "rate", "-o", t.TempDir(), "--log-format", "xml", sampleRound)
	assert.Equal(t, exitUsage, code)
}

func TestRateCleanRoundIsExit0(t *testing.T) {
	in := t.TempDir()
	app := templates.Sample(templates.SampleSpec{Seed: 3, Year: 2022, Level: 2, Staff: 30, Contracts: 20, Surveys: 2})
	f, err := os.Create(filepath.Join(in, "a.xlsx"))
	require.NoError(t, err)
	require.NoError(t, templates.WriteFilled(f, app))
	require.NoError(t, f.Close())
	out := t.TempDir()
	code, _, stderr := runCLI(t, "rate", "-o", out, "--log-format", "json", in)
	assert.Equal(t, exitOK, code, stderr)
	assert.Contains(t, stderr, `"provisional_stars":2`, "no review record: nothing confirmed, 预评 二星")
	assert.Contains(t, stderr, `"no_star":1`)
	assert.FileExists(t, filepath.Join(out, "annotated", "a.xlsx"))
	lock, err := os.ReadFile(filepath.Join(out, round.LockFile))
	require.NoError(t, err, "the lock file stays: removing it would let two runs hold the folder")
	assert.Empty(t, lock, "released: it names no holder")
	assert.NoFileExists(t, filepath.Join(out, round.ManifestFile), "no cache without --incremental")
}

// A survey form whose company is not in the round is counted for nobody
// and says so; one that names a company by its code joins that company.
func TestRateSurveyForms(t *testing.T) {
	in := t.TempDir()
	app := templates.Sample(templates.SampleSpec{Seed: 3, Year: 2022, Level: 1, Staff: 10, Contracts: 6})
	write := func(name string, fn func(io.Writer) error) {
		f, err := os.Create(filepath.Join(in, name))
		require.NoError(t, err)
		require.NoError(t, fn(f))
		require.NoError(t, f.Close())
	}
	write("a.xlsx", func(w io.Writer) error { return templates.WriteFilled(w, app) })
	survey := rating.Survey{Client: app.Contracts[0].Client, Date: rating.NewDate(2022, 6, 1)}
	for i, it := range templates.SurveyItems {
		survey.Items[i] = rating.DecimalFromInt(int64(it.Max))
	}
	write("form-ours.xlsx", func(w io.Writer) error {
		return templates.WriteSurveyFilled(w, "另一个名字", app.Company.USCC, survey) // matched by code
	})
	write("form-other.xlsx", func(w io.Writer) error { return templates.WriteSurveyFilled(w, "不在本批的公司", "", survey) })
	out := t.TempDir()
	code, _, stderr := runCLI(t, "rate", "-o", out, "-q", "--log-format", "json", in)
	require.Equal(t, exitOK, code, stderr)
	data, err := os.ReadFile(filepath.Join(out, "results.json"))
	require.NoError(t, err)
	var res struct {
		Companies []struct {
			File       string `json:"file"`
			Stars      *int   `json:"provisional_stars"`
			AttachedTo string `json:"attached_to"`
			Metrics    *struct {
				SurveyCount int `json:"survey_count"`
			} `json:"metrics"`
			Problems []struct {
				Message string `json:"message"`
			} `json:"problems"`
		} `json:"companies"`
	}
	require.NoError(t, json.Unmarshal(data, &res))
	require.Len(t, res.Companies, 3)
	own := rating.Rate(app, rating.DefaultProfile()).Metrics.SurveyCount
	assert.Equal(t, own+1, res.Companies[0].Metrics.SurveyCount, "its own surveys and the form that names its code")
	assert.Equal(t, 1, *res.Companies[0].Stars)
	assert.Empty(t, res.Companies[1].AttachedTo, "form-other.xlsx")
	require.Len(t, res.Companies[1].Problems, 1)
	assert.Contains(t, res.Companies[1].Problems[0].Message, "不在本批申报中")
	assert.Equal(t, "a.xlsx", res.Companies[2].AttachedTo, "form-ours.xlsx")
	assert.FileExists(t, filepath.Join(out, "annotated", "form-ours.xlsx"))
}
