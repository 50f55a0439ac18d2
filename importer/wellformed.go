package importer

import (
	"bytes"
	"encoding/xml"
	"fmt"
	"io"
	"strings"
	"unicode/utf8"
)

// checkWellFormed reads an XML document to its end and reports where it
// breaks, deciding as encoding/xml's Decoder does (Strict, as excelize uses
// it): excelize's row reader stops silently at the first error the decoder
// meets and hands over the rows before it as the whole sheet, so every
// such error must be found here first. That is tag structure, names,
// attribute syntax (quotes, '=', no '<' in a value), entities (only the five
// predefined ones and character references), characters (no control bytes,
// valid UTF-8, code points XML allows), comments, CDATA and the XML
// declaration's version and encoding. It is stricter than encoding/xml in
// two places, both outside what a spreadsheet program writes: a character
// reference to a surrogate (&#xD800;), which encoding/xml turns into U+FFFD,
// and an XML declaration longer than maxDecl bytes.
//
// It works at memory speed without allocating per element: it runs on every
// sheet of every input. It returns the bytes read (on error, roughly).
func checkWellFormed(r io.Reader) (int64, error) {
	return scan(r, nil)
}

// scan reads r through a scanner with tracker t (nil: XML only).
func scan(r io.Reader, t tracker) (int64, error) {
	s := &scanner{t: t}
	buf := make([]byte, 64<<10)
	carry := 0
	for {
		n, err := r.Read(buf[carry:])
		data := buf[:carry+n]
		cut := len(data)
		if err == nil {
			cut = runeCut(data) // a character split between reads waits for the rest
		}
		if ferr := s.feed(data[:cut]); ferr != nil {
			return s.off, ferr
		}
		s.off += int64(cut)
		carry = copy(buf, data[cut:])
		if err == io.EOF {
			break
		}
		if err != nil {
			return s.off, err
		}
	}
	return s.off, s.finish()
}

// scanBytes checks a document held in memory, without copying it.
func scanBytes(b []byte, t tracker) error {
	s := &scanner{t: t}
	if err := s.feed(b); err != nil {
		return err
	}
	s.off = int64(len(b))
	return s.finish()
}

// finish checks the end of the document, then the tracker's counts.
func (s *scanner) finish() error {
	if err := s.end(); err != nil || s.t == nil {
		return err
	}
	return s.t.done()
}

// runeCut returns where data ends before an incomplete UTF-8 sequence at
// its end.
func runeCut(data []byte) int {
	for k := 1; k <= utf8.UTFMax-1 && k <= len(data); k++ {
		c := data[len(data)-k]
		if c < utf8.RuneSelf {
			break
		}
		if c >= 0xC0 { // a lead byte
			if !utf8.FullRune(data[len(data)-k:]) {
				return len(data) - k
			}
			break
		}
	}
	return len(data)
}

// tracker follows the elements of a document of a known kind (a worksheet,
// the shared strings) as the scanner reads them, to check what the XML
// alone does not say: row order, sizes. Its errors end the scan.
type tracker interface {
	open(s *scanner, local []byte, depth int) error
	// attr says whether the attribute's value is wanted by value.
	attr(s *scanner, local []byte) (bool, error)
	value(v []byte, escaped bool)
	started(s *scanner, depth int) error // the start tag is complete
	closed(s *scanner, depth int) error
	// text is character data inside an element the tracker asked for with
	// s.tracking; escaped marks a character written as a reference.
	text(s *scanner, b []byte, escaped bool) error
	// done is called at the end of a well-formed document.
	done() error
}

// scanner is the state of checkWellFormed between reads.
type scanner struct {
	state int
	off   int64 // offset of the current chunk's first byte
	i     int   // index in the current chunk
	// names holds the open elements' names end to end; ends[i] is where
	// the i-th ends.
	names []byte
	ends  []int
	name  []byte // the name being read
	root  bool   // the root element has been opened
	// The last ']' of text or CDATA and the length of its run, for "]]>".
	brEnd int64
	brRun int
	// A reference being read: where it returns, and a character
	// reference's base, value and digits.
	entRet  int
	entBase rune
	entVal  rune
	entN    int
	quote   byte   // of the attribute value being read
	b0, b1  byte   // the bytes before, in a comment or PI
	match   int    // bytes of "CDATA[" matched
	piXML   bool   // the PI is the XML declaration
	decl    []byte // its content
	// Inside a <!…> directive, as encoding/xml reads one: nested angle
	// brackets count unless quoted, and <!-- … --> comments are skipped.
	dQuote   byte
	dDepth   int
	dLt      int  // bytes of "<!--" matched after a nested '<'
	dComment bool // in a comment inside the directive
	// The tracker, and whether it wants the text being read.
	t        tracker
	tracking bool
	capture  bool   // the attribute value is wanted
	captured []byte // so far
	escaped  bool   // the value holds a reference
}

