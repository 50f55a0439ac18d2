package main

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"

	"github.com/urfave/cli/v2"

	"github.com/bax/starrate/importer"
	"github.com/bax/starrate/rating"
)

func validateCommand() *cli.Command {
	return &cli.Command{
		Name:      "validate",
		Usage:     "check workbooks before submitting: every problem, by file, sheet and cell; exit 1 if any error",
		ArgsUsage: "FILE|FOLDER...",
		Flags: []cli.Flag{
			rulesFlag,
			&cli.BoolFlag{Name: "json", Usage: "print the problems as JSON"},
		},
		Action: func(c *cli.Context) error {
			if c.NArg() == 0 {
				return usageError{errors.New("validate 需要至少一个工作簿文件或文件夹")}
			}
			if _, err := loadProfile(c); err != nil {
				return err
			}
			inputs, err := importer.Discover(c.Args().Slice())
			if err != nil {
				return usageError{err}
			}
			var reports []fileReport
			bad := 0
			for _, in := range inputs {
				wb := importer.ReadFile(c.Context, in.Path, in.Name, importer.Options{})
				if rating.HasErrors(wb.Problems) {
					bad++
				}
				reports = append(reports, newFileReport(in.Name, wb))
			}
			if c.Bool("json") {
				enc := json.NewEncoder(c.App.Writer)
				enc.SetIndent("", "  ")
				enc.SetEscapeHTML(false)
				if err := enc.Encode(reports); err != nil {
					return err
				}
			} else {
				printReports(c.App.Writer, reports)
			}
			if bad > 0 {
				return inputErrors{bad}
			}
			return nil
		},
	}
}

// fileReport is what validate says of one file.
type fileReport struct {
	File     string          `json:"file"`
	Kind     string          `json:"kind"` // application, survey_form or unreadable
	Errors   int             `json:"errors"`
	Warnings int             `json:"warnings"`
	Problems []problemReport `json:"problems"`
}

type problemReport struct {
	Severity string `json:"severity"`
	Sheet    string `json:"sheet,omitempty"`
	Cell     string `json:"cell,omitempty"`
	Value    string `json:"value,omitempty"`
	Expected string `json:"expected,omitempty"`
	Message  string `json:"message"`
}

func newFileReport(name string, wb importer.Workbook) fileReport {
	r := fileReport{File: name, Kind: "unreadable", Problems: []problemReport{}}
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
		r.Problems = append(r.Problems, problemReport{string(p.Severity), p.Sheet, p.Cell, p.Value, p.Expected, p.Message})
	}
	return r
}

func printReports(w io.Writer, reports []fileReport) {
	files, errs, warns := 0, 0, 0
	for _, r := range reports {
		files++
		errs += r.Errors
		warns += r.Warnings
		if len(r.Problems) == 0 {
			fmt.Fprintf(w, "%s：未发现问题\n", r.File)
			continue
		}
		fmt.Fprintf(w, "%s：%d 个错误，%d 个警告\n", r.File, r.Errors, r.Warnings)
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
			fmt.Fprintln(w, line)
		}
	}
	fmt.Fprintf(w, "共检查 %d 个文件：%d 个错误，%d 个警告\n", files, errs, warns)
}
