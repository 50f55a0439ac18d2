package importer

import (
	"fmt"
	"runtime/debug"

	"github.com/xuri/excelize/v2"

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

// A sheet is loaded whole (not streamed) only to explain an empty cell,
// and only when that costs little: excelize takes about ten times a
// sheet's XML in memory, and more CPU for rows without numbers. Larger
// sheets get the plain message.
const (
	maxLoadBytes = 4 << 20
	maxLoadRows  = 20_000
)

// formula is the cell's formula, or "" on a sheet too large to load whole.
func (r *reader) formula(sheet, cell string) (string, error) {
	if r.heavy[sheet] {
		return "", nil
	}
	return r.f.GetCellFormula(sheet, cell)
}

// mergeCells are the sheet's merged cells, or none on a sheet too large to
// load whole.
func (r *reader) mergeCells(sheet string) ([]excelize.MergeCell, error) {
	if r.heavy[sheet] {
		return nil, nil
	}
	return r.f.GetMergeCells(sheet)
}

// maxListed is how many problems of one sheet are listed: a sheet with a
// mistake in every row says so in a thousand problems, and a crafted one
// cannot make the outputs (or memory) grow with its rows.
const maxListed = 1000

// listing counts the problems listed per sheet ("" for the file).
type listing map[string]int

// admit bounds p and says whether to list it. The first problem over
// the cap becomes a note that the rest of the sheet's are not listed.
func (l *listing) admit(p *rating.Problem) bool {
	if *l == nil {
		*l = listing{}
	}
	n := (*l)[p.Sheet] + 1
	(*l)[p.Sheet] = n
	switch {
	case n <= maxListed:
		*p = bounded(*p)
		return true
	case n == maxListed+1:
		*p = rating.Problem{Severity: rating.SeverityError, Sheet: p.Sheet, Code: rating.CodeLimit,
			Message: fmt.Sprintf("问题超过 %d 个，其余未列出；请先改正以上问题", maxListed)}
		return true
	}
	return false
}
