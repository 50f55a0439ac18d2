package importer

import (
	"bytes"
	"encoding/xml"
	"errors"
	"io"
	"regexp"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
)

const sheetXML = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><!-- a - comment -->
<sheetData><row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="inlineStr"><is><t>a > b &amp; c</t></is></c></row>
<row r="2" spans='1:2'><c r="A2"><f>SUM(A1:B1)</f><v>3</v></c><c r="B2"/></row></sheetData>
<![CDATA[ <not a tag> ]]]><mergeCells count="1"><mergeCell ref="A1:B1"/></mergeCells></worksheet>
`

// xmlClasses are documents encoding/xml rejects, by what is wrong: each
// made excelize's row reader stop quietly when the old check passed it.
var xmlClasses = map[string]string{
	"bare ampersand":           `<a><b>x & y</b><b>rest</b></a>`,
	"undefined entity":         `<a>&nbsp;</a>`,
	"entity without semicolon": `<a>&amp x</a>`,
	"empty entity":             `<a>&;</a>`,
	"char ref to NUL":          `<a>&#0;</a>`,
	"char ref to surrogate":    `<a>&#xD800;</a>`,
	"char ref beyond Unicode":  `<a>&#x110000;</a>`,
	"char ref to U+FFFE":       `<a>&#xFFFE;</a>`,
	"char ref without digits":  `<a>&#;</a>`,
	"char ref with bad digit":  `<a>&#12a;</a>`,
	"raw control byte":         "<a>x\x01y</a>",
	"raw control in attribute": "<a b=\"\x08\"/>",
	"invalid UTF-8":            "<a>\xff</a>",
	"truncated UTF-8":          "<a>\xe4\xb8</a>",
	"encoded surrogate":        "<a>\xed\xa0\x80</a>",
	"raw U+FFFE":               "<a>\xef\xbf\xbe</a>",
	"less-than in attribute":   `<a b="x<y"/>`,
	"unquoted attribute":       `<a b=1/>`,
	"attribute without value":  `<a b/>`,
	"attribute without name":   `<a ="1"/>`,
	"bad entity in attribute":  `<a b="&foo;"/>`,
	"]]> in text":              `<a>]]></a>`,
	"name starting with digit": `<1a/>`,
	"name with two colons":     `<a:b:c/>`,
	"double hyphen in comment": `<a><!-- x -- y --></a>`,
	"bad CDATA opening":        `<a><![CDAT[x]]></a>`,
	"control byte in CDATA":    "<a><![CDATA[\x02]]></a>",
	"XML version 1.1":          `<?xml version="1.1"?><a/>`,
	"declared GBK":             `<?xml version="1.0" encoding="GBK"?><a/>`,
	"bad PI target":            `<?1x?><a/>`,
	"text before the root":     `x<a/>`,
	"entity after the root":    `<a/>&amp;`,
	"space in end tag name":    `<a></ a>`,
}

func TestCheckWellFormed(t *testing.T) {
	n, err := checkWellFormed(strings.NewReader(sheetXML))
	assert.NoError(t, err)
	assert.Equal(t, int64(len(sheetXML)), n)
	bad := map[string]string{
		"truncated":         sheetXML[:200],
		"cut in a tag":      sheetXML[:strings.Index(sheetXML, `<row r="2"`)+6],
		"wrong end tag":     strings.Replace(sheetXML, "</row></sheetData>", "</rows></sheetData>", 1),
		"garbage":           strings.Replace(sheetXML, `<row r="2"`, `<<<broken<row r="2"`, 1),
		"two roots":         sheetXML + "<x/>",
		"text after root":   sheetXML + "junk",
		"stray end tag":     "<a></a></b>",
		"empty":             "",
		"only a prolog":     `<?xml version="1.0"?>`,
		"unclosed comment":  "<a><!-- x </a>",
		"unclosed quote":    `<a b="x></a>`,
		"slash not closing": "<a/ ></a>",
	}
	for name, doc := range xmlClasses {
		bad[name] = doc
	}
	for name, doc := range bad {
		_, err := checkWellFormed(strings.NewReader(doc))
		var xe *xmlError
		assert.True(t, errors.As(err, &xe), "%s: %v", name, err)
		if name != "char ref to surrogate" {
			assert.False(t, stdAccepts([]byte(doc)), "%s: the oracle should reject it too", name)
		}
	}
	good := []string{
		`<a>&#32;&#x4E2D;&#20013;&lt;&gt;&amp;&quot;&apos;</a>`,
		"\xEF\xBB\xBF<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<a/>",
		`<?xml version='1.0' encoding='utf-8'?><a/>`,
		`<a b="1"c='2' d = "x'y" e='x"y'/>`,
		`<a b=">"/>`,
		`<a>]]&gt; ]] > ]</a>`,
		`<x:a xmlns:x="u" x:b="1"></x:a>`,
		"<a>中文\t\r\n\U0001F600</a>",
		"<a/>&#10;&#x20;",
		`<a><![CDATA[ <b> & ]] ]]></a>`,
		`<a><!-- - --></a>`,
		`<!DOCTYPE a [<!ENTITY x "y">]><a/>`,
		`<a:b xmlns:a="u"><中文/></a:b>`,
	}
	for _, doc := range good {
		_, err := checkWellFormed(strings.NewReader(doc))
		assert.NoError(t, err, doc)
		assert.True(t, stdAccepts([]byte(doc)), "the oracle should accept %q", doc)
	}
}

