package importer

import (
	"archive/zip"
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"maps"
	"math"
	"path"
	"slices"
	"strings"

	"github.com/richardlehane/mscfb"
	"github.com/xuri/excelize/v2"

	"github.com/bax/starrate/rating"
)

// ErrInternal is wrapped by Workbook.Internal: reading failed through a bug
// of starrate or of the spreadsheet library, not through the file.
var ErrInternal = errors.New("internal error while reading a workbook")

// Options limit what opening one workbook may cost. A zero field takes its
// default (DefaultOptions); every cap refused names itself and the value
// found in a CodeLimit problem.
type Options struct {
	// MaxFileSize is the largest input file read, in bytes.
	MaxFileSize int64
	// MaxUnzipSize caps the unpacked size of a workbook, so that a zip bomb
	// fails at once instead of filling the disk (excelize's own default is
	// about 16 GB).
	MaxUnzipSize int64
	// MaxSharedStrings and MaxSharedText cap the shared-string table,
	// which excelize loads whole: its entries, and the bytes of their text.
	MaxSharedStrings int
	MaxSharedText    int64
	// MaxCellLength caps one cell's text, in characters.
	MaxCellLength int
	// MaxRows caps the rows of one sheet, MaxCells the cells of the whole
	// workbook.
	MaxRows  int
	MaxCells int
	// MaxSheetText caps the shared-string text the cells of one sheet refer
	// to, in bytes: excelize copies a string for every cell that refers to
	// it.
	MaxSheetText int64
	// TmpDir is where excelize puts sheets too big for memory.
	TmpDir string
	// KeepOpen leaves the excelize workbook open in Workbook.Book.
	KeepOpen bool
}

// DefaultOptions fit a large real application (100,000 roster rows) with
// room to spare, and keep any input within the cost of
// docs/notes-importer.md.
func DefaultOptions() Options {
	return Options{
		MaxFileSize:      MaxFileSize,
		MaxUnzipSize:     defaultMaxUnzipSize,
		MaxSharedStrings: defaultMaxSharedStrings,
		MaxSharedText:    defaultMaxSharedText,
		MaxCellLength:    defaultMaxCellLength,
		MaxRows:          defaultMaxRows,
		MaxCells:         defaultMaxCells,
		MaxSheetText:     defaultMaxSheetText,
	}
}

func (o Options) withDefaults() Options {
	d := DefaultOptions()
	set := func(v *int64, def int64) {
		if *v <= 0 {
			*v = def
		}
	}
	seti := func(v *int, def int) {
		if *v <= 0 {
			*v = def
		}
	}
	set(&o.MaxFileSize, d.MaxFileSize)
	set(&o.MaxUnzipSize, d.MaxUnzipSize)
	seti(&o.MaxSharedStrings, d.MaxSharedStrings)
	set(&o.MaxSharedText, d.MaxSharedText)
	seti(&o.MaxCellLength, d.MaxCellLength)
	seti(&o.MaxRows, d.MaxRows)
	seti(&o.MaxCells, d.MaxCells)
	set(&o.MaxSheetText, d.MaxSheetText)
	return o
}

// fileError is a problem with a whole file: its message in Chinese and its code.
type fileError struct {
	msg  string
	code rating.Code
}

func (e *fileError) Error() string { return e.msg }

func (e *fileError) problem() rating.Problem {
	return rating.Problem{Severity: rating.SeverityError, Expected: "Excel 工作簿 (.xlsx)", Message: e.msg, Code: e.code}
}

// sheetFault is what is wrong with one sheet: damaged XML or a cap
// exceeded. The sheet is not read at all, since its first part alone
// would make a wrong rating look right.
type sheetFault struct {
	msg  string
	code rating.Code
}

func (f *sheetFault) problem(sheet string) rating.Problem {
	msg := "工作表已损坏：" + f.msg + "；本表未读取。请用 Excel 或 WPS 打开修复后另存再提交"
	if f.code == rating.CodeLimit {
		msg = "工作表超出读取上限：" + f.msg + "；本表未读取"
	}
	return rating.Problem{Severity: rating.SeverityError, Sheet: sheet, Message: msg, Code: f.code}
}

