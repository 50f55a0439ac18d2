package rating

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestParseDecimal(t *testing.T) {
	tests := []struct {
		in   string
		want Decimal
		err  bool
	}{
		{"300000", 30000000, false}, {"4.5", 450, false}, {"0.01", 1, false}, {".5", 50, false},
		{"1.500", 150, false}, {"-2.25", -225, false}, {"+3", 300, false}, {" 7 ", 700, false},
		{"1.005", 0, true}, {"", 0, true}, {".", 0, true}, {"1,000", 0, true}, {"abc", 0, true},
		{"1e5", 0, true}, {"9999999999999999", 0, true},
	}
	for _, tt := range tests {
		got, err := ParseDecimal(tt.in)
		if tt.err {
			assert.Error(t, err, tt.in)
			continue
		}
		assert.NoError(t, err, tt.in)
		assert.Equal(t, tt.want, got, tt.in)
	}
}

func TestDecimalString(t *testing.T) {
	for d, want := range map[Decimal]string{0: "0", 450: "4.5", 1: "0.01", 30000000: "300000", -225: "-2.25", 1010: "10.1"} {
		assert.Equal(t, want, d.String())
	}
}

func TestRatioPercentIsCutNotRounded(t *testing.T) {
	assert.Equal(t, "59.99%", Ratio{5999, 10000}.Percent())
	assert.Equal(t, "59.99%", Ratio{59999, 100000}.Percent(), "59.999% must not show as 60%")
	assert.Equal(t, "66.66%", Ratio{2, 3}.Percent())
	assert.Equal(t, "60%", Ratio{3, 5}.Percent())
	assert.Equal(t, "—", Ratio{0, 0}.Percent())
}

func TestDate(t *testing.T) {
	assert.Equal(t, Date(44621), NewDate(2022, 3, 1), "Excel serial of 2022-03-01")
	assert.Equal(t, "2022-03-01", Date(44621).String())
	assert.Equal(t, 2022, Date(44621).Year())
	assert.Equal(t, 365, YearPeriod(2022).Days())
	assert.Equal(t, 366, YearPeriod(2024).Days())
	assert.Equal(t, 0, Period{NewDate(2022, 2, 1), NewDate(2022, 1, 1)}.Days())
	assert.Equal(t, 1, Period{NewDate(2022, 2, 1), NewDate(2022, 2, 1)}.Days())
}

func TestNormalizeName(t *testing.T) {
	assert.Equal(t, NormalizeName("北京（海淀）银行 ABC"), NormalizeName("北京(海淀)银行abc"))
	assert.Equal(t, NormalizeName("ＡＢＣ１２３"), NormalizeName("abc123"))
	assert.NotEqual(t, NormalizeName("北京银行"), NormalizeName("北京农商银行"))
}
