package round

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/bax/starrate/importer"
	"github.com/bax/starrate/internal/testtree"
	"github.com/bax/starrate/rating"
	"github.com/bax/starrate/templates"
)

// results is the part of results.json these tests look at.
type results struct {
	Companies []struct {
		File       string `json:"file"`
		Kind       string `json:"kind"`
		Stars      *int   `json:"stars"`
		Provision  *int   `json:"provisional_stars"`
		AttachedTo string `json:"attached_to"`
		Metrics    *struct {
			SurveyCount int `json:"survey_count"`
		} `json:"metrics"`
		Problems []struct {
			Message string `json:"message"`
		} `json:"problems"`
	} `json:"companies"`
}

func readResults(t *testing.T, out string) results {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(out, "results.json"))
	require.NoError(t, err)
	var r results
	require.NoError(t, json.Unmarshal(data, &r))
	return r
}

func TestRunSampleRoundMatchesGolden(t *testing.T) {
	out := t.TempDir()
	cfg := config(out, nil)
	cfg.Review = []string{sampleRecord}
	r := rate(t, cfg, sampleRound)
	require.ErrorIs(t, r.err, ErrInput, "the sample round has input errors")
	got, err := os.ReadFile(filepath.Join(out, "results.json"))
	require.NoError(t, err)
	want, err := os.ReadFile(sampleGolden)
	require.NoError(t, err)
	assert.Equal(t, string(want), string(got))
	assert.Equal(t, Summary{Files: 10, Stars: [4]int{6, 1, 1, 0}, WithErrors: 2, Unreadable: 1, CrossChecks: r.sum.CrossChecks, Took: r.sum.Took,
		ErrorFiles: []string{"006-北京石景山安防运维服务有限公司005-有错误.xlsx", "009-无法读取的文件.xlsx"}}, r.sum)
	assert.Len(t, r.read(), 10, "one line per input, the review record among them not read as one")
	assert.Contains(t, r.log, `"file":"评审记录.xlsx","message":"评审记录，不作为申报表读取"`)
}

// An application with a standalone form is opened to peek at its sheet
// names and once to be read, rated and annotated with the form attached:
// never a second read.
func TestApplicationWithFormIsReadOnce(t *testing.T) {
	in, out := t.TempDir(), t.TempDir()
	app := writeApp(t, filepath.Join(in, "a.xlsx"), templates.SampleSpec{Seed: 3, Level: 1})
	writeForm(t, filepath.Join(in, "form.xlsx"), "另一个名字", app.Company.USCC, app.Contracts[0].Client)
	var o opens
	cfg := config(out, nil)
	cfg.files = o.files()
	r := rate(t, cfg, in)
	require.NoError(t, r.err, r.log)
	assert.Equal(t, 2, o.count("a.xlsx"), "a peek and one read")
	assert.Equal(t, 2, o.count("form.xlsx"), "a peek and one read")
	assert.Equal(t, []string{"a.xlsx", "form.xlsx"}, sorted(r.read()))
	res := readResults(t, out)
	assert.Equal(t, 2+1, res.Companies[0].Metrics.SurveyCount, "its own surveys and the form")
	assert.Equal(t, "a.xlsx", res.Companies[1].AttachedTo)
	assert.FileExists(t, filepath.Join(out, "annotated", "form.xlsx"))
}

func sorted(s []string) []string {
	out := append([]string(nil), s...)
	for i := range out {
		for j := i + 1; j < len(out); j++ {
			if out[j] < out[i] {
				out[i], out[j] = out[j], out[i]
			}
		}
	}
	return out
}

