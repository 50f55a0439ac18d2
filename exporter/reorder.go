package exporter

import (
	"archive/zip"
	"bytes"
	"errors"
	"hash/crc32"
	"io"
	"io/fs"
	"regexp"
	"strconv"
	"strings"
)

// partWriter is the zip writer excelize saves the annotated copy through.
// Every part that comes out as it went in (same CRC-32 and size as in the
// applicant's file) is copied from the original still compressed, so the
// sheets nobody touched cost neither marshalling nor deflate; workbook.xml
// is edited on the way to put the verdict sheet first. excelize's own
// MoveSheet and SetActiveSheet would load and rewrite every worksheet,
// which for a round costs more than reading it.
type partWriter struct {
	zw    *zip.Writer
	orig  map[string]*zip.File
	first string // the sheet to put first

	name string
	buf  bytes.Buffer
	err  error
}

func newPartWriter(w io.Writer, original []byte, first string) (*partWriter, error) {
	zr, err := zip.NewReader(bytes.NewReader(original), int64(len(original)))
	if err != nil {
		return nil, err
	}
	p := &partWriter{zw: zip.NewWriter(w), orig: make(map[string]*zip.File, len(zr.File)), first: first}
	for _, f := range zr.File {
		p.orig[f.Name] = f
	}
	return p, nil
}

// Create starts the next part; the previous one is finished first.
func (p *partWriter) Create(name string) (io.Writer, error) {
	p.finish()
	p.name = name
	p.buf.Reset()
	return &p.buf, p.err
}

// AddFS is part of excelize.ZipWriter; excelize does not use it to save.
func (p *partWriter) AddFS(fs.FS) error { return errors.New("AddFS not supported") }

// Close finishes the last part and the archive.
func (p *partWriter) Close() error {
	p.finish()
	if p.err != nil {
		return p.err
	}
	return p.zw.Close()
}

func (p *partWriter) finish() {
	if p.name == "" || p.err != nil {
		return
	}
	name, data := p.name, p.buf.Bytes()
	p.name = ""
	switch {
	case name == "xl/workbook.xml":
		if x, ok := reorderWorkbook(string(data), p.first); ok {
			data = []byte(x)
		}
	case strings.HasPrefix(name, "xl/worksheets/") || strings.HasPrefix(name, "xl/chartsheets/"):
		if x, ok := unselectTab(string(data)); ok {
			data = []byte(x)
		}
	}
	if o := p.orig[name]; o != nil && o.UncompressedSize64 == uint64(len(data)) && o.CRC32 == crc32.ChecksumIEEE(data) {
		p.err = p.zw.Copy(o)
		return
	}
	w, err := p.zw.CreateHeader(&zip.FileHeader{Name: name, Method: zip.Deflate})
	if err == nil {
		_, err = w.Write(data)
	}
	p.err = err
}

var (
	sheetElem     = regexp.MustCompile(`<sheet\b[^>]*?(?:/>|>\s*</sheet>)`)
	localSheetID  = regexp.MustCompile(`localSheetId="(\d+)"`)
	activeTab     = regexp.MustCompile(`\s(activeTab|firstSheet)="\d+"`)
	tabSelected   = regexp.MustCompile(`\stabSelected="(1|true)"`)
	sheetViewHead = regexp.MustCompile(`<sheetView\b[^>]*>`)
)

// reorderWorkbook moves the sheet element named name to the front of
// <sheets>, makes it the active tab, and shifts sheet-local defined names
// (print areas, filters) with their sheets.
func reorderWorkbook(x, name string) (string, bool) {
	elems := sheetElem.FindAllStringIndex(x, -1)
	from := -1
	for i, e := range elems {
		if strings.Contains(x[e[0]:e[1]], `name="`+name+`"`) {
			from = i
		}
	}
	if from <= 0 {
		return "", false // not there, or first already
	}
	moved := x[elems[from][0]:elems[from][1]]
	x = x[:elems[from][0]] + x[elems[from][1]:]
	x = x[:elems[0][0]] + moved + x[elems[0][0]:]
	x = localSheetID.ReplaceAllStringFunc(x, func(m string) string {
		n, _ := strconv.Atoi(localSheetID.FindStringSubmatch(m)[1])
		switch {
		case n < from:
			n++
		case n == from:
			n = 0
		}
		return `localSheetId="` + strconv.Itoa(n) + `"`
	})
	x = activeTab.ReplaceAllString(x, "")
	return x, true
}

// unselectTab clears tabSelected in a sheet's views, so that only the
// active sheet opens selected (two selected tabs open grouped).
func unselectTab(x string) (string, bool) {
	loc := sheetViewHead.FindStringIndex(x)
	if loc == nil || !tabSelected.MatchString(x[loc[0]:loc[1]]) {
		return "", false
	}
	return x[:loc[0]] + tabSelected.ReplaceAllString(x[loc[0]:loc[1]], "") + x[loc[1]:], true
}
