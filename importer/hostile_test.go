package importer

import (
	"archive/zip"
	"bytes"
	"fmt"
	"io"
	"math/rand/v2"
	"regexp"
	"strings"
	"testing"

	"github.com/richardlehane/mscfb"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/bax/starrate/rating"
	"github.com/bax/starrate/templates"
)

// rewriteSheetXML returns the workbook with one sheet's XML changed by fn.
func rewriteSheetXML(data []byte, sheet string, fn func(string) string) ([]byte, error) {
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return nil, err
	}
	parts := map[string]*zip.File{}
	for _, f := range zr.File {
		parts[f.Name] = f
	}
	names, err := sheetParts(parts)
	if err != nil {
		return nil, err
	}
	return rewritePart(data, names[sheet], fn)
}

// onlyError asserts that reading gave no application and exactly one file
// error with the given code.
func onlyError(t *testing.T, wb Workbook, code rating.Code, words ...string) {
	t.Helper()
	require.Nil(t, wb.Application)
	require.NoError(t, wb.Internal)
	require.Len(t, wb.Problems, 1, "%v", wb.Problems)
	p := wb.Problems[0]
	assert.Equal(t, rating.SeverityError, p.Severity)
	assert.Equal(t, code, p.Code)
	for _, w := range words {
		assert.Contains(t, p.Message, w)
	}
}

// ole2 builds an OLE2 compound file holding streams of these names. mscfb
// only reads, so the container is written here by hand: one sector of
// directory, the streams kept in the mini stream's absence as empty.
func ole2(t *testing.T, streams ...string) []byte {
	t.Helper()
	const sector = 512
	header := make([]byte, sector)
	copy(header, oleMagic)
	le16 := func(b []byte, v uint16) { b[0], b[1] = byte(v), byte(v>>8) }
	le32 := func(b []byte, v uint32) { b[0], b[1], b[2], b[3] = byte(v), byte(v>>8), byte(v>>16), byte(v>>24) }
	le16(header[0x18:], 0x3E)   // minor version
	le16(header[0x1A:], 3)      // major version 3: 512-byte sectors
	le16(header[0x1C:], 0xFFFE) // little-endian
	le16(header[0x1E:], 9)      // sector shift
	le16(header[0x20:], 6)      // mini sector shift
	le32(header[0x2C:], 1)      // one FAT sector
	le32(header[0x30:], 1)      // directory starts at sector 1
	le32(header[0x38:], 4096)   // mini stream cutoff
	le32(header[0x3C:], 0xFFFFFFFE)
	le32(header[0x44:], 0xFFFFFFFE)
	for i := range 109 {
		le32(header[0x4C+4*i:], 0xFFFFFFFF)
	}
	le32(header[0x4C:], 0) // FAT in sector 0
	fat := make([]byte, sector)
	for i := range sector / 4 {
		le32(fat[4*i:], 0xFFFFFFFF)
	}
	le32(fat[0:], 0xFFFFFFFD) // sector 0: FAT
	le32(fat[4:], 0xFFFFFFFE) // sector 1: directory, end of chain
	dir := make([]byte, sector)
	entry := func(i int, name string, typ byte, left, right, child uint32) {
		e := dir[128*i:]
		u := []rune(name)
		for j, r := range u {
			le16(e[2*j:], uint16(r))
		}
		le16(e[0x40:], uint16(2*(len(u)+1)))
		e[0x42] = typ
		e[0x43] = 1 // black
		le32(e[0x44:], left)
		le32(e[0x48:], right)
		le32(e[0x4C:], child)
		le32(e[0x74:], 0xFFFFFFFE)
	}
	const none = 0xFFFFFFFF
	entry(0, "Root Entry", 5, none, none, 1)
	for i, s := range streams {
		right := uint32(none)
		if i+1 < len(streams) {
			right = uint32(i + 2)
		}
		entry(i+1, s, 2, none, right, none)
	}
	out := append(header, fat...)
	out = append(out, dir...)
	// Check that the container is readable, so the test tests starrate.
	r, err := mscfb.New(bytes.NewReader(out))
	require.NoError(t, err)
	n := 0
	for _, err := r.Next(); err == nil; _, err = r.Next() {
		n++
	}
	require.Equal(t, len(streams), n)
	return out
}

