//go:build unix

package main

import (
	"archive/zip"
	"bufio"
	"bytes"
	"crypto/sha256"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/bax/starrate/internal/testtree"
	"github.com/bax/starrate/round"
	"github.com/bax/starrate/templates"
)

// These tests run the built binary, as cron would.

var (
	binOnce sync.Once
	binPath string
	binErr  error
	tmpRoot string
)

func TestMain(m *testing.M) {
	code := m.Run()
	if tmpRoot != "" {
		os.RemoveAll(tmpRoot)
	}
	os.Exit(code)
}

func binary(t *testing.T) string {
	t.Helper()
	if testing.Short() {
		t.Skip("builds and runs the binary")
	}
	binOnce.Do(func() {
		tmpRoot, binErr = os.MkdirTemp("", "starrate-bin")
		if binErr != nil {
			return
		}
		binPath = filepath.Join(tmpRoot, "starrate")
		out, err := exec.Command("go", "build", "-o", binPath, ".").CombinedOutput()
		if err != nil {
			binErr = fmt.Errorf("go build: %v\n%s", err, out)
		}
	})
	require.NoError(t, binErr)
	return binPath
}

type result struct {
	code           int
	stdout, stderr string
}

func runBinary(t *testing.T, args ...string) result {
	t.Helper()
	cmd := exec.Command(binary(t), args...)
	var out, errw bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errw
	err := cmd.Run()
	code := 0
	var ee *exec.ExitError
	if errors.As(err, &ee) {
		code = ee.ExitCode()
	} else {
		require.NoError(t, err)
	}
	return result{code, out.String(), errw.String()}
}

func hashTree(t *testing.T, dir string) map[string]string {
	t.Helper()
	sums := map[string]string{}
	require.NoError(t, filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		st, _ := d.Info()
		sums[path] = fmt.Sprintf("%x %v", sha256.Sum256(data), st.ModTime())
		return nil
	}))
	return sums
}

func TestBinaryDeterministicAndInputsUntouched(t *testing.T) {
	in := testtree.Copy(t, sampleRound)
	before := hashTree(t, in)
	out1, out2 := t.TempDir(), t.TempDir()
	r1 := runBinary(t, "rate", "-o", out1, in)
	r2 := runBinary(t, "rate", "-o", out2, "--workers", "1", in)
	assert.Equal(t, exitInput, r1.code, r1.stderr)
	assert.Equal(t, exitInput, r2.code, r2.stderr)
	j1, _ := os.ReadFile(filepath.Join(out1, "results.json"))
	j2, _ := os.ReadFile(filepath.Join(out2, "results.json"))
	require.NotEmpty(t, j1)
	assert.Equal(t, string(j1), string(j2), "same inputs, same bytes, whatever the worker count")
	// And a second run into the same folder.
	r3 := runBinary(t, "rate", "-o", out1, in)
	assert.Equal(t, exitInput, r3.code)
	j3, _ := os.ReadFile(filepath.Join(out1, "results.json"))
	assert.Equal(t, previousNamed(j1), string(j3), "the same, naming the previous results")
	assert.Equal(t, before, hashTree(t, in), "inputs are only read: same bytes, same modification times")
	assert.NotContains(t, r1.stderr, templates.SampleID(0, 1), "no ID numbers in the logs")
}

func TestBinaryLockedOutputIsExit3(t *testing.T) {
	out := t.TempDir()
	lock, err := round.AcquireLock(out) // another run, as far as the binary can tell
	require.NoError(t, err)
	r := runBinary(t, "rate", "-o", out, sampleRound)
	assert.Equal(t, exitLocked, r.code, r.stderr)
	assert.Contains(t, r.stderr, "正被另一个 starrate 运行占用")
	assert.Contains(t, r.stderr, fmt.Sprintf("pid %d", os.Getpid()))
	assert.NoFileExists(t, filepath.Join(out, "results.json"))
	require.NoError(t, lock.Release())

	// A lock file left by a run that died does not block the next one.
	require.NoError(t, os.WriteFile(filepath.Join(out, round.LockFile), []byte("pid 999999, host gone, since 2022-01-01T00:00:00Z\n"), 0o644))
	r = runBinary(t, "rate", "-o", out, "--log-format", "json", sampleRound)
	assert.Equal(t, exitInput, r.code, r.stderr)
	assert.Contains(t, r.stderr, "已接管")
	assert.FileExists(t, filepath.Join(out, "results.json"))
	assertReleased(t, out)
}

