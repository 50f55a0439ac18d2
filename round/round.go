// Package round is a round of rating as a use case: it discovers the
// inputs, classifies each before reading it, reads the survey forms and
// then every application once with its forms attached, rates and
// annotates it, checks across applications, and writes the round's
// outputs into a folder that is the program's alone — under a lock, with
// an incremental cache, every output committed together at the end.
//
// Data flows templates → importer → rating → exporter; round drives them,
// and cmd/starrate only turns flags into a Config.
package round

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime/debug"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/rs/zerolog"
	"github.com/xuri/excelize/v2"
	"golang.org/x/sync/errgroup"

	"github.com/bax/starrate/exporter"
	"github.com/bax/starrate/importer"
	"github.com/bax/starrate/rating"
)

// Config is what one round needs besides its inputs.
type Config struct {
	Out         string // the output folder, the program's alone
	Profile     *rating.Profile
	Evaluator   string // §6.1, recorded in the outputs
	Version     string // of starrate: in the outputs and the cache key
	Incremental bool   // re-read only inputs that changed since the last run
	Workers     int    // inputs read at once; < 1 means 1
	Log         zerolog.Logger
	// FileLevel is the level of the line logged for each input read
	// (zerolog.DebugLevel while a progress bar shows the same).
	FileLevel zerolog.Level
	// Done, if set, is called once for each input finished (a progress bar).
	Done func()
	// Review are the review record files to apply (rate --review); their
	// verdicts decide what is verified (rating-model.md §6).
	Review []string
	// Title names the round on the board's summary (--title).
	Title string
	// RunDate is shown in results.xlsx (never in results.json); time.Now
	// when zero.
	RunDate time.Time
	// Compare is a results.json of an earlier round (--compare): 变化 then
	// lists, by 统一社会信用代码, what changed since (year over year).
	Compare string

	files files // how inputs are opened; tests count the opens
}

// Summary is the outcome of a round.
type Summary struct {
	Files        int
	Stars        [4]int // applications by confirmed stars
	WithErrors   int    // files with at least one error
	Unreadable   int
	Unchanged    int // taken from the cache
	CrossChecks  int
	CopiesFailed int // annotated copies that could not be written
	// RecordErrors counts the review record's errors (bad cells, conflicts).
	RecordErrors int
	// Changes since the previous run (or the --compare results), 变化.
	Changes []exporter.Change
	// Removed are the annotated copies removed: their input is no longer
	// in the round.
	Removed []string
	// ErrorFiles names the files with errors, in input order.
	ErrorFiles []string
	Took       time.Duration
}

// outcome is what the round keeps in memory of one input while the others
// are read; the rest of its record is in the store.
type outcome struct {
	kind   string
	party  rating.Party
	sha    string
	form   *Form
	cached bool
	forms  []int // the survey forms (input indices) rated with an application
	stars  int   // -1 when not rated
	prov   int   // 预评星级
	errors bool
	errs   int // problems: errors and warnings
	warns  int
	first  string // the first error's message, for the log
	digest rating.Digest
}

// runner is one round in progress.
type runner struct {
	cfg      Config
	inputs   []Input
	store    *Store
	cache    *Manifest
	record   *rating.ReviewRecord // nil without --review
	outcomes []outcome
	// formData keeps the bytes of forms read this run until it is known
	// whose they are and their copies can be annotated (forms are small).
	formData sync.Map // input index → []byte

	removed []string // annotated copies removed at the commit

	mu      sync.Mutex
	staged  map[string]string // final path → temporary file
	failed  map[string]bool   // copies not written: their old version is removed
	copyErr int
}