func TestHostileFiles(t *testing.T) {
	rnd := rand.New(rand.NewPCG(1, 2))
	random := make([]byte, 4096)
	for i := range random {
		random[i] = byte(rnd.UintN(256))
	}
	tests := []struct {
		name  string
		data  []byte
		code  rating.Code
		words []string
	}{
		{"empty file", nil, rating.CodeUnreadable, []string{"为空"}},
		{"random bytes", random, rating.CodeUnreadable, []string{"另存为"}},
		{"csv renamed", []byte("姓名,身份证号\n张三,110\n"), rating.CodeUnreadable, []string{"CSV"}},
		{"html renamed", []byte("<html><body><table></table></body></html>"), rating.CodeUnreadable, []string{"HTML"}},
		{"legacy xls", ole2(t, "Workbook", "SummaryInformation"), rating.CodeUnreadable, []string{".xls"}},
		{"encrypted xlsx", ole2(t, "EncryptionInfo", "EncryptedPackage"), rating.CodeUnreadable, []string{"密码"}},
		{"word document", ole2(t, "WordDocument"), rating.CodeUnreadable, []string{"OLE2"}},
		{"plain zip", zipOf(t, map[string]string{"readme.txt": "hi"}), rating.CodeUnreadable, []string{"workbook.xml"}},
		{"ods", zipOf(t, map[string]string{"mimetype": "application/vnd.oasis.opendocument.spreadsheet", "content.xml": "<x/>"}), rating.CodeUnreadable, []string{".ods"}},
		{"xlsb", zipOf(t, map[string]string{"xl/workbook.bin": "x"}), rating.CodeUnreadable, []string{".xlsb"}},
		{"truncated zip", zipOf(t, map[string]string{"xl/workbook.xml": strings.Repeat("x", 1000)})[:100], rating.CodeDamaged, []string{"损坏"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			onlyError(t, readBytes(t, tt.data), tt.code, tt.words...)
		})
	}
}

func zipOf(t *testing.T, files map[string]string) []byte {
	t.Helper()
	var b bytes.Buffer
	zw := zip.NewWriter(&b)
	for name, body := range files {
		w, err := zw.Create(name)
		require.NoError(t, err)
		_, err = w.Write([]byte(body))
		require.NoError(t, err)
	}
	require.NoError(t, zw.Close())
	return b.Bytes()
}

// A sheet that inflates past the limit fails at once, before anything is
// unpacked to disk or memory.
func TestZipBomb(t *testing.T) {
	data := bytesOf(t, filled(t))
	bomb, err := rewriteSheetXML(data, templates.SheetStaff, func(x string) string {
		i := strings.Index(x, "</sheetData>")
		return x[:i] + strings.Repeat("<!-- padding -->", 2<<20) + x[i:] // 32 MB of comment
	})
	require.NoError(t, err)
	require.Less(t, len(bomb), 1<<20, "the bomb is small on disk")
	wb := Read(t.Context(), bomb, "bomb.xlsx", Options{MaxUnzipSize: 8 << 20})
	onlyError(t, wb, rating.CodeLimit, "上限")
}

// excelize's row reader stops silently at broken XML; the importer must not
// rate the rows before the break as the whole roster.
func TestDamagedSheetIsReportedNotTruncated(t *testing.T) {
	f := roundTripWorkbook(t)
	data, err := rewriteSheetXML(bytesOf(t, f), templates.SheetStaff, func(x string) string {
		i := strings.Index(x, `<row r="3"`)
		return x[:i] + "<row r=\"3\"><c r=\"A3\"><v>2</v></c><<<broken" + x[i:]
	})
	require.NoError(t, err)
	wb := readBytes(t, data)
	p := problemAt(t, wb.Problems, templates.SheetStaff, "")
	assert.Equal(t, rating.CodeDamaged, p.Code)
	assert.Contains(t, p.Message, "已损坏")
	require.NotNil(t, wb.Application)
	assert.Empty(t, wb.Application.Staff, "no partial roster")
	assert.Len(t, wb.Application.Contracts, 2, "other sheets still read")
}

// roster is a workbook whose 人员名册 lists n people.
func roster(t testing.TB, n int) []byte {
	t.Helper()
	f := filled(t)
	for i := 1; i <= n; i++ {
		setRow(t, f, templates.SheetStaff, i+1, i, fmt.Sprintf("员工%d", i), validID(i), "运维工程师", "是", "本科", "", "", "", "2020-03-01", "否", "是")
	}
	return bytesOf(t, f)
}