// The states of the scanner.
const (
	stText = iota
	stOpen
	stStartName
	stAttrs
	stAttrName
	stAttrEq
	stAttrQuote
	stAttrValue
	stEmptyClose
	stEndName
	stEndTail
	stEntity
	stEntityName
	stCharRefStart
	stCharRef
	stPITarget
	stPISpace
	stPI
	stBang
	stComment0
	stComment
	stCDATAOpen
	stCDATA
	stDecl
)

// maxDecl bounds the XML declaration the scanner reads whole.
const maxDecl = 4096

// Byte classes: 1 marks a byte the fast loops stop at.
var (
	textClass  [256]byte // in element content: '<' '&' ']' '>', control bytes, non-ASCII
	attrClass  [256]byte // in a quoted attribute value: quotes, '<', '&', control bytes, non-ASCII
	cdataClass [256]byte // in CDATA: ']' '>', control bytes, non-ASCII
	nameClass  [256]bool // what encoding/xml reads as part of a name
)

func init() {
	for c := range 256 {
		ctl := c < 0x20 && c != '\t' && c != '\n' && c != '\r'
		hi := c >= 0x80
		if ctl || hi || strings.IndexByte("<&]>", byte(c)) >= 0 {
			textClass[c] = 1
		}
		if ctl || hi || strings.IndexByte("<&\"'", byte(c)) >= 0 {
			attrClass[c] = 1
		}
		if ctl || hi || c == ']' || c == '>' {
			cdataClass[c] = 1
		}
		nameClass[c] = hi || isNameByte(byte(c))
	}
}

func (s *scanner) fail(format string, args ...any) error {
	return &xmlError{Offset: s.off + int64(s.i), Msg: fmt.Sprintf(format, args...)}
}

// run skips the plain bytes of chunk from s.i (those class marks 0), gives
// them to the tracker as text, and returns the index of the first byte
// that needs a look (len(chunk) when the chunk ends first); s.i is left
// there. Element content and CDATA differ only in their class.
func (s *scanner) run(chunk []byte, class *[256]byte) (int, error) {
	j := s.i
	for j < len(chunk) && class[chunk[j]] == 0 {
		j++
	}
	if s.tracking && j > s.i {
		if err := s.t.text(s, chunk[s.i:j], false); err != nil {
			return j, err
		}
	}
	s.i = j
	return j, nil
}

