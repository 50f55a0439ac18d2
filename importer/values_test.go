package importer

import (
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/bax/starrate/rating"
)

func TestParseYesNo(t *testing.T) {
	for in, want := range map[string]rating.Tri{
		"是": rating.Yes, "否": rating.No, " 是 ": rating.Yes, "Y": rating.Yes, "n": rating.No, "√": rating.Yes, "×": rating.No,
		"有": rating.Yes, "无": rating.No, "TRUE": rating.Yes, "false": rating.No, "1": rating.Yes, "0": rating.No, "": rating.Unknown,
		"ｙ": rating.Yes,
	} {
		got, err := ParseYesNo(in)
		assert.NoError(t, err, in)
		assert.Equal(t, want, got, in)
	}
	for _, in := range []string{"也许", "2", "是的吗"} {
		_, err := ParseYesNo(in)
		assert.Error(t, err, in)
	}
}

func TestParseDate(t *testing.T) {
	want := rating.NewDate(2022, 3, 1)
	for _, in := range []string{"44621", "44621.5", "2022-03-01", "2022/3/1", "2022.3.1", "2022年3月1日", "2022 年 3 月 1 日",
		"2022-03-01 00:00:00", "2022-3-1T08:30:00", "２０２２－０３－０１"} {
		got, err := ParseDate(in, false)
		assert.NoError(t, err, in)
		assert.Equal(t, want, got, in)
	}
	got, err := ParseDate("43159", true) // 1904-based serial of 2022-03-01
	assert.NoError(t, err)
	assert.Equal(t, want, got)
	for _, in := range []string{"2022-02-30", "2022-13-01", "3/1/2022", "昨天", "0", "60", "99999999", "0x15F90", "-44621"} {
		_, err := ParseDate(in, false)
		assert.Error(t, err, in)
	}
}

// A date must name a day, and a number must be a plausible serial
// (rating-model.md, "Dates"): each edge, and one step past it.
func TestParseDateNamesADay(t *testing.T) {
	for _, tt := range []struct {
		in     string
		d1904  bool
		want   rating.Date // 0: an error
		reason string
	}{
		{"2022", false, 0, "只写了年份（2022年）"},
		{"2022年", false, 0, "只写了年份"},
		{"2022.12", false, 0, "只写了年月（2022年12月）"},
		{"2022-06", false, 0, "只写了年月（2022年6月）"},
		{"2022年6月", false, 0, "只写了年月"},
		{"20220615", false, 0, "如指 2022-06-15，请写成 2022-06-15"},
		{"18264", false, rating.NewDate(1950, 1, 1), ""}, // the first plausible serial
		{"18263", false, 0, "1949-12-31，不在 1950-01-01 至 2099-12-31 之间"},
		{"73050", false, rating.NewDate(2099, 12, 31), ""}, // the last
		{"73051", false, 0, "2100-01-01，不在"},
		{"16802", true, rating.NewDate(1950, 1, 1), ""}, // 1904-based
		{"16801", true, 0, "不在"},
		{"1905", false, 0, "只写了年份（1905年）"},
		{"4000", false, 0, "1910-12-13，不在"},
		{"59", false, 0, "1900-02-28"},
		{"1950-01-01", false, rating.NewDate(1950, 1, 1), ""},
		{"1949-12-31", false, 0, "日期不在"},
		{"2099-12-31", false, rating.NewDate(2099, 12, 31), ""},
		{"2100-01-01", false, 0, "日期不在"},
	} {
		got, err := ParseDate(tt.in, tt.d1904)
		if tt.want == 0 {
			assert.ErrorContains(t, err, tt.reason, tt.in)
			var ve *valueError
			if assert.ErrorAs(t, err, &ve, tt.in) {
				assert.Equal(t, dateExpected, ve.expected)
			}
			continue
		}
		assert.NoError(t, err, tt.in)
		assert.Equal(t, tt.want, got, tt.in)
	}
}

