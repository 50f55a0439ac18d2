package rating

import "strings"

// MaskIDs hides the birth date and sequence of every 身份证号 in s
// (110105********1234): ID numbers are personal information, shown whole
// only in the applicant's own annotated workbook.
//
// An ID is found however a clerk typed it: half- or full-width digits
// (１１０１…), in groups split by spaces or dashes (110105 19800101 1234,
// 110105-19800101-1234), inside longer text. A run of digits longer than
// 18 is some other number and stays. Only the digits are masked; spaces,
// dashes and the width of what is kept are left as written.
func MaskIDs(s string) string {
	rs := []rune(s)
	masked := false
	for i := 0; i < len(rs); {
		// A number starts at a digit (never at an X) not preceded by one.
		if !decimalDigit(rs[i]) || i > 0 && decimalDigit(rs[i-1]) {
			i++
			continue
		}
		groups, end := digitGroups(rs, i)
		if maskGroups(rs, groups) {
			masked = true
		}
		i = end
	}
	if !masked {
		return s
	}
	return string(rs)
}

// MaskID masks one ID number, whatever its shape: all but the first six and
// the last four characters are hidden.
func MaskID(id string) string {
	r := []rune(id)
	if len(r) <= 10 {
		return MaskIDs(id)
	}
	for i := 6; i < len(r)-4; i++ {
		r[i] = '*'
	}
	return string(r)
}

// idDigit returns the value of a half- or full-width digit, 10 for the
// check character X, -1 for anything else.
func idDigit(r rune) int {
	switch {
	case r >= '0' && r <= '9':
		return int(r - '0')
	case r >= '０' && r <= '９':
		return int(r - '０')
	case r == 'X' || r == 'x' || r == 'Ｘ' || r == 'ｘ':
		return 10
	}
	return -1
}

func decimalDigit(r rune) bool { d := idDigit(r); return d >= 0 && d < 10 }

// idSeparator reports a character a clerk puts between the groups of an ID.
func idSeparator(r rune) bool {
	return strings.ContainsRune(" \u00a0\u3000-‐‑–—－", r)
}

// group is a run of ID characters: rs[from:to].
type group struct{ from, to int }

// digitGroups reads the groups of digits from rs[i] on, split by runs of
// at most three separators, and returns them with the index after the last.
func digitGroups(rs []rune, i int) ([]group, int) {
	var gs []group
	for {
		from := i
		for i < len(rs) && idDigit(rs[i]) >= 0 {
			i++
		}
		gs = append(gs, group{from, i})
		j := i
		for j < len(rs) && j-i < 3 && idSeparator(rs[j]) {
			j++
		}
		if j == i || j >= len(rs) || idDigit(rs[j]) < 0 || idDigit(rs[j]) == 10 {
			return gs, i
		}
		i = j
	}
}

// maskGroups masks every run of consecutive groups holding exactly the 18
// characters of an ID. A single group is an ID by its length and shape;
// an ID split into groups must also carry a plausible birth date, so that
// dates and phone numbers written side by side stay readable.
func maskGroups(rs []rune, gs []group) bool {
	masked := false
	for start := 0; start < len(gs); {
		n, end := 0, start
		for end < len(gs) && n < 18 {
			n += gs[end].to - gs[end].from
			end++
		}
		if n != 18 {
			start++
			continue
		}
		var pos []int // the ID's characters, by index into rs
		for _, g := range gs[start:end] {
			for k := g.from; k < g.to; k++ {
				pos = append(pos, k)
			}
		}
		if !idShaped(rs, pos, end-start > 1) {
			start++
			continue
		}
		for _, k := range pos[6:14] {
			rs[k] = '*'
		}
		masked = true
		start = end
	}
	return masked
}

// idShaped reports whether the 18 characters are 17 digits and a digit or
// X, with, when asked, a birth date of 1900–2099 in characters 7–14.
func idShaped(rs []rune, pos []int, checkBirth bool) bool {
	v := make([]int, len(pos))
	for i, k := range pos {
		v[i] = idDigit(rs[k])
		if v[i] == 10 && i != 17 {
			return false
		}
	}
	if !checkBirth {
		return true
	}
	num := func(from, to int) int {
		n := 0
		for _, d := range v[from:to] {
			n = n*10 + d
		}
		return n
	}
	y, m, d := num(6, 10), num(10, 12), num(12, 14)
	return y >= 1900 && y <= 2099 && m >= 1 && m <= 12 && d >= 1 && d <= 31
}
