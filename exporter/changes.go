package exporter

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"strconv"
)

// Changes is what changed since the previous run in the same output
// folder (or a results.json given to compare with): the 变化 sheet.
type Changes struct {
	// Previous is the sha256 of the previous results.json; results.json
	// records it as previous_results_sha256.
	Previous string
	Rows     []Change
}

// Change is one change of one input.
type Change struct {
	File    string
	Company string
	What    string // 评定星级, 参评条件, 输入错误 …, 新增文件, 移除文件
	Before  string
	After   string
}

// String is the change as a log line says it: 「005-….xlsx 北京…：评定星级 一星 → 三星」.
func (c Change) String() string {
	if c.Before == "" || c.After == "" {
		return fmt.Sprintf("%s %s：%s（%s）", c.File, c.Company, c.What, c.Before+c.After)
	}
	return fmt.Sprintf("%s %s：%s %s → %s", c.File, c.Company, c.What, c.Before, c.After)
}

// Results is what Diff needs of a results.json: each input's outcome.
// Exporter reads only its own format.
type Results struct {
	Digest    string // sha256 of the document
	Companies []ResultCompany
}

// ResultCompany is one input of a results.json, as Diff compares it: its
// problems are kept as counts only.
type ResultCompany struct {
	File             string `json:"file"`
	Kind             string `json:"kind"`
	Name             string `json:"name"`
	USCC             string `json:"uscc"`
	Eligible         *bool  `json:"eligible"`
	Stars            *int   `json:"stars"`
	AchievableStars  *int   `json:"achievable_stars"`
	ProvisionalStars *int   `json:"provisional_stars"`
	Errors, Warnings int    `json:"-"`
}

// ReadResults decodes a results.json written by WriteJSON (any contract
// version with these fields) and records its sha256.
func ReadResults(data []byte) (*Results, error) {
	return ReadResultsFrom(bytes.NewReader(data))
}

// ReadResultsFrom decodes a results.json from r one company at a time, so
// that a round of thousands (tens of MB) costs the memory of one company
// and the few fields Diff compares, not of the whole document.
func ReadResultsFrom(r io.Reader) (*Results, error) {
	h := sha256.New()
	dec := json.NewDecoder(io.TeeReader(r, h))
	res, err := readResults(dec)
	if err != nil {
		return nil, fmt.Errorf("不是 starrate 的 results.json（%w）", err)
	}
	// The digest is of the whole file: what the decoder read went through
	// the hash already (buffered or not); hash what it left unread.
	if _, err := io.Copy(h, r); err != nil {
		return nil, err
	}
	res.Digest = hex.EncodeToString(h.Sum(nil))
	return res, nil
}

func readResults(dec *json.Decoder) (*Results, error) {
	if err := expectDelim(dec, '{'); err != nil {
		return nil, err
	}
	res := &Results{}
	for dec.More() {
		key, err := dec.Token()
		if err != nil {
			return nil, err
		}
		if key != "companies" {
			var skip json.RawMessage
			if err := dec.Decode(&skip); err != nil {
				return nil, err
			}
			continue
		}
		if err := expectDelim(dec, '['); err != nil {
			return nil, err
		}
		for dec.More() {
			var c struct {
				ResultCompany
				Problems []struct {
					Severity string `json:"severity"`
				} `json:"problems"`
			}
			if err := dec.Decode(&c); err != nil {
				return nil, err
			}
			for _, p := range c.Problems {
				if p.Severity == "error" {
					c.Errors++
				} else {
					c.Warnings++
				}
			}
			res.Companies = append(res.Companies, c.ResultCompany)
		}
		if err := expectDelim(dec, ']'); err != nil {
			return nil, err
		}
	}
	return res, expectDelim(dec, '}')
}

func expectDelim(dec *json.Decoder, want json.Delim) error {
	t, err := dec.Token()
	if err != nil {
		return err
	}
	if d, ok := t.(json.Delim); !ok || d != want {
		return fmt.Errorf("应为 %q，读到 %v", want, t)
	}
	return nil
}

func (c ResultCompany) counts() (errs, warns int) { return c.Errors, c.Warnings }

func starsWord(n *int) string {
	if n == nil {
		return "未评定"
	}
	return starWord(*n)
}

func eligibleWord(b *bool) string {
	switch {
	case b == nil:
		return "未评定"
	case *b:
		return "符合"
	}
	return "不符合或待核实"
}

