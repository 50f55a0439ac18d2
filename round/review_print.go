package round

import (
	"fmt"
	"io"

	"github.com/bax/starrate/rating"
)

// PrintProblems writes the problems the review met for people, one a
// line, severity first and ID numbers masked.
func (s ReviewSummary) PrintProblems(w io.Writer) {
	for _, p := range s.Problems {
		sev := "错误"
		if p.Severity == rating.SeverityWarning {
			sev = "警告"
		}
		m := p.Masked()
		fmt.Fprintln(w, sev+" "+m.Error())
	}
}
