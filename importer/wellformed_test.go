package importer

import (
	"bytes"
	"encoding/xml"
	"errors"
	"io"
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
	for name, doc := range bad {
		_, err := checkWellFormed(strings.NewReader(doc))
		var xe *xmlError
		assert.True(t, errors.As(err, &xe), "%s: %v", name, err)
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
	}
}

// stdAccepts reports whether encoding/xml reads the document as one root
// element with nothing but space and comments after it.
func stdAccepts(doc []byte) bool {
	dec := xml.NewDecoder(bytes.NewReader(doc))
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
			if depth == 0 && len(bytes.TrimSpace(tok)) > 0 {
				return false
			}
		}
	}
}

// FuzzWellFormed: what encoding/xml accepts, the fast check accepts too,
// and no proper prefix of it passes as whole.
func FuzzWellFormed(f *testing.F) {
	f.Add([]byte(sheetXML))
	f.Add([]byte(`<a b='1'><c/>text<!--x--><![CDATA[y]]></a>`))
	f.Fuzz(func(t *testing.T, doc []byte) {
		ours, err := checkWellFormed(bytes.NewReader(doc))
		if !stdAccepts(doc) {
			return
		}
		if err != nil {
			t.Fatalf("encoding/xml accepts %q, checkWellFormed says %v", doc, err)
		}
		_ = ours
		end := bytes.LastIndexByte(doc, '>')
		if _, err := checkWellFormed(bytes.NewReader(doc[:end])); err == nil {
			t.Fatalf("the prefix %q of %q passed as whole", doc[:end], doc)
		}
	})
}