// Two applications of one name: a form naming that name counts for
// neither, and says so; neither is rated with it.
func TestFormOfAmbiguousNameCountsForNone(t *testing.T) {
	in, out := t.TempDir(), t.TempDir()
	a := writeApp(t, filepath.Join(in, "a.xlsx"), templates.SampleSpec{Seed: 3, Index: 1, Level: 1})
	b := templates.Sample(templates.SampleSpec{Seed: 4, Index: 2, Year: 2022, Level: 1, Staff: 10, Contracts: 6, Surveys: 2})
	b.Company.Name = a.Company.Name
	writeFile(t, filepath.Join(in, "b.xlsx"), func(w io.Writer) error { return templates.WriteFilled(w, b) })
	writeForm(t, filepath.Join(in, "form.xlsx"), a.Company.Name, "", a.Contracts[0].Client)
	r := rate(t, config(out, nil), in)
	require.NoError(t, r.err, r.log)
	res := readResults(t, out)
	require.Len(t, res.Companies, 3)
	assert.Equal(t, 2, res.Companies[0].Metrics.SurveyCount)
	assert.Equal(t, 2, res.Companies[1].Metrics.SurveyCount)
	assert.Empty(t, res.Companies[2].AttachedTo)
	require.Len(t, res.Companies[2].Problems, 1)
	assert.Contains(t, res.Companies[2].Problems[0].Message, "本批有 2 份申报的单位名称")
}

func TestIncrementalRereadsOnlyChangedFile(t *testing.T) {
	in, out := testtree.Copy(t, sampleRound), t.TempDir()
	cfg := config(out, nil)
	cfg.Incremental = true
	first := rate(t, cfg, in)
	require.ErrorIs(t, first.err, ErrInput)
	assert.Len(t, first.read(), 10)
	full, _ := os.ReadFile(filepath.Join(out, "results.json"))

	again := rate(t, cfg, in)
	assert.Empty(t, again.read(), "nothing changed, nothing read")
	assert.Equal(t, 10, again.sum.Unchanged)
	cached, _ := os.ReadFile(filepath.Join(out, "results.json"))
	assert.Equal(t, previousNamed(full), string(cached), "the same outputs from the cache, the previous run named")

	changed := "007-北京顺义安防运维服务有限公司006.xlsx"
	writeApp(t, filepath.Join(in, changed), templates.SampleSpec{Seed: 9, Index: 6, Level: 3, Staff: 30, TrainingPerPerson: 3, Contracts: 20, Surveys: 6})
	third := rate(t, cfg, in)
	assert.Equal(t, []string{changed}, third.read())
	assert.Equal(t, 9, third.sum.Unchanged)
	assert.Equal(t, 3, *readResults(t, out).Companies[6].Provision, "the changed file's new rating (no review record: 预评)")
	assert.Contains(t, third.log, "预评星级 一星 → 三星", "the change is logged")

	// Another profile, or another version of starrate: everything again.
	var dump strings.Builder
	require.NoError(t, rating.DefaultProfile().Dump(&dump))
	p, err := rating.LoadProfile(strings.NewReader(strings.Replace(dump.String(), "renewal_gap_days: 90", "renewal_gap_days: 60", 1)), "tailored")
	require.NoError(t, err)
	cfg.Profile = p
	assert.Len(t, rate(t, cfg, in).read(), 10, "a profile change invalidates the cache")
	cfg.Profile = nil
	rate(t, cfg, in)
	cfg.Version = "v9.9.9"
	assert.Len(t, rate(t, cfg, in).read(), 10, "a new version invalidates the cache")
}

func TestIncrementalFormChangeRereadsItsApplication(t *testing.T) {
	in, out := t.TempDir(), t.TempDir()
	app := writeApp(t, filepath.Join(in, "a.xlsx"), templates.SampleSpec{Seed: 3, Level: 1})
	writeApp(t, filepath.Join(in, "b.xlsx"), templates.SampleSpec{Seed: 5, Index: 1, Level: 2})
	cfg := config(out, nil)
	cfg.Incremental = true
	require.NoError(t, rate(t, cfg, in).err)
	writeForm(t, filepath.Join(in, "form.xlsx"), app.Company.Name, "", app.Contracts[0].Client)
	r := rate(t, cfg, in)
	require.NoError(t, r.err, r.log)
	assert.Equal(t, []string{"a.xlsx", "form.xlsx"}, sorted(r.read()), "a new form for a: a read again, b not")
	require.NoError(t, os.Remove(filepath.Join(in, "form.xlsx")))
	r = rate(t, cfg, in)
	assert.Equal(t, []string{"a.xlsx"}, r.read(), "its form gone: a read again")
	assert.Contains(t, r.log, "删除批注副本", "the form's stale copy is removed")
	assert.Contains(t, r.log, `"level":"warn"`)
	assert.NoFileExists(t, filepath.Join(out, "annotated", "form.xlsx"))
}