// Run rates a round: args are workbooks or folders, as on the command line.
// Its error is of one of the kinds in errors.go; ErrInput still comes with
// a whole round written.
func Run(ctx context.Context, cfg Config, args []string) (Summary, error) {
	start := time.Now()
	if cfg.Profile == nil {
		cfg.Profile = rating.DefaultProfile()
	}
	cfg.Workers = max(cfg.Workers, 1)
	if cfg.files.load == nil {
		cfg.files = diskFiles
	}
	inputs, err := Discover(args, cfg.Out)
	if err != nil {
		return Summary{}, err
	}
	// Classify every input first, so that forms are read before the
	// applications they belong to; a review record among the inputs (the
	// one given with --review, say) is no input of the round.
	kinds, err := classifyAll(ctx, cfg.files, inputs, cfg.Workers, cfg.Log)
	if err != nil {
		return Summary{}, err
	}
	for i := len(inputs) - 1; i >= 0; i-- {
		if kinds[i] == importer.KindReview {
			cfg.Log.Info().Str("file", inputs[i].Name).Msg("评审记录，不作为申报表读取")
			inputs, kinds = slices.Delete(inputs, i, i+1), slices.Delete(kinds, i, i+1)
		}
	}
	if len(inputs) == 0 {
		// Rating nothing would remove every output of the last run.
		return Summary{}, withKind(ErrUsage, fmt.Errorf("未找到任何申报工作簿（.xlsx）：%s；输出目录未改动", shown(strings.Join(args, " "))))
	}
	var compare *exporter.Results
	if cfg.Compare != "" {
		var err error
		compare, err = openResults(cfg.Compare)
		if err != nil {
			return Summary{}, withKind(ErrUsage, fmt.Errorf("--compare %s：%s", shown(cfg.Compare), errText(err)))
		}
	}
	if cfg.RunDate.IsZero() {
		cfg.RunDate = time.Now()
	}
	lock, err := AcquireLock(cfg.Out)
	if err != nil {
		return Summary{}, err
	}
	defer func() {
		if err := lock.Release(); err != nil {
			cfg.Log.Warn().Err(err).Msg("释放输出目录锁失败")
		}
	}()
	if lock.Stale != "" {
		cfg.Log.Warn().Str("lock", lock.Stale).Msg("发现上次异常退出留下的锁文件，已接管")
	}
	if removed := RemoveTemps(cfg.Out); len(removed) > 0 {
		cfg.Log.Warn().Strs("files", removed).Msg("删除上次中断留下的临时文件")
	}
	record, err := readReview(ctx, cfg.Review)
	if err != nil {
		return Summary{}, err
	}
	var reviewShas []string
	if record != nil {
		for _, f := range record.Files {
			reviewShas = append(reviewShas, f.Name+"="+f.SHA256)
		}
		slices.Sort(reviewShas)
	}
	key := CacheKey(cfg.Version, cfg.Profile.Hash(), reviewShas...)
	cache := &Manifest{}
	if cfg.Incremental {
		cache = LoadManifest(cfg.Out, key)
		defer cache.Close()
	}
	// Every company's record goes to disk as soon as it is done: memory
	// stays that of the few workbooks being read, however large the round.
	store, err := NewStore(cfg.Out, len(inputs))
	if err != nil {
		return Summary{}, withKind(ErrOutput, err)
	}
	defer store.Close()
	r := &runner{cfg: cfg, inputs: inputs, store: store, cache: cache, record: record, outcomes: make([]outcome, len(inputs)),
		staged: map[string]string{}, failed: map[string]bool{}}
	defer r.discard()
	sum, err := r.run(ctx, kinds, compare)
	if err != nil {
		return sum, err
	}
	if cfg.Incremental {
		err := SaveManifest(cfg.Out, key, store, func(i int) (string, Entry) {
			o := r.outcomes[i]
			return inputs[i].Name, Entry{SHA256: o.sha, FormsDigest: formsDigest(r.outcomes, o.forms)}
		})
		if err != nil {
			cfg.Log.Warn().Err(err).Msg("增量缓存写入失败，下次将完整运行")
		}
	} else {
		RemoveManifest(cfg.Out, "") // it would be stale
	}
	sum.Took = time.Since(start)
	r.log(sum)
	switch {
	case sum.CopiesFailed > 0:
		return sum, withKind(ErrOutput, fmt.Errorf("%d 个批注副本未能写入", sum.CopiesFailed))
	case sum.WithErrors > 0:
		return sum, withKind(ErrInput, fmt.Errorf("%d 个文件有错误", sum.WithErrors))
	case sum.RecordErrors > 0:
		return sum, withKind(ErrInput, fmt.Errorf("评审记录有 %d 处错误", sum.RecordErrors))
	}
	return sum, nil
}