func TestParseDecimal(t *testing.T) {
	for in, want := range map[string]rating.Decimal{
		"300000": 30000000, "300,000": 30000000, "300，000.00": 30000000, "30万元": 30000000, "30万": 30000000,
		"12.5万元": 12500000, "300000元": 30000000, "¥1,234.5": 123450, "３００": 30000, "4.5": 450, "0.30000000000000004": 30,
		"1E+5": 10000000, "8分": 800, "4学时": 400, "": 0, "1,234,567.89": 123456789, "1 234 567": 123456700,
		"-1,234": -123400, "1.5E-1": 15, "5.551115123125783E-17": 0, ".5": 50, "5.": 500,
	} {
		got, err := ParseDecimal(in)
		assert.NoError(t, err, in)
		assert.Equal(t, want, got, in)
	}
	for in, reason := range map[string]string{
		"10.005": "两位小数", "abc": "不是数字", "1/2": "不是数字", "三十万": "不是数字", "0.001万元x": "不是数字",
		"1,2,3": "千位分隔符", "12,34": "千位分隔符", ",123": "千位分隔符", "1,234,56": "千位分隔符", "1234,567": "千位分隔符",
		"1,234.567,8": "千位分隔符", "1 2 3": "千位分隔符",
		"0x15F90": "十六进制", "0X1F": "十六进制", "0b101": "二进制", "1_000": "不是数字", "Inf": "不是数字",
		"1e-400": "超出数值范围", "1e400": "超出数值范围", "1e-331": "超出数值范围", "1e-320": "数值过小", "1e100000000": "超出数值范围",
		"1e30": "数字过大",
	} {
		_, err := ParseDecimal(in)
		assert.ErrorContains(t, err, reason, in)
	}
}

func TestParseEducation(t *testing.T) {
	for in, want := range map[string]rating.Education{
		"博士": rating.EduDoctor, "博士研究生": rating.EduDoctor, "硕士": rating.EduMaster, "研究生": rating.EduMaster,
		"本科": rating.EduBachelor, "大学本科": rating.EduBachelor, "大专": rating.EduCollege, "高职": rating.EduCollege,
		"专科": rating.EduCollege, "中专": rating.EduSecondary, "职高": rating.EduSecondary, "中职": rating.EduSecondary,
		"高中": rating.EduSecondary, "初中": rating.EduJunior, "初中及以下": rating.EduJunior, "本科学历": rating.EduBachelor,
	} {
		got, err := ParseEducation(in)
		assert.NoError(t, err, in)
		assert.Equal(t, want, got, in)
	}
	for _, in := range []string{"大学", "本科在读", "MBA"} {
		_, err := ParseEducation(in)
		assert.Error(t, err, in)
	}
}

func TestParseIDNumber(t *testing.T) {
	id, err := ParseIDNumber("11010519491231002x")
	assert.NoError(t, err)
	assert.Equal(t, "11010519491231002X", id, "the GB 11643 example, X upper-cased")
	_, err = ParseIDNumber("110105194912310021")
	assert.ErrorContains(t, err, "校验位")
	_, err = ParseIDNumber("1101051949123")
	assert.ErrorContains(t, err, "格式")
	_, err = ParseIDNumber("1.10105194912310E+17")
	assert.ErrorContains(t, err, "数字")
}

func TestParseUSCC(t *testing.T) {
	for _, ok := range []string{"91350100M000100Y43", "91110108MA01ABCD2H", "91110000100012345L"} {
		_, err := ParseUSCC(ok)
		assert.NoError(t, err, ok)
	}
	for _, bad := range []string{"91350100M000100Y44", "9135010", "91350100M000100YI3"} {
		_, err := ParseUSCC(bad)
		assert.Error(t, err, bad)
	}
}

func TestParseAnswerAndReview(t *testing.T) {
	yn := []string{"是", "否"}
	post := []string{"无", "兼职", "专职"}
	for _, tt := range []struct {
		in      string
		answers []string
		want    string
	}{
		{"是", yn, "是"}, {"√", yn, "是"}, {"N", yn, "否"}, {"专职", post, "专职"}, {"全职", post, "专职"}, {"没有", post, "无"}, {"", yn, ""},
	} {
		got, err := ParseAnswer(tt.in, tt.answers)
		assert.NoError(t, err, tt.in)
		assert.Equal(t, tt.want, got, tt.in)
	}
	_, err := ParseAnswer("是", post)
	assert.Error(t, err)
}

func TestParseStars(t *testing.T) {
	for in, want := range map[string]int{"一星": 1, "二星": 2, "三星级": 3, "3": 3, "★★": 2, "": 0} {
		got, err := ParseStars(in)
		assert.NoError(t, err, in)
		assert.Equal(t, want, got, in)
	}
	_, err := ParseStars("四星")
	assert.Error(t, err)
}
