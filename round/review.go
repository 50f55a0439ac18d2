package round

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime/debug"
	"slices"
	"strings"
	"time"

	"github.com/rs/zerolog"
	"github.com/xuri/excelize/v2"
	"golang.org/x/sync/errgroup"

	"github.com/bax/starrate/exporter"
	"github.com/bax/starrate/importer"
	"github.com/bax/starrate/rating"
	"github.com/bax/starrate/templates"
)

// ReviewConfig is what creating or updating a review record needs besides
// its inputs.
type ReviewConfig struct {
	Out     string // the review record, created or updated in place
	Profile *rating.Profile
	Workers int // inputs read at once; < 1 means 1
	// Now dates the record's 说明 (time.Now when zero).
	Now time.Time
	Log zerolog.Logger // internal errors, with their stack

	files files
}

// ReviewSummary is what `review` did.
type ReviewSummary struct {
	Companies int
	Checks    int
	Added     int
	Kept      int
	Recheck   int // marked 需复核
	Retired   int // moved to 已失效
	Restored  int // moved back from 已失效
	// Problems are those of the record as it was (when it has errors it is
	// not rewritten) and of the inputs left out of it, for the operator.
	Problems []rating.Problem
	// WithErrors counts the inputs with errors; their bad data is not
	// sampled.
	WithErrors int
}

// String is the line `review` prints.
func (s ReviewSummary) String() string {
	line := fmt.Sprintf("%d 家单位，%d 项核查；新增 %d 行，保留 %d 行，标记需复核 %d 行，移至已失效 %d 行",
		s.Companies, s.Checks, s.Added, s.Kept, s.Recheck, s.Retired)
	if s.Restored > 0 {
		line += fmt.Sprintf("，从已失效移回 %d 行", s.Restored)
	}
	return line
}

// reviewed is what reading one input leaves for the record: its checks,
// never the workbook, so memory stays flat however large the round.
type reviewed struct {
	kind   importer.Kind
	party  rating.Party
	year   int
	checks []rating.ReviewCheck
	form   *importer.SurveyForm
	forms  []int // the survey forms its checks were drawn with
	bad    bool
	unread *rating.Problem
}

