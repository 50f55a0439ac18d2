package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"runtime"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/urfave/cli/v2"
	"github.com/xuri/excelize/v2"

	"github.com/bax/starrate/exporter"
	"github.com/bax/starrate/importer"
	"github.com/bax/starrate/rating"
	"github.com/bax/starrate/round"
	"github.com/bax/starrate/templates"
)

func reviewCommand() *cli.Command {
	return &cli.Command{
		Name:      "review",
		Usage:     "create or update the round's review record (评审记录.xlsx), keeping every verdict already entered",
		ArgsUsage: "FILE|FOLDER...",
		Flags: []cli.Flag{
			&cli.StringFlag{Name: "output", Aliases: []string{"o"}, Usage: "the review record `FILE` to create or update in place", Required: true},
			rulesFlag,
		},
		Action: func(c *cli.Context) error {
			if c.NArg() == 0 {
				return usage("review 需要至少一个申报工作簿文件或文件夹")
			}
			p, err := round.LoadProfile(c.String(rulesFlag.Name))
			if err != nil {
				return err
			}
			inputs, err := round.Discover(c.Args().Slice(), "")
			if err != nil {
				return round.Mark(round.ErrUsage, err)
			}
			return runReview(c.Context, c.String("output"), c.Args().Slice(), inputs, p, c.App.Writer, c.App.ErrWriter)
		},
	}
}

// runReview reads the record at out (when it exists), the inputs, and writes
// the record back with the round's current checks.
func runReview(ctx context.Context, out string, args []string, inputs []round.Input, p *rating.Profile, stdout, stderr io.Writer) error {
	var old *rating.ReviewFile
	if _, err := os.Stat(out); err == nil {
		rf := importer.ReadReviewFile(ctx, out, out, importer.Options{})
		// Its own problems and two rows of one key that disagree.
		problems := rating.NewReviewRecord(rf).Problems
		for _, pr := range problems {
			fmt.Fprintln(stderr, problemLine(pr))
		}
		if rating.HasErrors(problems) {
			// Rewriting would lose what the reviewer typed in those cells.
			return usage("评审记录 %s 有错误，未更新；请先改正上述单元格", out)
		}
		old = &rf
	}
	// The record itself may sit in an input folder: it is no application.
	if self, err := os.Stat(out); err == nil {
		inputs = slices.DeleteFunc(slices.Clone(inputs), func(in round.Input) bool {
			st, err := os.Stat(in.Path)
			return err == nil && os.SameFile(st, self)
		})
	}
	inRecord := func(string) bool { return false }
	if old != nil {
		inRecord = rating.NewReviewRecord(*old).Has
	}
	checks, years, companies, bad := roundChecks(ctx, inputs, p, inRecord, stderr)
	if err := ctx.Err(); err != nil {
		return round.ErrInterrupted
	}
	plan := rating.PlanReview(checks, old)
	meta := exporter.ReviewMeta{Round: strings.Join(args, " "), Years: years, ProfileID: p.ID, ProfileHash: p.Hash(),
		Generated: time.Now(), Companies: companies, SampleMin: p.Parameters.SampleMin, SampleMax: p.Parameters.SampleMax}
	if err := round.WriteFile(out, func(w io.Writer) error { return exporter.WriteReview(w, plan, meta) }); err != nil {
		return fmt.Errorf("无法写入评审记录 %s：%w", out, err)
	}
	fmt.Fprintf(stdout, "%s：%d 家单位，%d 项核查；新增 %d 行，保留 %d 行，标记需复核 %d 行，移至已失效 %d 行",
		out, companies, len(plan.Rows), plan.Added, plan.Kept, plan.Recheck, plan.Retired)
	if plan.Restored > 0 {
		fmt.Fprintf(stdout, "，从已失效移回 %d 行", plan.Restored)
	}
	fmt.Fprintln(stdout)
	if bad > 0 {
		fmt.Fprintf(stderr, "其中 %d 个文件有错误，有错误的数据不列入抽查（用 starrate validate 查看）\n", bad)
		return round.Mark(round.ErrInput, fmt.Errorf("%d 个文件有错误", bad))
	}
	return nil
}

func problemLine(pr rating.Problem) string {
	sev := "错误"
	if pr.Severity == rating.SeverityWarning {
		sev = "警告"
	}
	m := pr.Masked()
	return sev + " " + m.Error()
}