// interrupted is the error of a round stopped before its commit.
func interrupted() error {
	return withKind(ErrInterrupted, fmt.Errorf("已中断：本次未写入任何输出，上次的输出保持不变；重新运行即可完成"))
}

func (r *runner) run(ctx context.Context, kinds []importer.Kind, compare *exporter.Results) (Summary, error) {
	var first, apps []int
	for i, k := range kinds {
		if k == importer.KindApplication {
			apps = append(apps, i)
		} else {
			first = append(first, i)
		}
	}
	if err := r.each(ctx, len(first), func(ctx context.Context, k int) error {
		return r.process(ctx, first[k], nil)
	}); err != nil {
		return Summary{}, err
	}
	var forms []int
	var parties []rating.Party
	for _, i := range first {
		if f := r.outcomes[i].form; f != nil {
			forms = append(forms, i)
			parties = append(parties, rating.Party{Name: f.Company, USCC: f.USCC})
		}
	}
	// Each application is matched with the forms on its own as it is read
	// (formsFor); the whole round's match below differs only where two
	// applications share a name or code, and those are read again.
	formsFor := func(p rating.Party) []int {
		var out []int
		for k, m := range rating.MatchForms([]rating.Party{p}, parties) {
			if m.App == 0 {
				out = append(out, forms[k])
			}
		}
		return out
	}
	if err := r.each(ctx, len(apps), func(ctx context.Context, k int) error {
		return r.process(ctx, apps[k], formsFor)
	}); err != nil {
		return Summary{}, err
	}
	if err := r.attachForms(ctx, forms, parties); err != nil {
		return Summary{}, err
	}
	crossChecks, err := r.crossCheck()
	if err != nil {
		return Summary{}, err
	}
	if ctx.Err() != nil {
		return Summary{}, interrupted()
	}
	review, err := r.reviewed()
	if err != nil {
		return Summary{}, err
	}
	// Every application is rated and round.Review says what the record
	// did: the outputs are written without the record (the keys of
	// tens of thousands of rows in a large round).
	r.record = nil
	round := &exporter.Round{Profile: r.cfg.Profile, Evaluator: r.cfg.Evaluator, Version: r.cfg.Version,
		Companies: r.store, CrossChecks: crossChecks, Review: review, Title: r.cfg.Title, RunDate: r.cfg.RunDate, TempDir: r.cfg.Out}
	changes, err := r.commit(ctx, round, compare)
	if err != nil {
		return Summary{}, err
	}
	sum := r.summary(len(crossChecks))
	sum.Changes, sum.Removed = changes, r.removed
	if round.Review != nil {
		sum.RecordErrors, _ = rating.CountProblems(round.Review.Problems)
		for _, p := range round.Review.Problems {
			ev := r.cfg.Log.Warn()
			if p.Severity == rating.SeverityError {
				ev = r.cfg.Log.Error()
			}
			m := p.Masked()
			ev.Str("file", p.File).Str("cell", p.Sheet+"!"+p.Cell).Msg(m.Message)
		}
	}
	return sum, nil
}

// readReview reads the review record files and merges them; nil when none
// is given.
func readReview(ctx context.Context, paths []string) (*rating.ReviewRecord, error) {
	if len(paths) == 0 {
		return nil, nil
	}
	rec := &rating.ReviewRecord{}
	for _, p := range paths {
		if st, err := os.Stat(p); err != nil || !st.Mode().IsRegular() {
			return nil, withKind(ErrUsage, fmt.Errorf("评审记录 %s 不存在或不是普通文件（用 starrate review -o %s 生成）", shown(p), shown(p)))
		}
		readReviewInto(ctx, p, shown(filepath.Base(p)), rec)
	}
	return rec, nil
}

// readReviewInto reads a review record file into rec: a round applies
// the record, it does not rewrite it, so its rows go straight into the
// record, which keeps only what applying needs.
func readReviewInto(ctx context.Context, path, display string, rec *rating.ReviewRecord) {
	// 已失效 is never applied: its rows are only checked.
	rec.AddFile(importer.StreamReviewFile(ctx, path, display, importer.Options{}, importer.ReviewRows{Checks: rec.Add}))
}

