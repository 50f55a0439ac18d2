package importer

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/bax/starrate/rating"
)

// FuzzParseValues feeds any text to every cell-value parser: none may panic,
// and what they accept must be what they return.
func FuzzParseValues(f *testing.F) {
	for _, s := range []string{"是", "√", "2022-03-01", "2022年3月1日", "44621", "30万元", "1,234.56", "1E+5", "0.30000000000000004",
		"2022", "2022.12", "20220615", "1,2,3", "0x15F90", "1e-400", "1e100000000", "大专", "博士研究生", "11010519491231002X", "1.10105198001011E+17", "91350100M000100Y43", "三星", "★★", "#DIV/0!", "", " ", "２０２２－０３－０１"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if d, err := ParseDecimal(s); err == nil {
			again, err := ParseDecimal(d.String())
			if err != nil || again != d {
				t.Fatalf("ParseDecimal(%q) = %v, which reads back as %v, %v", s, d, again, err)
			}
		}
		for _, d1904 := range []bool{false, true} {
			if d, err := ParseDate(s, d1904); err == nil && !d.IsZero() {
				if d < firstDate || d > lastDate {
					t.Fatalf("ParseDate(%q) = %v, out of range", s, d)
				}
			}
		}
		_, _ = ParseYesNo(s)
		_, _ = ParseInt(s)
		_, _ = ParseEducation(s)
		_, _ = ParseStars(s)
		_, _ = ParseAnswer(s, []string{"是", "否"})
		_, _ = ParseAnswer(s, []string{"无", "兼职", "专职"})
		_, _ = ParseTrainingKind(s)
		if id, err := ParseIDNumber(s); err == nil && id != "" && len(id) != 18 {
			t.Fatalf("ParseIDNumber(%q) accepted %q", s, id)
		}
		if code, err := ParseUSCC(s); err == nil && code != "" && len(code) != 18 {
			t.Fatalf("ParseUSCC(%q) accepted %q", s, code)
		}
		_ = rating.MaskIDs(s)
	})
}

// FuzzRead opens any bytes as a workbook. It must not panic or hang, and a
// file that yields nothing must say why.
func FuzzRead(f *testing.F) {
	f.Add([]byte{})
	f.Add([]byte("PK\x03\x04"))
	f.Add(oleMagic)
	// A real workbook, and one with a damaged roster, so that mutations
	// reach the sheets, not only the container.
	small := roster(f, 2)
	f.Add(small)
	f.Add(rewriteStaff(f, small, func(x string) string { return strings.Replace(x, "</row>", "<c>&bad;</c></row>", 1) }))
	f.Fuzz(func(t *testing.T, data []byte) {
		start := time.Now()
		wb := Read(context.Background(), data, "fuzz.xlsx", Options{MaxUnzipSize: 16 << 20})
		if wb.Internal != nil {
			t.Fatalf("internal error: %v", wb.Internal)
		}
		if d := time.Since(start); d > 3*time.Second {
			t.Fatalf("reading %d bytes took %v", len(data), d)
		}
		if wb.Application == nil && wb.Form == nil && !rating.HasErrors(wb.Problems) {
			t.Fatalf("nothing read and no error reported")
		}
		for _, p := range wb.Problems {
			if p.Message == "" || p.File != "fuzz.xlsx" || p.Code == "" {
				t.Fatalf("problem without message, file or code: %+v", p)
			}
		}
	})
}