// roundChecks reads every input and returns the round's checks, company by
// company in input order. Standalone survey forms count for the application
// they name (by 统一社会信用代码, else 单位名称), as in rate. bad counts the
// inputs with errors.
func roundChecks(ctx context.Context, inputs []round.Input, p *rating.Profile, inRecord func(string) bool, stderr io.Writer) (checks []rating.ReviewCheck, years []int, companies, bad int) {
	type company struct {
		uscc, name string
		checks     []rating.ReviewCheck
	}
	apps := make([]*company, len(inputs))
	formOf := make([]*importer.SurveyForm, len(inputs))
	yearOf := make([]int, len(inputs))
	badOf := make([]bool, len(inputs))
	// Workbooks are read in parallel; only their checks are kept, so memory
	// stays flat however large the round.
	next := make(chan int)
	var wg sync.WaitGroup
	for range max(runtime.GOMAXPROCS(0), 1) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				wb := importer.ReadFile(ctx, inputs[i].Path, inputs[i].Name, importer.Options{})
				badOf[i] = rating.HasErrors(wb.Problems)
				if a := wb.Application; a != nil {
					apps[i] = &company{uscc: a.Company.USCC, name: rating.NormalizeName(a.Company.Name), checks: rating.ReviewChecks(a, p, inRecord)}
					yearOf[i] = a.Company.Year
				}
				formOf[i] = wb.Form
			}
		}()
	}
	for i := range inputs {
		if ctx.Err() != nil {
			break
		}
		next <- i
	}
	close(next)
	wg.Wait()
	if ctx.Err() != nil {
		return nil, nil, 0, 0
	}
	var forms []importer.SurveyForm
	first := map[string]string{} // USCC → the input that has it
	for i, in := range inputs {
		if badOf[i] {
			bad++
		}
		if a := apps[i]; a != nil {
			// The USCC is every key's first part: without it, or twice,
			// rows would be another company's.
			if a.uscc == "" {
				fmt.Fprintf(stderr, "%s：缺少统一社会信用代码，未列入评审记录\n", in.Name)
				apps[i] = nil
				continue
			}
			if other, dup := first[a.uscc]; dup {
				fmt.Fprintf(stderr, "%s：统一社会信用代码 %s 与 %s 相同，只列入后者\n", in.Name, a.uscc, other)
				apps[i] = nil
				continue
			}
			first[a.uscc] = in.Name
		}
		switch {
		case apps[i] != nil:
			if y := yearOf[i]; y != 0 && !slices.Contains(years, y) {
				years = append(years, y)
			}
		case formOf[i] != nil:
			forms = append(forms, *formOf[i])
		default:
			fmt.Fprintf(stderr, "%s：无法读取，未列入评审记录\n", in.Name)
		}
	}
	// Applications with forms are read again with their surveys.
	extra := map[int][]rating.Survey{}
	find := func(match func(*company) bool) int {
		return slices.IndexFunc(apps, func(a *company) bool { return a != nil && match(a) })
	}
	for _, f := range forms {
		i := -1
		if f.USCC != "" {
			i = find(func(a *company) bool { return a.uscc == f.USCC })
		}
		if i < 0 {
			i = find(func(a *company) bool { return a.name == rating.NormalizeName(f.Company) })
		}
		if i >= 0 {
			extra[i] = append(extra[i], f.Survey)
		}
	}
	for i, surveys := range extra {
		wb := importer.ReadFile(ctx, inputs[i].Path, inputs[i].Name, importer.Options{})
		if wb.Application != nil {
			wb.Application.Surveys = append(wb.Application.Surveys, surveys...)
			apps[i].checks = rating.ReviewChecks(wb.Application, p, inRecord)
		}
	}
	for _, a := range apps {
		if a != nil {
			companies++
			checks = append(checks, a.checks...)
		}
	}
	slices.Sort(years)
	return checks, years, companies, bad
}

// writeSampleReview writes the review record of a sample round in dir and
// fills it in part-way (templates.FillReviewSample), so `starrate sample`
// shows the whole flow: review → verdicts → rate --review. The verdicts are
// dated the day after the evaluation year.
func writeSampleReview(ctx context.Context, dir, out string, year int, stdout, stderr io.Writer) error {
	inputs, err := round.Discover([]string{dir}, "")
	if err != nil {
		return err
	}
	if err := runReview(ctx, out, []string{dir}, inputs, rating.DefaultProfile(), stdout, stderr); err != nil && !errors.Is(err, round.ErrInput) {
		return err
	}
	f, err := excelize.OpenFile(out)
	if err != nil {
		return err
	}
	defer f.Close()
	if err := templates.FillReviewSample(f, "王评审", rating.NewDate(year+1, 3, 1)); err != nil {
		return err
	}
	return round.WriteFile(out, func(w io.Writer) error { return f.Write(w) })
}