func TestRunRefusesInputInsideOutput(t *testing.T) {
	out := t.TempDir()
	in := filepath.Join(out, "annotated")
	writeApp(t, filepath.Join(in, "a.xlsx"), templates.SampleSpec{Seed: 3, Level: 1})
	before := hashTree(t, out)
	r := rate(t, config(out, nil), in)
	require.ErrorIs(t, r.err, ErrUsage)
	assert.Contains(t, r.err.Error(), "位于输出目录")
	assert.Equal(t, before, hashTree(t, out), "nothing written")
	assert.NoFileExists(t, filepath.Join(out, LockFile), "not even the lock")
}

func TestRunSkipsOutputInsideInput(t *testing.T) {
	in := t.TempDir()
	writeApp(t, filepath.Join(in, "a.xlsx"), templates.SampleSpec{Seed: 3, Level: 1})
	out := filepath.Join(in, "out")
	for range 2 {
		r := rate(t, config(out, nil), in)
		require.NoError(t, r.err, r.log)
		assert.Equal(t, 1, r.sum.Files, "its own outputs are never inputs")
	}
}

func TestRunSameNamesInTwoFoldersStayApart(t *testing.T) {
	root, out := t.TempDir(), t.TempDir()
	writeApp(t, filepath.Join(root, "a", "x.xlsx"), templates.SampleSpec{Seed: 3, Level: 1})
	writeApp(t, filepath.Join(root, "b", "x.xlsx"), templates.SampleSpec{Seed: 4, Index: 1, Level: 2})
	other := filepath.Join(root, "other")
	writeApp(t, filepath.Join(other, "c.xlsx"), templates.SampleSpec{Seed: 5, Index: 2, Level: 0})
	wd, _ := os.Getwd()
	require.NoError(t, os.Chdir(filepath.Join(root, "a")))
	defer os.Chdir(wd)
	r := rate(t, config(out, nil), "x.xlsx", "../b/x.xlsx", "../other/c.xlsx")
	require.NoError(t, r.err, r.log)
	for _, name := range []string{"a/x.xlsx", "b/x.xlsx", "other/c.xlsx"} {
		assert.FileExists(t, filepath.Join(out, "annotated", name))
	}
	entries, _ := os.ReadDir(out)
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
	}
	assert.ElementsMatch(t, []string{".starrate.lock", "annotated", "results.csv", "results.json", "results.xlsx"}, names, "nothing outside DIR")
}

// A copy that cannot be written fails the run with ErrOutput (exit 4), is
// counted, and its old version does not stay to contradict the results.
func TestFailedCopyIsAnOutputError(t *testing.T) {
	in, out := t.TempDir(), t.TempDir()
	writeApp(t, filepath.Join(in, "sub", "a.xlsx"), templates.SampleSpec{Seed: 3, Level: 1})
	writeApp(t, filepath.Join(in, "b.xlsx"), templates.SampleSpec{Seed: 4, Index: 1, Level: 2})
	require.NoError(t, rate(t, config(out, nil), in).err)
	// The copy's folder is now a file: the copy cannot be written.
	old := filepath.Join(out, "annotated", "sub")
	require.NoError(t, os.RemoveAll(old))
	require.NoError(t, os.WriteFile(old, []byte("in the way"), 0o644))
	r := rate(t, config(out, nil), in)
	require.ErrorIs(t, r.err, ErrOutput, r.log)
	assert.Equal(t, 1, r.sum.CopiesFailed)
	assert.Contains(t, r.log, "批注副本写入失败")
	assert.FileExists(t, filepath.Join(out, "annotated", "b.xlsx"))
	assert.FileExists(t, filepath.Join(out, "results.json"))
}

