package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/bax/starrate/rating"
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
