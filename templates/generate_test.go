package templates

import (
	"bytes"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/xuri/excelize/v2"
)

func open(t *testing.T, write func(*bytes.Buffer) error) *excelize.File {
	t.Helper()
	var b bytes.Buffer
	require.NoError(t, write(&b))
	f, err := excelize.OpenReader(&b)
	require.NoError(t, err)
	t.Cleanup(func() { f.Close() })
	return f
}

func TestTemplateLayout(t *testing.T) {
	f := open(t, func(b *bytes.Buffer) error { return Write(b, 2022) })
	assert.Equal(t, []string{SheetGuide, SheetCompany, SheetStaff, SheetDeclarations, SheetTraining, SheetContracts, SheetSurveys}, f.GetSheetList())

	guide, err := f.GetCellValue(SheetGuide, "A2")
	require.NoError(t, err)
	assert.Contains(t, guide, Version)
	props, err := f.GetDocProps()
	require.NoError(t, err)
	assert.Equal(t, Version, props.Keywords)

	year, _ := f.GetCellValue(SheetCompany, "B4")
	assert.Equal(t, "2022", year)

	for _, tb := range Tables {
		rows, err := f.GetRows(tb.Name)
		require.NoError(t, err)
		require.NotEmpty(t, rows)
		for i, c := range tb.Columns {
			want := c.Header
			if c.Required {
				want += RequiredMark
			}
			assert.Equal(t, want, rows[0][i], tb.Name)
			assert.Equal(t, Fold(c.Header), Fold(rows[0][i]), "the mark is not part of the header")
		}
		panes, err := f.GetPanes(tb.Name)
		require.NoError(t, err)
		assert.True(t, panes.Freeze, "%s header frozen", tb.Name)
		assert.Equal(t, tb.FirstRow()-1, panes.YSplit)
		if tb.Example {
			assert.Equal(t, ExampleMark, rows[1][0], "%s example row", tb.Name)
		}
	}

	// Every closed value set has its drop-down.
	dvs, err := f.GetDataValidations(SheetStaff)
	require.NoError(t, err)
	lists := map[string]string{}
	for _, dv := range dvs {
		lists[strings.SplitN(dv.Sqref, ":", 2)[0]] = dv.Formula1
	}
	first := Staff.FirstRow()
	assert.Contains(t, lists[cell(Staff.Index("om")+1, first)], "是,否")
	assert.Contains(t, lists[cell(Staff.Index("education")+1, first)], "专科")

	// 制度与信用: all 21 items, M4 with its own answers, no 评审核实.
	require.Len(t, Items, 21)
	m4Row := 0
	for i, it := range Items {
		row := Declarations.FirstRow() + i
		id, _ := f.GetCellValue(SheetDeclarations, cell(1, row))
		text, _ := f.GetCellValue(SheetDeclarations, cell(2, row))
		assert.Equal(t, it.ID, id)
		assert.Equal(t, it.Text, text)
		if it.ID == "M4" {
			m4Row = row
		}
	}
	c4, ok := ItemByID("C4")
	require.True(t, ok)
	assert.Equal(t, "获得相关行业组织评价的诚信经营", c4.Text)
	header, err := f.GetRows(SheetDeclarations)
	require.NoError(t, err)
	assert.NotContains(t, header[0], "评审核实")
	dvs, err = f.GetDataValidations(SheetDeclarations)
	require.NoError(t, err)
	var m4 string
	for _, dv := range dvs {
		if dv.Sqref == cell(Declarations.Index("answer")+1, m4Row) {
			m4 = dv.Formula1
		}
	}
	assert.Contains(t, m4, "无,兼职,专职")
	assert.Equal(t, "Q1–Q4、C1–C4、T1、M1–M12", ItemRange())
}

func TestSurveyFormLayout(t *testing.T) {
	f := open(t, func(b *bytes.Buffer) error { return WriteSurvey(b) })
	s, l := SheetSurveyForm, SurveyForm
	for i, it := range SurveyItems {
		name, _ := f.GetCellValue(s, cell(l.ItemCol, l.FirstItemRow+i))
		max, _ := f.GetCellValue(s, cell(l.MaxCol, l.FirstItemRow+i))
		assert.Equal(t, it.Name, name)
		assert.Equal(t, strconv.Itoa(it.Max), max)
	}
	for _, fd := range l.Fields {
		v, _ := f.GetCellValue(s, cell(fd.Col, fd.Row))
		assert.Equal(t, fd.Label, v)
	}
	score, _ := f.GetCellValue(s, cell(l.ScoreCol, l.HeaderRow))
	assert.Equal(t, l.ScoreHeader, score)
	formula, err := f.GetCellFormula(s, "E18")
	require.NoError(t, err)
	assert.Equal(t, "SUM(E9:E17)", formula)
	merged, err := f.GetMergeCells(s)
	require.NoError(t, err)
	assert.NotEmpty(t, merged)
	dvs, err := f.GetDataValidations(s)
	require.NoError(t, err)
	assert.Len(t, dvs, len(SurveyItems), "every 评价分 has its 0..max range")
}
