package main

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/rs/zerolog"
	"github.com/schollz/progressbar/v3"
	"github.com/urfave/cli/v2"

	"github.com/bax/starrate/exporter"
	"github.com/bax/starrate/importer"
	"github.com/bax/starrate/rating"
)

func rateCommand() *cli.Command {
	return &cli.Command{
		Name:      "rate",
		Usage:     "rate a round: results.json, results.xlsx, results.csv and an annotated copy of every input",
		ArgsUsage: "INPUT...  (workbooks, or folders searched recursively)",
		Flags: []cli.Flag{
			&cli.StringFlag{Name: "output", Aliases: []string{"o"}, Usage: "output `DIR`", Required: true},
			rulesFlag,
			&cli.StringFlag{Name: "evaluator", Usage: "the evaluating organisation (§6.1), recorded in the outputs"},
			&cli.BoolFlag{Name: "incremental", Usage: "re-read only inputs that changed since the last run into DIR"},
			&cli.IntFlag{Name: "workers", Value: runtime.NumCPU(), Usage: "workbooks read at once"},
			&cli.StringFlag{Name: "log-format", Value: "auto", Usage: "console, json, or auto (console on a terminal)"},
			&cli.BoolFlag{Name: "quiet", Aliases: []string{"q"}, Usage: "log warnings and the summary only"},
		},
		Action: func(c *cli.Context) error {
			if c.NArg() == 0 {
				return usageError{errors.New("rate 需要至少一个输入文件或文件夹")}
			}
			if c.Int("workers") < 1 {
				return usageError{fmt.Errorf("--workers 应不小于 1，收到 %d", c.Int("workers"))}
			}
			profile, err := loadProfile(c)
			if err != nil {
				return err
			}
			log, err := newLogger(c.App.ErrWriter, c.String("log-format"), c.Bool("quiet"))
			if err != nil {
				return usageError{err}
			}
			inputs, err := importer.Discover(c.Args().Slice())
			if err != nil {
				return usageError{err}
			}
			r := &rater{
				out: c.String("output"), profile: profile, evaluator: c.String("evaluator"),
				incremental: c.Bool("incremental"), workers: c.Int("workers"), log: log, stderr: c.App.ErrWriter,
			}
			return r.run(c.Context, inputs)
		},
	}
}

// newLogger logs for people on a terminal, JSON lines otherwise (cron,
// pipes), or as asked.
func newLogger(w io.Writer, format string, quiet bool) (zerolog.Logger, error) {
	level := zerolog.InfoLevel
	if quiet {
		level = zerolog.WarnLevel
	}
	switch format {
	case "auto":
		if isTerminal(w) {
			format = "console"
		} else {
			format = "json"
		}
	case "console", "json":
	default:
		return zerolog.Logger{}, fmt.Errorf("--log-format 应为 console、json 或 auto，收到 %q", format)
	}
	if format == "console" {
		w = zerolog.ConsoleWriter{Out: w, TimeFormat: "15:04:05", NoColor: !isTerminal(w)}
	}
	return zerolog.New(w).Level(level).With().Timestamp().Logger(), nil
}

func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	st, err := f.Stat()
	return err == nil && st.Mode()&os.ModeCharDevice != 0
}

// rater runs one round.
type rater struct {
	out         string
	profile     *rating.Profile
	evaluator   string
	incremental bool
	workers     int
	log         zerolog.Logger
	stderr      io.Writer
	// perFile is the level of the line logged for each input: debug while
	// a progress bar shows the same on a terminal.
	perFile zerolog.Level
}

// outcome is what the round keeps in memory of one input while the others
// are read; the rest of its record is in the store.
type outcome struct {
	kind, name, uscc string
	sha              string
	form             *exporter.Form
	cached           bool
	formsDigest      string // the survey forms attached to the application
	stars            int    // -1 when not rated
	errors           bool
	digest           rating.Digest
}

func newOutcome(rec exporter.Record, cached bool, formsDigest string) outcome {
	c := rec.Company
	o := outcome{kind: c.Kind, name: c.Name, uscc: c.USCC, sha: c.SHA256, form: rec.Form, cached: cached,
		formsDigest: formsDigest, stars: -1, errors: rating.HasErrors(c.Problems), digest: rec.Keys.Digest()}
	if c.Result != nil && c.Kind == exporter.KindApplication {
		o.stars = c.Result.Stars
	}
	return o
}

var errInterrupted = errors.New("已中断：本次未写入 results 文件，上次的输出保持不变；重新运行即可完成")

