package importer

import (
	"bytes"
	"fmt"
	"unicode/utf8"

	"github.com/bax/starrate/rating"
)

// MaxFileSize is the largest input file any command reads, in bytes: the
// default of Options.MaxFileSize, and what a command that reads files
// itself must apply before reading.
const MaxFileSize = 32 << 20

// The default caps. Together they keep any input of up to MaxFileSize
// within about 10 s of CPU and 300 MB of memory (docs/notes-importer.md),
// while a real application of 100,000 roster rows stays well inside them.
const (
	defaultMaxUnzipSize     = 96 << 20 // unpacked parts, in bytes
	defaultMaxXMLPart       = 16 << 20 // a part larger than this is unpacked to TmpDir
	defaultMaxSharedStrings = 300_000
	defaultMaxSharedText    = 8 << 20 // bytes of all shared strings' text
	defaultMaxCellLength    = 32767   // characters: what Excel itself allows in a cell
	defaultMaxRows          = 110_000 // per sheet
	defaultMaxCells         = 1_250_000
	defaultMaxSheetText     = 64 << 20 // bytes of shared-string text a sheet's cells refer to
)

// excerptRunes is how much of a bad value a problem carries.
const excerptRunes = 200

// limitError is an input over one of the caps.
type limitError struct{ msg string }

func (e *limitError) Error() string { return e.msg }

func overLimit(format string, args ...any) *limitError {
	return &limitError{fmt.Sprintf(format, args...)}
}

// Excerpt bounds a value shown in a problem: at most excerptRunes
// characters, then how long it was.
func Excerpt(s string) string {
	if len(s) <= excerptRunes {
		return s
	}
	n := utf8.RuneCountInString(s)
	if n <= excerptRunes {
		return s
	}
	cut := 0
	for i := range excerptRunes {
		_, size := utf8.DecodeRuneInString(s[cut:])
		cut += size
		_ = i
	}
	return fmt.Sprintf("%s…（共 %d 字）", s[:cut], n)
}

// bounded returns the problem with its value, expectation and message
// excerpted, so that no input can make the outputs grow with the length of
// its cells.
func bounded(p rating.Problem) rating.Problem {
	p.Value = Excerpt(p.Value)
	if len(p.Expected) > 4*excerptRunes {
		p.Expected = Excerpt(p.Expected)
	}
	if len(p.Message) > 8*excerptRunes {
		p.Message = Excerpt(p.Message)
	}
	return p
}

// sstTrack follows xl/sharedStrings.xml while it is checked, before
// excelize loads it whole: it counts the strings and their text against the
// caps and records each string's length, which the sheets' check charges
// to every cell that refers to it. Over a cap it counts on, at memory
// speed, so that the message can say what was found.
type sstTrack struct {
	o     *Options
	lens  []int32 // bytes of text of each string, up to the cap
	count int
	inSI  bool
	bytes int64 // of the string being read
	runes int
	total int64 // bytes of all strings
	// The longest string over the cell length cap: characters, number.
	longest, longestAt int
}

func (t *sstTrack) open(s *scanner, local []byte, depth int) error {
	if string(local) != "si" {
		return nil
	}
	if depth != 2 || t.inSI {
		// excelize counts such a string in one way of reading and not the other.
		return s.fail("共享字符串（si）位置不对")
	}
	t.count++
	t.inSI, t.bytes, t.runes = true, 0, 0
	s.tracking = true
	return nil
}

func (t *sstTrack) attr(*scanner, []byte) (bool, error) { return false, nil }
func (t *sstTrack) value([]byte, bool)                  {}
func (t *sstTrack) started(*scanner, int) error         { return nil }

func (t *sstTrack) closed(s *scanner, depth int) error {
	if depth == 2 && t.inSI {
		t.inSI, s.tracking = false, false
		if t.count <= t.o.MaxSharedStrings {
			t.lens = append(t.lens, int32(min(t.bytes, 1<<31-1)))
		}
		if t.runes > t.o.MaxCellLength && t.runes > t.longest {
			t.longest, t.longestAt = t.runes, t.count
		}
	}
	return nil
}

func (t *sstTrack) text(_ *scanner, b []byte, _ bool) error {
	t.bytes += int64(len(b))
	t.total += int64(len(b))
	t.runes += utf8.RuneCount(b)
	return nil
}

