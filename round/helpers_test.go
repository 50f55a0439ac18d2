package round

import (
	"context"
	"crypto/sha256"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/rs/zerolog"
	"github.com/stretchr/testify/require"

	"github.com/bax/starrate/importer"
	"github.com/bax/starrate/internal/testtree"
	"github.com/bax/starrate/rating"
	"github.com/bax/starrate/templates"
)

const (
	sampleRound  = "../testdata/sample-round"
	sampleGolden = "../testdata/sample-round.results.json"
	// sampleRecord is the sample round's partly filled review record.
	sampleRecord = sampleRound + "/评审记录.xlsx"
)

// opens counts the opens of each input, by base name.
type opens struct {
	mu sync.Mutex
	n  map[string]int
}

// files opens the inputs from disk, counting each open: a peek at the
// sheet names and a whole read are one each.
func (o *opens) files() files {
	return files{
		load: func(ctx context.Context, path, display string, maxSize int64) ([]byte, *rating.Problem) {
			o.add(path)
			return importer.Load(ctx, path, display, maxSize)
		},
		classify: func(path string, maxSize int64) importer.Kind {
			o.add(path)
			return importer.ClassifyFile(path, maxSize)
		},
	}
}

func (o *opens) add(path string) {
	o.mu.Lock()
	defer o.mu.Unlock()
	if o.n == nil {
		o.n = map[string]int{}
	}
	o.n[filepath.Base(path)]++
}

func (o *opens) count(name string) int {
	o.mu.Lock()
	defer o.mu.Unlock()
	return o.n[name]
}

// testRun is a round run in process, with what it logged.
type testRun struct {
	sum Summary
	err error
	log string
}

// config is a round's configuration for a test, logging to log.
func config(out string, log io.Writer) Config {
	return Config{Out: out, Version: "dev", Workers: 2, Log: zerolog.New(log), FileLevel: zerolog.InfoLevel}
}

func rate(t *testing.T, cfg Config, args ...string) testRun {
	t.Helper()
	var log testtree.SyncBuffer
	cfg.Log = zerolog.New(&log)
	sum, err := Run(context.Background(), cfg, args)
	return testRun{sum, err, log.String()}
}

// read lists the inputs a run read (rather than took from the cache).
func (r testRun) read() []string {
	var files []string
	for _, line := range strings.Split(r.log, "\n") {
		if strings.Contains(line, `"cached":false`) {
			_, rest, _ := strings.Cut(line, `"file":"`)
			name, _, _ := strings.Cut(rest, `"`)
			files = append(files, name)
		}
	}
	return files
}

// hashTree is every file under dir with its content hash, but the lock.
func hashTree(t *testing.T, dir string) map[string]string {
	t.Helper()
	sums := map[string]string{}
	require.NoError(t, filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || d.Name() == LockFile {
			return err
		}
		data, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(dir, path)
		sums[filepath.ToSlash(rel)] = fmt.Sprintf("%x", sha256.Sum256(data))
		return nil
	}))
	return sums
}

// writeApp writes a small application of level stars to path.
func writeApp(t *testing.T, path string, spec templates.SampleSpec) *rating.Application {
	t.Helper()
	if spec.Year == 0 {
		spec.Year = 2022
	}
	if spec.Staff == 0 {
		spec.Staff, spec.Contracts, spec.Surveys = 10, 6, 2
	}
	app := templates.Sample(spec)
	writeFile(t, path, func(w io.Writer) error { return templates.WriteFilled(w, app) })
	return app
}

// writeForm writes a standalone 表A.1 about the company named.
func writeForm(t *testing.T, path, company, uscc, client string) {
	t.Helper()
	s := rating.Survey{Client: client, Date: rating.NewDate(2022, 6, 1)}
	for i, it := range templates.SurveyItems {
		s.Items[i] = rating.DecimalFromInt(int64(it.Max))
	}
	writeFile(t, path, func(w io.Writer) error { return templates.WriteSurveyFilled(w, company, uscc, s) })
}

func writeFile(t *testing.T, path string, fn func(io.Writer) error) {
	t.Helper()
	require.NoError(t, os.MkdirAll(filepath.Dir(path), 0o755))
	f, err := os.Create(path)
	require.NoError(t, err)
	require.NoError(t, fn(f))
	require.NoError(t, f.Close())
}

// previousNamed is results.json as a run after it writes it when nothing
// changed: the same, naming it as the previous results.
func previousNamed(first []byte) string {
	return strings.Replace(string(first), "\"evaluator\": null,\n",
		fmt.Sprintf("\"evaluator\": null,\n  \"previous_results_sha256\": \"%x\",\n", sha256.Sum256(first)), 1)
}
