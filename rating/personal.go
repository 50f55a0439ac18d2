package rating

import "regexp"

// idLike matches what may be a 身份证号 inside any text: 17 digits and a
// digit or X, not part of a longer number.
var idLike = regexp.MustCompile(`(^|[^0-9])([0-9]{6})[0-9]{8}([0-9]{3}[0-9Xx])($|[^0-9])`)

// MaskIDs hides the birth date and sequence of every 身份证号 in s
// (110105********1234): ID numbers are personal information, shown whole
// only in the applicant's own annotated workbook.
func MaskIDs(s string) string {
	// Matches may share the separator between two IDs; run twice.
	for range 2 {
		s = idLike.ReplaceAllString(s, "${1}${2}********${3}${4}")
	}
	return s
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