// Review creates the round's review record at cfg.Out, or updates it in
// place keeping every verdict (rating-model.md §6). args are workbooks or
// folders, as for Run; a review record among them (classified by its
// 核查清单 sheet, the record itself included) is never read as an
// application. Survey forms count for the application they name
// (rating.MatchForms), as in Run, so the sample is drawn from the surveys
// rate will count. Its error is ErrInput when inputs had errors (the record
// is still written), ErrUsage when the old record has errors (it is left
// as it is, so nothing a reviewer typed is lost).
func Review(ctx context.Context, cfg ReviewConfig, args []string) (ReviewSummary, error) {
	var sum ReviewSummary
	if cfg.Profile == nil {
		cfg.Profile = rating.DefaultProfile()
	}
	cfg.Workers = max(cfg.Workers, 1)
	if cfg.files.load == nil {
		cfg.files = diskFiles
	}
	if cfg.Now.IsZero() {
		cfg.Now = time.Now()
	}
	inputs, err := Discover(args, "")
	if err != nil {
		return sum, err
	}
	// The record being updated is read twice: first only its keys and
	// verdicts (its errors, and which subjects stay drawn), then, once the
	// checks are drawn, row by row into the plan, which keeps the text of
	// only the rows it keeps as they were. The text of a thousand
	// companies' rows is tens of MB.
	inRecord := func(string) bool { return false }
	oldSHA := "" // the record being updated, as first read
	if self, err := os.Stat(cfg.Out); err == nil {
		// Its own problems and two rows of one key that disagree; then
		// only its keys are kept for the draws (keeping the record itself,
		// with a mark for every verdict, took updating a record filled in
		// full from 142–149 MB to 153–154 MB at 1,000 companies).
		old, keys := &rating.ReviewRecord{}, map[string]bool{}
		old.AddFile(importer.StreamReviewFile(ctx, cfg.Out, shown(cfg.Out), importer.Options{}, importer.ReviewRows{Checks: func(r rating.ReviewRow) {
			old.Add(r)
			if r.Key != "" {
				keys[r.Key] = true
			}
		}}))
		if ctx.Err() != nil {
			return sum, interrupted()
		}
		oldSHA, sum.Problems = old.Files[0].SHA256, old.Problems
		inRecord = func(key string) bool { return keys[key] }
		if rating.HasErrors(sum.Problems) {
			// Rewriting would lose what the reviewer typed in those cells.
			return sum, withKind(ErrUsage, fmt.Errorf("评审记录 %s 有错误，未更新；请先改正上述单元格", shown(cfg.Out)))
		}
		inputs = slices.DeleteFunc(inputs, func(in Input) bool {
			st, err := os.Stat(in.Path)
			return err == nil && os.SameFile(st, self)
		})
	}
	rs := make([]reviewed, len(inputs))
	// read reads input i; an application gets the survey forms formsOf
	// names for it (nil: none) before its checks are drawn, so that it is
	// read once.
	read := func(ctx context.Context, i int, formsOf func(rating.Party) []int) {
		r := &rs[i]
		data, problem := readInput(ctx, cfg.files, inputs[i])
		if problem != nil {
			r.bad, r.unread = true, problem
			return
		}
		wb := importer.Read(ctx, data, inputs[i].Name, importer.Options{})
		r.bad = rating.HasErrors(wb.Problems)
		r.form = wb.Form
		switch a := wb.Application; {
		case a != nil:
			r.kind, r.party, r.year = importer.KindApplication, rating.Party{Name: a.Company.Name, USCC: a.Company.USCC}, a.Company.Year
			if formsOf != nil {
				r.forms = formsOf(r.party)
			}
			for _, k := range r.forms {
				a.Surveys = append(a.Surveys, rs[k].form.Survey)
			}
			r.checks = rating.ReviewChecks(a, cfg.Profile, inRecord)
		case wb.Form != nil:
			r.kind = importer.KindSurveyForm
		case len(wb.Problems) > 0:
			r.unread = &wb.Problems[0]
		}
	}
	kinds, err := classifyAll(ctx, cfg.files, inputs, cfg.Workers, cfg.Log)
	if err != nil {
		return sum, err
	}
	var first, apps []int
	for i, k := range kinds {
		switch k {
		case importer.KindReview:
			rs[i].kind = k // another review record: no input
		case importer.KindApplication:
			apps = append(apps, i)
		default:
			first = append(first, i)
		}
	}
	if err := pool(ctx, cfg.Workers, first, cfg.Log, func(ctx context.Context, i int) { read(ctx, i, nil) }); err != nil {
		return sum, err
	}
	var forms []int
	var parties []rating.Party
	for _, i := range first {
		if f := rs[i].form; f != nil {
			forms = append(forms, i)
			parties = append(parties, rating.Party{Name: f.Company, USCC: f.USCC})
		}
	}
	match := func(apps []rating.Party) map[int][]int {
		want := map[int][]int{}
		for k, m := range rating.MatchForms(apps, parties) {
			if m.App >= 0 {
				want[m.App] = append(want[m.App], forms[k])
			}
		}
		return want
	}
	// Each application is matched with the forms on its own as it is read;
	// the whole round's match below differs only where two applications
	// share a name or code, and those are read again.
	alone := func(p rating.Party) []int { return match([]rating.Party{p})[0] }
	if err := pool(ctx, cfg.Workers, apps, cfg.Log, func(ctx context.Context, i int) { read(ctx, i, alone) }); err != nil {
		return sum, err
	}
	var appIdx []int
	var appParties []rating.Party
	for i := range rs {
		if rs[i].kind == importer.KindApplication {
			appIdx = append(appIdx, i)
			appParties = append(appParties, rs[i].party)
		}
	}
	want := match(appParties)
	var again []int
	for k, i := range appIdx {
		if !slices.Equal(want[k], rs[i].forms) {
			again = append(again, k)
		}
	}
	if err := pool(ctx, cfg.Workers, again, cfg.Log, func(ctx context.Context, k int) {
		read(ctx, appIdx[k], func(rating.Party) []int { return want[k] })
	}); err != nil {
		return sum, err
	}
	checks, years := reviewChecks(inputs, rs, &sum)
	planner := rating.NewReviewPlanner(checks) // and lets go of them
	if oldSHA != "" {
		if err := mergeOld(ctx, cfg.Out, oldSHA, planner); err != nil {
			return sum, err
		}
	}
	plan := planner.Plan()
	meta := exporter.ReviewMeta{Round: strings.Join(args, " "), Years: years, ProfileID: cfg.Profile.ID, ProfileHash: cfg.Profile.Hash(), TempDir: filepath.Dir(cfg.Out),
		Generated: cfg.Now, Companies: sum.Companies, SampleMin: cfg.Profile.Parameters.SampleMin, SampleMax: cfg.Profile.Parameters.SampleMax}
	if ctx.Err() != nil {
		return sum, interrupted()
	}
	if err := WriteFile(cfg.Out, func(w io.Writer) error { return exporter.WriteReview(w, plan, meta) }); err != nil {
		return sum, withKind(ErrOutput, fmt.Errorf("无法写入评审记录 %s：%w", shown(cfg.Out), err))
	}
	sum.Checks, sum.Added, sum.Kept, sum.Recheck, sum.Retired, sum.Restored = len(plan.Rows), plan.Added, plan.Kept, plan.Recheck, plan.Retired, plan.Restored
	if sum.WithErrors > 0 {
		return sum, withKind(ErrInput, fmt.Errorf("%d 个文件有错误，有错误的数据不列入抽查（用 starrate validate 查看）", sum.WithErrors))
	}
	return sum, nil
}

