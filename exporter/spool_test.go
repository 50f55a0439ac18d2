package exporter

import (
	"archive/zip"
	"bytes"
	"fmt"
	"io"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/xuri/excelize/v2"
)

// sheetXML is the part of the first worksheet of an archive.
func sheetXML(t *testing.T, data []byte, name string) string {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	require.NoError(t, err)
	for _, f := range zr.File {
		if f.Name == name {
			r, err := f.Open()
			require.NoError(t, err)
			b, err := io.ReadAll(r)
			require.NoError(t, err)
			return string(b)
		}
	}
	t.Fatalf("no %s", name)
	return ""
}

// spoolBook writes one table of n rows, spooled or through the sheet's
// own StreamWriter, with a title row, frozen header, widths, a filter.
func spoolBook(t *testing.T, n int, spooled bool, row func(i int) []any) []byte {
	t.Helper()
	f := excelize.NewFile()
	defer f.Close()
	var s spools
	defer s.close()
	bold, err := f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true}})
	require.NoError(t, err)
	require.NoError(t, f.SetSheetDimension("Sheet1", fmt.Sprintf("A1:D%d", n+1)))
	sw, err := f.NewStreamWriter("Sheet1")
	require.NoError(t, err)
	require.NoError(t, sw.SetColWidth(1, 1, 30))
	require.NoError(t, sw.SetPanes(&excelize.Panes{Freeze: true, YSplit: 1, TopLeftCell: "A2", ActivePane: "bottomLeft"}))
	require.NoError(t, sw.SetRow("A1", []any{excelize.Cell{StyleID: bold, Value: "标题"}, "值"}, excelize.RowOpts{Height: 20}))
	var out interface {
		SetRow(string, []any, ...excelize.RowOpts) error
	} = sw
	var sp *spool
	if spooled {
		sp, err = s.start(sw, 2)
		require.NoError(t, err)
		out = sp
	}
	for i := range n {
		cell, _ := excelize.CoordinatesToCellName(1, i+2)
		require.NoError(t, out.SetRow(cell, row(i), excelize.RowOpts{Height: float64(15 + i%3)}))
	}
	if sp != nil {
		require.NoError(t, sp.done())
	}
	require.NoError(t, f.AutoFilter("Sheet1", fmt.Sprintf("A1:D%d", n+1), nil))
	require.NoError(t, sw.Flush())
	var b bytes.Buffer
	if spooled {
		require.NoError(t, s.write(f, &b))
	} else {
		require.NoError(t, f.Write(&b))
	}
	return b.Bytes()
}

// Spooled rows are excelize's own rendering: the sheet is byte for byte
// what the sheet's StreamWriter writes, whatever the values.
func TestSpoolWritesWhatStreamWriterWrites(t *testing.T) {
	when := time.Date(2023, 3, 1, 0, 0, 0, 0, time.UTC)
	row := func(i int) []any {
		return []any{fmt.Sprintf("<甲&乙> \"%d\" ", i), i, 1.5 * float64(i), excelize.Cell{StyleID: 1, Value: when}, nil, true}
	}
	plain := sheetXML(t, spoolBook(t, 50, false, row), "xl/worksheets/sheet1.xml")
	spooled := sheetXML(t, spoolBook(t, 50, true, row), "xl/worksheets/sheet1.xml")
	assert.Equal(t, plain, spooled)
	assert.NotContains(t, spooled, "starrate-rows-")

	// A date without its style is refused: the scratch workbook's style
	// would mean nothing in the real one.
	var s spools
	defer s.close()
	f := excelize.NewFile()
	defer f.Close()
	sw, err := f.NewStreamWriter("Sheet1")
	require.NoError(t, err)
	sp, err := s.start(sw, 1)
	require.NoError(t, err)
	assert.ErrorContains(t, sp.SetRow("A2", []any{when}), "style")
	assert.ErrorContains(t, sp.SetRow("A3", []any{excelize.Cell{Value: time.Hour}}), "style")

	// No rows: the placeholder goes, nothing takes its place.
	plain = sheetXML(t, spoolBook(t, 0, false, row), "xl/worksheets/sheet1.xml")
	spooled = sheetXML(t, spoolBook(t, 0, true, row), "xl/worksheets/sheet1.xml")
	assert.Equal(t, plain, spooled)
}

// A sheet over excelize's 16 MiB chunk, rendered by scratch workbooks in
// turn: every row arrives, byte for byte as the sheet's own StreamWriter
// writes it; no temporary file is left.
func TestSpoolLargeSheet(t *testing.T) {
	if testing.Short() {
		t.Skip("writes 20 MB")
	}
	tmp := t.TempDir()
	t.Setenv("TMPDIR", tmp)
	t.Setenv("TMP", tmp) // Windows
	text := strings.Repeat("安防运维", 80)
	const n = 20000
	row := func(i int) []any { return []any{text, i} }
	data := spoolBook(t, n, true, row)
	spooled := sheetXML(t, data, "xl/worksheets/sheet1.xml")
	assert.Greater(t, len(spooled), 16<<20)
	assert.Greater(t, n*len(text), 4*scratchText, "rendered by several scratch workbooks in turn")
	assert.Equal(t, sheetXML(t, spoolBook(t, n, false, row), "xl/worksheets/sheet1.xml"), spooled, "as the sheet's own StreamWriter writes it")
	left, err := os.ReadDir(tmp)
	require.NoError(t, err)
	assert.Empty(t, left, "temporary files removed")
	f, err := excelize.OpenReader(bytes.NewReader(data))
	require.NoError(t, err)
	defer f.Close()
	rows, err := f.GetRows("Sheet1")
	require.NoError(t, err)
	require.Len(t, rows, n+1)
	assert.Equal(t, []string{text, fmt.Sprint(n - 1)}, rows[n])
}