// rewriteStaff changes the XML of 人员名册.
func rewriteStaff(t testing.TB, data []byte, fn func(string) string) []byte {
	t.Helper()
	out, err := rewriteSheetXML(data, templates.SheetStaff, fn)
	require.NoError(t, err)
	return out
}

// staffFault asserts that 人员名册 was reported with the code and words,
// and that none of it was read: a part of a roster rates wrong.
func staffFault(t *testing.T, wb Workbook, code rating.Code, words ...string) {
	t.Helper()
	require.NoError(t, wb.Internal)
	p := problemAt(t, wb.Problems, templates.SheetStaff, "")
	assert.Equal(t, code, p.Code, p.Message)
	assert.Equal(t, rating.SeverityError, p.Severity)
	for _, w := range words {
		assert.Contains(t, p.Message, w)
	}
	require.NotNil(t, wb.Application)
	assert.Empty(t, wb.Application.Staff, "no partial roster")
}

// Each class of XML error encoding/xml rejects, one byte in the third row
// of a 30-person roster: excelize would stop there quietly and rate the
// first people as the whole staff.
func TestXMLDefectInRosterIsReported(t *testing.T) {
	data := roster(t, 30)
	cell := func(s string) string { return `<c r="Z4" t="inlineStr"><is><t>` + s + `</t></is></c>` }
	for name, c := range map[string]string{
		"bare ampersand":         cell("A & B"),
		"undefined entity":       cell("&nbsp;"),
		"char ref to NUL":        cell("&#0;"),
		"char ref to surrogate":  cell("&#xD800;"),
		"raw control byte":       cell("a\x01b"),
		"invalid UTF-8":          cell("\xff\xfe"),
		"less-than in attribute": `<c r="Z4" s="<"/>`,
		"unquoted attribute":     `<c r="Z4" s=1/>`,
	} {
		t.Run(name, func(t *testing.T) {
			bad := rewriteStaff(t, data, func(x string) string {
				i := strings.Index(x, `<row r="4"`)
				j := i + strings.Index(x[i:], "</row>")
				return x[:j] + c + x[j:]
			})
			staffFault(t, readBytes(t, bad), rating.CodeDamaged, "已损坏", "XML")
		})
	}
	whole := readBytes(t, data)
	require.NotNil(t, whole.Application)
	assert.Len(t, whole.Application.Staff, 30, "the roster as written reads whole")
}

// Rows whose r numbers repeat or go backwards, and cells out of order or
// in the wrong row, are read wrong by excelize (5 of 30 people): an error
// on the sheet, naming the row.
func TestRowsAndCellsOutOfOrder(t *testing.T) {
	data := roster(t, 30)
	cellRow := regexp.MustCompile(`r="([A-Z]+)7"`)
	for name, tt := range map[string]struct {
		fn    func(string) string
		words []string
	}{
		"row 7 repeats r=6": {func(x string) string {
			i := strings.Index(x, `<row r="7"`)
			j := i + strings.Index(x[i:], "</row>")
			row := strings.Replace(cellRow.ReplaceAllString(x[i:j], `r="${1}6"`), `<row r="7"`, `<row r="6"`, 1)
			return x[:i] + row + x[j:]
		}, []string{"行号 6", "第 6 行之后", "重复或倒序"}},
		"rows backwards": {func(x string) string {
			return strings.Replace(strings.Replace(x, `<row r="9"`, `<row r="3"`, 1), `r="A9"`, `r="A3"`, 1)
		}, []string{"行号 3", "第 8 行之后"}},
		"cells backwards": {func(x string) string {
			i := strings.Index(x, `<row r="7"`)
			return x[:i] + strings.Replace(x[i:], `r="A7"`, `r="D7"`, 1)
		}, []string{"B7", "列重复或倒序"}},
		"cell in another row": {func(x string) string {
			return strings.Replace(x, `r="B7"`, `r="B70"`, 1)
		}, []string{"B70", "第 7 行"}},
		"row number not a number": {func(x string) string {
			return strings.Replace(x, `<row r="7"`, `<row r="x7"`, 1)
		}, []string{"x7", "无效"}},
	} {
		t.Run(name, func(t *testing.T) {
			wb := readBytes(t, rewriteStaff(t, data, tt.fn))
			staffFault(t, wb, rating.CodeDamaged, append(tt.words, "已损坏")...)
		})
	}
}