// mergeOld merges the rows of the record being updated into the plan, as
// they are read. The record must not have changed since it was first read
// (sha256): its keys decided the draws.
func mergeOld(ctx context.Context, path, sha string, planner *rating.ReviewPlanner) error {
	rf := importer.StreamReviewFile(ctx, path, shown(path), importer.Options{}, importer.ReviewRows{Checks: planner.Row, Expired: planner.Expired})
	switch {
	case ctx.Err() != nil:
		return interrupted() // the rows merged so far are not all of them
	case rf.SHA256 != sha:
		return withKind(ErrUsage, fmt.Errorf("评审记录 %s 在更新过程中被修改，未更新；请关闭编辑该文件的程序后重新运行", shown(path)))
	case rating.HasErrors(rf.Problems):
		// Read once without errors, then not: an internal error. Writing
		// would lose the rows not merged.
		return withKind(ErrInternal, fmt.Errorf("评审记录 %s 第二次读取失败，未更新：%s", shown(path), rf.Problems[0].Message))
	}
	return nil
}

// reviewChecks gathers the round's checks company by company in input
// order, leaving out (with a warning) an application without a USCC or
// with one an earlier application has: every key starts with it.
func reviewChecks(inputs []Input, rs []reviewed, sum *ReviewSummary) (checks [][]rating.ReviewCheck, years []int) {
	warn := func(name, format string, args ...any) {
		sum.Problems = append(sum.Problems, rating.Problem{Severity: rating.SeverityWarning, File: name, Code: rating.CodeExcluded,
			Message: fmt.Sprintf(format, args...)})
	}
	first := map[string]string{} // USCC → the input that has it
	for i, in := range inputs {
		r := rs[i]
		if r.bad {
			sum.WithErrors++
		}
		switch r.kind {
		case importer.KindApplication:
			if r.party.USCC == "" {
				warn(in.Name, "缺少统一社会信用代码，未列入评审记录")
				continue
			}
			if other, dup := first[r.party.USCC]; dup {
				warn(in.Name, "统一社会信用代码 %s 与 %s 相同，只列入后者", r.party.USCC, other)
				continue
			}
			first[r.party.USCC] = in.Name
			if r.year != 0 && !slices.Contains(years, r.year) {
				years = append(years, r.year)
			}
			sum.Companies++
			checks = append(checks, r.checks)
			rs[i].checks = nil // the planner lets go of them
		case importer.KindSurveyForm, importer.KindReview:
		default:
			why := ""
			if r.unread != nil {
				why = "（" + r.unread.Message + "）"
			}
			warn(in.Name, "无法读取%s，未列入评审记录", why)
		}
	}
	slices.Sort(years)
	return checks, years
}