// feed scans the next chunk of the document.
func (s *scanner) feed(chunk []byte) error {
	for s.i = 0; s.i < len(chunk); s.i++ {
		c := chunk[s.i]
		switch s.state {
		case stText:
			if len(s.ends) == 0 { // outside the root element: only space
				switch {
				case c == '<':
					s.state = stOpen
				case c == '&':
					s.state, s.entRet = stEntity, stText
				case isSpace(c):
				case c == 0xEF && s.off+int64(s.i) == 0 && bytes.HasPrefix(chunk, []byte("\xEF\xBB\xBF")):
					s.i += 2 // a byte-order mark
				case s.root:
					return s.fail("根元素之后还有内容")
				default:
					return s.fail("根元素之前有文字")
				}
				continue
			}
			j, err := s.run(chunk, &textClass)
			if err != nil {
				return err
			}
			if j == len(chunk) {
				break
			}
			switch c = chunk[j]; {
			case c == '<':
				// Most tags are read whole here; what is not, the states below read.
				if k, err := s.tag(chunk, j+1); err != nil {
					return err
				} else if k > 0 {
					s.i = k - 1
					continue
				}
				s.state = stOpen
			case c == '&':
				s.state, s.entRet = stEntity, stText
			case c == ']':
				s.bracket()
			case c == '>':
				if s.brRun >= 2 && s.brEnd == s.off+int64(s.i)-1 {
					return s.fail("正文中出现“]]>”")
				}
			case c >= utf8.RuneSelf:
				if err := s.char(chunk); err != nil {
					return err
				}
				continue // s.char tracked it
			default:
				return s.fail("含有 XML 不允许的控制字符 0x%02X", c)
			}
			if s.tracking && (c == ']' || c == '>') {
				if err := s.t.text(s, chunk[j:j+1], false); err != nil {
					return err
				}
			}
		case stOpen:
			switch {
			case c == '/':
				s.state, s.name = stEndName, s.name[:0]
			case c == '?':
				s.state, s.name = stPITarget, s.name[:0]
			case c == '!':
				s.state = stBang
			case nameClass[c]:
				if s.root && len(s.ends) == 0 {
					return s.fail("文档有多个根元素")
				}
				s.state, s.name = stStartName, append(s.name[:0], c)
			default:
				return s.fail("“<”后缺少标签名（文字中的“<”应写作 &lt;）")
			}
		case stStartName, stAttrName, stEndName, stPITarget:
			j := s.i
			for j < len(chunk) && nameClass[chunk[j]] {
				j++
			}
			s.name = append(s.name, chunk[s.i:j]...)
			s.i = j
			if j == len(chunk) {
				break
			}
			if err := s.nameDone(); err != nil {
				return err
			}
			s.i-- // the byte after the name is read in the next state
		case stAttrs:
			switch {
			case isSpace(c):
			case c == '>':
				if err := s.started(false); err != nil {
					return err
				}
			case c == '/':
				s.state = stEmptyClose
			case nameClass[c]:
				if end := s.plainAttr(chunk, s.i); end > 0 {
					s.i = end - 1
					continue
				}
				s.state, s.name = stAttrName, append(s.name[:0], c)
			default:
				return s.fail("标签中有非法字符“%c”，应为属性名", c)
			}
		case stAttrEq:
			switch {
			case isSpace(c):
			case c == '=':
				s.state = stAttrQuote
			default:
				return s.fail("属性 %s 缺少“=”", s.name)
			}
		case stAttrQuote:
			switch {
			case isSpace(c):
			case c == '"' || c == '\'':
				s.state, s.quote = stAttrValue, c
				s.captured, s.escaped = s.captured[:0], false
			default:
				return s.fail("属性 %s 的值没有加引号", s.name)
			}
		case stAttrValue:
			j := s.i
			for j < len(chunk) && attrClass[chunk[j]] == 0 {
				j++
			}
			if s.capture {
				s.keep(chunk[s.i:j])
			}
			s.i = j
			if j == len(chunk) {
				break
			}
			switch c = chunk[j]; {
			case c == s.quote:
				s.state = stAttrs
				if s.capture {
					s.t.value(s.captured, s.escaped)
				}
			case c == '"' || c == '\'':
				if s.capture {
					s.keep(chunk[j : j+1])
				}
			case c == '<':
				return s.fail("属性值中有“<”（应写作 &lt;）")
			case c == '&':
				s.state, s.entRet, s.escaped = stEntity, stAttrValue, true
			case c >= utf8.RuneSelf:
				if err := s.char(chunk); err != nil {
					return err
				}
			default:
				return s.fail("属性值含有 XML 不允许的控制字符 0x%02X", c)
			}
		case stEmptyClose:
			if c != '>' {
				return s.fail("“/”后应为“>”")
			}
			if err := s.started(true); err != nil {
				return err
			}
		case stEndTail:
			switch {
			case c == '>':
				s.state = stText
			case !isSpace(c):
				return s.fail("结束标签中有多余内容")
			}
		case stEntity: // after '&'
			switch {
			case c == '#':
				s.state = stCharRefStart
			case nameClass[c]:
				s.state, s.name = stEntityName, append(s.name[:0], c)
			default:
				return s.fail("“&”后不是实体名（文字中的“&”应写作 &amp;）")
			}
		case stEntityName:
			switch {
			case c == ';':
				if !predefinedEntity(s.name) {
					return s.fail("未定义的实体 &%s;（只允许 &amp; &lt; &gt; &quot; &apos; 和数字字符引用）", s.name)
				}
				if err := s.referenced(' ' + 1); err != nil {
					return err
				}
			case nameClass[c] && len(s.name) < 8:
				s.name = append(s.name, c)
			default:
				return s.fail("实体 &%s 未定义或缺少“;”（文字中的“&”应写作 &amp;）", s.name)
			}
		case stCharRefStart: // after "&#"
			s.state, s.entBase, s.entVal, s.entN = stCharRef, 10, 0, 0
			if c == 'x' {
				s.entBase = 16
			} else {
				s.i--
			}
		case stCharRef:
			d := rune(-1)
			switch {
			case '0' <= c && c <= '9':
				d = rune(c - '0')
			case s.entBase == 16 && 'a' <= c && c <= 'f':
				d = rune(c-'a') + 10
			case s.entBase == 16 && 'A' <= c && c <= 'F':
				d = rune(c-'A') + 10
			}
			switch {
			case d >= 0:
				s.entVal, s.entN = s.entVal*s.entBase+d, s.entN+1
				if s.entVal > utf8.MaxRune {
					return s.fail("字符引用超出 Unicode 范围")
				}
			case c != ';' || s.entN == 0:
				return s.fail("字符引用格式错误（应为 &#数字; 或 &#x十六进制;）")
			case !xmlChar(s.entVal) || utf8.RuneLen(s.entVal) < 0:
				return s.fail("字符引用 U+%04X 不是 XML 允许的字符", s.entVal)
			default:
				if err := s.referenced(s.entVal); err != nil {
					return err
				}
			}
		case stPISpace:
			if !isSpace(c) {
				s.state, s.b0 = stPI, 0
				s.i--
			}
		case stPI:
			if s.b0 == '?' && c == '>' {
				s.state = stText
				if s.piXML {
					if err := s.checkDecl(); err != nil {
						return err
					}
				}
				continue
			}
			s.b0 = c
			if s.piXML {
				if len(s.decl) >= maxDecl {
					return s.fail("XML 声明过长")
				}
				s.decl = append(s.decl, c)
			}
		case stBang: // <! … : comment, CDATA or directive
			switch c {
			case '-':
				s.state = stComment0
			case '[':
				s.state, s.match = stCDATAOpen, 0
			default:
				// The directive's first byte is taken as it is.
				s.state, s.dQuote, s.dDepth, s.dLt, s.dComment = stDecl, 0, 0, 0, false
			}
		case stComment0:
			if c != '-' {
				return s.fail("“<!-”后应为“-”")
			}
			s.state, s.b0, s.b1 = stComment, 0, 0
		case stComment:
			if s.b0 == '-' && s.b1 == '-' {
				if c != '>' {
					return s.fail("注释中不能出现“--”")
				}
				s.state = stText
				continue
			}
			s.b0, s.b1 = s.b1, c
		case stCDATAOpen:
			if c != "CDATA["[s.match] {
				return s.fail("“<![”后应为“CDATA[”")
			}
			if s.match++; s.match == 6 {
				s.state, s.brRun = stCDATA, 0
			}
		case stCDATA:
			j, err := s.run(chunk, &cdataClass)
			if err != nil {
				return err
			}
			if j == len(chunk) {
				break
			}
			switch c = chunk[j]; {
			case c == ']':
				s.bracket()
			case c == '>':
				if s.brRun >= 2 && s.brEnd == s.off+int64(s.i)-1 {
					s.state = stText
					continue
				}
			case c >= utf8.RuneSelf:
				if err := s.char(chunk); err != nil {
					return err
				}
				continue
			default:
				return s.fail("含有 XML 不允许的控制字符 0x%02X", c)
			}
			if s.tracking {
				if err := s.t.text(s, chunk[j:j+1], false); err != nil {
					return err
				}
			}
		case stDecl:
			s.directive(c)
		}
	}
	return nil
}

