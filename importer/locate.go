package importer

import (
	"strconv"

	"github.com/bax/starrate/rating"
)

// Locate turns rating's row notes (Result.Notes) into problems of this
// workbook located by file, sheet and cell: the cell of the note's column
// when it has one, else the row's first cell, so that rate, validate and
// the self-check page report them where the importer reports its own.
func (wb *Workbook) Locate(notes []rating.Note) []rating.Problem {
	if len(notes) == 0 {
		return nil
	}
	ps := make([]rating.Problem, 0, len(notes))
	for _, n := range notes {
		cell := ""
		if n.Field != "" {
			cell = wb.Cell(n.Ref, n.Field)
		}
		if cell == "" && n.Ref.Row > 0 {
			cell = "A" + strconv.Itoa(n.Ref.Row)
		}
		ps = append(ps, rating.Problem{Severity: n.Severity, Code: n.Code, File: wb.File, Sheet: n.Ref.Sheet, Cell: cell,
			Value: n.Value, Expected: n.Expected, Message: n.Message})
	}
	return ps
}