// chunkReader hands out a few bytes at a time, so that every state must
// carry across a chunk boundary.
type chunkReader struct {
	r io.Reader
	n int
}

func (c *chunkReader) Read(p []byte) (int, error) { return c.r.Read(p[:min(len(p), c.n)]) }

func TestCheckWellFormedAcrossChunks(t *testing.T) {
	for n := 1; n < 9; n++ {
		_, err := checkWellFormed(&chunkReader{strings.NewReader(sheetXML), n})
		assert.NoError(t, err, "chunks of %d", n)
		_, err = checkWellFormed(&chunkReader{strings.NewReader(sheetXML[:300]), n})
		assert.Error(t, err, "chunks of %d", n)
		for name, doc := range xmlClasses {
			_, err = checkWellFormed(&chunkReader{strings.NewReader(doc), n})
			assert.Error(t, err, "%s in chunks of %d", name, n)
		}
		for _, doc := range []string{"\xEF\xBB\xBF<a>中文&#x4E2D;</a>", `<a b="&amp;中">]]&gt;<![CDATA[]]]]></a>`} {
			_, err = checkWellFormed(&chunkReader{strings.NewReader(doc), n})
			assert.NoError(t, err, "%q in chunks of %d", doc, n)
		}
	}
}

// stdAccepts reports whether encoding/xml reads the document as one root
// element with nothing but XML space and comments around it (a leading
// byte-order mark aside, which encoding/xml would return as text).
func stdAccepts(doc []byte) bool {
	dec := xml.NewDecoder(bytes.NewReader(bytes.TrimPrefix(doc, []byte("\xEF\xBB\xBF"))))
	dec.Strict = true
	depth, roots := 0, 0
	for {
		tok, err := dec.Token() // not RawToken: it does not match end tags
		if err == io.EOF {
			return depth == 0 && roots == 1
		}
		if err != nil {
			return false
		}
		switch tok := tok.(type) {
		case xml.StartElement:
			if depth == 0 {
				roots++
			}
			depth++
		case xml.EndElement:
			depth--
		case xml.CharData:
			if depth == 0 && len(bytes.Trim(tok, " \t\r\n")) > 0 {
				return false
			}
		}
	}
}

// surrogateRef finds a character reference to a surrogate, which
// encoding/xml reads as U+FFFD and the check refuses, as XML 1.0 does.
var surrogateRef = regexp.MustCompile(`&#(x0*[dD][89a-fA-F][0-9a-fA-F]{2}|0*5[5-7][0-9]{3});`)

// FuzzWellFormed: the fast check decides as encoding/xml does, both ways
// (but for surrogate references and overlong declarations, which it alone
// refuses), and no proper prefix of a document passes as whole.
func FuzzWellFormed(f *testing.F) {
	f.Add([]byte(sheetXML))
	f.Add([]byte(`<a b='1'><c/>text<!--x--><![CDATA[y]]></a>`))
	f.Fuzz(func(t *testing.T, doc []byte) {
		_, err := checkWellFormed(bytes.NewReader(doc))
		std := stdAccepts(doc)
		switch {
		case std && err != nil:
			var xe *xmlError
			if errors.As(err, &xe) && (surrogateRef.Match(doc) || strings.Contains(xe.Msg, "XML 声明过长")) {
				return
			}
			t.Fatalf("encoding/xml accepts %q, checkWellFormed says %v", doc, err)
		case !std && err == nil:
			t.Fatalf("encoding/xml refuses %q, checkWellFormed accepts it", doc)
		case !std:
			return
		}
		if err := scanBytes(doc, nil); err != nil {
			t.Fatalf("in memory %q: %v", doc, err)
		}
		end := bytes.LastIndexByte(doc, '>')
		if _, err := checkWellFormed(bytes.NewReader(doc[:end])); err == nil {
			t.Fatalf("the prefix %q of %q passed as whole", doc[:end], doc)
		}
	})
}