// keep adds to the captured attribute value, which trackers want only short.
func (s *scanner) keep(b []byte) {
	if len(s.captured) < 64 {
		s.captured = append(s.captured, b[:min(len(b), 64)]...)
	}
}

func (s *scanner) bracket() {
	at := s.off + int64(s.i)
	if s.brEnd == at-1 && s.brRun > 0 {
		s.brRun++
	} else {
		s.brRun = 1
	}
	s.brEnd = at
}

// char checks the non-ASCII character at s.i and steps over it.
func (s *scanner) char(chunk []byte) error {
	r, size := utf8.DecodeRune(chunk[s.i:])
	if r == utf8.RuneError && size == 1 {
		return s.fail("不是有效的 UTF-8 编码（字节 0x%02X）", chunk[s.i])
	}
	if !xmlChar(r) {
		return s.fail("含有 XML 不允许的字符 U+%04X", r)
	}
	if s.state == stAttrValue && s.capture {
		s.keep(chunk[s.i : s.i+size])
	}
	if s.tracking && s.state != stAttrValue {
		if err := s.t.text(s, chunk[s.i:s.i+size], false); err != nil {
			return err
		}
	}
	s.i += size - 1
	return nil
}

// referenced ends a reference to the character r (r > ' ' for the named
// ones, which are never space).
func (s *scanner) referenced(r rune) error {
	s.state = s.entRet
	if s.state == stText && len(s.ends) == 0 {
		if r != ' ' && r != '\t' && r != '\n' && r != '\r' {
			if s.root {
				return s.fail("根元素之后还有内容")
			}
			return s.fail("根元素之前有文字")
		}
		return nil
	}
	if s.state == stAttrValue && s.capture {
		s.keep([]byte("&"))
	}
	if s.tracking && s.state == stText {
		return s.t.text(s, []byte("&"), true)
	}
	return nil
}

