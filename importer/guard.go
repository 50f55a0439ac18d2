package importer

import (
	"errors"
	"fmt"
	"runtime/debug"

	"github.com/bax/starrate/rating"
	"github.com/bax/starrate/templates"
)

// internalError wraps a panic recovered inside Read with its stack: a bug
// of starrate or of the spreadsheet library, which the caller logs and
// counts as its own failure (exit 4), never as the applicant's file.
func internalError(v any) error {
	return &panicError{value: v, stack: debug.Stack()}
}

type panicError struct {
	value any
	stack []byte
}

func (e *panicError) Error() string {
	return fmt.Sprintf("读取工作簿时发生内部错误（%v）\n%s", e.value, e.stack)
}

func (e *panicError) Unwrap() error { return ErrInternal }

// applicationSheets are the sheets of a 申报表; a workbook with none of them
// (and no 表A.1) is not one.
var applicationSheets = []string{
	templates.SheetCompany, templates.SheetStaff, templates.SheetDeclarations,
	templates.SheetTraining, templates.SheetContracts, templates.SheetSurveys,
}

// unrecognised reports a workbook holding none of the sheets of a 申报表,
// once it is known not to be a 表A.1 either: it is listed as unrecognised
// (stars: null), not rated as an application with nothing in it.
func (r *reader) unrecognised() bool {
	for _, name := range applicationSheets {
		if _, ok := r.sheet(name); ok {
			return false
		}
	}
	r.add(rating.Problem{Severity: rating.SeverityError, Code: rating.CodeUnrecognised,
		Expected: "申报表（含工作表「单位信息」「人员名册」等）或表 A.1 用户评价表",
		Message:  fmt.Sprintf("既不是申报表也不是用户评价表：没有工作表「%s」「%s」等，也没有表 A.1 的内容", templates.SheetCompany, templates.SheetStaff)})
	return true
}

// finish gives a problem its code where the reader named only a cause,
// and bounds the text it carries.
func finish(p rating.Problem) rating.Problem {
	if p.Code == "" {
		p.Code = codeOf(p.Cause)
	}
	return bounded(p)
}

// codeOf maps the causes the reader still names to codes.
func codeOf(cause error) rating.Code {
	switch {
	case cause == nil:
		return ""
	case errors.Is(cause, ErrBadValue), errors.Is(cause, ErrCellErr):
		return rating.CodeBadValue
	case errors.Is(cause, ErrMissing):
		return rating.CodeMissingValue
	case errors.Is(cause, ErrDamaged):
		return rating.CodeDamaged
	}
	return ""
}
