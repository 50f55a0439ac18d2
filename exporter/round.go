package exporter

import (
	"slices"

	"github.com/bax/starrate/rating"
)

// The kinds of input file.
const (
	KindApplication = "application" // an applicant workbook (申报表)
	KindSurveyForm  = "survey_form" // a standalone 表A.1
	KindUnreadable  = "unreadable"  // neither could be read
)

// Round is everything a run of `starrate rate` reports, in input order.
type Round struct {
	Profile     *rating.Profile
	Evaluator   string // §6.1: the evaluating organisation, "" when not given
	Version     string // of starrate
	Companies   Companies
	CrossChecks []rating.CrossFinding
}

// tally is what the workbook needs to know of the whole round before it
// streams the rows: sizes, the star distribution, the inputs.
type tally struct {
	companies, clauses, problems int
	confirmed, provisional       [4]int
	rated                        int
	fails, reviews               map[string]int
	files, shas                  []string
}

func (r *Round) tally() (tally, error) {
	t := tally{fails: map[string]int{}, reviews: map[string]int{}}
	err := r.Companies.Each(func(c Company) error {
		t.companies++
		t.problems += len(c.Problems)
		t.files, t.shas = append(t.files, c.File), append(t.shas, c.SHA256)
		if c.Result == nil {
			return nil
		}
		t.clauses += len(c.Result.Clauses)
		if c.Kind != KindApplication {
			return nil
		}
		t.rated++
		t.confirmed[c.Result.Stars]++
		t.provisional[c.Result.ProvisionalStars]++
		for _, cl := range c.Result.Clauses {
			switch cl.Status {
			case rating.Fail:
				t.fails[cl.Element]++
			case rating.Review:
				t.reviews[cl.Element]++
			}
		}
		return nil
	})
	return t, err
}

// Company is one input file's outcome, held compactly while the round goes
// on: no workbook, no application, only what the outputs show.
type Company struct {
	File         string // the input's name (relative to its folder)
	SHA256       string // of the input file
	Kind         string
	Name         string
	USCC         string
	Year         int
	AppliedStars int
	// Result is nil when no application could be read.
	Result *rating.Result
	// Problems are masked (rating.Problem.Masked) for summaries.
	Problems []rating.Problem
	// AttachedTo names the application a survey form was added to.
	AttachedTo string
	// FormsDigest identifies the survey forms added to this application.
	FormsDigest string
}

// NewCompany keeps what the summaries need of one rated input. Problems
// are masked here, once: summaries never hold an ID number whole.
func NewCompany(file, sha string, app *rating.Application, res *rating.Result, problems []rating.Problem) Company {
	c := Company{File: file, SHA256: sha, Kind: KindUnreadable}
	if app != nil {
		c.Kind = KindApplication
		c.Name, c.USCC, c.Year, c.AppliedStars = app.Company.Name, app.Company.USCC, app.Company.Year, app.Company.AppliedStars
	}
	if res != nil {
		r := *res
		r.Clauses = stripChecks(r.Clauses) // the clause line says it all
		r.Next = slices.Clone(res.Next)
		for i := range r.Next {
			r.Next[i].Clauses = stripChecks(r.Next[i].Clauses)
		}
		c.Result = &r
	}
	for _, p := range problems {
		p = p.Masked()
		p.Cause = nil
		c.Problems = append(c.Problems, p)
	}
	return c
}

func stripChecks(cs []rating.ClauseResult) []rating.ClauseResult {
	out := slices.Clone(cs)
	for i := range out {
		out[i].Checks = nil
	}
	return out
}

// Counts of a company's clause statuses and problems, for summaries.
func (c Company) counts() (fail, review, errs, warns int) {
	if c.Result != nil {
		for _, cl := range c.Result.Clauses {
			switch cl.Status {
			case rating.Fail:
				fail++
			case rating.Review:
				review++
			}
		}
	}
	errs, warns = rating.CountProblems(c.Problems)
	return
}

// Stars draws a level as ★★☆.
func Stars(n int) string {
	out := ""
	for i := 1; i <= 3; i++ {
		if i <= n {
			out += "★"
		} else {
			out += "☆"
		}
	}
	return out
}
