package round

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"slices"
	"strings"

	"github.com/bax/starrate/importer"
	"github.com/bax/starrate/rating"
)

// FileReport is what validate says of one file.
type FileReport struct {
	File     string          `json:"file"`
	Kind     string          `json:"kind"` // application, survey_form or unreadable
	Errors   int             `json:"errors"`
	Warnings int             `json:"warnings"`
	Problems []ProblemReport `json:"problems"`
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

// Validate checks the workbooks named by args (files or folders) as rate
// would read them — the same discovery, the same size cap, only regular
// files — and reports every problem. It writes nothing.
func Validate(ctx context.Context, args []string) ([]FileReport, error) {
	inputs, err := Discover(args, "")
	if err != nil {
		return nil, err
	}
	reports := make([]FileReport, 0, len(inputs))
	for _, in := range inputs {
		if ctx.Err() != nil {
			return nil, interrupted()
		}
		data, problem := readInput(ctx, openInput, in)
		wb := importer.Workbook{File: in.Name}
		if problem != nil {
			wb.Problems = []rating.Problem{*problem}
		} else {
			wb = importer.Read(ctx, data, in.Name, importer.Options{})
		}
		reports = append(reports, newFileReport(in.Name, wb))
	}
	return reports, nil
}

// Bad is the number of files with errors.
func Bad(reports []FileReport) int {
	n := 0
	for _, r := range reports {
		if r.Errors > 0 {
			n++
		}
	}
	return n
}

func newFileReport(name string, wb importer.Workbook) FileReport {
	r := FileReport{File: name, Kind: "unreadable", Problems: []ProblemReport{}}
	switch {
	case wb.Application != nil:
		r.Kind = "application"
	case wb.Form != nil:
		r.Kind = "survey_form"
	}
	ps := slices.Clone(wb.Problems)
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

// WriteReportsJSON writes the reports for programs.
func WriteReportsJSON(w io.Writer, reports []FileReport) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(reports)
}

// PrintReports writes the reports for people. Control characters in what a
// workbook holds are shown escaped: a cell cannot rewrite the terminal.
func PrintReports(w io.Writer, reports []FileReport) {
	files, errs, warns := 0, 0, 0
	for _, r := range reports {
		files++
		errs += r.Errors
		warns += r.Warnings
		if len(r.Problems) == 0 {
			fmt.Fprintf(w, "%s：未发现问题\n", printable(r.File))
			continue
		}
		fmt.Fprintf(w, "%s：%d 个错误，%d 个警告\n", printable(r.File), r.Errors, r.Warnings)
		for _, p := range r.Problems {
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
			line := fmt.Sprintf("  %s %s%s", sev, where, p.Message)
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
			fmt.Fprintln(w, printable(line))
		}
	}
	fmt.Fprintf(w, "共检查 %d 个文件：%d 个错误，%d 个警告\n", files, errs, warns)
}

// printable escapes control characters (ESC above all) as \u00XX.
func printable(s string) string {
	if !strings.ContainsFunc(s, isControl) {
		return s
	}
	var b strings.Builder
	for _, r := range s {
		if isControl(r) {
			fmt.Fprintf(&b, `\u%04x`, r)
		} else {
			b.WriteRune(r)
		}
	}
	return b.String()
}
