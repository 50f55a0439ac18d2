package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/bax/starrate/exporter"
	"github.com/bax/starrate/rating"
	"github.com/bax/starrate/round"
	"github.com/bax/starrate/templates"
)

// runCLI runs starrate in-process and returns its exit code and output.
func runCLI(t *testing.T, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var out, errw bytes.Buffer
	code = run(context.Background(), append([]string{"starrate"}, args...), &out, &errw)
	return code, out.String(), errw.String()
}

func TestRulesPrintsEveryClause(t *testing.T) {
	code, out, _ := runCLI(t, "rules")
	require.Equal(t, exitOK, code)
	for _, c := range rating.DefaultProfile().Clauses {
		assert.Contains(t, out, "id: "+c.ID+"\n")
		assert.Contains(t, out, c.Text)
	}
	assert.Contains(t, out, "value: 300000")
	assert.Contains(t, out, `value: "70%"`)
	assert.Contains(t, out, "hours: 16")
}

func TestRulesRoundTripsThroughFile(t *testing.T) {
	_, out, _ := runCLI(t, "rules")
	path := filepath.Join(t.TempDir(), "rules.yaml")
	require.NoError(t, os.WriteFile(path, []byte(strings.Replace(out, "renewal_gap_days: 90", "renewal_gap_days: 60", 1)), 0o644))
	code, again, stderr := runCLI(t, "rules", "--rules", path)
	require.Equal(t, exitOK, code, stderr)
	assert.Contains(t, again, "renewal_gap_days: 60")
}

func TestRulesBadProfileIsExit2(t *testing.T) {
	path := filepath.Join(t.TempDir(), "rules.yaml")
	require.NoError(t, os.WriteFile(path, []byte("schema: starrate.profile/v1\nbogus: 1\n"), 0o644))
	code, _, stderr := runCLI(t, "rules", "--rules", path)
	assert.Equal(t, exitUsage, code)
	assert.Contains(t, stderr, "bogus")
	assert.Contains(t, stderr, path)

	code, _, stderr = runCLI(t, "rules", "--rules", filepath.Join(t.TempDir(), "missing.yaml"))
	assert.Equal(t, exitUsage, code)
	assert.Contains(t, stderr, "missing.yaml")
}

func TestUnknownFlagIsExit2(t *testing.T) {
	code, _, _ := runCLI(t, "rules", "--no-such-flag")
	assert.Equal(t, exitUsage, code)
}

func TestTemplateThenValidate(t *testing.T) {
	dir := t.TempDir()
	out := filepath.Join(dir, "申报表.xlsx")
	code, _, stderr := runCLI(t, "template", "-o", out, "--year", "2022")
	require.Equal(t, exitOK, code, stderr)
	survey := filepath.Join(dir, "表A1.xlsx")
	code, _, stderr = runCLI(t, "template", "--survey", "-o", survey)
	require.Equal(t, exitOK, code, stderr)

	// The empty template is not a valid application: exit 1, and the
	// problems name the sheet and cell.
	code, stdout, _ := runCLI(t, "validate", out)
	assert.Equal(t, exitInput, code)
	assert.Contains(t, stdout, "单位信息!B2 必填项「单位名称」为空")
	assert.Contains(t, stdout, "共检查 1 个文件")

	code, stdout, _ = runCLI(t, "validate", "--json", dir)
	assert.Equal(t, exitInput, code)
	var reports []exporter.FileReport
	require.NoError(t, json.Unmarshal([]byte(stdout), &reports))
	require.Len(t, reports, 2)
	assert.Equal(t, "application", reports[0].Kind)
	assert.Equal(t, "survey_form", reports[1].Kind)
}

func TestValidateForeignFilesIsExit0(t *testing.T) {
	code, stdout, stderr := runCLI(t, "validate", "../../testdata/foreign")
	require.Equal(t, exitOK, code, stdout+stderr)
	// Only rating's notes on a person who left: warnings, located.
	assert.Contains(t, stdout, "openpyxl-filled.xlsx：0 个错误，2 个警告")
	assert.Contains(t, stdout, "警告 人员名册!N6 郑三离职日期 2022-06-30")
	assert.Contains(t, stdout, "预评星级 未达星级；未达申报星级（二星）")
}

