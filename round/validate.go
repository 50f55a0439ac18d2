package round

import (
	"context"
	"slices"

	"github.com/bax/starrate/exporter"
	"github.com/bax/starrate/importer"
	"github.com/bax/starrate/rating"
)

// ValidateConfig is what validate needs besides its inputs.
type ValidateConfig struct {
	// Profile as loaded; without Review it is used in self-check mode
	// (require_review: false), what an applicant sees before submitting.
	Profile *rating.Profile
	// Review are review record files: validate then rates as the evaluator
	// does (evaluation mode, the record applied), so what is still open
	// shows as 待核实.
	Review []string
}

// Validate checks the workbooks named by args (files or folders) as rate
// would read them — the same discovery, the same size cap, only regular
// files, survey forms matched to their applications — and reports every
// problem of each file, with each application's rating. The review record
// files, when given, are reported first with their own problems. It writes
// nothing.
func Validate(ctx context.Context, cfg ValidateConfig, args []string) ([]exporter.FileReport, error) {
	inputs, err := Discover(args, "")
	if err != nil {
		return nil, err
	}
	p := cfg.Profile
	if p == nil {
		p = rating.DefaultProfile()
	}
	record, err := readReview(ctx, cfg.Review)
	if err != nil {
		return nil, err
	}
	var reports []exporter.FileReport
	if record == nil {
		self := *p
		self.Parameters.RequireReview = false
		p = &self
	} else {
		for _, f := range record.Files {
			reports = append(reports, exporter.FileReport{File: f.Name, Kind: KindReviewRecord})
		}
	}
	wbs := make([]importer.Workbook, 0, len(inputs))
	for _, in := range inputs {
		if ctx.Err() != nil {
			return nil, interrupted()
		}
		if classify(ctx, diskFiles, in) == importer.KindReview {
			continue // a review record is no input (--review names it)
		}
		data, problem := readInput(ctx, diskFiles, in)
		wb := importer.Workbook{File: in.Name}
		if problem != nil {
			wb.Problems = []rating.Problem{*problem}
		} else {
			wb = importer.Read(ctx, data, in.Name, importer.Options{})
		}
		wbs = append(wbs, wb)
	}
	attached := attachForms(wbs)
	companies := map[string]bool{} // USCCs validated: a record's other rows are another check's business
	for i, wb := range wbs {
		kind, problems := exporter.KindUnreadable, wb.Problems
		var rr *exporter.RatingReport
		switch {
		case wb.Application != nil:
			kind = exporter.KindApplication
			companies[wb.Application.Company.USCC] = true
			res := rating.Rate(wb.Application, p)
			var counts *rating.ReviewCounts
			if record != nil {
				out := rating.ApplyReview(wb.Application, &res, record, p)
				counts = &out.Counts
				record.Use(out.Keys)
			}
			problems = append(problems, wb.Locate(res.Notes)...)
			rr = exporter.NewRatingReport(wb.Application.Company.AppliedStars, &res, counts)
		case wb.Form != nil:
			kind = exporter.KindSurveyForm
			if attached.problem[i] != nil {
				problems = append(problems, *attached.problem[i])
			}
		}
		r := exporter.NewFileReport(wb.File, kind, problems)
		if t, ok := attached.to[i]; ok {
			r.AttachedTo = wbs[t].File
		}
		r.Rating = rr
		reports = append(reports, r)
	}
	if record != nil {
		// Its bad cells and conflicts, then the keys of the companies
		// validated that no check used (warnings), each under its file.
		all := slices.Clone(record.Problems)
		for _, u := range record.Unknown() {
			if uscc, _, _, _ := rating.ParseReviewKey(u.Value); companies[uscc] {
				all = append(all, u)
			}
		}
		for k, f := range record.Files {
			reports[k] = exporter.NewFileReport(f.Name, KindReviewRecord, slices.DeleteFunc(slices.Clone(all), func(p rating.Problem) bool {
				return p.File != f.Name
			}))
		}
	}
	return reports, nil
}

// KindReviewRecord is the kind of a review record's report.
const KindReviewRecord = "review_record"

// matched says which application each survey form counts for.
type matched struct {
	to      map[int]int             // form → application (indices into the workbooks)
	problem map[int]*rating.Problem // form → why it counts for none
}

// attachForms matches the survey forms among wbs to their applications
// (rating.MatchForms) and adds each form's survey to its application.
func attachForms(wbs []importer.Workbook) matched {
	m := matched{to: map[int]int{}, problem: map[int]*rating.Problem{}}
	var apps, forms []int
	var appParties, formParties []rating.Party
	for i, wb := range wbs {
		switch {
		case wb.Application != nil:
			apps = append(apps, i)
			appParties = append(appParties, rating.Party{Name: wb.Application.Company.Name, USCC: wb.Application.Company.USCC})
		case wb.Form != nil:
			forms = append(forms, i)
			formParties = append(formParties, rating.Party{Name: wb.Form.Company, USCC: wb.Form.USCC})
		}
	}
	for k, fm := range rating.MatchForms(appParties, formParties) {
		i := forms[k]
		if fm.App < 0 {
			p := *fm.Problem
			p.File = wbs[i].File
			m.problem[i] = &p
			continue
		}
		a := apps[fm.App]
		m.to[i] = a
		s := wbs[i].Form.Survey
		s.Ref = rating.Ref{Sheet: wbs[i].File + " " + s.Ref.Sheet}
		wbs[a].Application.Surveys = append(wbs[a].Application.Surveys, s)
	}
	return m
}