// reviewed is what the outputs say of the review record: its files, its
// problems (then the keys no application used) and every verdict applied,
// in company order, read back from the store.
func (r *runner) reviewed() (*exporter.ReviewRecord, error) {
	if r.record == nil {
		return nil, nil
	}
	out := &exporter.ReviewRecord{Problems: slices.Clone(r.record.Problems)}
	for _, f := range r.record.Files {
		out.Files = append(out.Files, exporter.ReviewFile{Name: f.Name, SHA256: f.SHA256})
	}
	n := 0
	err := r.store.EachRecord(func(rec Record) error {
		if rec.Review != nil {
			r.record.Use(rec.Review.Keys)
			n += len(rec.Review.Applied)
		}
		return nil
	})
	if err != nil {
		return nil, withKind(ErrInternal, err)
	}
	out.Problems = append(out.Problems, r.record.Unknown()...)
	out.Applied = storedVerdicts{r.store, n}
	return out, nil
}

// each runs fn for 0..n-1 on the bounded pool. The first error stops the
// rest; a panic is an internal error, logged with its stack.
func (r *runner) each(ctx context.Context, n int, fn func(ctx context.Context, i int) error) error {
	g, gctx := errgroup.WithContext(ctx)
	g.SetLimit(r.cfg.Workers)
	for i := range n {
		if gctx.Err() != nil {
			break
		}
		g.Go(func() (err error) {
			defer func() {
				if v := recover(); v != nil {
					r.cfg.Log.Error().Str("file", r.inputs[i].Name).Str("stack", string(debug.Stack())).Msgf("内部错误：%v", v)
					err = withKind(ErrInternal, fmt.Errorf("内部错误（处理 %s 时）：%v", r.inputs[i].Name, v))
				}
			}()
			if gctx.Err() != nil {
				return nil
			}
			return fn(gctx, i)
		})
	}
	if err := g.Wait(); err != nil {
		return err
	}
	if ctx.Err() != nil {
		return interrupted()
	}
	return nil
}