func TestValidateMasksIDs(t *testing.T) {
	app := templates.Sample(templates.SampleSpec{Seed: 1, Year: 2022, Level: 1, Staff: 3, Contracts: 3, Surveys: 1})
	app.Staff[2].ID = app.Staff[1].ID // a duplicate person: an error whose value is the ID
	path := filepath.Join(t.TempDir(), "dup.xlsx")
	f, err := os.Create(path)
	require.NoError(t, err)
	require.NoError(t, templates.WriteFilled(f, app))
	require.NoError(t, f.Close())

	code, stdout, _ := runCLI(t, "validate", path)
	assert.Equal(t, exitInput, code)
	assert.Contains(t, stdout, "人员名册!C5 身份证号与第 4 行重复", "row 3 is the template's example row")
	assert.Contains(t, stdout, rating.MaskID(app.Staff[1].ID))
	assert.NotContains(t, stdout, app.Staff[1].ID)
}

func TestTemplateUsage(t *testing.T) {
	code, _, _ := runCLI(t, "template")
	assert.Equal(t, exitUsage, code, "-o is required")
	code, _, _ = runCLI(t, "validate")
	assert.Equal(t, exitUsage, code)
	code, _, stderr := runCLI(t, "validate", "/no/such/file.xlsx")
	assert.Equal(t, exitUsage, code)
	assert.Contains(t, stderr, "/no/such/file.xlsx")
}

func TestRulesUnknownDeclarationItemIsExit2(t *testing.T) {
	_, out, _ := runCLI(t, "rules")
	path := filepath.Join(t.TempDir(), "rules.yaml")
	require.NoError(t, os.WriteFile(path, []byte(strings.Replace(out, "item: M12", "item: M13", 1)), 0o644))
	code, _, stderr := runCLI(t, "rate", "-o", t.TempDir(), "--rules", path, sampleRound)
	assert.Equal(t, exitUsage, code)
	assert.Contains(t, stderr, `"M13"`)
}

func TestExitCodeTable(t *testing.T) {
	for _, tc := range []struct {
		err  error
		code int
	}{
		{round.Mark(round.ErrInput, errors.New("2 个文件有错误")), exitInput},
		{round.Mark(round.ErrUsage, errors.New("bad flag")), exitUsage},
		{&rating.ProfileError{Source: "x.yaml"}, exitUsage},
		{&round.LockedError{Dir: "out"}, exitLocked},
		{round.Mark(round.ErrOutput, errors.New("disk full")), exitOutput},
		{round.Mark(round.ErrInternal, errors.New("a bug")), exitOutput},
		{round.Mark(round.ErrInterrupted, errors.New("stopped")), exitInterrupted},
		// A failed copy in a round that also had input errors: the output wins.
		{round.Mark(round.ErrOutput, round.Mark(round.ErrInput, errors.New("both"))), exitOutput},
		{errors.New("Required flag \"output\" not set"), exitUsage},
	} {
		assert.Equal(t, tc.code, exitCode(tc.err), tc.err.Error())
	}
}

// A template that cannot be written is an output error (exit 4), not usage.
func TestTemplateUnwritableIsExit4(t *testing.T) {
	code, _, stderr := runCLI(t, "template", "-o", filepath.Join(t.TempDir(), "new-folder", "x.xlsx"))
	assert.Equal(t, exitOK, code, stderr, "the folder is made")
	file := filepath.Join(t.TempDir(), "file")
	require.NoError(t, os.WriteFile(file, nil, 0o644))
	code, _, stderr = runCLI(t, "template", "-o", filepath.Join(file, "x.xlsx"))
	assert.Equal(t, exitOutput, code, stderr)
	assert.Contains(t, stderr, "写入")
}
