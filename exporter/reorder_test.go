package exporter

import (
	"archive/zip"
	"bytes"
	"io"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// zipOf builds an archive of the given parts, deflated, in order.
func zipOf(t *testing.T, parts ...[2]string) []byte {
	t.Helper()
	var b bytes.Buffer
	zw := zip.NewWriter(&b)
	for _, p := range parts {
		w, err := zw.CreateHeader(&zip.FileHeader{Name: p[0], Method: zip.Deflate})
		require.NoError(t, err)
		_, err = io.WriteString(w, p[1])
		require.NoError(t, err)
	}
	require.NoError(t, zw.Close())
	return b.Bytes()
}

func raw(t *testing.T, f *zip.File) []byte {
	t.Helper()
	r, err := f.OpenRaw()
	require.NoError(t, err)
	b, err := io.ReadAll(r)
	require.NoError(t, err)
	return b
}

func parts(t *testing.T, data []byte) map[string]*zip.File {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	require.NoError(t, err)
	m := map[string]*zip.File{}
	for _, f := range zr.File {
		m[f.Name] = f
	}
	return m
}

const workbookXML = `<workbook><bookViews><workbookView activeTab="1" firstSheet="1"/></bookViews><sheets>` +
	`<sheet name="人员名册" sheetId="1" r:id="rId1"/><sheet name="维保合同" sheetId="2" r:id="rId2"/><sheet name="评定结果" sheetId="3" r:id="rId3"/>` +
	`</sheets><definedNames><definedName name="_xlnm._FilterDatabase" localSheetId="0" hidden="1">'人员名册'!$A$1:$B$3</definedName>` +
	`<definedName name="_xlnm.Print_Area" localSheetId="1">'维保合同'!$A$1:$C$9</definedName>` +
	`<definedName name="_xlnm.Print_Area" localSheetId="2">'评定结果'!$A$1:$F$9</definedName></definedNames></workbook>`

func TestPartWriterCopiesUntouchedPartsCompressed(t *testing.T) {
	sheet1 := `<worksheet><sheetViews><sheetView tabSelected="1" workbookViewId="0"/></sheetViews><sheetData/></worksheet>`
	sheet2 := `<worksheet><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>合同</t></is></c></row></sheetData></worksheet>`
	original := zipOf(t, [2]string{"xl/workbook.xml", workbookXML}, [2]string{"xl/worksheets/sheet1.xml", sheet1},
		[2]string{"xl/worksheets/sheet2.xml", sheet2})

	var out bytes.Buffer
	pw, err := newPartWriter(&out, original, SheetVerdict)
	require.NoError(t, err)
	for _, p := range [][2]string{
		{"xl/workbook.xml", workbookXML},
		{"xl/worksheets/sheet1.xml", sheet1},                       // its tab is unselected on the way
		{"xl/worksheets/sheet2.xml", sheet2},                       // untouched
		{"xl/worksheets/sheet3.xml", "<worksheet>new</worksheet>"}, // new
	} {
		w, err := pw.Create(p[0])
		require.NoError(t, err)
		_, err = io.WriteString(w, p[1])
		require.NoError(t, err)
	}
	require.NoError(t, pw.Close())

	in, got := parts(t, original), parts(t, out.Bytes())
	assert.Equal(t, raw(t, in["xl/worksheets/sheet2.xml"]), raw(t, got["xl/worksheets/sheet2.xml"]), "copied as compressed bytes, not re-deflated")
	assert.Equal(t, in["xl/worksheets/sheet2.xml"].CRC32, got["xl/worksheets/sheet2.xml"].CRC32)
	assert.Equal(t, uint16(zip.Deflate), got["xl/worksheets/sheet3.xml"].Method, "a new part is deflated")

	read := func(f *zip.File) string {
		r, err := f.Open()
		require.NoError(t, err)
		b, err := io.ReadAll(r)
		require.NoError(t, err)
		return string(b)
	}
	assert.NotContains(t, read(got["xl/worksheets/sheet1.xml"]), "tabSelected", "only the verdict opens selected")
	wb := read(got["xl/workbook.xml"])
	assert.Regexp(t, `<sheets><sheet name="评定结果"[^>]*/><sheet name="人员名册"[^>]*/><sheet name="维保合同"`, wb)
	assert.NotContains(t, wb, "activeTab")
	assert.NotContains(t, wb, "firstSheet")
}

func TestReorderWorkbookShiftsLocalNames(t *testing.T) {
	x, ok := reorderWorkbook(workbookXML, SheetVerdict)
	require.True(t, ok)
	assert.Contains(t, x, `localSheetId="1" hidden="1">'人员名册'`, "the sheets before the moved one shift by one")
	assert.Contains(t, x, `localSheetId="2">'维保合同'`)
	assert.Contains(t, x, `localSheetId="0">'评定结果'`, "the moved sheet's names go with it")

	_, ok = reorderWorkbook(workbookXML, "人员名册")
	assert.False(t, ok, "first already: nothing to do")
	_, ok = reorderWorkbook(workbookXML, "不存在")
	assert.False(t, ok)

	// A <sheet> written with a closing tag moves too.
	long := `<sheets><sheet name="A" r:id="rId1"></sheet><sheet name="B" r:id="rId2"></sheet></sheets>`
	x, ok = reorderWorkbook(long, "B")
	require.True(t, ok)
	assert.Equal(t, `<sheets><sheet name="B" r:id="rId2"></sheet><sheet name="A" r:id="rId1"></sheet></sheets>`, x)
}

func TestUnselectTab(t *testing.T) {
	x, ok := unselectTab(`<worksheet><sheetViews><sheetView tabSelected="true" zoomScale="90"/></sheetViews></worksheet>`)
	require.True(t, ok)
	assert.Equal(t, `<worksheet><sheetViews><sheetView zoomScale="90"/></sheetViews></worksheet>`, x)
	_, ok = unselectTab(`<worksheet><sheetViews><sheetView zoomScale="90"/></sheetViews></worksheet>`)
	assert.False(t, ok)
}

func TestPartWriterRejectsNonZip(t *testing.T) {
	_, err := newPartWriter(io.Discard, []byte("not a zip"), SheetVerdict)
	assert.Error(t, err)
	pw, err := newPartWriter(io.Discard, zipOf(t), SheetVerdict)
	require.NoError(t, err)
	assert.Error(t, pw.AddFS(nil))
}
