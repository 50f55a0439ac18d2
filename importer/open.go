package importer

import (
	"archive/zip"
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"path"
	"strings"

	"github.com/richardlehane/mscfb"
	"github.com/xuri/excelize/v2"
)

// The causes of file problems, for errors.Is on a rating.Problem.
var (
	ErrEmpty       = errors.New("empty file")
	ErrNotWorkbook = errors.New("not an xlsx workbook")
	ErrLegacyXLS   = errors.New("legacy .xls workbook")
	ErrEncrypted   = errors.New("password-protected workbook")
	ErrTooLarge    = errors.New("workbook larger than the limit")
	ErrDamaged     = errors.New("damaged workbook")
	ErrStructure   = errors.New("required sheet or column missing")
)

// Options limit what opening one workbook may cost.
type Options struct {
	// MaxFileSize is the largest input file read, in bytes.
	MaxFileSize int64
	// MaxUnzipSize caps the unpacked size of a workbook, so that a zip bomb
	// fails at once instead of filling the disk (excelize's own default is
	// about 16 GB).
	MaxUnzipSize int64
	// TmpDir is where excelize puts sheets too big for memory.
	TmpDir string
	// KeepOpen leaves the excelize workbook open in Workbook.Book.
	KeepOpen bool
}

// DefaultOptions fit a large real application (100,000 roster rows) with
// room to spare.
func DefaultOptions() Options {
	return Options{MaxFileSize: 64 << 20, MaxUnzipSize: 512 << 20}
}

func (o Options) withDefaults() Options {
	d := DefaultOptions()
	if o.MaxFileSize <= 0 {
		o.MaxFileSize = d.MaxFileSize
	}
	if o.MaxUnzipSize <= 0 {
		o.MaxUnzipSize = d.MaxUnzipSize
	}
	return o
}

// fileError is a problem with a whole file: its message in Chinese and its cause.
type fileError struct {
	msg   string
	cause error
}

func (e *fileError) Error() string { return e.msg }
func (e *fileError) Unwrap() error { return e.cause }

var (
	zipMagic = []byte("PK\x03\x04")
	oleMagic = []byte{0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1}
)

// sniff names what a file is when it is not an xlsx workbook, from its
// first bytes and, for zip and OLE2 containers, the parts inside.
func sniff(data []byte) *fileError {
	switch {
	case len(data) == 0:
		return &fileError{"文件为空（0 字节）", ErrEmpty}
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
		return &fileError{what + "；请在 Excel、WPS 或 LibreOffice 中打开后“另存为 Excel 工作簿 (.xlsx)”", ErrNotWorkbook}
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
		return &fileError{"文件已损坏：OLE2 复合文档无法读取（" + err.Error() + "）", ErrDamaged}
	}
	names := map[string]bool{}
	for e, err := r.Next(); err == nil; e, err = r.Next() {
		names[e.Name] = true
	}
	switch {
	case names["EncryptionInfo"] || names["EncryptedPackage"]:
		return &fileError{"工作簿设有打开密码（已加密），无法读取；请取消密码后另存为 .xlsx 再提交", ErrEncrypted}
	case names["Workbook"] || names["Book"]:
		return &fileError{"是旧版 Excel 97-2003 工作簿（.xls）或 WPS .et 格式；请另存为 Excel 工作簿 (.xlsx) 再提交", ErrLegacyXLS}
	}
	return &fileError{"是 OLE2 复合文档（可能是 Word 或其他 Office 旧格式），不是 Excel 工作簿", ErrNotWorkbook}
}