func (r *rater) run(ctx context.Context, inputs []importer.Input) error {
	start := time.Now()
	lock, err := exporter.AcquireLock(r.out)
	if err != nil {
		return err
	}
	defer func() {
		if err := lock.Release(); err != nil {
			r.log.Warn().Err(err).Msg("释放输出目录锁失败")
		}
	}()
	if lock.Stale != "" {
		r.log.Warn().Str("lock", lock.Stale).Msg("发现上次异常退出留下的锁文件，已接管")
	}
	if removed := exporter.RemoveTemps(r.out); len(removed) > 0 {
		r.log.Warn().Strs("files", removed).Msg("删除上次中断留下的临时文件")
	}
	cacheKey := r.profile.Hash()
	cache := &exporter.Manifest{}
	if r.incremental {
		cache = exporter.LoadManifest(r.out, cacheKey)
		defer cache.Close()
	}
	// Every company's record goes to disk as soon as it is done: memory
	// stays that of the few workbooks being read, however large the round.
	store, err := exporter.NewStore(r.out, len(inputs))
	if err != nil {
		return err
	}
	defer store.Close()

	outcomes := make([]outcome, len(inputs))
	var storeErr error
	var storeMu sync.Mutex
	put := func(i int, rec exporter.Record, cached bool, formsDigest string) {
		if err := store.Put(i, rec); err != nil {
			storeMu.Lock()
			storeErr = err
			storeMu.Unlock()
		}
		outcomes[i] = newOutcome(rec, cached, formsDigest)
	}
	bar := r.progress(len(inputs))
	r.perFile = zerolog.InfoLevel
	if bar != nil {
		r.perFile = zerolog.DebugLevel
	}
	if err := r.each(ctx, len(inputs), func(i int) {
		rec, cached := r.process(ctx, inputs[i], cache, nil, "")
		put(i, rec, cached, rec.Company.FormsDigest)
		if bar != nil {
			_ = bar.Add(1)
		}
	}); err != nil {
		return err
	}
	if bar != nil {
		_ = bar.Finish()
		fmt.Fprintln(r.stderr)
	}
	if err := r.attachForms(ctx, inputs, outcomes, store, cache, put); err != nil {
		return err
	}
	if storeErr != nil {
		return fmt.Errorf("暂存评定结果失败：%w", storeErr)
	}

	round := &exporter.Round{Profile: r.profile, Evaluator: r.evaluator, Version: version, Companies: store}
	if round.CrossChecks, err = r.crossCheck(outcomes, store); err != nil {
		return err
	}
	if ctx.Err() != nil {
		return errInterrupted
	}
	if err := r.write(round, inputs); err != nil {
		return err
	}
	if r.incremental {
		err := exporter.SaveManifest(r.out, cacheKey, store, func(i int) (string, exporter.Entry) {
			return inputs[i].Name, exporter.Entry{SHA256: outcomes[i].sha, FormsDigest: outcomes[i].formsDigest}
		})
		if err != nil {
			r.log.Warn().Err(err).Msg("增量缓存写入失败，下次将完整运行")
		}
	} else {
		exporter.RemoveManifest(r.out, "") // it would be stale
	}
	return r.summarise(outcomes, len(round.CrossChecks), time.Since(start))
}

// crossCheck finds the applications whose digests share a value and runs
// the exact checks on their full keys alone.
func (r *rater) crossCheck(outcomes []outcome, store *exporter.Store) ([]rating.CrossFinding, error) {
	var digests []rating.Digest
	var index []int
	for i, o := range outcomes {
		if o.kind == exporter.KindApplication {
			digests = append(digests, o.digest)
			index = append(index, i)
		}
	}
	var keys []rating.Keys
	for _, k := range rating.Candidates(digests) {
		rec, err := store.Get(index[k])
		if err != nil {
			return nil, err
		}
		keys = append(keys, rec.Keys)
	}
	return rating.CrossCheck(keys), nil
}

// each runs fn for 0..n-1 on the bounded pool, stopping early when ctx is
// cancelled.
func (r *rater) each(ctx context.Context, n int, fn func(i int)) error {
	jobs := make(chan int)
	var wg sync.WaitGroup
	for range min(r.workers, max(n, 1)) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range jobs {
				fn(i)
			}
		}()
	}
	var err error
feed:
	for i := range n {
		select {
		case jobs <- i:
		case <-ctx.Done():
			err = errInterrupted
			break feed
		}
	}
	close(jobs)
	wg.Wait()
	if err == nil && ctx.Err() != nil {
		err = errInterrupted
	}
	return err
}

func (r *rater) progress(n int) *progressbar.ProgressBar {
	if !isTerminal(r.stderr) || n < 2 {
		return nil
	}
	return progressbar.NewOptions(n, progressbar.OptionSetWriter(r.stderr), progressbar.OptionSetDescription("评定中"),
		progressbar.OptionShowCount(), progressbar.OptionSetPredictTime(true), progressbar.OptionThrottle(100*time.Millisecond))
}

