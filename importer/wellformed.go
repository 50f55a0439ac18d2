package importer

import (
	"bytes"
	"fmt"
	"io"
)

// checkWellFormed reads an XML document to its end and reports where it
// breaks: a tag cut off, an end tag that closes the wrong element, text
// after the root, or a document that ends before its root closes. It
// checks structure only (not names, entities or attributes in detail),
// which is what tells a truncated or garbled worksheet from a whole one,
// at memory speed and without allocating per element: excelize's row reader
// stops silently at the first XML error, so this is what makes a damaged
// sheet visible. It returns the bytes read (on error, roughly).
func checkWellFormed(r io.Reader) (int64, error) {
	var (
		buf   = make([]byte, 64<<10)
		state = stText
		// names holds the open elements' names end to end; ends[i] is where
		// the i-th ends.
		names []byte
		ends  []int
		name  []byte // the name being read
		match int    // bytes of a closing delimiter seen ("-->", "]]>", "?>")
		total int64  // bytes before the current chunk
		root  bool   // the root element has been opened
		i     int
		// Inside a <!…> directive, as encoding/xml reads one: nested angle
		// brackets count unless quoted, and <!-- … --> comments are skipped.
		dQuote   byte
		dDepth   int
		dLt      int  // bytes of "<!--" matched after a nested '<'
		dComment bool // in a comment inside the directive
		b0, b1   byte // the two bytes before, while in such a comment
	)
	fail := func(format string, args ...any) error {
		return &xmlError{Offset: total + int64(i), Msg: fmt.Sprintf(format, args...)}
	}
	for {
		n, err := r.Read(buf)
		chunk := buf[:n]
		for i = 0; i < len(chunk); i++ {
			c := chunk[i]
			switch state {
			case stText:
				j := bytes.IndexByte(chunk[i:], '<')
				if j < 0 {
					if root && len(ends) == 0 && len(bytes.TrimSpace(chunk[i:])) > 0 {
						return total, fail("根元素之后还有内容")
					}
					i = len(chunk)
					continue
				}
				if root && len(ends) == 0 && len(bytes.TrimSpace(chunk[i:i+j])) > 0 {
					return total, fail("根元素之后还有内容")
				}
				i += j
				state = stOpen
			case stOpen:
				switch c {
				case '/':
					state, name = stEndName, name[:0]
				case '?':
					state, match = stPI, 0
				case '!':
					state, match = stBang, 0
				default:
					if root && len(ends) == 0 {
						return total, fail("文档有多个根元素")
					}
					if isSpace(c) || c == '>' || c == '<' {
						return total, fail("标签名缺失")
					}
					state, name = stStartName, append(name[:0], c)
				}
			case stStartName:
				switch {
				case c == '>':
					names, ends = append(names, name...), append(ends, len(names)+len(name))
					root, state = true, stText
				case c == '/':
					root, state = true, stEmptyClose
				case isSpace(c):
					names, ends = append(names, name...), append(ends, len(names)+len(name))
					root, state = true, stInTag
				case c == '<' || c == '"' || c == '\'' || c == '=':
					return total, fail("标签名中有非法字符")
				default:
					name = append(name, c)
				}
			case stInTag: // attributes of an opened element
				switch c {
				case '"':
					state = stDQ
				case '\'':
					state = stSQ
				case '>':
					state = stText
				case '/':
					// The element pushed when its name ended closes at once.
					names, ends = names[:prevEnd(ends)], ends[:len(ends)-1]
					state = stEmptyClose
				case '<':
					return total, fail("标签未结束")
				}
			case stDQ:
				if j := bytes.IndexByte(chunk[i:], '"'); j >= 0 {
					i += j
					state = stInTag
				} else {
					i = len(chunk)
				}
			case stSQ:
				if c == '\'' {
					state = stInTag
				}
			case stEmptyClose:
				if c != '>' {
					return total, fail("“/”后应为“>”")
				}
				state = stText
			case stEndName:
				switch {
				case c == '>' || isSpace(c):
					if len(ends) == 0 {
						return total, fail("结束标签 </%s> 没有对应的开始标签", name)
					}
					open := names[prevEnd(ends):]
					if !bytes.Equal(open, name) {
						return total, fail("结束标签 </%s> 与开始标签 <%s> 不匹配", name, open)
					}
					names, ends = names[:prevEnd(ends)], ends[:len(ends)-1]
					state = stText
					if c != '>' {
						state = stEndTail
					}
				default:
					name = append(name, c)
				}
			case stEndTail:
				if c == '>' {
					state = stText
				} else if !isSpace(c) {
					return total, fail("结束标签中有多余内容")
				}
			case stBang: // <! … : comment, CDATA or DOCTYPE
				switch {
				case match == 0 && c == '-':
					match = 1
				case match == 1 && c == '-':
					state, match = stComment, 0
				case match == 0 && c == '[':
					state, match = stCDATA, 0
				case match == 0:
					// The directive's first byte is taken as it is.
					state, dQuote, dDepth, dLt, dComment = stDecl, 0, 0, 0, false
				default:
					return total, fail("注释格式错误")
				}
			case stComment:
				match = delimiter(match, c, "-->")
				if match == 3 {
					state = stText
				}
			case stCDATA:
				match = delimiter(match, c, "]]>")
				if match == 3 {
					state = stText
				}
			case stPI:
				match = delimiter(match, c, "?>")
				if match == 2 {
					state = stText
				}
			case stDecl:
				switch {
				case dComment:
					if b0 == '-' && b1 == '-' && c == '>' {
						dComment = false
					}
					b0, b1 = b1, c
					continue
				case dLt > 0:
					if c == "!--"[dLt-1] {
						if dLt++; dLt == 4 {
							dLt, dComment, b0, b1 = 0, true, 0, 0
						}
						continue
					}
					// Not a comment: the '<' nests, and this byte is
					// handled below without closing the directive.
					dLt = 0
					dDepth++
				case dQuote == 0 && c == '>' && dDepth == 0:
					state = stText
					continue
				}
				switch {
				case c == dQuote:
					dQuote = 0
				case dQuote != 0:
				case c == '\'' || c == '"':
					dQuote = c
				case c == '>':
					dDepth--
				case c == '<':
					dLt = 1
				}
			}
		}
		total += int64(n)
		i = 0
		if err == io.EOF {
			break
		}
		if err != nil {
			return total, err
		}
	}
	switch {
	case state != stText:
		return total, &xmlError{Offset: total, Msg: "文件在标签中间结束（被截断）"}
	case len(ends) > 0:
		return total, &xmlError{Offset: total, Msg: fmt.Sprintf("文件在 <%s> 结束前就结束了（被截断）", names[prevEnd(ends):])}
	case !root:
		return total, &xmlError{Offset: total, Msg: "没有任何 XML 元素"}
	}
	return total, nil
}

// The states of checkWellFormed.
const (
	stText = iota
	stOpen
	stStartName
	stInTag
	stDQ
	stSQ
	stEmptyClose
	stEndName
	stEndTail
	stBang
	stComment
	stCDATA
	stPI
	stDecl
)

func prevEnd(ends []int) int {
	if len(ends) < 2 {
		return 0
	}
	return ends[len(ends)-2]
}

// delimiter advances a match of a closing delimiter by one byte.
func delimiter(matched int, c byte, delim string) int {
	switch {
	case c == delim[matched]:
		return matched + 1
	case c == delim[0]:
		// "--->" and "]]]>" still close: a partial match restarts.
		if matched > 0 && delim[0] == delim[1] {
			return matched
		}
		return 1
	}
	return 0
}

func isSpace(c byte) bool { return c == ' ' || c == '\t' || c == '\n' || c == '\r' }

// xmlError is where and how a worksheet's XML breaks.
type xmlError struct {
	Offset int64 // bytes into the part
	Msg    string
}

func (e *xmlError) Error() string {
	return fmt.Sprintf("XML 在第 %d 字节处损坏（%s）", e.Offset, e.Msg)
}