func (t *sstTrack) done() error {
	switch {
	case t.count > t.o.MaxSharedStrings:
		return overLimit("有 %d 个字符串，超过 %d 个的上限", t.count, t.o.MaxSharedStrings)
	case t.total > t.o.MaxSharedText:
		return overLimit("的文字共 %s，超过 %s 的上限", size(t.total), size(t.o.MaxSharedText))
	case t.longest > 0:
		return overLimit("的第 %d 个字符串有 %d 字，超过单元格 %d 字的上限", t.longestAt, t.longest, t.o.MaxCellLength)
	}
	return nil
}

// size writes a number of bytes for people.
func size(n int64) string {
	if n < 1<<20 {
		return fmt.Sprintf("%d 字节", n)
	}
	return fmt.Sprintf("%.1f MB", float64(n)/(1<<20))
}

// Kinds of element a sheetTrack follows.
const (
	elOther = iota
	elRow
	elCell
	elValue
)

// sheetTrack follows a worksheet while it is checked: excelize reads rows
// and cells by their r attributes, and misplaces or drops what comes out of
// order, so rows must go strictly down and cells strictly right, a cell's
// reference must name its row, and a shared-string cell must name an
// existing string. It also counts rows, cells and the text they hold
// against the caps.
type sheetTrack struct {
	o        *Options
	sst      []int32 // lengths of the shared strings
	before   int     // cells in the sheets checked before this one
	inData   int     // depth of <sheetData>, 0 outside
	dataSeen bool
	kind     int  // of the element whose start tag is being read
	pending  byte // the attribute whose value is wanted: 'r' or 't'
	r, t     []byte
	rSeen    bool
	rBad     bool // r holds a reference
	row      int  // number of the current or last row
	rows     int
	col      int // column of the last cell in the row
	cells    int
	cell     int // depth of the open <c>, 0 if none
	ref      []byte
	runes    int  // characters in the open cell
	shared   bool // the open cell refers to a shared string
	inV      int  // depth of its open <v>, 0 if none
	v        []byte
	vBad     bool
	referred int64 // bytes of shared strings referred to
	// The first cell over the length cap, and its characters.
	longCell  string
	longRunes int
}

func (t *sheetTrack) open(s *scanner, local []byte, depth int) error {
	t.kind, t.pending = elOther, 0
	switch name := string(local); {
	case name == "sheetData":
		if t.inData > 0 || t.dataSeen {
			return s.fail("工作表有多个 sheetData")
		}
		t.inData, t.dataSeen = depth, true
	case t.inData == 0:
	case t.cell > 0:
		// Inside a cell, which excelize reads whole: only its <v> matters.
		if t.inV > 0 {
			t.vBad = true
		} else if name == "v" && depth == t.cell+1 && t.shared {
			t.kind = elValue
		}
	case name == "row":
		if depth != t.inData+1 {
			return s.fail("行（row）不在 sheetData 之下")
		}
		t.kind, t.rSeen, t.rBad = elRow, false, false
	case name == "c":
		if depth != t.inData+2 {
			return s.fail("单元格（c）不在行之下")
		}
		t.kind, t.t, t.rSeen, t.rBad = elCell, t.t[:0], false, false
	}
	return nil
}

func (t *sheetTrack) attr(s *scanner, local []byte) (bool, error) {
	t.pending = 0
	if t.kind != elRow && t.kind != elCell {
		return false, nil
	}
	switch string(local) {
	case "r":
		if t.rSeen {
			return false, s.fail("行或单元格有两个 r 属性")
		}
		t.rSeen, t.pending = true, 'r'
	case "t":
		if t.kind == elCell {
			t.pending = 't'
		}
	}
	return t.pending != 0, nil
}

func (t *sheetTrack) value(v []byte, escaped bool) {
	switch t.pending {
	case 'r':
		t.r, t.rBad = append(t.r[:0], v...), escaped
	case 't':
		t.t = append(t.t[:0], v...)
	}
}