// Rows without r numbers follow each other, as excelize reads them.
func TestRowsWithoutNumbers(t *testing.T) {
	data := rewriteStaff(t, roster(t, 30), func(x string) string {
		return regexp.MustCompile(`(<row|<c) r="[A-Z]*[0-9]+"`).ReplaceAllString(x, "$1")
	})
	wb := readBytes(t, data)
	require.NotNil(t, wb.Application)
	for _, p := range errorsOf(wb.Problems) {
		assert.NotEqual(t, templates.SheetStaff, p.Sheet, p.Message)
	}
	assert.Len(t, wb.Application.Staff, 30)
}

// A defect in the shared strings damages every sheet: the file is refused.
func TestDamagedSharedStrings(t *testing.T) {
	data := roster(t, 3)
	bad, err := rewritePart(data, "xl/sharedStrings.xml", func(x string) string {
		return strings.Replace(x, "员工2", "员工 & 2", 1)
	})
	require.NoError(t, err)
	onlyError(t, readBytes(t, bad), rating.CodeDamaged, "共享字符串", "XML")
}

// rewritePart returns the workbook with one part changed by fn.
func rewritePart(data []byte, part string, fn func(string) string) ([]byte, error) {
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return nil, err
	}
	var out bytes.Buffer
	zw := zip.NewWriter(&out)
	for _, f := range zr.File {
		rc, err := f.Open()
		if err != nil {
			return nil, err
		}
		b, err := io.ReadAll(rc)
		rc.Close()
		if err != nil {
			return nil, err
		}
		if f.Name == part {
			b = []byte(fn(string(b)))
		}
		w, err := zw.Create(f.Name)
		if err != nil {
			return nil, err
		}
		if _, err := w.Write(b); err != nil {
			return nil, err
		}
	}
	if err := zw.Close(); err != nil {
		return nil, err
	}
	return out.Bytes(), nil
}

// Odd values are errors on their cells, never silent dates or numbers.
func TestOddValuesAreErrors(t *testing.T) {
	f := filled(t)
	setRow(t, f, templates.SheetStaff, 2, 1, "张三", validID(1), "运维工程师", "是", "本科", "", "", "", 2022, "是", "是")
	setRow(t, f, templates.SheetStaff, 3, 2, "李四", validID(2), "运维工程师", "是", "本科", "", "", "", "2022.12", "是", "是")
	setRow(t, f, templates.SheetContracts, 2, 1, "HT-1", "北京银行", "是", "0x15F90", "2022-01-01", "2022-12-31", "")
	setRow(t, f, templates.SheetContracts, 3, 2, "HT-2", "海淀一中", "否", "1,2,3", "2022-01-01", "2022-12-31", "")
	setRow(t, f, templates.SheetContracts, 4, 3, "HT-3", "海淀二中", "否", "1e-400", "2022-01-01", "2022-12-31", "")
	wb := readBytes(t, bytesOf(t, f))
	require.NotNil(t, wb.Application)
	for cell, words := range map[string][]string{
		"J2": {"2022", "只写了年份"},
		"J3": {"2022.12", "只写了年月"},
	} {
		p := problemAt(t, wb.Problems, templates.SheetStaff, cell)
		assert.Equal(t, rating.CodeBadValue, p.Code)
		assert.Equal(t, rating.SeverityError, p.Severity)
		for _, w := range words {
			assert.Contains(t, p.Error(), w)
		}
	}
	for _, p := range wb.Application.Staff {
		assert.True(t, p.Hired.IsZero(), "no silent date: %v", p.Hired)
	}
	for cell, word := range map[string]string{"E2": "十六进制", "E3": "千位分隔符", "E4": "超出数值范围"} {
		p := problemAt(t, wb.Problems, templates.SheetContracts, cell)
		assert.Equal(t, rating.CodeBadValue, p.Code)
		assert.Contains(t, p.Message, word)
	}
	for _, c := range wb.Application.Contracts {
		assert.Zero(t, c.Amount, c.Number)
	}
}
