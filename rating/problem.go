package rating

import (
	"fmt"
	"strings"
)

// Severity grades a problem with an input.
type Severity string

// The severities. An error means a value could not be read or breaks the
// workbook contract, so the company's rating may rest on less than it
// declared; a warning is worth a look but changes nothing by itself.
const (
	SeverityError   Severity = "error"
	SeverityWarning Severity = "warning"
)

// Problem is something wrong with an input, located so that an applicant can
// find and mend it: file, sheet, cell, the value found and what was expected.
// Messages are Chinese, for applicants and evaluators.
type Problem struct {
	Severity Severity
	File     string // as given on the command line or relative to its folder
	Sheet    string // "" when about the whole file
	Cell     string // such as "F7"; "" when about a whole sheet or file
	Value    string // the value found, as read
	Expected string // what the cell should hold
	Message  string
	// Personal: Value is an ID number, to be masked (MaskID) everywhere
	// but the applicant's own annotated copy.
	Personal bool
	// Code says what kind of problem it is, for programs (results.json,
	// validate --json): one of the Code constants.
	Code Code
}

// Code is a problem's kind, stable for programs that read the outputs.
type Code string

// The problem codes. Add to them freely; never rename one.
const (
	CodeBadValue      Code = "bad_value"      // a cell's value is not of the kind its column needs
	CodeMissingValue  Code = "missing_value"  // a required cell is empty
	CodeMissingSheet  Code = "missing_sheet"  // a sheet of the workbook contract is absent
	CodeMissingColumn Code = "missing_column" // a required column header is absent
	CodeDuplicate     Code = "duplicate"      // the same person, item or key twice
	CodeDamaged       Code = "damaged"        // a part of the file is not well-formed
	CodeUnreadable    Code = "unreadable"     // the file cannot be read at all (kind, encryption, I/O)
	CodeLimit         Code = "limit"          // the input exceeds one of starrate's caps
	CodeNotRegular    Code = "not_regular"    // a FIFO, device, socket or link to one
	CodeUnrecognised  Code = "unrecognised"   // a workbook that is neither a 申报表 nor a 表A.1
	CodeExcluded      Code = "excluded"       // a row counted in no metric, and why
	CodeUnmatched     Code = "unmatched"      // a row or form that matches no person, client or application
	CodeInconsistent  Code = "inconsistent"   // values that contradict each other (end before start, total ≠ sum)
	CodeOutdated      Code = "outdated"       // an older template version, read with a note
	CodeReview        Code = "review_record"  // a problem of the review record (评审记录)
)

// Masked returns the problem as it may be shown in summaries and logs: ID
// numbers in its value and message masked.
func (p Problem) Masked() Problem {
	if p.Personal {
		p.Value = MaskID(p.Value)
	}
	p.Value = MaskIDs(p.Value)
	p.Message = MaskIDs(p.Message)
	p.Expected = MaskIDs(p.Expected)
	return p
}

// Error writes the problem on one line:
// a.xlsx 人员名册!C7：身份证号校验位错误（值「…」；应为 18 位身份证号）.
func (p *Problem) Error() string {
	var b strings.Builder
	b.WriteString(p.File)
	if p.Sheet != "" {
		b.WriteString(" " + p.Sheet)
		if p.Cell != "" {
			b.WriteString("!" + p.Cell)
		}
	}
	b.WriteString("：" + p.Message)
	var detail []string
	if p.Value != "" {
		detail = append(detail, fmt.Sprintf("值「%s」", p.Value))
	}
	if p.Expected != "" {
		detail = append(detail, "应为"+p.Expected)
	}
	if len(detail) > 0 {
		b.WriteString("（" + strings.Join(detail, "；") + "）")
	}
	return b.String()
}

// CountProblems counts errors and warnings.
func CountProblems(ps []Problem) (errs, warns int) {
	for _, p := range ps {
		if p.Severity == SeverityError {
			errs++
		} else {
			warns++
		}
	}
	return errs, warns
}

// HasErrors reports whether any problem is an error.
func HasErrors(ps []Problem) bool {
	for _, p := range ps {
		if p.Severity == SeverityError {
			return true
		}
	}
	return false
}