// process reads, rates and annotates one input, or takes its record from
// the cache when its content has not changed. extra are survey forms to add
// to the application, formsDigest identifies them. In the first pass (no
// forms known yet, formsDigest "") an application cached with forms is taken
// as it was: attachForms decides about it again.
func (r *rater) process(ctx context.Context, in importer.Input, cache *exporter.Manifest, extra []exporter.Form, formsDigest string) (exporter.Record, bool) {
	data, readErr := os.ReadFile(in.Path)
	sum := sha256.Sum256(data)
	sha := hex.EncodeToString(sum[:])
	annotated := filepath.Join(r.out, "annotated", filepath.FromSlash(in.Name))
	want := formsDigest
	if len(extra) == 0 && formsDigest == "" {
		want = cache.Entries[in.Name].FormsDigest // first pass: whatever it had
	}
	if e, ok := cache.Lookup(in.Name, sha, want); ok && readErr == nil {
		rec, err := cache.Record(e)
		if err == nil && (rec.Company.Kind != exporter.KindApplication || exists(annotated)) {
			r.log.Debug().Str("file", in.Name).Msg("未变化，沿用上次结果")
			rec.Company.FormsDigest = e.FormsDigest
			return rec, true
		}
	}
	var wb importer.Workbook
	if readErr != nil {
		wb = importer.Workbook{File: in.Name, Problems: []rating.Problem{{Severity: rating.SeverityError, File: in.Name,
			Message: "无法读取文件（" + readErr.Error() + "）"}}}
	} else {
		wb = importer.Read(ctx, data, in.Name, importer.Options{KeepOpen: true})
	}
	defer wb.Close()
	var rec exporter.Record
	var res *rating.Result
	if app := wb.Application; app != nil {
		for _, f := range extra {
			app.Surveys = append(app.Surveys, f.Survey)
		}
		rated := rating.Rate(app, r.profile)
		res = &rated
		rec.Keys = rating.KeysOf(in.Name, app, wb.Cell)
	}
	rec.Company = exporter.NewCompany(in.Name, sha, wb.Application, res, wb.Problems)
	rec.Company.FormsDigest = formsDigest
	if form := wb.Form; form != nil {
		rec.Company.Kind, rec.Company.Name, rec.Company.USCC = exporter.KindSurveyForm, form.Company, form.USCC
		rec.Form = &exporter.Form{Company: form.Company, USCC: form.USCC, Survey: form.Survey}
		rec.Form.Survey.Ref = rating.Ref{Sheet: in.Name + " " + form.Survey.Ref.Sheet}
	}
	// A form's copy is annotated once it is known whose survey it is.
	if rec.Company.Kind == exporter.KindApplication && ctx.Err() == nil {
		r.annotate(annotated, &wb, data, rec.Company)
	}
	ev := r.log.WithLevel(r.perFile).Str("file", in.Name).Str("kind", rec.Company.Kind)
	if res != nil {
		ev = ev.Int("stars", res.Stars).Int("provisional_stars", res.ProvisionalStars)
	}
	errs, warns := rating.CountProblems(rec.Company.Problems)
	ev.Int("errors", errs).Int("warnings", warns).Msg("已评定")
	return rec, false
}

// annotate writes the applicant's copy of wb (read from data).
func (r *rater) annotate(path string, wb *importer.Workbook, data []byte, c exporter.Company) {
	err := exporter.WriteFile(path, func(w io.Writer) error {
		return exporter.Annotate(w, wb.Book, data, c, r.profile, wb.Problems)
	})
	if err != nil {
		r.log.Error().Err(err).Str("file", c.File).Msg("批注副本写入失败")
	}
}

func exists(path string) bool {
	_, err := os.Stat(path)
	return err == nil
}