// assertReleased checks that out's lock file is there, naming no holder: it
// is never removed, so that two runs can never hold two files of one name.
func assertReleased(t *testing.T, out string) {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(out, round.LockFile))
	require.NoError(t, err)
	assert.Empty(t, data, "the lock is released")
}

// rated lists the files a run read (not taken from the cache), from its
// JSON log.
func rated(t *testing.T, stderr string) []string {
	t.Helper()
	var files []string
	sc := bufio.NewScanner(strings.NewReader(stderr))
	for sc.Scan() {
		var ev struct {
			File   string `json:"file"`
			Cached *bool  `json:"cached"`
		}
		// One line per input, the cached ones marked.
		if json.Unmarshal(sc.Bytes(), &ev) == nil && ev.Cached != nil && !*ev.Cached {
			files = append(files, ev.File)
		}
	}
	return files
}

func TestBinaryIncrementalRereadsOnlyChangedFiles(t *testing.T) {
	in := testtree.Copy(t, sampleRound)
	out := t.TempDir()
	first := runBinary(t, "rate", "-o", out, "--incremental", "--log-format", "json", in)
	require.Equal(t, exitInput, first.code, first.stderr)
	assert.Len(t, rated(t, first.stderr), 10, "10 inputs, each logged once, the company a survey form attaches to too")
	full, _ := os.ReadFile(filepath.Join(out, "results.json"))

	again := runBinary(t, "rate", "-o", out, "--incremental", "--log-format", "json", in)
	assert.Empty(t, rated(t, again.stderr), "nothing changed, nothing read")
	cached, _ := os.ReadFile(filepath.Join(out, "results.json"))
	assert.Equal(t, previousNamed(full), string(cached), "complete outputs from the cache")

	// Touch one file: only it is read again.
	changed := filepath.Join(in, "007-北京顺义安防运维服务有限公司006.xlsx")
	f, err := os.Create(changed)
	require.NoError(t, err)
	require.NoError(t, templates.WriteFilled(f, templates.Sample(templates.SampleSpec{Seed: 9, Index: 6, Year: 2022, Level: 3, Staff: 30, TrainingPerPerson: 3, Contracts: 20, Surveys: 6})))
	require.NoError(t, f.Close())
	third := runBinary(t, "rate", "-o", out, "--incremental", "--log-format", "json", in)
	assert.Equal(t, []string{"007-北京顺义安防运维服务有限公司006.xlsx"}, rated(t, third.stderr))
	assert.Contains(t, third.stderr, `"unchanged":9`)
	assert.Contains(t, third.stderr, "预评星级 一星 → 三星", "the change is logged")
	var res struct {
		Companies []struct {
			File  string `json:"file"`
			Stars *int   `json:"provisional_stars"`
		} `json:"companies"`
	}
	data, _ := os.ReadFile(filepath.Join(out, "results.json"))
	require.NoError(t, json.Unmarshal(data, &res))
	assert.Equal(t, 3, *res.Companies[6].Stars, "the changed file's new rating (no review record: 预评)")

	// A run without --incremental reads everything again.
	fourth := runBinary(t, "rate", "-o", out, "--log-format", "json", in)
	assert.Len(t, rated(t, fourth.stderr), 10)
}

// bigRound is a round slow enough to interrupt: 40 typical workbooks.
var (
	bigOnce sync.Once
	bigDir  string
)

func bigRound(t *testing.T) string {
	t.Helper()
	binary(t)
	bigOnce.Do(func() {
		bigDir = filepath.Join(tmpRoot, "big-round")
		r := runBinary(t, "sample", "-o", bigDir, "-n", "40", "--seed", "5")
		require.Equal(t, 0, r.code, r.stderr)
	})
	return bigDir
}

// checkOutputs asserts that every output under a final name is whole: the
// JSON parses, every workbook is a complete zip.
func checkOutputs(t *testing.T, out string) {
	t.Helper()
	require.NoError(t, filepath.WalkDir(out, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || strings.HasPrefix(d.Name(), ".") {
			return err
		}
		switch filepath.Ext(path) {
		case ".json":
			data, err := os.ReadFile(path)
			require.NoError(t, err)
			assert.True(t, json.Valid(data), "%s is whole", path)
		case ".xlsx":
			zr, err := zip.OpenReader(path)
			if assert.NoError(t, err, "%s is a whole workbook", path) {
				for _, f := range zr.File {
					rc, err := f.Open()
					require.NoError(t, err)
					_, err = io.Copy(io.Discard, rc)
					assert.NoError(t, err, "%s: %s", path, f.Name)
					rc.Close()
				}
				zr.Close()
			}
		}
		return nil
	}))
}