var (
	zipMagic = []byte("PK\x03\x04")
	oleMagic = []byte{0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1}
)

// sniff names what a file is when it is not an xlsx workbook, from its
// first bytes and, for zip and OLE2 containers, the parts inside.
func sniff(data []byte) *fileError {
	switch {
	case len(data) == 0:
		return &fileError{"文件为空（0 字节）", rating.CodeUnreadable}
	case bytes.HasPrefix(data, oleMagic):
		return sniffOLE(data)
	case !bytes.HasPrefix(data, zipMagic):
		what := "不是 Excel 工作簿"
		trimmed := bytes.TrimSpace(bytes.TrimPrefix(data, []byte("\xEF\xBB\xBF")))
		switch {
		case bytes.HasPrefix(bytes.ToLower(trimmed), []byte("<html")) || bytes.HasPrefix(bytes.ToLower(trimmed), []byte("<!doctype html")):
			what = "是网页（HTML）文件，只是扩展名为 .xlsx"
		case bytes.HasPrefix(trimmed, []byte("<?xml")):
			what = "是 XML 文件（可能是 Excel 2003 XML 表格），不是 .xlsx 工作簿"
		case isText(data):
			what = "是文本文件（可能是 CSV），不是 .xlsx 工作簿"
		}
		return &fileError{what + "；请在 Excel、WPS 或 LibreOffice 中打开后“另存为 Excel 工作簿 (.xlsx)”", rating.CodeUnreadable}
	}
	return nil
}

func isText(data []byte) bool {
	n := min(len(data), 512)
	for _, b := range data[:n] {
		if b < 0x09 || (b > 0x0D && b < 0x20) {
			return false
		}
	}
	return true
}

func sniffOLE(data []byte) *fileError {
	r, err := mscfb.New(bytes.NewReader(data))
	if err != nil {
		return &fileError{"文件已损坏：OLE2 复合文档无法读取（" + err.Error() + "）", rating.CodeDamaged}
	}
	names := map[string]bool{}
	for e, err := r.Next(); err == nil; e, err = r.Next() {
		names[e.Name] = true
	}
	switch {
	case names["EncryptionInfo"] || names["EncryptedPackage"]:
		return &fileError{"工作簿设有打开密码（已加密），无法读取；请取消密码后另存为 .xlsx 再提交", rating.CodeUnreadable}
	case names["Workbook"] || names["Book"]:
		return &fileError{"是旧版 Excel 97-2003 工作簿（.xls）或 WPS .et 格式；请另存为 Excel 工作簿 (.xlsx) 再提交", rating.CodeUnreadable}
	}
	return &fileError{"是 OLE2 复合文档（可能是 Word 或其他 Office 旧格式），不是 Excel 工作簿", rating.CodeUnreadable}
}

// inspectZip checks what excelize would not: that the zip is an xlsx (not
// xlsb or ODS) and unpacks within the limit. It returns the worksheet part
// of each sheet name, and the zip's parts.
func inspectZip(data []byte, limit int64) (sheets map[string]string, parts map[string]*zip.File, fe *fileError) {
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return nil, nil, &fileError{"文件已损坏：不是完整的 zip 压缩包（" + err.Error() + "）", rating.CodeDamaged}
	}
	parts = map[string]*zip.File{}
	var total uint64
	for _, f := range zr.File {
		parts[f.Name] = f
		if total+f.UncompressedSize64 < total { // crafted sizes that wrap around
			total = math.MaxUint64
		} else {
			total += f.UncompressedSize64
		}
	}
	switch {
	case parts["xl/workbook.bin"] != nil:
		return nil, nil, &fileError{"是 Excel 二进制工作簿（.xlsb）；请另存为 Excel 工作簿 (.xlsx)", rating.CodeUnreadable}
	case parts["mimetype"] != nil || parts["content.xml"] != nil:
		return nil, nil, &fileError{"是 OpenDocument 表格（.ods）；请另存为 Excel 工作簿 (.xlsx)", rating.CodeUnreadable}
	case parts["xl/workbook.xml"] == nil:
		return nil, nil, &fileError{"是 zip 压缩包，但其中没有 Excel 工作簿（缺少 xl/workbook.xml）", rating.CodeUnreadable}
	case total > uint64(limit):
		return nil, nil, tooLarge(limit, fmt.Sprintf("压缩包声明解压后共 %d MB", total>>20))
	}
	if sheets, err = sheetParts(parts); err != nil {
		return nil, nil, &fileError{"文件已损坏：工作簿结构无法读取（" + err.Error() + "）", rating.CodeDamaged}
	}
	return sheets, parts, nil
}

