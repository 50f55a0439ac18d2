// Package exporter writes rating results out: results.json, results.xlsx,
// results.csv and each applicant's annotated workbook, each to the
// io.Writer it is handed. Where and when the bytes land (atomically, with
// the rest of the round) is package round's business.
package exporter

import (
	"slices"
	"time"

	"github.com/bax/starrate/rating"
)

// The kinds of input file.
const (
	KindApplication = "application" // an applicant workbook (申报表)
	KindSurveyForm  = "survey_form" // a standalone 表A.1
	KindUnreadable  = "unreadable"  // neither could be read
)

// Companies is a round's companies in input order, read as often as a
// writer needs them.
type Companies interface {
	// Each calls fn with every company in input order.
	Each(fn func(Company) error) error
}

// CompanySlice holds companies in memory.
type CompanySlice []Company

// Each calls fn with every company in order.
func (s CompanySlice) Each(fn func(Company) error) error {
	for _, c := range s {
		if err := fn(c); err != nil {
			return err
		}
	}
	return nil
}

// Round is everything a run of `starrate rate` reports, in input order.
type Round struct {
	Profile     *rating.Profile
	Evaluator   string // §6.1: the evaluating organisation, "" when not given
	Version     string // of starrate
	Companies   Companies
	CrossChecks []rating.CrossFinding
	// Title names the round on the board's summary (e.g. 2022 年度第一批).
	Title string
	// RunDate is when the round was rated, shown in results.xlsx. It is
	// never written to results.json, which stays byte-identical run to run.
	RunDate time.Time
	// Changes since the previous run, nil when there was none.
	Changes *Changes
	// Review is the review record applied (rate --review), nil when none.
	Review *ReviewRecord
	// TempDir is where the rows of large sheets wait while results.xlsx is
	// written (the output folder); "" is the system's.
	TempDir string
}

// ReviewRecord is what the outputs say of the review record files applied.
type ReviewRecord struct {
	Files []ReviewFile
	// Problems of the record (results.json review_record.problems): its
	// bad cells and conflicts (errors), keys no application used (warnings).
	Problems []rating.Problem
	// Applied is every verdict used, in company order (results.xlsx 评审);
	// nil when none was.
	Applied Verdicts
}

// Verdicts are the verdicts a round applied, in company order: a list in
// memory, or a large round's store read back one company at a time (a
// record filled in full has a verdict on every one of its rows).
type Verdicts interface {
	Len() int
	Each(fn func(rating.AppliedVerdict) error) error
}

// VerdictList is Verdicts held in memory.
type VerdictList []rating.AppliedVerdict

// Len is the number of verdicts.
func (l VerdictList) Len() int { return len(l) }

// Each calls fn with every verdict in order.
func (l VerdictList) Each(fn func(rating.AppliedVerdict) error) error {
	for _, v := range l {
		if err := fn(v); err != nil {
			return err
		}
	}
	return nil
}

// ReviewFile names one review record file by its sha256.
type ReviewFile struct {
	Name   string
	SHA256 string
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
	// Review counts the checks of the review record for this application;
	// nil when no record was applied.
	Review *rating.ReviewCounts
	// Wanted names, per clause id, the checks still open that the clause
	// rests on (类别 核查对象), so the applicant's copy can say which
	// evidence the evaluator still wants.
	Wanted map[string][]string
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