// classifyAll peeks at every input's sheet names on the pool.
func classifyAll(ctx context.Context, fs files, inputs []Input, workers int, log zerolog.Logger) ([]importer.Kind, error) {
	kinds := make([]importer.Kind, len(inputs))
	idx := make([]int, len(inputs))
	for i := range idx {
		idx[i] = i
	}
	err := pool(ctx, workers, idx, log, func(ctx context.Context, i int) { kinds[i] = classify(ctx, fs, inputs[i]) })
	return kinds, err
}

// pool runs fn for each index on at most workers goroutines; a panic is an
// internal error, logged with its stack, rather than a crash.
func pool(ctx context.Context, workers int, idx []int, log zerolog.Logger, fn func(ctx context.Context, i int)) error {
	g, gctx := errgroup.WithContext(ctx)
	g.SetLimit(workers)
	for _, i := range idx {
		g.Go(func() (err error) {
			defer func() {
				if v := recover(); v != nil {
					log.Error().Str("stack", string(debug.Stack())).Msgf("内部错误：%v", v)
					err = withKind(ErrInternal, fmt.Errorf("内部错误：%v", v))
				}
			}()
			if gctx.Err() == nil {
				fn(gctx, i)
			}
			return nil
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

// ReviewSample writes the review record of a sample round at cfg.Out and
// fills it in part-way (templates.FillReviewSample: some 通过, one 不通过,
// one override, one 需复核 row), so the whole flow review → verdicts →
// rate --review can be tried on synthetic data. The verdicts are dated
// 1 March of the year after the evaluation year.
func ReviewSample(ctx context.Context, cfg ReviewConfig, dir string, year int) (ReviewSummary, error) {
	sum, err := Review(ctx, cfg, []string{dir})
	if err != nil && !errors.Is(err, ErrInput) {
		return sum, err
	}
	f, err := excelize.OpenFile(cfg.Out)
	if err != nil {
		return sum, withKind(ErrOutput, err)
	}
	defer f.Close()
	if err := templates.FillReviewSample(f, "王评审", rating.NewDate(year+1, 3, 1)); err != nil {
		return sum, withKind(ErrOutput, err)
	}
	if err := WriteFile(cfg.Out, func(w io.Writer) error { return f.Write(w) }); err != nil {
		return sum, withKind(ErrOutput, err)
	}
	return sum, nil
}

// wanted lists, per clause still open, the checks it waits for (类别 and
// 核查对象, with the evidence named), for the applicant's copy. A check is
// waited for when the record has no verdict for it, 待补充, or a verdict
// given on other data (需复核). checks are those ApplyReview drew
// (ReviewOutcome.Checks).
func wanted(checks []rating.ReviewCheck, res *rating.Result, rec *rating.ReviewRecord) map[string][]string {
	var out map[string][]string
	var byKey map[string]rating.ReviewCheck
	for _, cl := range res.Clauses {
		v := cl.Verification
		if v == nil || v.State != rating.Unverified || len(v.Checks) == 0 {
			continue
		}
		if byKey == nil {
			byKey = make(map[string]rating.ReviewCheck, len(checks))
			for _, c := range checks {
				byKey[c.Key] = c
			}
			out = map[string][]string{}
		}
		for _, k := range v.Checks {
			c, ok := byKey[k]
			if !ok {
				continue
			}
			row, found := rec.Row(k)
			if found && row.Fingerprint == c.Fingerprint && (row.Verdict == rating.VerdictPass || row.Verdict == rating.VerdictFail) {
				continue
			}
			text := c.Category().Name + " " + c.Subject
			if c.Evidence != "" {
				text += "（" + c.Evidence + "）"
			}
			out[cl.ID] = append(out[cl.ID], text)
		}
	}
	return out
}