// inspectZip checks what excelize would not: that the zip is an xlsx (not
// xlsb or ODS) and unpacks within the limit. It returns the worksheet part
// of each sheet name, and the zip's parts.
func inspectZip(data []byte, limit int64) (sheets map[string]string, parts map[string]*zip.File, fe *fileError) {
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return nil, nil, &fileError{"文件已损坏：不是完整的 zip 压缩包（" + err.Error() + "）", ErrDamaged}
	}
	parts = map[string]*zip.File{}
	var total uint64
	for _, f := range zr.File {
		parts[f.Name] = f
		total += f.UncompressedSize64
	}
	switch {
	case parts["xl/workbook.bin"] != nil:
		return nil, nil, &fileError{"是 Excel 二进制工作簿（.xlsb）；请另存为 Excel 工作簿 (.xlsx)", ErrNotWorkbook}
	case parts["mimetype"] != nil || parts["content.xml"] != nil:
		return nil, nil, &fileError{"是 OpenDocument 表格（.ods）；请另存为 Excel 工作簿 (.xlsx)", ErrNotWorkbook}
	case parts["xl/workbook.xml"] == nil:
		return nil, nil, &fileError{"是 zip 压缩包，但其中没有 Excel 工作簿（缺少 xl/workbook.xml）", ErrNotWorkbook}
	case total > uint64(limit):
		return nil, nil, tooLarge(limit)
	}
	if sheets, err = sheetParts(parts); err != nil {
		return nil, nil, &fileError{"文件已损坏：工作簿结构无法读取（" + err.Error() + "）", ErrDamaged}
	}
	return sheets, parts, nil
}

// damagedSheets checks every worksheet's XML to its end, because
// excelize's row reader stops quietly at the first XML error and would hand
// over a truncated roster as complete. It reads the bytes excelize already
// unpacked (File.Pkg), and unpacks from the zip only the sheets excelize
// keeps in temporary files.
func damagedSheets(f *excelize.File, sheets map[string]string, parts map[string]*zip.File, limit int64) (map[string]string, *fileError) {
	damaged := map[string]string{}
	for name, part := range sheets {
		var err error
		if b, ok := f.Pkg.Load(part); ok {
			_, err = checkWellFormed(bytes.NewReader(b.([]byte)))
		} else if zf := parts[part]; zf != nil {
			_, err = checkXML(zf, limit)
		} else {
			err = errors.New("工作表数据缺失（" + part + "）")
		}
		if errors.Is(err, ErrTooLarge) {
			return nil, tooLarge(limit)
		}
		if err != nil {
			damaged[name] = err.Error()
		}
	}
	return damaged, nil
}

func tooLarge(limit int64) *fileError {
	return &fileError{fmt.Sprintf("解压后超过 %d MB 的上限，可能是损坏或恶意构造的文件", limit>>20), ErrTooLarge}
}

// checkXML reads one part to its end as XML, returning the bytes read.
func checkXML(f *zip.File, budget int64) (int64, error) {
	rc, err := f.Open()
	if err != nil {
		return 0, err
	}
	defer rc.Close()
	n, err := checkWellFormed(io.LimitReader(rc, budget+1))
	if n > budget {
		return n, ErrTooLarge
	}
	var xe *xmlError
	if err != nil && !errors.As(err, &xe) {
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

// open reads a workbook from its bytes with the size limits set.
func open(data []byte, o Options) (*excelize.File, map[string]string, *fileError) {
	if fe := sniff(data); fe != nil {
		return nil, nil, fe
	}
	sheets, parts, fe := inspectZip(data, o.MaxUnzipSize)
	if fe != nil {
		return nil, nil, fe
	}
	f, err := excelize.OpenReader(bytes.NewReader(data), excelize.Options{
		UnzipSizeLimit:    o.MaxUnzipSize,
		UnzipXMLSizeLimit: min(o.MaxUnzipSize, 16<<20),
		TmpDir:            o.TmpDir,
	})
	if err != nil {
		if errors.Is(err, excelize.ErrOptionsUnzipSizeLimit) || strings.Contains(err.Error(), "unzip size") {
			return nil, nil, tooLarge(o.MaxUnzipSize)
		}
		return nil, nil, &fileError{"文件已损坏，无法作为 Excel 工作簿打开（" + err.Error() + "）", ErrDamaged}
	}
	damaged, fe := damagedSheets(f, sheets, parts, o.MaxUnzipSize)
	if fe != nil {
		f.Close()
		return nil, nil, fe
	}
	return f, damaged, nil
}
