package rating

import (
	"fmt"
	"math/big"
	"strconv"
	"strings"
	"time"
)

// Date is a calendar day counted the way Excel counts it: days since
// 1899-12-30, so an Excel serial date is a Date as it stands. The zero Date
// means "not given"; no application has a date in 1899.
type Date int32

// excelEpoch is day 0 of Date.
var excelEpoch = time.Date(1899, 12, 30, 0, 0, 0, 0, time.UTC)

// NewDate returns the Date of a calendar day. Out-of-range months and days
// are normalised as time.Date does.
func NewDate(year int, month time.Month, day int) Date {
	t := time.Date(year, month, day, 0, 0, 0, 0, time.UTC)
	return Date(t.Sub(excelEpoch) / (24 * time.Hour))
}

// IsZero reports whether the date was not given.
func (d Date) IsZero() bool { return d == 0 }

// Time returns the day as midnight UTC.
func (d Date) Time() time.Time { return excelEpoch.AddDate(0, 0, int(d)) }

// Year returns the calendar year of the day.
func (d Date) Year() int { return d.Time().Year() }

// String formats the day as 2022-03-01, or "" when not given.
func (d Date) String() string {
	if d.IsZero() {
		return ""
	}
	return d.Time().Format("2006-01-02")
}

// Period is a closed range of days: both ends belong to it.
type Period struct{ From, To Date }

// YearPeriod is the calendar year y, 1 January to 31 December.
func YearPeriod(y int) Period {
	return Period{NewDate(y, time.January, 1), NewDate(y, time.December, 31)}
}

// Days is the number of days in the period, counting both ends; 0 when To is
// before From.
func (p Period) Days() int {
	if p.To < p.From {
		return 0
	}
	return int(p.To-p.From) + 1
}

// Contains reports whether d lies in the period.
func (p Period) Contains(d Date) bool { return d >= p.From && d <= p.To }

// Intersect returns the days both periods share (possibly empty).
func (p Period) Intersect(q Period) Period {
	r := p
	if q.From > r.From {
		r.From = q.From
	}
	if q.To < r.To {
		r.To = q.To
	}
	return r
}

// Decimal is a decimal number with two fractional digits, held as an
// integer count of hundredths. Money (元, so hundredths are
// 分), training hours (学时) and survey scores (分) are Decimals: they are
// summed and compared exactly, never as float64.
type Decimal int64

// DecimalFromInt returns the Decimal of a whole number.
func DecimalFromInt(n int64) Decimal { return Decimal(n * 100) }

// ParseDecimal parses a plain decimal such as "300000", "4.5" or "-0.25".
// More than two fractional digits is an error, as it would lose a part.
func ParseDecimal(s string) (Decimal, error) {
	s = strings.TrimSpace(s)
	neg := strings.HasPrefix(s, "-")
	if neg || strings.HasPrefix(s, "+") {
		s = s[1:]
	}
	whole, frac, _ := strings.Cut(s, ".")
	if whole == "" && frac == "" {
		return 0, fmt.Errorf("not a decimal number: %q", s)
	}
	if len(frac) > 2 {
		// Trailing zeros carry nothing (openpyxl writes 4.50 as 4.5, Excel may write 4.500).
		trimmed := strings.TrimRight(frac, "0")
		if len(trimmed) > 2 {
			return 0, fmt.Errorf("more than two decimal places: %q", s)
		}
		frac = trimmed
	}
	for len(frac) < 2 {
		frac += "0"
	}
	if whole == "" {
		whole = "0"
	}
	for _, r := range whole + frac {
		if r < '0' || r > '9' {
			return 0, fmt.Errorf("not a decimal number: %q", s)
		}
	}
	if len(whole) > 15 {
		return 0, fmt.Errorf("number too large: %q", s)
	}
	n, err := strconv.ParseInt(whole+frac, 10, 64)
	if err != nil {
		return 0, fmt.Errorf("not a decimal number: %q", s)
	}
	if neg {
		n = -n
	}
	return Decimal(n), nil
}

// Rat returns the exact value.
func (d Decimal) Rat() *big.Rat { return big.NewRat(int64(d), 100) }

// String formats the number with the fractional part only when it has one:
// "5", "4.5", "300000.25".
func (d Decimal) String() string {
	sign := ""
	n := int64(d)
	if n < 0 {
		sign, n = "-", -n
	}
	whole, frac := n/100, n%100
	switch {
	case frac == 0:
		return fmt.Sprintf("%s%d", sign, whole)
	case frac%10 == 0:
		return fmt.Sprintf("%s%d.%d", sign, whole, frac/10)
	default:
		return fmt.Sprintf("%s%d.%02d", sign, whole, frac)
	}
}

// Ratio is an exact fraction of two counts, such as 7 of 12 staff. A zero
// denominator means the ratio is undefined (nobody to count).
type Ratio struct{ Num, Den int }

// Defined reports whether the denominator is positive.
func (r Ratio) Defined() bool { return r.Den > 0 }

// Rat returns the exact value; nil when undefined.
func (r Ratio) Rat() *big.Rat {
	if !r.Defined() {
		return nil
	}
	return big.NewRat(int64(r.Num), int64(r.Den))
}

// Percent shows the ratio as a percentage cut (not rounded) to two decimals,
// so a shown 59.99% is never a ratio that passes 60%, and a shown 60.00% never
// one that fails it.
func (r Ratio) Percent() string {
	if !r.Defined() {
		return "—"
	}
	return floorString(new(big.Rat).Mul(r.Rat(), big.NewRat(100, 1)), 2) + "%"
}

// Cut writes a non-negative rational cut (not rounded) to two decimals, as
// starrate shows every measured value: a shown 59.99 never passes 60.
func Cut(x *big.Rat) string { return floorString(x, 2) }

// floorString writes a non-negative rational cut (not rounded) to the given
// number of decimals, dropping a zero fractional part.
func floorString(x *big.Rat, decimals int) string {
	scale := new(big.Int).Exp(big.NewInt(10), big.NewInt(int64(decimals)), nil)
	n := new(big.Int).Mul(x.Num(), scale)
	n.Quo(n, x.Denom()) // truncates toward zero: floor for non-negative x
	s := n.String()
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(s, "-")
	for len(s) <= decimals {
		s = "0" + s
	}
	whole, frac := s[:len(s)-decimals], strings.TrimRight(s[len(s)-decimals:], "0")
	if neg {
		whole = "-" + whole
	}
	if frac == "" {
		return whole
	}
	return whole + "." + frac
}
