package importer

import (
	"bytes"
	"context"
	"strconv"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/bax/starrate/rating"
	"github.com/bax/starrate/templates"
)

func TestLocateNamesTheColumnCellElseTheRow(t *testing.T) {
	app := templates.Sample(templates.SampleSpec{Seed: 1, Level: 1, Year: 2022, Staff: 5, TrainingPerPerson: 1, Contracts: 3, Surveys: 1})
	var b bytes.Buffer
	require.NoError(t, templates.WriteFilled(&b, app))
	wb := Read(context.Background(), b.Bytes(), "a.xlsx", Options{})
	require.NotNil(t, wb.Application)
	ref := wb.Application.Staff[0].Ref
	got := wb.Locate([]rating.Note{
		{Ref: ref, Field: "name", Severity: rating.SeverityWarning, Code: rating.CodeExcluded, Value: "x", Message: "m1"},
		{Ref: ref, Severity: rating.SeverityWarning, Message: "m2"},
		{Ref: rating.Ref{Sheet: ref.Sheet}, Field: "name", Message: "m3"},
	})
	require.Len(t, got, 3)
	assert.Equal(t, rating.Problem{Severity: rating.SeverityWarning, Code: rating.CodeExcluded, File: "a.xlsx", Sheet: ref.Sheet,
		Cell: wb.Cell(ref, "name"), Value: "x", Message: "m1"}, got[0])
	assert.NotEmpty(t, got[0].Cell)
	assert.Equal(t, "A"+strconv.Itoa(ref.Row), got[1].Cell, "a note on the whole row names its first cell")
	assert.Empty(t, got[2].Cell, "no row, no cell")
	assert.Nil(t, wb.Locate(nil))
}