// interrupt starts a rate run and sends sig once it has written at least
// one annotated copy, midway through the round.
func interrupt(t *testing.T, in, out string, sig syscall.Signal) (code int, stderr string) {
	t.Helper()
	cmd := exec.Command(binary(t), "rate", "-o", out, "--workers", "1", "--log-format", "json", in)
	var errw testtree.SyncBuffer
	cmd.Stderr = &errw
	require.NoError(t, cmd.Start())
	deadline := time.Now().Add(30 * time.Second)
	for time.Now().Before(deadline) {
		if n := strings.Count(errw.String(), "已评定"); n >= 3 {
			break
		}
		time.Sleep(5 * time.Millisecond)
	}
	require.NoError(t, cmd.Process.Signal(sig))
	err := cmd.Wait()
	var ee *exec.ExitError
	require.ErrorAs(t, err, &ee, "the run was still going when signalled")
	if st, ok := ee.Sys().(syscall.WaitStatus); ok && st.Signaled() {
		return -int(st.Signal()), errw.String()
	}
	return ee.ExitCode(), errw.String()
}

func TestBinarySIGKILLLeavesPreviousOutputs(t *testing.T) {
	in := bigRound(t)
	out := t.TempDir()
	first := runBinary(t, "rate", "-o", out, in)
	require.Equal(t, exitInput, first.code, first.stderr)
	before, _ := os.ReadFile(filepath.Join(out, "results.json"))

	code, _ := interrupt(t, in, out, syscall.SIGKILL)
	assert.Equal(t, -int(syscall.SIGKILL), code)
	after, _ := os.ReadFile(filepath.Join(out, "results.json"))
	assert.Equal(t, string(before), string(after), "the previous results are intact")
	checkOutputs(t, out)

	next := runBinary(t, "rate", "-o", out, in)
	assert.Equal(t, exitInput, next.code, "the next run is not blocked by the killed one: %s", next.stderr)
	final, _ := os.ReadFile(filepath.Join(out, "results.json"))
	assert.Equal(t, previousNamed(before), string(final))
	checkOutputs(t, out)
	require.NoError(t, filepath.WalkDir(out, func(path string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() && strings.HasPrefix(d.Name(), ".") && d.Name() != round.LockFile {
			t.Errorf("left behind: %s", path)
		}
		return err
	}), "the next run sweeps the killed run's temporary files")
}

func TestBinarySIGINTStopsCleanly(t *testing.T) {
	in := bigRound(t)
	out := t.TempDir()
	first := runBinary(t, "rate", "-o", out, in)
	require.Equal(t, exitInput, first.code, first.stderr)
	before, _ := os.ReadFile(filepath.Join(out, "results.json"))

	for _, sig := range []syscall.Signal{syscall.SIGINT, syscall.SIGTERM} {
		code, stderr := interrupt(t, in, out, sig)
		assert.Equal(t, exitInterrupted, code, stderr)
		assert.Contains(t, stderr, "已中断")
		assertReleased(t, out)
		entries, _ := os.ReadDir(out)
		for _, e := range entries {
			assert.False(t, strings.HasPrefix(e.Name(), ".") && e.Name() != round.LockFile, "no temporary file left: %s", e.Name())
		}
		after, _ := os.ReadFile(filepath.Join(out, "results.json"))
		assert.Equal(t, string(before), string(after), "the previous results are intact")
		checkOutputs(t, out)
	}
	next := runBinary(t, "rate", "-o", out, in)
	assert.Equal(t, exitInput, next.code, next.stderr)
}

// previousNamed is results.json as a run after it writes it when nothing
// changed: the same, naming it as the previous results.
func previousNamed(first []byte) string {
	return strings.Replace(string(first), "\"evaluator\": null,\n",
		fmt.Sprintf("\"evaluator\": null,\n  \"previous_results_sha256\": \"%x\",\n", sha256.Sum256(first)), 1)
}
