package exporter

import (
	"archive/zip"
	"bufio"
	"bytes"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"strings"
	"time"

	"github.com/xuri/excelize/v2"
)

// A large sheet's rows are spooled: rendered by a StreamWriter of a scratch
// workbook and kept as XML in a temporary file, then spliced into the real
// workbook as it is saved. excelize v2.11's StreamWriter keeps an in-memory
// chunk of up to 32 MiB for every sheet over 16 MiB until the workbook is
// saved (qax-os/excelize#1927); at 1,000 companies 条款明细 and 评审 are over
// 40 MB each and the review record's 核查清单 over 20 MB, so two or three of
// those chunks were most of a round's peak memory. A scratch workbook lets
// go of its chunk as soon as its rows are rendered, so one is held at a
// time; and the rows are excelize's own rendering, byte for byte.

// TempPrefix starts the names of the temporary files of spooled rows: a
// hidden file, swept with the other temporary files of an interrupted run.
const TempPrefix = ".rows.xml"

// spool is one sheet's rows.
type spool struct {
	dir      string
	scratch  *excelize.File
	sw       *excelize.StreamWriter
	text     int      // bytes of cell text in the scratch workbook
	marker   string   // the text of the placeholder row in the real sheet
	file     *os.File // the <row> elements rendered so far
	finished bool
	spliced  bool
}

// scratchText is how much cell text one scratch workbook renders before
// its rows go to the file and a new one takes over: its XML then stays well
// under excelize's 16 MiB chunk, and its buffer under 16 MiB.
const scratchText = 4 << 20

// spools are a workbook's spooled sheets, spliced in by write.
type spools struct {
	dir  string // where the temporary files go; "" is os.TempDir
	list []*spool
}

// start spools the rows of a sheet whose StreamWriter is sw, from row
// first on: it puts a placeholder row there, for the rows to replace when
// the workbook is written (write). Rows go to the returned spool's
// SetRow, in order, with the real workbook's style IDs, then done; a
// spool of no rows replaces the placeholder with nothing.
func (s *spools) start(sw *excelize.StreamWriter, first int) (*spool, error) {
	var token [12]byte
	_, _ = rand.Read(token[:])
	sp := &spool{dir: s.dir, marker: "starrate-rows-" + hex.EncodeToString(token[:])}
	s.list = append(s.list, sp)
	cell, _ := excelize.CoordinatesToCellName(1, first)
	return sp, sw.SetRow(cell, []any{sp.marker})
}

// SetRow renders one row, as StreamWriter.SetRow.
func (sp *spool) SetRow(cell string, values []any, opts ...excelize.RowOpts) error {
	if sp.finished {
		return errors.New("spool: SetRow after done")
	}
	if sp.text > scratchText {
		if err := sp.render(); err != nil {
			return err
		}
	}
	if sp.scratch == nil {
		sp.scratch, sp.text = excelize.NewFile(excelize.Options{TmpDir: sp.dir}), 0
		var err error
		if sp.sw, err = sp.scratch.NewStreamWriter("Sheet1"); err != nil {
			return err
		}
	}
	for _, v := range values {
		style := 0
		if c, ok := v.(excelize.Cell); ok {
			v, style = c.Value, c.StyleID
		}
		switch t := v.(type) {
		case string:
			sp.text += len(t)
		case time.Time, time.Duration:
			// Without a style the StreamWriter makes one in the scratch
			// workbook, whose number means nothing in the real one.
			if style == 0 {
				return fmt.Errorf("spool: %s: a date or duration needs its style", cell)
			}
		}
		sp.text += 32 // the cell's markup
	}
	return sp.sw.SetRow(cell, values, opts...)
}

// done renders the last rows into the file (no rows, no file).
func (sp *spool) done() error {
	sp.finished = true
	return sp.render()
}

// render appends the scratch workbook's rows to the file and lets go of
// the scratch workbook.
func (sp *spool) render() error {
	if sp.scratch == nil {
		return nil
	}
	defer func() {
		_ = sp.scratch.Close()
		sp.scratch, sp.sw = nil, nil
	}()
	if err := sp.sw.Flush(); err != nil {
		return err
	}
	if sp.file == nil {
		f, err := os.CreateTemp(sp.dir, TempPrefix)
		if err != nil {
			return err
		}
		sp.file = f
	}
	if _, err := sp.file.Seek(0, io.SeekEnd); err != nil {
		return err
	}
	rows := &rowsOnly{w: bufio.NewWriterSize(sp.file, 64<<10)}
	sp.scratch.SetZipWriter(func(io.Writer) excelize.ZipWriter { return &scratchZip{rows: rows} })
	if err := sp.scratch.Write(io.Discard); err != nil {
		return err
	}
	if err := rows.w.Flush(); err != nil {
		return err
	}
	if !rows.open {
		return errors.New("spool: no <sheetData> in the scratch sheet")
	}
	return cutAtEnd(sp.file)
}

