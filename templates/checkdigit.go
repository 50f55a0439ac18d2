package templates

import "strings"

// The check characters of the two codes the workbook holds. They live with
// the schema (the IDNumber and USCC kinds) because both the importer, which
// checks what applicants typed, and the sample generator, which must make
// codes that pass, need them; rating never looks inside a code.

// IDCheckDigit returns the GB 11643 check character of a 身份证号's first 17
// digits; ok is false when they are not 17 decimal digits.
func IDCheckDigit(first17 string) (check byte, ok bool) {
	if len(first17) != 17 {
		return 0, false
	}
	weights := [17]int{7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2}
	sum := 0
	for i, w := range weights {
		d := first17[i]
		if d < '0' || d > '9' {
			return 0, false
		}
		sum += int(d-'0') * w
	}
	return "10X98765432"[sum%11], true
}

// USCCAlphabet are the characters of a 统一社会信用代码 (GB 32100: digits and
// capitals without I, O, Z, S, V), in the order of their values.
const USCCAlphabet = "0123456789ABCDEFGHJKLMNPQRTUWXY"

// USCCCheckChar returns the GB 32100 check character of a 统一社会信用代码's
// first 17 characters; ok is false when one is outside USCCAlphabet.
func USCCCheckChar(first17 string) (check byte, ok bool) {
	if len(first17) != 17 {
		return 0, false
	}
	weights := [17]int{1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28}
	sum := 0
	for i, w := range weights {
		n := strings.IndexByte(USCCAlphabet, first17[i])
		if n < 0 {
			return 0, false
		}
		sum += n * w
	}
	return USCCAlphabet[(31-sum%31)%31], true
}
