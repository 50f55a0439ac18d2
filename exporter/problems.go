package exporter

import (
	"fmt"
	"io"

	"github.com/bax/starrate/rating"
)

// PrintProblems writes problems for people, one a line, their severity
// first and ID numbers masked: the problems a command met outside any one
// file's report (a review record, inputs it could not read).
func PrintProblems(w io.Writer, problems []rating.Problem) {
	for _, p := range problems {
		sev := "错误"
		if p.Severity == rating.SeverityWarning {
			sev = "警告"
		}
		m := p.Masked()
		fmt.Fprintln(w, sev+" "+m.Error())
	}
}