func (t *sheetTrack) started(s *scanner, depth int) error {
	kind := t.kind
	t.kind = elOther
	switch kind {
	case elRow:
		n := t.row + 1
		if t.rSeen {
			var ok bool
			if n, ok = positive(t.r); !ok || t.rBad {
				return s.fail("行号 r=\"%s\" 无效", t.r)
			}
			if n <= t.row {
				return s.fail("行号 %d 出现在第 %d 行之后（行号重复或倒序，会被错读）", n, t.row)
			}
		}
		if n > 1048576 {
			return s.fail("行号 %d 超过 Excel 的最大行数", n)
		}
		t.rows++
		t.row, t.col = n, 0
	case elCell:
		col := t.col + 1
		t.ref = t.ref[:0]
		if t.rSeen {
			c, r, ok := cellRef(t.r)
			if !ok || t.rBad {
				return s.fail("单元格引用 r=\"%s\" 无效", t.r)
			}
			if r != t.row {
				return s.fail("单元格 %s 位于第 %d 行中（会被错读到别的行）", t.r, t.row)
			}
			if c <= t.col {
				return s.fail("单元格 %s 出现在同行靠右的单元格之后（列重复或倒序，会被错读）", t.r)
			}
			col = c
			t.ref = append(t.ref, t.r...)
		}
		if col > 16384 {
			return s.fail("第 %d 行的单元格超过 Excel 的最大列数", t.row)
		}
		t.cells++
		t.col, t.cell, t.runes = col, depth, 0
		t.shared = string(t.t) == "s"
		s.tracking = true
	case elValue:
		t.inV, t.v, t.vBad = depth, t.v[:0], false
	}
	return nil
}

func (t *sheetTrack) closed(s *scanner, depth int) error {
	switch depth {
	case t.inV:
		t.inV = 0
		v := bytes.TrimSpace(t.v)
		if len(v) == 0 && !t.vBad {
			return nil
		}
		i, ok := index(v)
		if !ok || t.vBad {
			return s.fail("单元格 %s 的共享字符串编号「%s」无效", t.cellName(), Excerpt(string(t.v)))
		}
		if i >= len(t.sst) {
			return s.fail("单元格 %s 引用的共享字符串第 %d 项不存在", t.cellName(), i)
		}
		t.referred += int64(t.sst[i])
	case t.cell:
		t.cell, s.tracking = 0, false
		if t.runes > t.o.MaxCellLength && t.longCell == "" {
			t.longCell, t.longRunes = t.cellName(), t.runes
		}
	case t.inData:
		t.inData = 0
	}
	return nil
}

func (t *sheetTrack) cellName() string {
	if len(t.ref) > 0 {
		return string(t.ref)
	}
	return fmt.Sprintf("第 %d 行第 %d 列", t.row, t.col)
}

func (t *sheetTrack) done() error {
	switch {
	case t.rows > t.o.MaxRows:
		return overLimit("有 %d 行，超过每个工作表 %d 行的上限", t.rows, t.o.MaxRows)
	case t.before+t.cells > t.o.MaxCells:
		return overLimit("工作簿到本表为止共有 %d 个单元格，超过每个工作簿 %d 个的上限", t.before+t.cells, t.o.MaxCells)
	case t.longCell != "":
		return overLimit("单元格 %s 有 %d 字，超过 %d 字的上限", t.longCell, t.longRunes, t.o.MaxCellLength)
	case t.referred > t.o.MaxSheetText:
		return overLimit("单元格引用的共享字符串共 %s，超过 %s 的上限（大量单元格引用同样的长文字）", size(t.referred), size(t.o.MaxSheetText))
	}
	return nil
}

func (t *sheetTrack) text(s *scanner, b []byte, escaped bool) error {
	t.runes += utf8.RuneCount(b)
	if t.inV > 0 {
		t.vBad = t.vBad || escaped || len(t.v) > 12
		if !t.vBad {
			t.v = append(t.v, b...)
		}
	}
	return nil
}

// index reads a shared string's index: digits only.
func index(b []byte) (int, bool) {
	if len(b) == 1 && b[0] == '0' {
		return 0, true
	}
	return positive(b)
}

// positive reads a decimal number of at most 9 digits above 0.
func positive(b []byte) (int, bool) {
	if len(b) == 0 || len(b) > 9 {
		return 0, false
	}
	n := 0
	for _, c := range b {
		if c < '0' || c > '9' {
			return 0, false
		}
		n = n*10 + int(c-'0')
	}
	return n, n > 0
}

// cellRef reads a cell reference such as "AB12": column and row from 1.
func cellRef(b []byte) (col, row int, ok bool) {
	i := 0
	for i < len(b) && i < 3 {
		c := b[i] | 0x20 // lower case
		if c < 'a' || c > 'z' {
			break
		}
		col = col*26 + int(c-'a') + 1
		i++
	}
	if i == 0 {
		return 0, 0, false
	}
	row, ok = positive(b[i:])
	return col, row, ok
}