// A cancelled round changes nothing in the output folder: the copies it
// already made are temporary files, removed.
func TestInterruptedRunChangesNothing(t *testing.T) {
	in, out := testtree.Copy(t, sampleRound), t.TempDir()
	require.ErrorIs(t, rate(t, config(out, nil), in).err, ErrInput)
	before := hashTree(t, out)
	writeApp(t, filepath.Join(in, "001-北京石景山安防运维服务有限公司000.xlsx"), templates.SampleSpec{Seed: 11, Level: 0})

	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	cfg := config(out, nil)
	cfg.Workers = 1
	done := 0
	cfg.Done = func() {
		if done++; done == 3 {
			cancel()
		}
	}
	start := time.Now()
	_, err := Run(ctx, cfg, []string{in})
	require.ErrorIs(t, err, ErrInterrupted)
	assert.Less(t, time.Since(start), 10*time.Second)
	assert.Equal(t, before, hashTree(t, out), "every output as it was, no temporary file left")
}

func TestPanicIsAnInternalError(t *testing.T) {
	in, out := t.TempDir(), t.TempDir()
	writeApp(t, filepath.Join(in, "a.xlsx"), templates.SampleSpec{Seed: 3, Level: 1})
	cfg := config(out, nil)
	cfg.files = files{load: func(context.Context, string, string, int64) ([]byte, *rating.Problem) { panic("a bug of ours") },
		classify: importer.ClassifyFile}
	r := rate(t, cfg, in)
	require.ErrorIs(t, r.err, ErrInternal)
	assert.Contains(t, r.log, "goroutine", "logged with its stack")
	assert.NoFileExists(t, filepath.Join(out, "results.json"))
}

func TestLockedOutputIsErrLocked(t *testing.T) {
	in, out := t.TempDir(), t.TempDir()
	writeApp(t, filepath.Join(in, "a.xlsx"), templates.SampleSpec{Seed: 3, Level: 1})
	l, err := AcquireLock(out)
	require.NoError(t, err)
	defer l.Release()
	r := rate(t, config(out, nil), in)
	require.ErrorIs(t, r.err, ErrLocked)
	var le *LockedError
	require.True(t, errors.As(r.err, &le))
	assert.Contains(t, le.Holder, "pid")
}

// A damaged cache index (here a negative length, as in issue 9) costs a
// re-read of that input with a warning, never a panic or a wrong result.
func TestDamagedCacheEntryIsReadAgain(t *testing.T) {
	in, out := t.TempDir(), t.TempDir()
	writeApp(t, filepath.Join(in, "a.xlsx"), templates.SampleSpec{Seed: 3, Level: 1})
	writeApp(t, filepath.Join(in, "b.xlsx"), templates.SampleSpec{Seed: 4, Index: 1, Level: 2})
	cfg := config(out, nil)
	cfg.Incremental = true
	require.NoError(t, rate(t, cfg, in).err)
	want, _ := os.ReadFile(filepath.Join(out, "results.json"))
	path := filepath.Join(out, ManifestFile)
	data, err := os.ReadFile(path)
	require.NoError(t, err)
	var m Manifest
	require.NoError(t, json.Unmarshal(data, &m))
	e := m.Entries["a.xlsx"]
	e.Len = -5
	m.Entries["a.xlsx"] = e
	data, _ = json.Marshal(m)
	require.NoError(t, os.WriteFile(path, data, 0o644))

	r := rate(t, cfg, in)
	require.NoError(t, r.err, r.log)
	assert.Equal(t, []string{"a.xlsx"}, r.read())
	assert.Contains(t, r.log, "增量缓存记录无效，重新读取")
	got, _ := os.ReadFile(filepath.Join(out, "results.json"))
	assert.Equal(t, previousNamed(want), string(got))
}

func TestIDInFileNameIsMasked(t *testing.T) {
	in, out := t.TempDir(), t.TempDir()
	id := templates.SampleID(0, 1)
	writeApp(t, filepath.Join(in, "申报-"+id+".xlsx"), templates.SampleSpec{Seed: 3, Level: 1})
	r := rate(t, config(out, nil), in)
	require.NoError(t, r.err, r.log)
	assert.NotContains(t, r.log, id)
	for _, name := range []string{"results.json", "results.csv"} {
		data, err := os.ReadFile(filepath.Join(out, name))
		require.NoError(t, err)
		assert.NotContains(t, string(data), id, name)
	}
	assert.FileExists(t, filepath.Join(out, "annotated", rating.MaskIDs("申报-"+id+".xlsx")))
}