// sharedStrings checks xl/sharedStrings.xml before excelize loads it whole
// (and copies a string into every cell that refers to it): well-formed,
// within the count and length caps. It returns each string's length in
// bytes.
func sharedStrings(parts map[string]*zip.File, o *Options) ([]int32, *fileError) {
	zf := parts["xl/sharedStrings.xml"]
	if zf == nil {
		return nil, nil
	}
	// excelize keeps a shared-string table up to its XML part limit in
	// memory; a larger one it reads from a temporary file with a system
	// call for every cell, which no real workbook needs.
	if zf.UncompressedSize64 > defaultMaxXMLPart {
		return nil, &fileError{fmt.Sprintf("共享字符串表（xl/sharedStrings.xml）解压后 %s，超过 %s 的上限，可能是损坏或恶意构造的文件", size(int64(min(zf.UncompressedSize64, 1<<62))), size(defaultMaxXMLPart)), rating.CodeLimit}
	}
	t := &sstTrack{o: o}
	_, err := checkPart(zf, min(o.MaxUnzipSize, defaultMaxXMLPart), t)
	var le *limitError
	switch {
	case errors.As(err, &le):
		return nil, &fileError{"共享字符串表（xl/sharedStrings.xml）" + le.msg + "，可能是损坏或恶意构造的文件", rating.CodeLimit}
	case err != nil:
		return nil, &fileError{"文件已损坏：共享字符串表（xl/sharedStrings.xml）" + err.Error(), rating.CodeDamaged}
	}
	return t.lens, nil
}

// damagedSheets checks every worksheet's XML to its end, because
// excelize's row reader stops quietly at the first XML error, and misreads
// rows and cells out of order, and would hand over a truncated or shuffled
// roster as complete. It also holds each sheet to the caps. It reads the
// bytes excelize already unpacked (File.Pkg), and unpacks from the zip only
// the sheets excelize keeps in temporary files.
//
// heavy names the sheets too large to load whole (see reader.formula).
func damagedSheets(f *excelize.File, sheets map[string]string, parts map[string]*zip.File, sst []int32, o *Options) (damaged map[string]*sheetFault, heavy map[string]bool) {
	damaged, heavy = map[string]*sheetFault{}, map[string]bool{}
	cells := 0
	// In a fixed order, so that the same sheet is the one over the cell cap.
	for _, name := range slices.Sorted(maps.Keys(sheets)) {
		part := sheets[name]
		t := &sheetTrack{o: o, sst: sst, before: cells}
		var err error
		var n int64
		if b, ok := f.Pkg.Load(part); ok {
			n, err = int64(len(b.([]byte))), scanBytes(b.([]byte), t)
		} else if zf := parts[part]; zf != nil {
			n, err = checkPart(zf, o.MaxUnzipSize, t)
		} else {
			err = errors.New("工作表数据缺失（" + part + "）")
		}
		var le *limitError
		switch {
		case errors.As(err, &le):
			damaged[name] = &sheetFault{le.msg, rating.CodeLimit}
		case err != nil:
			damaged[name] = &sheetFault{err.Error(), rating.CodeDamaged}
		case n > maxLoadBytes || t.rows > maxLoadRows:
			heavy[name] = true
		}
		cells += t.cells
	}
	return damaged, heavy
}

func tooLarge(limit int64, found string) *fileError {
	return &fileError{fmt.Sprintf("解压后超过 %d MB 的上限（%s），可能是损坏或恶意构造的文件", limit>>20, found), rating.CodeLimit}
}

