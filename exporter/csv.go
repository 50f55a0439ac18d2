package exporter

import (
	"encoding/csv"
	"fmt"
	"io"
	"strings"
)

// WriteCSV writes results.csv: the 汇总 sheet for people who live in other
// tools. It starts with a UTF-8 byte order mark so that Excel reads the
// Chinese right, and neutralises text that a spreadsheet would take for a
// formula (= + - @ and control characters at the start).
func WriteCSV(w io.Writer, r *Round) error {
	if _, err := io.WriteString(w, "\uFEFF"); err != nil {
		return err
	}
	cw := csv.NewWriter(w)
	cw.UseCRLF = true
	if err := cw.Write(summaryHeader); err != nil {
		return err
	}
	err := r.Companies.Each(func(c Company) error {
		row := summaryRow(c)
		rec := make([]string, len(row))
		for i, v := range row {
			if v != nil {
				rec[i] = neutralise(fmt.Sprint(v))
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
