package exporter

import (
	"encoding/csv"
	"fmt"
	"io"
	"math/big"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/bax/starrate/rating"
)

// csvColumns are the columns of results.csv: one line per input, for
// people's scripts and other tools, so every technical column is here
// (file, USCC, levels as digits, counts) and ratios are percentages.
func csvColumns() []column[Company] {
	rated := func(v func(*rating.Result) any) func(Company) any {
		return func(c Company) any {
			if c.Result == nil {
				return nil
			}
			return v(c.Result)
		}
	}
	percent := func(r rating.Ratio) any {
		if !r.Defined() {
			return nil
		}
		return rating.Cut(new(big.Rat).Mul(r.Rat(), big.NewRat(100, 1)))
	}
	return []column[Company]{
		{name: "文件", value: func(c Company) any { return c.File }},
		{name: "类型", value: func(c Company) any { return kindNames[c.Kind] }},
		{name: "单位名称", value: func(c Company) any { return c.Name }},
		{name: "统一社会信用代码", value: func(c Company) any { return c.USCC }},
		{name: "评价年度", value: func(c Company) any { return nonZero(c.Year) }},
		{name: "申报星级", value: func(c Company) any { return nonZero(c.AppliedStars) }},
		{name: "评定星级", value: rated(func(r *rating.Result) any { return r.Stars })},
		{name: "可达星级", value: rated(func(r *rating.Result) any { return r.AchievableStars })},
		{name: "预评星级", value: rated(func(r *rating.Result) any { return r.ProvisionalStars })},
		{name: "符合参评条件", value: rated(func(r *rating.Result) any { return yesNo(r.Eligible) })},
		{name: "在册人员（人）", value: rated(func(r *rating.Result) any { return r.Metrics.StaffTotal })},
		{name: "具有资格人员（人）", value: rated(func(r *rating.Result) any { return r.Metrics.QualifiedStaff })},
		{name: "专科以上学历占比（%）", value: rated(func(r *rating.Result) any { return percent(r.Metrics.DegreeRatio) })},
		{name: "年度服务单位（个）", value: rated(func(r *rating.Result) any { return r.Metrics.ClientsInYear })},
		{name: "年度合同金额（元）", value: rated(func(r *rating.Result) any { return rating.Cut(r.Metrics.AmountInYear) })},
		{name: "连续服务（次）", value: rated(func(r *rating.Result) any { return r.Metrics.Renewals })},
		{name: "5年内重点保卫单位占比（%）", value: rated(func(r *rating.Result) any { return percent(r.Metrics.VIPRatio5y) })},
		{name: "用户评价得分（分）", value: rated(func(r *rating.Result) any {
			if r.Metrics.SurveyScore == nil {
				return nil
			}
			return rating.Cut(r.Metrics.SurveyScore)
		})},
		{name: "年度评价份数", value: rated(func(r *rating.Result) any { return r.Metrics.SurveyCount })},
		{name: "不通过条款", value: func(c Company) any { f, _, _, _ := c.counts(); return f }},
		{name: "待核实条款", value: func(c Company) any { _, r, _, _ := c.counts(); return r }},
		{name: "输入错误", value: func(c Company) any { _, _, e, _ := c.counts(); return e }},
		{name: "输入警告", value: func(c Company) any { _, _, _, w := c.counts(); return w }},
		{name: "主要差距", value: func(c Company) any {
			if c.Kind != KindApplication {
				return nil
			}
			return mainGap(c)
		}},
	}
}

func nonZero(n int) any {
	if n == 0 {
		return nil
	}
	return n
}

func yesNo(b bool) string {
	if b {
		return "是"
	}
	return "否"
}

// WriteCSV writes results.csv. It starts with a UTF-8 byte order mark so
// that Excel reads the Chinese right, neutralises text that a spreadsheet
// would take for a formula, and escapes control characters so that a
// line of the file is a line of the table.
func WriteCSV(w io.Writer, r *Round) error {
	if _, err := io.WriteString(w, "\uFEFF"); err != nil {
		return err
	}
	cols := csvColumns()
	cw := csv.NewWriter(w)
	cw.UseCRLF = true
	head := make([]string, len(cols))
	for i, c := range cols {
		head[i] = c.name
	}
	if err := cw.Write(head); err != nil {
		return err
	}
	err := r.Companies.Each(func(c Company) error {
		rec := make([]string, len(cols))
		for i, col := range cols {
			if v := col.value(c); v != nil {
				rec[i] = neutralise(Printable(fmt.Sprint(v)))
			}
		}
		return cw.Write(rec)
	})
	if err != nil {
		return err
	}
	cw.Flush()
	return cw.Error()
}

// neutralise prefixes a quote to text a spreadsheet would evaluate (CSV
// injection). Plain negative numbers stay numbers.
func neutralise(s string) string {
	if s == "" {
		return s
	}
	switch s[0] {
	case '=', '+', '@', '\t', '\r':
		return "'" + s
	case '-':
		if strings.Trim(s[1:], "0123456789.") != "" {
			return "'" + s
		}
	}
	return s
}

// Printable makes text safe to print on a terminal or to put on one line of
// a file: control and format characters (escape sequences, carriage
// returns, bidirectional overrides, zero-width marks) and bytes that are
// not UTF-8 are shown as Go escapes such as \x1b or \u202e.
func Printable(s string) string {
	var b strings.Builder
	dirty := false
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		if !dirty && !unsafe(r, size) {
			i += size
			continue
		}
		if !dirty {
			dirty = true
			b.WriteString(s[:i])
		}
		switch {
		case r == utf8.RuneError && size == 1:
			fmt.Fprintf(&b, `\x%02x`, s[i])
		case unsafe(r, size):
			b.WriteString(strings.Trim(strconv.QuoteRuneToASCII(r), "'"))
		default:
			b.WriteRune(r)
		}
		i += size
	}
	if !dirty {
		return s
	}
	return b.String()
}

func unsafe(r rune, size int) bool {
	return r == utf8.RuneError && size == 1 || unicode.IsControl(r) || unicode.Is(unicode.Cf, r)
}
