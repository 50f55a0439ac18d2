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
			assert.Equal(t, c.Header, rows[0][i], tb.Name)
		}
		panes, err := f.GetPanes(tb.Name)
		require.NoError(t, err)
		assert.True(t, panes.Freeze, "%s header frozen", tb.Name)
		assert.Equal(t, 1, panes.YSplit)
	}

	// Every closed value set has its drop-down.
	dvs, err := f.GetDataValidations(SheetStaff)
	require.NoError(t, err)
	lists := map[string]string{}
	for _, dv := range dvs {
		lists[strings.SplitN(dv.Sqref, ":", 2)[0]] = dv.Formula1
	}
	assert.Contains(t, lists["E2"], "是,否")
	assert.Contains(t, lists["F2"], "专科")

	// 制度与信用: all 20 items, M4 with its own answers.
	for i, it := range Items {
		id, _ := f.GetCellValue(SheetDeclarations, cell(1, i+2))
		text, _ := f.GetCellValue(SheetDeclarations, cell(2, i+2))
		assert.Equal(t, it.ID, id)
		assert.Equal(t, it.Text, text)
	}
	dvs, err = f.GetDataValidations(SheetDeclarations)
	require.NoError(t, err)
	var m4 string
	for _, dv := range dvs {
		if dv.Sqref == "C13" {
			m4 = dv.Formula1
		}
	}
	assert.Contains(t, m4, "无,兼职,专职")
}

func TestSurveyFormLayout(t *testing.T) {
	f := open(t, func(b *bytes.Buffer) error { return WriteSurvey(b) })
	s := SheetSurveyForm
	for i, it := range SurveyItems {
		name, _ := f.GetCellValue(s, cell(2, surveyFirstItemRow+i))
		max, _ := f.GetCellValue(s, cell(4, surveyFirstItemRow+i))
		assert.Equal(t, it.Name, name)
		assert.Equal(t, strconv.Itoa(it.Max), max)
	}
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