// attachForms adds standalone survey forms to the applications they are
// about, matched by 统一社会信用代码, else by 单位名称, and rates those
// applications again. Forms are few, so this second pass is small.
func (r *rater) attachForms(ctx context.Context, inputs []importer.Input, outcomes []outcome, store *exporter.Store,
	cache *exporter.Manifest, put func(int, exporter.Record, bool, string)) error {
	byUSCC, byName := map[string]int{}, map[string]int{}
	for i, o := range outcomes {
		if o.kind == exporter.KindApplication {
			if o.uscc != "" {
				byUSCC[o.uscc] = i
			}
			byName[rating.NormalizeName(o.name)] = i
		}
	}
	extra := map[int][]exporter.Form{}
	digests := map[int][]string{}
	for i, o := range outcomes {
		if o.form == nil {
			continue
		}
		target, ok := byUSCC[o.form.USCC]
		if !ok || o.form.USCC == "" {
			target, ok = byName[rating.NormalizeName(o.form.Company)]
		}
		rec, err := store.Get(i)
		if err != nil {
			return err
		}
		if ok {
			rec.Company.AttachedTo = inputs[target].Name
			extra[target] = append(extra[target], *o.form)
			digests[target] = append(digests[target], o.sha)
		} else {
			rec.Company.AttachedTo = ""
			rec.Company.Problems = append(rec.Company.Problems, rating.Problem{Severity: rating.SeverityWarning, File: inputs[i].Name,
				Value: o.form.Company, Expected: "本批申报单位之一的名称或统一社会信用代码", Message: "用户评价表的服务单位不在本批申报中，未计入"})
		}
		put(i, rec, o.cached, "")
		if !o.cached {
			// The form's own copy, with its problems whole: read again, it is small.
			if data, err := os.ReadFile(inputs[i].Path); err == nil {
				wb := importer.Read(ctx, data, inputs[i].Name, importer.Options{KeepOpen: true})
				r.annotate(filepath.Join(r.out, "annotated", filepath.FromSlash(inputs[i].Name)), &wb, data, rec.Company)
				wb.Close()
			}
		}
	}
	// An application cached with forms that no longer reach it is read again.
	for i, o := range outcomes {
		if _, has := extra[i]; !has && o.cached && o.formsDigest != "" {
			rec, _ := r.process(ctx, inputs[i], &exporter.Manifest{}, nil, "")
			put(i, rec, false, "")
		}
	}
	targets := make([]int, 0, len(extra))
	for t := range extra {
		targets = append(targets, t)
	}
	slices.Sort(targets)
	return r.each(ctx, len(targets), func(k int) {
		t := targets[k]
		digest := strings.Join(digests[t], ",")
		rec, cached := r.process(ctx, inputs[t], cache, extra[t], digest)
		put(t, rec, cached, digest)
	})
}

// write puts results.json, results.xlsx and results.csv in place, each
// atomically, and removes annotated copies of inputs no longer in the round.
func (r *rater) write(round *exporter.Round, inputs []importer.Input) error {
	for _, out := range []struct {
		name  string
		write func(io.Writer, *exporter.Round) error
	}{
		{"results.json", exporter.WriteJSON},
		{"results.xlsx", exporter.WriteXLSX},
		{"results.csv", exporter.WriteCSV},
	} {
		if err := exporter.WriteFile(filepath.Join(r.out, out.name), func(w io.Writer) error { return out.write(w, round) }); err != nil {
			return fmt.Errorf("写入 %s 失败：%w", out.name, err)
		}
	}
	keep := map[string]bool{}
	for _, in := range inputs {
		keep[filepath.Join(r.out, "annotated", filepath.FromSlash(in.Name))] = true
	}
	root := filepath.Join(r.out, "annotated")
	_ = filepath.WalkDir(root, func(path string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() && !keep[path] && !strings.HasPrefix(d.Name(), ".") {
			r.log.Info().Str("file", path).Msg("删除已不在本轮输入中的批注副本")
			_ = os.Remove(path)
		}
		return nil
	})
	return nil
}

// summarise logs the closing line and returns the round's outcome for the
// exit code.
func (r *rater) summarise(outcomes []outcome, crossChecks int, took time.Duration) error {
	var stars [4]int
	bad, cached, unreadable := 0, 0, 0
	for _, o := range outcomes {
		if o.errors {
			bad++
		}
		if o.cached {
			cached++
		}
		switch {
		case o.kind == exporter.KindUnreadable:
			unreadable++
		case o.stars >= 0:
			stars[o.stars]++
		}
	}
	r.log.Log().Str("level", "info").Int("files", len(outcomes)).Int("three_stars", stars[3]).Int("two_stars", stars[2]).
		Int("one_star", stars[1]).Int("no_star", stars[0]).Int("files_with_errors", bad).Int("unreadable", unreadable).
		Int("unchanged", cached).Int("cross_checks", crossChecks).Dur("took", took).Str("output", r.out).
		Msgf("完成：%d 个文件；三星 %d、二星 %d、一星 %d、未达星级 %d；有错误 %d 个文件（其中无法读取 %d）；跨单位核查 %d 项；用时 %s",
			len(outcomes), stars[3], stars[2], stars[1], stars[0], bad, unreadable, crossChecks, took.Round(time.Millisecond))
	if bad > 0 {
		return inputErrors{bad}
	}
	return nil
}