// checkPart reads one part to its end through the scanner.
func checkPart(f *zip.File, budget int64, t tracker) (int64, error) {
	rc, err := f.Open()
	if err != nil {
		return 0, fmt.Errorf("数据无法读取（%v）", err)
	}
	defer rc.Close()
	n, err := scan(io.LimitReader(rc, budget+1), t)
	if n > budget {
		return n, overLimit("解压后超过 %d MB 的上限", budget>>20)
	}
	var xe *xmlError
	var le *limitError
	if err != nil && !errors.As(err, &xe) && !errors.As(err, &le) {
		return n, fmt.Errorf("数据无法读取（%v）", err)
	}
	return n, err
}

// sheetParts maps sheet names to their parts through workbook.xml and its
// relationships.
func sheetParts(parts map[string]*zip.File) (map[string]string, error) {
	var wb struct {
		Sheets []struct {
			Name string `xml:"name,attr"`
			RID  string `xml:"http://schemas.openxmlformats.org/officeDocument/2006/relationships id,attr"`
		} `xml:"sheets>sheet"`
	}
	var rels struct {
		Rels []struct {
			ID     string `xml:"Id,attr"`
			Target string `xml:"Target,attr"`
		} `xml:"Relationship"`
	}
	if err := decodePart(parts["xl/workbook.xml"], &wb); err != nil {
		return nil, err
	}
	if err := decodePart(parts["xl/_rels/workbook.xml.rels"], &rels); err != nil {
		return nil, err
	}
	targets := map[string]string{}
	for _, r := range rels.Rels {
		t := r.Target
		if strings.HasPrefix(t, "/") {
			t = strings.TrimPrefix(t, "/")
		} else {
			t = path.Join("xl", t)
		}
		targets[r.ID] = t
	}
	out := map[string]string{}
	for _, s := range wb.Sheets {
		if t, ok := targets[s.RID]; ok {
			out[s.Name] = t
		}
	}
	return out, nil
}

func decodePart(f *zip.File, v any) error {
	if f == nil {
		return errors.New("part missing")
	}
	if f.UncompressedSize64 > 16<<20 {
		return errors.New("part too large")
	}
	rc, err := f.Open()
	if err != nil {
		return err
	}
	defer rc.Close()
	return xml.NewDecoder(io.LimitReader(rc, 16<<20)).Decode(v)
}

// open reads a workbook from its bytes with the caps of o set. It returns
// the sheets that must not be read (damaged) and those too large to load
// whole (heavy).
func open(data []byte, o *Options) (f *excelize.File, damaged map[string]*sheetFault, heavy map[string]bool, fe *fileError) {
	if fe := sniff(data); fe != nil {
		return nil, nil, nil, fe
	}
	sheets, parts, fe := inspectZip(data, o.MaxUnzipSize)
	if fe != nil {
		return nil, nil, nil, fe
	}
	sst, fe := sharedStrings(parts, o)
	if fe != nil {
		return nil, nil, nil, fe
	}
	f, err := excelize.OpenReader(bytes.NewReader(data), excelize.Options{
		UnzipSizeLimit:    o.MaxUnzipSize,
		UnzipXMLSizeLimit: min(o.MaxUnzipSize, defaultMaxXMLPart),
		TmpDir:            o.TmpDir,
	})
	if err != nil {
		if errors.Is(err, excelize.ErrOptionsUnzipSizeLimit) || strings.Contains(err.Error(), "unzip size") {
			return nil, nil, nil, tooLarge(o.MaxUnzipSize, "excelize 解压时发现")
		}
		return nil, nil, nil, &fileError{"文件已损坏，无法作为 Excel 工作簿打开（" + err.Error() + "）", rating.CodeDamaged}
	}
	damaged, heavy = damagedSheets(f, sheets, parts, sst, o)
	return f, damaged, heavy, nil
}

// fileProblem is the problem of a file that could not be read at all.
func fileProblem(display string, err error) rating.Problem {
	fe, ok := err.(*fileError)
	if !ok {
		fe = &fileError{"无法读取文件（" + err.Error() + "）", rating.CodeUnreadable}
	}
	p := fe.problem()
	p.File = display
	return p
}