// plainAttr reads the attribute at s.i whole if it is plain, as nearly all
// are: ASCII name, '=', a quoted value of ASCII without references, all in
// this chunk. It returns the index after it, or 0 to leave the attribute
// to the state machine, which reads everything else (and every error).
func (s *scanner) plainAttr(chunk []byte, from int) int {
	i, colons := from, 0
	for i < len(chunk) && nameClass[chunk[i]] {
		if chunk[i] >= utf8.RuneSelf {
			return 0
		}
		if chunk[i] == ':' {
			colons++
		}
		i++
	}
	name := chunk[from:i]
	if c := name[0]; colons > 1 || !('A' <= c && c <= 'Z' || 'a' <= c && c <= 'z' || c == '_' || c == ':') {
		return 0
	}
	for i < len(chunk) && isSpace(chunk[i]) {
		i++
	}
	if i >= len(chunk) || chunk[i] != '=' {
		return 0
	}
	for i++; i < len(chunk) && isSpace(chunk[i]); i++ {
	}
	if i >= len(chunk) || chunk[i] != '"' && chunk[i] != '\'' {
		return 0
	}
	quote, start := chunk[i], i+1
	for i = start; i < len(chunk) && attrClass[chunk[i]] == 0; i++ {
	}
	if i >= len(chunk) || chunk[i] != quote {
		return 0
	}
	if s.t != nil {
		capture, err := s.t.attr(s, localName(name))
		if err != nil {
			return 0 // the state machine reports it
		}
		if capture {
			s.t.value(chunk[start:i], false)
		}
	}
	return i + 1
}

// tag reads a plain tag whole, the '<' just before from: an end tag
// "</name>", or a start tag with an ASCII name and plain attributes. It
// returns the index after the tag, or after what it read of it (the state
// then says where it stopped), or 0 when it read nothing.
func (s *scanner) tag(chunk []byte, from int) (int, error) {
	if from >= len(chunk) {
		return 0, nil
	}
	if chunk[from] == '/' {
		i := from + 1
		for i < len(chunk) && nameClass[chunk[i]] {
			i++
		}
		if i >= len(chunk) || chunk[i] != '>' || !bytes.Equal(s.names[prevEnd(s.ends):], chunk[from+1:i]) {
			return 0, nil
		}
		return i + 1, s.pop()
	}
	i, colon := from, -1
	for i < len(chunk) && nameClass[chunk[i]] {
		switch chunk[i] {
		case ':':
			if colon >= 0 {
				return 0, nil
			}
			colon = i
		}
		if chunk[i] >= utf8.RuneSelf {
			return 0, nil
		}
		i++
	}
	if i >= len(chunk) || i == from {
		return 0, nil
	}
	name := chunk[from:i]
	if c := name[0]; !('A' <= c && c <= 'Z' || 'a' <= c && c <= 'z' || c == '_' || c == ':') {
		return 0, nil
	}
	s.names, s.ends = append(s.names, name...), append(s.ends, len(s.names)+len(name))
	s.state = stAttrs
	if s.t != nil {
		local := name
		if colon > from && colon < i-1 {
			local = chunk[colon+1 : i]
		}
		if err := s.t.open(s, local, len(s.ends)); err != nil {
			return 0, err
		}
	}
	for i < len(chunk) {
		switch c := chunk[i]; {
		case isSpace(c):
			i++
		case c == '>':
			return i + 1, s.started(false)
		case c == '/' && i+1 < len(chunk) && chunk[i+1] == '>':
			return i + 2, s.started(true)
		default:
			end := 0
			if nameClass[c] {
				end = s.plainAttr(chunk, i)
			}
			if end == 0 {
				return i, nil // the states read the rest of the tag
			}
			i = end
		}
	}
	return i, nil
}

