package importer

import (
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/xuri/excelize/v2"

	"github.com/bax/starrate/rating"
	"github.com/bax/starrate/templates"
)

// Each kind of fault gets its code (issue 8: code replaces Cause).
func TestProblemCodes(t *testing.T) {
	tests := []struct {
		name        string
		craft       func(t *testing.T, f *excelize.File)
		sheet, cell string // "" cell: about the sheet
		want        rating.Code
	}{
		{"missing sheet", func(t *testing.T, f *excelize.File) {
			require.NoError(t, f.DeleteSheet(templates.SheetTraining))
		}, templates.SheetTraining, "", rating.CodeMissingSheet},
		{"missing column", func(t *testing.T, f *excelize.File) {
			c, _ := excelize.CoordinatesToCellName(templates.Contracts.Index("client")+1, templates.HeaderRow)
			require.NoError(t, f.SetCellValue(templates.SheetContracts, c, "备用"))
		}, templates.SheetContracts, "A1", rating.CodeMissingColumn},
		{"empty required cell", func(t *testing.T, f *excelize.File) {
			setRow(t, f, templates.SheetStaff, 3, 1, "", validID(1), "运维", "是", "本科", "", "", "", "2020-01-01", "是", "是")
		}, templates.SheetStaff, "B3", rating.CodeMissingValue},
		{"bad value", func(t *testing.T, f *excelize.File) {
			setRow(t, f, templates.SheetStaff, 3, 1, "张三", validID(1), "运维", "也许", "本科", "", "", "", "2020-01-01", "是", "是")
		}, templates.SheetStaff, "E3", rating.CodeBadValue},
		{"error cell", func(t *testing.T, f *excelize.File) {
			setRow(t, f, templates.SheetContracts, 3, 1, "HT-1", "北京银行", "是", "#DIV/0!", "2022-01-01", "2022-12-31", "")
		}, templates.SheetContracts, "E3", rating.CodeBadValue},
		{"duplicate ID", func(t *testing.T, f *excelize.File) {
			setRow(t, f, templates.SheetStaff, 3, 1, "张三", validID(1), "运维", "是", "本科", "", "", "", "2020-01-01", "是", "是")
			setRow(t, f, templates.SheetStaff, 4, 2, "张三", validID(1), "运维", "是", "本科", "", "", "", "2020-01-01", "是", "是")
		}, templates.SheetStaff, "C4", rating.CodeDuplicate},
		{"end before start", func(t *testing.T, f *excelize.File) {
			setRow(t, f, templates.SheetContracts, 3, 1, "HT-1", "北京银行", "是", 1000, "2022-06-01", "2022-05-01", "")
		}, templates.SheetContracts, "G3", rating.CodeInconsistent},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := filled(t)
			company(t, f)
			tt.craft(t, f)
			wb := readBytes(t, bytesOf(t, f))
			var codes []rating.Code
			for _, p := range wb.Problems {
				if p.Sheet == tt.sheet && p.Cell == tt.cell {
					codes = append(codes, p.Code)
				}
			}
			assert.Contains(t, codes, tt.want)
		})
	}
}

// Every problem of every workbook in the repository's test data (the
// sample round, the foreign writers' files, the LibreOffice template) has
// a code; the crafted ones are checked by readBytes and FuzzRead.
func TestTestdataProblemsHaveCodes(t *testing.T) {
	var files []string
	for _, pattern := range []string{"testdata/*.xlsx", "../testdata/*/*.xlsx"} {
		m, err := filepath.Glob(pattern)
		require.NoError(t, err)
		files = append(files, m...)
	}
	require.NotEmpty(t, files)
	problems := 0
	for _, file := range files {
		wb := ReadFile(t.Context(), file, filepath.Base(file), Options{})
		for _, p := range wb.Problems {
			assert.NotEmpty(t, p.Code, p.Error())
			problems++
		}
	}
	assert.NotZero(t, problems, "the sample round has workbooks with errors")
}
