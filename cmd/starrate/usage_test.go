package main

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The app is wired to clizh (whose own tests cover the translation): usage
// errors reach association staff in Chinese with exit 2, and the English of
// urfave/cli and Go's flag package nowhere.
func TestUsageErrorsAreChinese(t *testing.T) {
	for _, tc := range []struct {
		name string
		args []string
		want string
	}{
		{"missing -o", []string{"rate", "testdata"}, "缺少必需的选项 --output"},
		{"unknown flag", []string{"rate", "--bogus", "-o", "x", "y"}, "没有选项 --bogus"},
		{"unknown flag after files", []string{"validate", "a.xlsx", "--bogus"}, "没有选项 --bogus"},
		{"unknown command", []string{"frob"}, "没有命令「frob」"},
		{"help for unknown command", []string{"help", "frob"}, "没有命令「frob」"},
		{"flag without its value", []string{"rate", "x", "-o"}, "选项 --o 需要一个值"},
		{"bad number", []string{"rate", "--workers", "many", "-o", "x", "y"}, "选项 --workers 的值「many」无效"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			code, stdout, stderr := runCLI(t, tc.args...)
			assert.Equal(t, exitUsage, code)
			assert.Contains(t, stderr, tc.want)
			for _, english := range []string{"Required flag", "provided but not defined", "No help topic", "Incorrect Usage", "needs an argument", "invalid value"} {
				assert.NotContains(t, stderr+stdout, english)
			}
		})
	}
}

func TestHelpIsChinese(t *testing.T) {
	for _, args := range [][]string{nil, {"help"}, {"help", "rate"}, {"rate", "--help"}} {
		code, stdout, _ := runCLI(t, args...)
		assert.Equal(t, exitOK, code, args)
		assert.Contains(t, stdout, "用法：", args)
		for _, english := range []string{"USAGE:", "COMMANDS:", "OPTIONS:", "(default:", "show help", "Shows a list"} {
			assert.NotContains(t, stdout, english, args)
		}
	}
}

// Flags may follow the file names, as people type them.
func TestFlagsAfterFileNames(t *testing.T) {
	out := filepath.Join(t.TempDir(), "out")
	code, _, stderr := runCLI(t, "rate", filepath.Join("..", "..", "testdata", "sample-round"), "-o", out, "--log-format", "json", "-q")
	assert.Equal(t, exitInput, code, stderr) // the sample round holds files with errors on purpose
	_, err := os.Stat(filepath.Join(out, "results.json"))
	require.NoError(t, err)
}

// template writes .xlsx only, and never overwrites a file unless told to.
func TestTemplateRefusesWrongNameAndExistingFile(t *testing.T) {
	dir := t.TempDir()
	code, _, stderr := runCLI(t, "template", "-o", filepath.Join(dir, "申报表.xls"))
	assert.Equal(t, exitUsage, code)
	assert.Contains(t, stderr, ".xlsx")
	assert.NoFileExists(t, filepath.Join(dir, "申报表.xls"))

	existing := filepath.Join(dir, "申报表.xlsx")
	require.NoError(t, os.WriteFile(existing, []byte("mine"), 0o644))
	code, _, stderr = runCLI(t, "template", "-o", existing)
	assert.Equal(t, exitUsage, code)
	assert.Contains(t, stderr, "--force")
	kept, err := os.ReadFile(existing)
	require.NoError(t, err)
	assert.Equal(t, "mine", string(kept))

	code, _, stderr = runCLI(t, "template", "-o", existing, "--force")
	assert.Equal(t, exitOK, code, stderr)
	written, err := os.ReadFile(existing)
	require.NoError(t, err)
	assert.Equal(t, "PK", string(written[:2]))
}