func annotatedPath(out, name string) string {
	rel := filepath.FromSlash(name)
	if !filepath.IsLocal(rel) {
		rel = strings.NewReplacer("/", "_", `\`, "_", ":", "_").Replace(name)
	}
	return filepath.Join(out, "annotated", rel)
}

// process reads, rates and annotates input i, or takes its record from the
// cache when its content (and its forms) have not changed. formsFor, for an
// application, gives the survey forms that belong to it; nil for forms and
// the rest.
func (r *runner) process(ctx context.Context, i int, formsFor func(rating.Party) []int) error {
	defer r.done()
	in := r.inputs[i]
	data, problem := readInput(ctx, r.cfg.files, in)
	if ctx.Err() != nil {
		return nil
	}
	sum := sha256.Sum256(data)
	sha := hex.EncodeToString(sum[:])
	annotated := annotatedPath(r.cfg.Out, in.Name)
	if e, ok := r.cache.Entries[in.Name]; ok && problem == nil && e.SHA256 == sha {
		rec, err := r.cache.Record(in.Name, e)
		if err != nil {
			r.cfg.Log.Warn().Str("file", in.Name).Err(err).Msg("增量缓存记录无效，重新读取")
		} else {
			var forms []int
			if formsFor != nil && rec.Company.Kind == exporter.KindApplication {
				forms = formsFor(rating.Party{Name: rec.Company.Name, USCC: rec.Company.USCC})
			}
			if e.FormsDigest == formsDigest(r.outcomes, forms) && (rec.Company.Kind != exporter.KindApplication || exists(annotated)) {
				if err := r.put(i, rec, true, forms); err != nil {
					return err
				}
				r.logFile(i)
				return nil
			}
		}
	}
	return r.rate(ctx, i, data, sha, problem, formsFor)
}

// rate reads the workbook in data and keeps its record; an application gets
// the survey forms formsFor names, and its annotated copy.
func (r *runner) rate(ctx context.Context, i int, data []byte, sha string, problem *rating.Problem, formsFor func(rating.Party) []int) error {
	in := r.inputs[i]
	var wb importer.Workbook
	if problem != nil {
		wb = importer.Workbook{File: in.Name, Problems: []rating.Problem{*problem}}
	} else {
		wb = importer.Read(ctx, data, in.Name, importer.Options{KeepOpen: true})
	}
	defer wb.Close()
	var rec Record
	var res *rating.Result
	var forms []int
	var counts *rating.ReviewCounts
	var want map[string][]string
	if app := wb.Application; app != nil {
		if formsFor != nil {
			forms = formsFor(rating.Party{Name: app.Company.Name, USCC: app.Company.USCC})
		}
		for _, k := range forms {
			app.Surveys = append(app.Surveys, r.outcomes[k].form.Survey)
		}
		rated := rating.Rate(app, r.cfg.Profile)
		res = &rated
		rec.Keys = rating.KeysOf(in.Name, app, wb.Cell)
		if r.record != nil {
			out := rating.ApplyReview(app, res, r.record, r.cfg.Profile)
			rec.Review = &Verdicts{Applied: out.Applied, Keys: out.Keys}
			counts = &out.Counts
			want = wanted(out.Checks, res, r.record)
		}
	}
	// rating's row notes (a row left out of a metric …) are located on
	// their cells like the importer's own problems.
	problems := wb.Problems
	if res != nil {
		problems = append(slices.Clip(problems), wb.Locate(res.Notes)...)
	}
	rec.Company = exporter.NewCompany(in.Name, sha, wb.Application, res, problems)
	rec.Company.Review, rec.Company.Wanted = counts, want
	rec.Company.FormsDigest = formsDigest(r.outcomes, forms)
	if form := wb.Form; form != nil {
		rec.Company.Kind, rec.Company.Name, rec.Company.USCC = exporter.KindSurveyForm, form.Company, form.USCC
		rec.Form = &Form{Company: form.Company, USCC: form.USCC, Survey: form.Survey}
		rec.Form.Survey.Ref = rating.Ref{Sheet: in.Name + " " + form.Survey.Ref.Sheet}
		// Its copy is annotated once it is known whose survey it is.
		r.formData.Store(i, data)
	}
	if rec.Company.Kind == exporter.KindApplication && ctx.Err() == nil {
		r.annotate(annotatedPath(r.cfg.Out, in.Name), wb.Book, data, rec.Company, problems)
	}
	if err := r.put(i, rec, false, forms); err != nil {
		return err
	}
	r.logFile(i)
	return nil
}

func (r *runner) done() {
	if r.cfg.Done != nil {
		r.cfg.Done()
	}
}

// put stores input i's record and keeps its outcome.
func (r *runner) put(i int, rec Record, cached bool, forms []int) error {
	if err := r.store.Put(i, rec); err != nil {
		return withKind(ErrOutput, fmt.Errorf("暂存评定结果失败：%w", err))
	}
	c := rec.Company
	o := outcome{kind: c.Kind, party: rating.Party{Name: c.Name, USCC: c.USCC}, sha: c.SHA256, form: rec.Form, cached: cached,
		forms: forms, stars: -1, errors: rating.HasErrors(c.Problems), digest: rec.Keys.Digest()}
	if c.Result != nil && c.Kind == exporter.KindApplication {
		o.stars, o.prov = c.Result.Stars, c.Result.ProvisionalStars
	}
	o.errs, o.warns = rating.CountProblems(c.Problems)
	if k := slices.IndexFunc(c.Problems, func(p rating.Problem) bool { return p.Severity == rating.SeverityError }); k >= 0 {
		o.first = c.Problems[k].Message
	}
	r.outcomes[i] = o // each goroutine writes its own element
	return nil
}

// formsDigest identifies a set of survey forms by their contents.
func formsDigest(outcomes []outcome, forms []int) string {
	shas := make([]string, len(forms))
	for k, f := range forms {
		shas[k] = outcomes[f].sha
	}
	return strings.Join(shas, ",")
}

func exists(path string) bool {
	st, err := os.Stat(path)
	return err == nil && st.Mode().IsRegular()
}

// annotate stages the applicant's copy of a workbook; it is put in place
// with the results. A copy that cannot be written is counted, and its old
// version removed at the commit rather than left saying what no longer holds.
func (r *runner) annotate(path string, book *excelize.File, data []byte, c exporter.Company, problems []rating.Problem) {
	tmp, err := stage(path, func(w io.Writer) error {
		return exporter.Annotate(w, book, data, c, r.cfg.Profile, problems)
	})
	r.mu.Lock()
	defer r.mu.Unlock()
	if old, ok := r.staged[path]; ok {
		_ = os.Remove(old)
		delete(r.staged, path)
	}
	if err != nil {
		r.cfg.Log.Error().Err(err).Str("file", c.File).Msg("批注副本写入失败")
		if !r.failed[path] {
			r.failed[path] = true
			r.copyErr++
		}
		return
	}
	delete(r.failed, path)
	r.staged[path] = tmp
}

// discard removes staged files a round did not commit.
func (r *runner) discard() {
	r.mu.Lock()
	defer r.mu.Unlock()
	for _, tmp := range r.staged {
		_ = os.Remove(tmp)
	}
	clear(r.staged)
}

// attachForms settles which application each survey form counts for, over
// the whole round. Applications that were rated with other forms than that
// are read again (only where two applications share a name or code); each
// form's own copy is annotated now that its owner is known.
func (r *runner) attachForms(ctx context.Context, forms []int, parties []rating.Party) error {
	var apps []int
	var appParties []rating.Party
	for i, o := range r.outcomes {
		if o.kind == exporter.KindApplication {
			apps = append(apps, i)
			appParties = append(appParties, o.party)
		}
	}
	want := map[int][]int{}
	for k, m := range rating.MatchForms(appParties, parties) {
		i := forms[k]
		rec, err := r.store.Get(i)
		if err != nil {
			return withKind(ErrInternal, err)
		}
		rec.Company.AttachedTo = ""
		if m.App >= 0 {
			want[apps[m.App]] = append(want[apps[m.App]], i)
			rec.Company.AttachedTo = r.inputs[apps[m.App]].Name
		} else {
			p := *m.Problem
			p.File = r.inputs[i].Name
			rec.Company.Problems = append(rec.Company.Problems, p)
		}
		if err := r.put(i, rec, r.outcomes[i].cached, nil); err != nil {
			return err
		}
		if v, ok := r.formData.LoadAndDelete(i); ok {
			data := v.([]byte)
			wb := importer.Read(ctx, data, r.inputs[i].Name, importer.Options{KeepOpen: true})
			r.annotate(annotatedPath(r.cfg.Out, r.inputs[i].Name), wb.Book, data, rec.Company, wb.Problems)
			wb.Close()
		}
	}
	var again []int
	for _, i := range apps {
		if !slices.Equal(want[i], r.outcomes[i].forms) {
			again = append(again, i)
		}
	}
	return r.each(ctx, len(again), func(ctx context.Context, k int) error {
		i := again[k]
		forms := want[i]
		data, problem := readInput(ctx, r.cfg.files, r.inputs[i])
		sum := sha256.Sum256(data)
		return r.rate(ctx, i, data, hex.EncodeToString(sum[:]), problem, func(rating.Party) []int { return forms })
	})
}

// crossCheck finds the applications whose digests share a value and runs
// the exact checks on their full keys alone.
func (r *runner) crossCheck() ([]rating.CrossFinding, error) {
	var digests []rating.Digest
	var index []int
	for i, o := range r.outcomes {
		if o.kind == exporter.KindApplication {
			digests = append(digests, o.digest)
			index = append(index, i)
		}
	}
	var keys []rating.Keys
	for _, k := range rating.Candidates(digests) {
		rec, err := r.store.Get(index[k])
		if err != nil {
			return nil, withKind(ErrInternal, err)
		}
		keys = append(keys, rec.Keys)
	}
	return rating.CrossCheck(keys), nil
}

// commit writes results.json, results.xlsx and results.csv to temporary
// files, then renames every staged output into place together, and removes
// annotated copies of inputs no longer in the round. Until the renames
// nothing in the folder has changed. When the folder holds a previous
// results.json, the changes since (exporter.Diff, or exporter.Compare with
// the --compare results) go to 变化 and are returned.
func (r *runner) commit(ctx context.Context, round *exporter.Round, compare *exporter.Results) ([]exporter.Change, error) {
	var prev *exporter.Results
	jsonPath := filepath.Join(r.cfg.Out, "results.json")
	if _, err := os.Stat(jsonPath); err == nil {
		if prev, err = openResults(jsonPath); err != nil {
			r.cfg.Log.Warn().Err(err).Msg("上次的 results.json 无法读取，本次不列变化")
		}
	}
	if prev != nil {
		round.Changes = &exporter.Changes{Previous: prev.Digest}
	}
	// results.json goes to its temporary file first and, for 变化, is read
	// back from there one company at a time: a round of thousands never
	// holds the document in memory.
	jsonTmp, err := stage(jsonPath, func(w io.Writer) error { return exporter.WriteJSON(w, round) })
	if err != nil {
		return nil, withKind(ErrOutput, fmt.Errorf("写入 results.json 失败：%w", err))
	}
	r.mu.Lock()
	r.staged[jsonPath] = jsonTmp
	r.mu.Unlock()
	var changes []exporter.Change
	if prev != nil || compare != nil {
		cur, err := openResults(jsonTmp)
		if err != nil {
			return nil, withKind(ErrInternal, err)
		}
		var ch exporter.Changes
		if compare != nil {
			ch = exporter.Compare(compare, cur)
		} else {
			ch = exporter.Diff(prev, cur)
		}
		round.Changes, changes = &ch, ch.Rows
	}
	for _, out := range []struct {
		name  string
		write func(io.Writer, *exporter.Round) error
	}{
		{"results.xlsx", exporter.WriteXLSX},
		{"results.csv", exporter.WriteCSV},
	} {
		path := filepath.Join(r.cfg.Out, out.name)
		tmp, err := stage(path, func(w io.Writer) error { return out.write(w, round) })
		if err != nil {
			return nil, withKind(ErrOutput, fmt.Errorf("写入 %s 失败：%w", out.name, err))
		}
		r.mu.Lock()
		r.staged[path] = tmp
		r.mu.Unlock()
	}
	if ctx.Err() != nil {
		return nil, interrupted()
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	// Copies first, the results last: the results never name a copy that
	// is not there yet.
	finals := make([]string, 0, len(r.staged))
	for final := range r.staged {
		finals = append(finals, final)
	}
	slices.SortFunc(finals, func(a, b string) int {
		ra, rb := filepath.Dir(a) == r.cfg.Out, filepath.Dir(b) == r.cfg.Out
		if ra != rb {
			if ra {
				return 1
			}
			return -1
		}
		return strings.Compare(a, b)
	})
	for _, final := range finals {
		if err := replace(r.staged[final], final); err != nil {
			return nil, withKind(ErrOutput, fmt.Errorf("无法放置 %s：%w", shown(final), err))
		}
		delete(r.staged, final)
	}
	keep := map[string]bool{}
	for _, in := range r.inputs {
		if p := annotatedPath(r.cfg.Out, in.Name); !r.failed[p] {
			keep[p] = true
		}
	}
	root := filepath.Join(r.cfg.Out, "annotated")
	_ = filepath.WalkDir(root, func(path string, d os.DirEntry, err error) error {
		if err == nil && d.Type().IsRegular() && !keep[path] && !strings.HasPrefix(d.Name(), ".") {
			rel, _ := filepath.Rel(r.cfg.Out, path)
			r.cfg.Log.Warn().Str("file", shown(filepath.ToSlash(rel))).Msg("删除批注副本：其输入已不在本轮中，或本轮未能重写")
			if os.Remove(path) == nil {
				r.removed = append(r.removed, shown(filepath.ToSlash(rel)))
			}
		}
		return nil
	})
	return changes, nil
}

// summary tallies the round from the outcomes.
func (r *runner) summary(crossChecks int) Summary {
	s := Summary{Files: len(r.outcomes), CrossChecks: crossChecks, CopiesFailed: r.copyErr}
	for i, o := range r.outcomes {
		if o.errors {
			s.WithErrors++
			s.ErrorFiles = append(s.ErrorFiles, r.inputs[i].Name)
		}
		if o.cached {
			s.Unchanged++
		}
		switch {
		case o.kind == exporter.KindUnreadable:
			s.Unreadable++
		case o.stars >= 0:
			s.Stars[o.stars]++
		}
	}
	return s
}

// logFile writes input i's line once its outcome is known: a warning,
// naming the file, for one with errors or that could not be read.
func (r *runner) logFile(i int) {
	o := r.outcomes[i]
	level, msg := r.cfg.FileLevel, "已评定"
	switch {
	case o.kind == exporter.KindUnreadable:
		level, msg = zerolog.WarnLevel, "无法读取："+o.first
	case o.errs > 0:
		level, msg = zerolog.WarnLevel, fmt.Sprintf("已评定，有 %d 个错误（见 results.xlsx 问题清单及批注副本）", o.errs)
	case o.cached:
		msg = "未变化，沿用上次结果"
	case o.kind == exporter.KindSurveyForm:
		msg = "已读取用户评价表"
	}
	ev := r.cfg.Log.WithLevel(level).Str("file", r.inputs[i].Name).Str("kind", o.kind)
	if o.stars >= 0 {
		ev = ev.Int("stars", o.stars).Int("provisional_stars", o.prov)
	}
	ev.Int("errors", o.errs).Int("warnings", o.warns).Bool("cached", o.cached).Msg(msg)
}

// took is a duration as the logs give it: seconds with their unit.
func took(d time.Duration) string { return fmt.Sprintf("%.2fs", d.Seconds()) }

// log writes the changes since the previous run, one line each, and the
// closing line, which names the files with errors (the first five).
func (r *runner) log(s Summary) {
	for _, c := range s.Changes {
		ev := r.cfg.Log.Info()
		if c.What == "移除文件" || c.What == "未再参评" {
			ev = r.cfg.Log.Warn()
		}
		ev.Str("file", c.File).Str("change", c.What).Msg(c.String())
	}
	msg := fmt.Sprintf("完成：%d 个文件；三星 %d、二星 %d、一星 %d、未达星级 %d；有错误 %d 个文件（其中无法读取 %d）",
		s.Files, s.Stars[3], s.Stars[2], s.Stars[1], s.Stars[0], s.WithErrors, s.Unreadable)
	if n := len(s.ErrorFiles); n > 0 {
		names := s.ErrorFiles[:min(n, 5)]
		msg += "：" + strings.Join(names, "、")
		if n > 5 {
			msg += fmt.Sprintf(" 等 %d 个", n)
		}
	}
	msg += fmt.Sprintf("；跨单位核查 %d 项；批注副本写入失败 %d 个", s.CrossChecks, s.CopiesFailed)
	if s.RecordErrors > 0 {
		msg += fmt.Sprintf("；评审记录错误 %d 处", s.RecordErrors)
	}
	if len(s.Changes) > 0 {
		msg += fmt.Sprintf("；与上次相比 %d 项变化（见 results.xlsx 变化）", len(s.Changes))
	}
	if len(s.Removed) > 0 {
		msg += fmt.Sprintf("；删除已不在本轮的批注副本 %d 个：%s", len(s.Removed), strings.Join(s.Removed, "、"))
	}
	msg += "；用时 " + took(s.Took)
	r.cfg.Log.Log().Str("level", "info").Int("files", s.Files).Int("three_stars", s.Stars[3]).Int("two_stars", s.Stars[2]).
		Int("one_star", s.Stars[1]).Int("no_star", s.Stars[0]).Int("files_with_errors", s.WithErrors).Strs("error_files", s.ErrorFiles).
		Int("unreadable", s.Unreadable).Int("unchanged", s.Unchanged).Int("cross_checks", s.CrossChecks).Int("copies_failed", s.CopiesFailed).
		Int("record_errors", s.RecordErrors).Int("changes", len(s.Changes)).Strs("removed", s.Removed).Str("took", took(s.Took)).
		Str("output", shown(r.cfg.Out)).Msg(msg)
}

// openResults reads a results.json of ours (the previous run's, or the one
// --compare names) one company at a time.
func openResults(path string) (*exporter.Results, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return exporter.ReadResultsFrom(f)
}
