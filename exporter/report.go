package exporter

import (
	"encoding/json"
	"fmt"
	"io"
	"slices"
	"strings"

	"github.com/bax/starrate/rating"
)

// FileReport is what validate (and the self-check page) says of one file.
type FileReport struct {
	File     string          `json:"file"`
	Kind     string          `json:"kind"` // application, survey_form or unreadable
	Errors   int             `json:"errors"`
	Warnings int             `json:"warnings"`
	Problems []ProblemReport `json:"problems"`
	// AttachedTo names the application a survey form counts for.
	AttachedTo string `json:"attached_to,omitempty"`
	// Rating is the application's rating, nil for other files.
	Rating *RatingReport `json:"rating,omitempty"`
}

// ProblemReport is one problem of a file, ID numbers masked.
type ProblemReport struct {
	Severity string `json:"severity"`
	Code     string `json:"code,omitempty"`
	Sheet    string `json:"sheet,omitempty"`
	Cell     string `json:"cell,omitempty"`
	Value    string `json:"value,omitempty"`
	Expected string `json:"expected,omitempty"`
	Message  string `json:"message"`
}

// RatingReport is an application's rating as validate shows it: in
// self-check mode 预评星级 and what each level above it still needs; with a
// review record (evaluation mode) the confirmed stars too.
type RatingReport struct {
	AppliedStars     int `json:"applied_stars"`
	Stars            int `json:"stars"`
	ProvisionalStars int `json:"provisional_stars"`
	// Reaches: 预评星级 is at least the applied level (false when none).
	Reaches bool        `json:"reaches"`
	Gaps    []GapReport `json:"gaps"`
	// Review counts the record's checks, nil without a record.
	Review *rating.ReviewCounts `json:"review,omitempty"`
}

// GapReport is what one level above 预评星级 still needs.
type GapReport struct {
	Level   int         `json:"level"`
	Applied bool        `json:"applied"`
	Clauses []GapClause `json:"clauses"`
}

// GapClause is one clause a level still needs.
type GapClause struct {
	ID      string `json:"id"`
	Status  string `json:"status"`
	Message string `json:"message"`
}

// NewFileReport reports a file of a kind (KindApplication …) with its
// problems: errors first, ID numbers masked.
func NewFileReport(name, kind string, problems []rating.Problem) FileReport {
	r := FileReport{File: name, Kind: kind, Problems: []ProblemReport{}}
	ps := slices.Clone(problems)
	slices.SortStableFunc(ps, func(a, b rating.Problem) int {
		if a.Severity != b.Severity {
			if a.Severity == rating.SeverityError {
				return -1
			}
			return 1
		}
		return 0
	})
	for _, p := range ps {
		p = p.Masked()
		if p.Severity == rating.SeverityError {
			r.Errors++
		} else {
			r.Warnings++
		}
		r.Problems = append(r.Problems, ProblemReport{string(p.Severity), string(p.Code), p.Sheet, p.Cell,
			rating.MaskIDs(p.Value), p.Expected, rating.MaskIDs(p.Message)})
	}
	return r
}

// NewRatingReport is the rating part of an application's report: the gap
// of every level above 预评星级, clauses a lower level already lists left
// out.
func NewRatingReport(applied int, res *rating.Result, counts *rating.ReviewCounts) *RatingReport {
	r := &RatingReport{AppliedStars: applied, Stars: res.Stars, ProvisionalStars: res.ProvisionalStars,
		Reaches: applied > 0 && res.ProvisionalStars >= applied, Gaps: []GapReport{}, Review: counts}
	listed := map[string]bool{}
	for _, g := range res.Next {
		if g.Level <= res.ProvisionalStars {
			continue
		}
		gr := GapReport{Level: g.Level, Applied: g.Applied, Clauses: []GapClause{}}
		for _, cl := range g.Clauses {
			if listed[cl.ID] {
				continue
			}
			listed[cl.ID] = true
			gr.Clauses = append(gr.Clauses, GapClause{cl.ID, string(cl.Status), rating.MaskIDs(cl.Message)})
		}
		r.Gaps = append(r.Gaps, gr)
	}
	return r
}

// BadFiles is the number of files with errors.
func BadFiles(reports []FileReport) int {
	n := 0
	for _, r := range reports {
		if r.Errors > 0 {
			n++
		}
	}
	return n
}

// WriteReportsJSON writes the reports for programs.
func WriteReportsJSON(w io.Writer, reports []FileReport) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(reports)
}

// PrintReports writes the reports for people. What a workbook holds is
// shown escaped (Printable): a cell cannot rewrite the terminal.
func PrintReports(w io.Writer, reports []FileReport) {
	files, errs, warns := 0, 0, 0
	for _, r := range reports {
		files++
		errs += r.Errors
		warns += r.Warnings
		if len(r.Problems) == 0 {
			fmt.Fprintf(w, "%s：未发现问题\n", Printable(r.File))
		} else {
			fmt.Fprintf(w, "%s：%d 个错误，%d 个警告\n", Printable(r.File), r.Errors, r.Warnings)
		}
		for _, p := range r.Problems {
			fmt.Fprintln(w, Printable("  "+problemLine(p)))
		}
		if r.Rating != nil {
			printRating(w, *r.Rating)
		}
	}
	fmt.Fprintf(w, "共检查 %d 个文件：%d 个错误，%d 个警告\n", files, errs, warns)
}

func problemLine(p ProblemReport) string {
	sev := "错误"
	if p.Severity == string(rating.SeverityWarning) {
		sev = "警告"
	}
	where := p.Sheet
	if p.Cell != "" {
		where += "!" + p.Cell
	}
	if where != "" {
		where += " "
	}
	line := fmt.Sprintf("%s %s%s", sev, where, p.Message)
	var detail []string
	if p.Value != "" {
		detail = append(detail, "值「"+p.Value+"」")
	}
	if p.Expected != "" {
		detail = append(detail, "应为"+p.Expected)
	}
	if len(detail) > 0 {
		line += "（" + strings.Join(detail, "；") + "）"
	}
	return line
}

// printRating says where an application stands: 预评星级, whether it
// reaches the applied level, and what each level above still needs.
func printRating(w io.Writer, r RatingReport) {
	line := "  预评星级 " + starWord(r.ProvisionalStars)
	if r.Review != nil {
		line = fmt.Sprintf("  评定星级 %s，预评星级 %s（核查 %d 项：通过 %d、不通过 %d、待核实 %d、需复核 %d）", starWord(r.Stars),
			starWord(r.ProvisionalStars), r.Review.Checks, r.Review.Passed, r.Review.Failed, r.Review.Open, r.Review.Stale)
	}
	switch {
	case r.AppliedStars == 0:
		line += "；未填申报星级"
	case r.Reaches:
		line += "；达到申报星级（" + rating.LevelName(r.AppliedStars) + "）"
	default:
		line += "；未达申报星级（" + rating.LevelName(r.AppliedStars) + "）"
	}
	fmt.Fprintln(w, line)
	for _, g := range r.Gaps {
		head := fmt.Sprintf("  距%s还需 %d 项", rating.LevelName(g.Level), len(g.Clauses))
		if g.Applied {
			head += "【申报星级】"
		}
		fmt.Fprintln(w, head+"：")
		for _, c := range g.Clauses {
			fmt.Fprintln(w, Printable(fmt.Sprintf("    %s %s：%s", c.ID, StatusName(rating.Status(c.Status)), c.Message)))
		}
	}
}
