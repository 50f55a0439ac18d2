package round

import (
	"bytes"
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/bax/starrate/rating"
)

func TestReviewSummaryPrintProblemsMasksAndNamesSeverity(t *testing.T) {
	var b bytes.Buffer
	ReviewSummary{Problems: []rating.Problem{
		{File: "评审记录.xlsx", Sheet: "核实", Cell: "B2", Message: "身份证号 110101199003074514 不在申报表中", Severity: rating.SeverityError},
		{File: "评审记录.xlsx", Message: "未填写核实结果", Severity: rating.SeverityWarning},
	}}.PrintProblems(&b)
	lines := bytes.Split(bytes.TrimSuffix(b.Bytes(), []byte("\n")), []byte("\n"))
	if assert.Len(t, lines, 2) {
		assert.Regexp(t, `^错误 .*评审记录\.xlsx.*B2`, string(lines[0]))
		assert.NotContains(t, string(lines[0]), "110101199003074514")
		assert.Regexp(t, `^警告 .*未填写核实结果`, string(lines[1]))
	}
}