// nameDone acts on a name read in full.
func (s *scanner) nameDone() error {
	switch s.state {
	case stStartName:
		if !validName(s.name, true) {
			return s.fail("标签名“%s”不合法", s.name)
		}
		s.names, s.ends = append(s.names, s.name...), append(s.ends, len(s.names)+len(s.name))
		s.root, s.state = true, stAttrs
		if s.t != nil {
			return s.t.open(s, localName(s.name), len(s.ends))
		}
	case stAttrName:
		if !validName(s.name, true) {
			return s.fail("属性名“%s”不合法", s.name)
		}
		s.state, s.capture = stAttrEq, false
		if s.t != nil {
			var err error
			if s.capture, err = s.t.attr(s, localName(s.name)); err != nil {
				return err
			}
		}
	case stEndName:
		// The start tag's name was checked: one equal to it is valid.
		if len(s.ends) == 0 || !bytes.Equal(s.names[prevEnd(s.ends):], s.name) {
			switch {
			case !validName(s.name, true):
				return s.fail("结束标签名“%s”不合法", s.name)
			case len(s.ends) == 0:
				return s.fail("结束标签 </%s> 没有对应的开始标签", s.name)
			}
			return s.fail("结束标签 </%s> 与开始标签 <%s> 不匹配", s.name, s.names[prevEnd(s.ends):])
		}
		if err := s.pop(); err != nil {
			return err
		}
		s.state = stEndTail
	case stPITarget:
		if !validName(s.name, false) {
			return s.fail("处理指令名“%s”不合法", s.name)
		}
		s.state, s.piXML, s.decl = stPISpace, string(s.name) == "xml", s.decl[:0]
	}
	return nil
}

// started ends a start tag; empty: it was "/>".
func (s *scanner) started(empty bool) error {
	s.state = stText
	if s.t != nil {
		if err := s.t.started(s, len(s.ends)); err != nil {
			return err
		}
	}
	if empty {
		return s.pop()
	}
	return nil
}

func (s *scanner) pop() error {
	depth := len(s.ends)
	s.names, s.ends = s.names[:prevEnd(s.ends)], s.ends[:len(s.ends)-1]
	if s.t != nil {
		return s.t.closed(s, depth)
	}
	return nil
}

// checkDecl checks the XML declaration as encoding/xml does: version 1.0
// and UTF-8 only (excelize would convert other encodings; no spreadsheet
// program writes them).
func (s *scanner) checkDecl() error {
	content := string(s.decl[:len(s.decl)-1]) // without the '?' of "?>"
	if v := procInst("version", content); v != "" && v != "1.0" {
		return s.fail("不支持的 XML 版本 %q", v)
	}
	if enc := procInst("encoding", content); enc != "" && !strings.EqualFold(enc, "utf-8") {
		return s.fail("不支持的编码 %q（应为 UTF-8）", enc)
	}
	return nil
}