// Diff lists, input by input (matched by file name), every change of
// stars, eligibility or problem counts, and every file added or removed.
// Inputs come in cur's order, then the removed ones in prev's.
func Diff(prev, cur *Results) Changes {
	return diff(prev, cur, func(c ResultCompany) string { return c.File }, "新增文件", "移除文件", true)
}

// Compare lists year over year, company by company (matched by 统一社会信用代码:
// file names change between rounds), every change of stars or eligibility,
// and every company new or gone. Inputs without a USCC (survey forms,
// unreadable files) are left out; problem counts of two years are not
// comparable and are left out too.
func Compare(prev, cur *Results) Changes {
	only := func(r *Results) *Results {
		out := &Results{Digest: r.Digest}
		for _, c := range r.Companies {
			if c.USCC != "" && c.Kind == KindApplication {
				out.Companies = append(out.Companies, c)
			}
		}
		return out
	}
	return diff(only(prev), only(cur), func(c ResultCompany) string { return c.USCC }, "新参评单位", "未再参评", false)
}

func diff(prev, cur *Results, key func(ResultCompany) string, added, removed string, problems bool) Changes {
	ch := Changes{Previous: prev.Digest}
	before := map[string]ResultCompany{}
	for _, c := range prev.Companies {
		before[key(c)] = c
	}
	seen := map[string]bool{}
	for _, c := range cur.Companies {
		seen[key(c)] = true
		p, ok := before[key(c)]
		if !ok {
			ch.Rows = append(ch.Rows, Change{File: c.File, Company: c.Name, What: added, After: starsWord(c.Stars)})
			continue
		}
		add := func(what, b, a string) {
			if b != a {
				ch.Rows = append(ch.Rows, Change{File: c.File, Company: c.Name, What: what, Before: b, After: a})
			}
		}
		add("评定星级", starsWord(p.Stars), starsWord(c.Stars))
		add("预评星级", starsWord(p.ProvisionalStars), starsWord(c.ProvisionalStars))
		add("参评条件", eligibleWord(p.Eligible), eligibleWord(c.Eligible))
		if problems {
			pe, pw := p.counts()
			ce, cw := c.counts()
			add("输入错误（项）", strconv.Itoa(pe), strconv.Itoa(ce))
			add("输入警告（项）", strconv.Itoa(pw), strconv.Itoa(cw))
		}
	}
	for _, p := range prev.Companies {
		if !seen[key(p)] {
			ch.Rows = append(ch.Rows, Change{File: p.File, Company: p.Name, What: removed, Before: starsWord(p.Stars)})
		}
	}
	return ch
}

func (x *xlsxWriter) changes(ch *Changes) {
	rows := ch.Rows
	if len(rows) == 0 {
		rows = []Change{{What: "与上次结果相比没有变化"}}
	}
	cols := []column[Change]{
		{name: "文件", width: 50, format: fmtWrap, value: func(c Change) any { return c.File }},
		{name: "单位名称", width: 34, format: fmtWrap, value: func(c Change) any { return c.Company }},
		{name: "变化", width: 16, value: func(c Change) any { return c.What }},
		{name: "上次", width: 14, format: fmtCenter, value: func(c Change) any { return c.Before }},
		{name: "本次", width: 14, format: fmtCenter, value: func(c Change) any { return c.After }, tone: changeTone},
	}
	prev := ch.Previous
	if len(prev) > 12 {
		prev = prev[:12]
	}
	streamTable(x, table[Change]{name: SheetChanges, landscape: true, count: len(rows), cols: cols,
		title: []line{
			{"与上次评定结果相比的变化", titleLook},
			{fmt.Sprintf("上次结果 results.json（SHA-256 %s…）；共 %d 项变化。", prev, len(ch.Rows)), noteLook},
		},
		each: func(emit func(Change) error) error {
			for _, c := range rows {
				if err := emit(c); err != nil {
					return err
				}
			}
			return nil
		}})
}

// changeTone colours a change up (green) or down (red) where it has a
// direction: stars and eligibility.
func changeTone(c Change) tone {
	rank := map[string]int{"未评定": -1, "未达星级": 0, "一星": 1, "二星": 2, "三星": 3, "不符合或待核实": 0, "符合": 1}
	b, okb := rank[c.Before]
	a, oka := rank[c.After]
	switch {
	case c.What == "移除文件" || c.What == "未再参评":
		return toneFail
	case c.What == "新增文件" || c.What == "新参评单位":
		return tonePass
	case !okb || !oka:
		return toneNone
	case a > b:
		return tonePass
	case a < b:
		return toneFail
	}
	return toneNone
}