// cutAtEnd truncates the file before its last </sheetData>: what follows
// it is the scratch sheet's tail (a few hundred bytes).
func cutAtEnd(f *os.File) error {
	st, err := f.Stat()
	if err != nil {
		return err
	}
	n := min(st.Size(), 64<<10)
	tail := make([]byte, n)
	if _, err := f.ReadAt(tail, st.Size()-n); err != nil {
		return err
	}
	i := bytes.LastIndex(tail, []byte("</sheetData>"))
	if i < 0 {
		return errors.New("spool: no </sheetData> at the end of the scratch sheet")
	}
	return f.Truncate(st.Size() - n + int64(i))
}

// close removes the temporary files.
func (s *spools) close() {
	for _, sp := range s.list {
		if sp.scratch != nil {
			_ = sp.scratch.Close()
		}
		if sp.file != nil {
			_ = sp.file.Close()
			_ = os.Remove(sp.file.Name())
		}
	}
	s.list = nil
}

// write saves f to w with every spool's rows in place of its placeholder
// row, straight into w (excelize would build the whole archive in memory
// first). f must not be written otherwise.
func (s *spools) write(f *excelize.File, w io.Writer) error {
	for _, sp := range s.list {
		if !sp.finished {
			if err := sp.done(); err != nil {
				return err
			}
		}
	}
	sz := &spliceZip{zw: zip.NewWriter(w), spools: s.list}
	f.SetZipWriter(func(io.Writer) excelize.ZipWriter { return sz })
	if err := f.Write(io.Discard); err != nil {
		return err
	}
	for _, sp := range s.list {
		if !sp.spliced {
			return fmt.Errorf("spool: placeholder %s not found", sp.marker)
		}
	}
	return nil
}

// scratchZip takes the scratch workbook's parts: its sheet goes to rows,
// the rest nowhere.
type scratchZip struct{ rows *rowsOnly }

func (z *scratchZip) Create(name string) (io.Writer, error) {
	if name == "xl/worksheets/sheet1.xml" {
		return z.rows, nil
	}
	return io.Discard, nil
}

func (z *scratchZip) AddFS(fs.FS) error { return errors.New("AddFS not supported") }
func (z *scratchZip) Close() error      { return nil }

// rowsOnly passes on what follows <sheetData> (cutAtEnd then drops what
// follows </sheetData>); the head before it is a few hundred bytes.
type rowsOnly struct {
	w    *bufio.Writer
	head []byte
	open bool
}

func (r *rowsOnly) Write(p []byte) (int, error) {
	if r.open {
		return r.w.Write(p)
	}
	if len(r.head) == 0 { // excelize hands the whole sheet over at once: no copy
		if i := bytes.Index(p, []byte("<sheetData>")); i >= 0 {
			r.open = true
			_, err := r.w.Write(p[i+len("<sheetData>"):])
			return len(p), err
		}
	}
	r.head = append(r.head, p...)
	if i := bytes.Index(r.head, []byte("<sheetData>")); i >= 0 {
		r.open = true
		_, err := r.w.Write(r.head[i+len("<sheetData>"):])
		r.head = nil
		return len(p), err
	}
	if len(r.head) > 1<<20 {
		return 0, errors.New("spool: no <sheetData> in the first MiB of the scratch sheet")
	}
	return len(p), nil
}

// spliceZip writes the real workbook: a worksheet part is held (its rows
// are spooled: it is small) and written with a spool's rows in place of
// the spool's placeholder row; every other part goes straight through.
type spliceZip struct {
	zw     *zip.Writer
	spools []*spool
	name   string // the worksheet part being held
	held   bytes.Buffer
	err    error
}

func (z *spliceZip) Create(name string) (io.Writer, error) {
	z.finish()
	if z.err != nil {
		return nil, z.err
	}
	if strings.HasPrefix(name, "xl/worksheets/") {
		z.name = name
		z.held.Reset()
		return &z.held, nil
	}
	return z.zw.Create(name)
}

func (z *spliceZip) AddFS(fs.FS) error { return errors.New("AddFS not supported") }

func (z *spliceZip) Close() error {
	z.finish()
	if z.err != nil {
		return z.err
	}
	return z.zw.Close()
}

func (z *spliceZip) finish() {
	if z.name == "" || z.err != nil {
		return
	}
	name, x := z.name, z.held.Bytes()
	z.name = ""
	w, err := z.zw.Create(name)
	if err != nil {
		z.err = err
		return
	}
	for _, sp := range z.spools {
		m := bytes.Index(x, []byte(sp.marker))
		if m < 0 {
			continue
		}
		start := bytes.LastIndex(x[:m], []byte("<row "))
		end := bytes.Index(x[m:], []byte("</row>"))
		if start < 0 || end < 0 {
			z.err = fmt.Errorf("spool: placeholder row of %s malformed", name)
			return
		}
		end += m + len("</row>")
		if _, err := w.Write(x[:start]); err != nil {
			z.err = err
			return
		}
		if sp.file != nil {
			if _, err := sp.file.Seek(0, io.SeekStart); err != nil {
				z.err = err
				return
			}
			if _, err := io.Copy(w, sp.file); err != nil {
				z.err = err
				return
			}
		}
		sp.spliced = true
		x = x[end:]
	}
	_, z.err = w.Write(x)
}