// procInst is encoding/xml's reading of a parameter of the XML declaration.
func procInst(param, s string) string {
	param += "="
	lenp := len(param)
	i := 0
	var sep byte
	for i < len(s) {
		sub := s[i:]
		k := strings.Index(sub, param)
		if k < 0 || lenp+k >= len(sub) {
			return ""
		}
		i += lenp + k + 1
		if c := sub[lenp+k]; c == '\'' || c == '"' {
			sep = c
			break
		}
	}
	if sep == 0 {
		return ""
	}
	j := strings.IndexByte(s[i:], sep)
	if j < 0 {
		return ""
	}
	return s[i : i+j]
}

// directive reads one byte of a <!…> directive.
func (s *scanner) directive(c byte) {
	switch {
	case s.dComment:
		if s.b0 == '-' && s.b1 == '-' && c == '>' {
			s.dComment = false
		}
		s.b0, s.b1 = s.b1, c
		return
	case s.dLt > 0:
		if c == "!--"[s.dLt-1] {
			if s.dLt++; s.dLt == 4 {
				s.dLt, s.dComment, s.b0, s.b1 = 0, true, 0, 0
			}
			return
		}
		// Not a comment: the '<' nests, and this byte is handled below
		// without closing the directive.
		s.dLt = 0
		s.dDepth++
	case s.dQuote == 0 && c == '>' && s.dDepth == 0:
		s.state = stText
		return
	}
	switch {
	case c == s.dQuote:
		s.dQuote = 0
	case s.dQuote != 0:
	case c == '\'' || c == '"':
		s.dQuote = c
	case c == '>':
		s.dDepth--
	case c == '<':
		s.dLt = 1
	}
}

// end checks the state at the end of the document.
func (s *scanner) end() error {
	switch {
	case s.state != stText:
		return &xmlError{Offset: s.off, Msg: "文件在标签中间结束（被截断）"}
	case len(s.ends) > 0:
		return &xmlError{Offset: s.off, Msg: fmt.Sprintf("文件在 <%s> 结束前就结束了（被截断）", s.names[prevEnd(s.ends):])}
	case !s.root:
		return &xmlError{Offset: s.off, Msg: "没有任何 XML 元素"}
	}
	return nil
}

func prevEnd(ends []int) int {
	if len(ends) < 2 {
		return 0
	}
	return ends[len(ends)-2]
}

func isSpace(c byte) bool { return c == ' ' || c == '\t' || c == '\n' || c == '\r' }

func isNameByte(c byte) bool {
	return 'A' <= c && c <= 'Z' || 'a' <= c && c <= 'z' || '0' <= c && c <= '9' ||
		c == '_' || c == ':' || c == '.' || c == '-'
}

// xmlChar reports whether XML 1.0 allows the character (its Char production).
func xmlChar(r rune) bool {
	return r == 0x09 || r == 0x0A || r == 0x0D ||
		r >= 0x20 && r <= 0xD7FF || r >= 0xE000 && r <= 0xFFFD || r >= 0x10000 && r <= 0x10FFFF
}

func predefinedEntity(name []byte) bool {
	switch string(name) {
	case "lt", "gt", "amp", "apos", "quot":
		return true
	}
	return false
}

// validName reports whether encoding/xml takes b as a name; ns: as an
// element or attribute name, which may hold at most one colon.
func validName(b []byte, ns bool) bool {
	if len(b) == 0 {
		return false
	}
	colons := 0
	for _, c := range b {
		if c == ':' {
			colons++
		}
		if c >= utf8.RuneSelf {
			// Rare: ask encoding/xml itself, whose Unicode tables are its own.
			doc := "<" + string(b) + "/>"
			if !ns {
				doc = "<?" + string(b) + "?>"
			}
			_, err := xml.NewDecoder(strings.NewReader(doc)).RawToken()
			return err == nil
		}
	}
	c := b[0]
	return (!ns || colons <= 1) && ('A' <= c && c <= 'Z' || 'a' <= c && c <= 'z' || c == '_' || c == ':')
}

// localName is a name without its prefix, as encoding/xml splits it.
func localName(b []byte) []byte {
	if i := bytes.IndexByte(b, ':'); i > 0 && i < len(b)-1 {
		return b[i+1:]
	}
	return b
}

// xmlError is where and how a worksheet's XML breaks.
type xmlError struct {
	Offset int64 // bytes into the part
	Msg    string
}

func (e *xmlError) Error() string {
	return fmt.Sprintf("XML 在第 %d 字节处损坏（%s）", e.Offset, e.Msg)
}
