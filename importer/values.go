package importer

import (
	"fmt"
	"math"
	"math/big"
	"regexp"
	"strconv"
	"strings"
	"time"

	"golang.org/x/text/width"

	"github.com/bax/starrate/rating"
)

// valueError is what a parser says about a value it cannot read: the
// expectation, in the applicant's words, and optionally a more specific
// reason.
type valueError struct {
	expected string
	reason   string
}

func (e *valueError) Error() string { return e.reason }

func bad(expected, reason string) *valueError { return &valueError{expected, reason} }

// clean folds a cell text for parsing: full-width to half-width, trimmed.
func clean(s string) string {
	for i := 0; i < len(s); i++ {
		if s[i] >= 0x80 {
			return strings.TrimSpace(width.Fold.String(s))
		}
	}
	return strings.TrimSpace(s) // ASCII: nothing to fold, nothing allocated
}

// plainDecimal reports whether s is digits with at most one dot and no
// sign, unit or separator: what a number cell holds raw.
func plainDecimal(s string) bool {
	dot := false
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c == '.' && !dot:
			dot = true
		case c < '0' || c > '9':
			return false
		}
	}
	return s != "" && s != "."
}

var separators = strings.NewReplacer(",", "", " ", "")

var yesWords = map[string]rating.Tri{
	"是": rating.Yes, "否": rating.No,
	"y": rating.Yes, "n": rating.No, "yes": rating.Yes, "no": rating.No,
	"√": rating.Yes, "×": rating.No, "✓": rating.Yes, "✔": rating.Yes, "✗": rating.No, "✘": rating.No, "x": rating.No,
	"有": rating.Yes, "无": rating.No, "true": rating.Yes, "false": rating.No,
	"1": rating.Yes, "0": rating.No, // boolean cells read raw
}

// ParseYesNo reads 是/否 and the variants rating-model.md §4 allows.
func ParseYesNo(s string) (rating.Tri, error) {
	v := strings.ToLower(clean(s))
	if v == "" {
		return rating.Unknown, nil
	}
	if t, ok := yesWords[v]; ok {
		return t, nil
	}
	return rating.Unknown, bad("“是”或“否”", "不是“是/否”")
}

var (
	dateText     = regexp.MustCompile(`^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?(?:[ T]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?$`)
	yearMonth    = regexp.MustCompile(`^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*月?$`)
	yearOnly     = regexp.MustCompile(`^(\d{4})\s*年?$`)
	dateCompact  = regexp.MustCompile(`^(\d{4})(\d{2})(\d{2})$`)
	serialNumber = regexp.MustCompile(`^\d+(\.\d+)?$`)
)

const dateExpected = "日期，如 2022-03-01、2022/3/1 或 2022年3月1日"

// The plausible dates (rating-model.md, "Dates"): a number outside them is
// no date serial but a year, a year and month, or digits typed as a number.
var (
	firstDate = rating.NewDate(1950, 1, 1)
	lastDate  = rating.NewDate(2099, 12, 31)
)

var dateRange = fmt.Sprintf("不在 %s 至 %s 之间", firstDate, lastDate)

// ParseDate reads a date: an Excel serial number (as raw date cells hold,
// 1904-based when date1904), or text in the forms of rating-model.md §4.
// A date must name a day: a year, a year and month, or a number that is no
// plausible serial is an error, never a silent date.
func ParseDate(s string, date1904 bool) (rating.Date, error) {
	v := clean(s)
	if v == "" {
		return 0, nil
	}
	if m := dateText.FindStringSubmatch(v); m != nil {
		return calendarDate(m[1], m[2], m[3])
	}
	if m := yearMonth.FindStringSubmatch(v); m != nil && plausibleYear(m[1]) {
		return 0, bad(dateExpected, fmt.Sprintf("只写了年月（%s年%s月），日期须具体到日", m[1], strings.TrimLeft(m[2], "0")))
	}
	if m := yearOnly.FindStringSubmatch(v); m != nil && plausibleYear(m[1]) {
		return 0, bad(dateExpected, fmt.Sprintf("只写了年份（%s年），日期须具体到日", m[1]))
	}
	if !serialNumber.MatchString(v) {
		return 0, bad(dateExpected, "不是可识别的日期")
	}
	whole, _, _ := strings.Cut(v, ".") // a time of day is dropped
	n, err := strconv.Atoi(whole)
	if m := dateCompact.FindStringSubmatch(v); m != nil {
		if d, err := calendarDate(m[1], m[2], m[3]); err == nil {
			return 0, bad(dateExpected, fmt.Sprintf("是数字 %s，不是日期；如指 %s，请写成 %s", v, d, d))
		}
	}
	if err != nil || n > 2958465 { // 9999-12-31
		return 0, bad(dateExpected, "是数字，不是有效日期")
	}
	if date1904 {
		n += 1462
	}
	d := rating.Date(n)
	if d < firstDate || d > lastDate {
		return 0, bad(dateExpected, fmt.Sprintf("是数字 %s，作为日期是 %s，%s；日期单元格中只写年份或数字时会这样", v, serialDay(n), dateRange))
	}
	return d, nil
}

// serialDay writes the day a 1900-based serial stands for, as Excel shows it.
func serialDay(n int) string {
	switch {
	case n < 1:
		return "1900 年之前"
	case n < 60:
		return rating.Date(n + 1).String() // the days before Excel's phantom leap day
	case n == 60:
		return "1900-02-29（不存在的日期）"
	}
	return rating.Date(n).String()
}

func plausibleYear(ys string) bool {
	y, _ := strconv.Atoi(ys)
	return y >= 1900 && y <= 2100
}

func calendarDate(ys, ms, ds string) (rating.Date, error) {
	y, _ := strconv.Atoi(ys)
	m, _ := strconv.Atoi(ms)
	d, _ := strconv.Atoi(ds)
	if m < 1 || m > 12 || d < 1 || d > 31 {
		return 0, bad(dateExpected, "不是有效日期")
	}
	t := time.Date(y, time.Month(m), d, 0, 0, 0, 0, time.UTC)
	if t.Month() != time.Month(m) {
		return 0, bad(dateExpected, "日期不存在")
	}
	date := rating.NewDate(y, time.Month(m), d)
	if date < firstDate || date > lastDate {
		return 0, bad(dateExpected, "日期"+dateRange)
	}
	return date, nil
}

const numberExpected = "数字，最多两位小数，如 300000、4.5 或 30万元"

// ParseDecimal reads a number: thousands separators (in groups of three),
// full-width digits, a leading ¥ and a trailing 元 or 万元 (× 10000) are
// accepted. The result is exact; more than two decimals after scaling is
// an error, and so are hexadecimal and numbers beyond what a cell holds.
func ParseDecimal(s string) (rating.Decimal, error) {
	v := clean(s)
	if v == "" {
		return 0, nil
	}
	if plainDecimal(v) {
		if d, err := rating.ParseDecimal(v); err == nil {
			return d, nil
		}
		// More than two decimals or too long: the exact path below decides.
	}
	scale := int64(1)
	v = strings.TrimPrefix(strings.TrimPrefix(v, "¥"), "￥")
	switch {
	case strings.HasSuffix(v, "万元"):
		v, scale = strings.TrimSuffix(v, "万元"), 10000
	case strings.HasSuffix(v, "万"):
		v, scale = strings.TrimSuffix(v, "万"), 10000
	case strings.HasSuffix(v, "元"):
		v = strings.TrimSuffix(v, "元")
	case strings.HasSuffix(v, "分"):
		v = strings.TrimSuffix(v, "分") // survey scores written "8分"
	case strings.HasSuffix(v, "小时"):
		v = strings.TrimSuffix(v, "小时")
	case strings.HasSuffix(v, "学时"):
		v = strings.TrimSuffix(v, "学时")
	}
	v = strings.TrimSpace(v)
	if strings.ContainsAny(v, ", ") {
		if !grouped.MatchString(v) {
			return 0, bad(numberExpected, "千位分隔符位置不对（应每三位一个，如 1,234,567.89）")
		}
		v = separators.Replace(v)
	}
	m := decimalSyntax.FindStringSubmatch(v)
	switch {
	case m == nil && len(v) > 1 && v[0] == '0' && strings.ContainsAny(v[1:2], "xXbBoO"):
		return 0, bad(numberExpected, "不是数字（不接受十六进制、二进制等写法）")
	case m == nil:
		return 0, bad(numberExpected, "不是数字")
	}
	if m[1] != "" {
		// Exponents beyond a cell's double (about 1e±308) are no value a
		// spreadsheet holds, and would cost big.Rat their size in digits.
		if exp, err := strconv.Atoi(m[1]); err != nil || exp < -330 || exp > 330 {
			return 0, bad(numberExpected, "超出数值范围")
		}
	}
	r, ok := new(big.Rat).SetString(v)
	if !ok {
		return 0, bad(numberExpected, "不是数字")
	}
	if r.Sign() != 0 && m[1] != "" {
		if f, _ := r.Float64(); f == 0 || math.Abs(f) < 1e-300 {
			return 0, bad(numberExpected, "数值过小，超出数值范围")
		}
	}
	r.Mul(r, big.NewRat(scale*100, 1))
	if !r.IsInt() {
		// Binary floating point in a raw cell: 0.1+0.2 is stored as
		// 0.30000000000000004. Accept what is within a millionth of a
		// hundredth; anything else really has more than two decimals.
		rounded := new(big.Rat).SetInt(roundRat(r))
		diff := new(big.Rat).Sub(r, rounded)
		if diff.Abs(diff).Cmp(big.NewRat(1, 1000000)) > 0 {
			return 0, bad(numberExpected, "超过两位小数")
		}
		r = rounded
	}
	if r.Num().BitLen() > 62 {
		return 0, bad(numberExpected, "数字过大")
	}
	return rating.Decimal(r.Num().Int64()), nil
}

var (
	// grouped is a number with thousands separators where they belong.
	grouped = regexp.MustCompile(`^[+-]?\d{1,3}(?:[, ]\d{3})+(?:\.\d+)?$`)
	// decimalSyntax is a plain decimal number, perhaps in scientific
	// notation (as raw cells hold large and small numbers); the exponent
	// is its submatch.
	decimalSyntax = regexp.MustCompile(`^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE]([+-]?\d{1,9}))?$`)
)

func roundRat(r *big.Rat) *big.Int {
	half := new(big.Rat).Add(r, big.NewRat(1, 2))
	q := new(big.Int).Quo(half.Num(), half.Denom())
	if half.Sign() < 0 && new(big.Int).Mul(q, half.Denom()).Cmp(half.Num()) != 0 {
		q.Sub(q, big.NewInt(1))
	}
	return q
}

// ParseInt reads a whole number, such as 评价年度.
func ParseInt(s string) (int, error) {
	d, err := ParseDecimal(s)
	if err != nil || d%100 != 0 {
		return 0, bad("整数", "不是整数")
	}
	return int(d / 100), nil
}

var educationWords = map[string]rating.Education{
	"博士研究生": rating.EduDoctor, "博士": rating.EduDoctor,
	"硕士研究生": rating.EduMaster, "硕士": rating.EduMaster, "研究生": rating.EduMaster,
	"本科": rating.EduBachelor, "大学本科": rating.EduBachelor, "大本": rating.EduBachelor, "学士": rating.EduBachelor,
	"专科": rating.EduCollege, "大专": rating.EduCollege, "大学专科": rating.EduCollege, "高职": rating.EduCollege, "高等职业": rating.EduCollege,
	"中专": rating.EduSecondary, "高中": rating.EduSecondary, "中职": rating.EduSecondary, "职高": rating.EduSecondary, "技校": rating.EduSecondary, "中技": rating.EduSecondary,
	"初中及以下": rating.EduJunior, "初中": rating.EduJunior, "小学": rating.EduJunior,
}

// ParseEducation reads 学历 and its usual synonyms.
func ParseEducation(s string) (rating.Education, error) {
	v := strings.ReplaceAll(clean(s), " ", "")
	if v == "" {
		return rating.EduUnknown, nil
	}
	if e, ok := educationWords[v]; ok {
		return e, nil
	}
	for _, suffix := range []string{"学历", "毕业", "在读"} {
		if e, ok := educationWords[strings.TrimSuffix(v, suffix)]; ok && suffix != "在读" {
			return e, nil
		}
	}
	return rating.EduUnknown, bad("学历：博士研究生、硕士研究生、本科、专科、中专、高中或初中及以下", "不是可识别的学历")
}

var starWords = map[string]int{
	"一星": 1, "二星": 2, "两星": 2, "三星": 3, "1": 1, "2": 2, "3": 3,
	"一星级": 1, "二星级": 2, "三星级": 3, "1星": 1, "2星": 2, "3星": 3,
	"★": 1, "★★": 2, "★★★": 3,
}

// ParseStars reads 申报星级.
func ParseStars(s string) (int, error) {
	v := clean(s)
	if v == "" {
		return 0, nil
	}
	if n, ok := starWords[v]; ok {
		return n, nil
	}
	return 0, bad("一星、二星或三星", "不是可识别的星级")
}

// ParseAnswer reads the 填报 of a declaration: 是/否 (and variants), or
// 无/兼职/专职 where those are the answers.
func ParseAnswer(s string, answers []string) (string, error) {
	v := clean(s)
	if v == "" {
		return "", nil
	}
	for _, a := range answers {
		if v == a {
			return a, nil
		}
	}
	if len(answers) == 2 { // 是/否
		if t, err := ParseYesNo(v); err == nil {
			if t == rating.Yes {
				return "是", nil
			}
			return "否", nil
		}
	}
	switch v { // 质量监督岗位
	case "全职":
		return "专职", nil
	case "没有", "否":
		return "无", nil
	}
	return "", bad("“"+strings.Join(answers, "”“")+"”之一", "不是可选的填报值")
}

// ParseTrainingKind reads 培训类型; anything but 上岗后专项培训 counts as 其他.
func ParseTrainingKind(s string) (kind string, known bool) {
	v := strings.ReplaceAll(clean(s), " ", "")
	switch v {
	case rating.TrainingPostHire, "上岗后培训", "专项培训", "上岗后专项培训教育":
		return rating.TrainingPostHire, true
	case "其他", "其它":
		return "其他", true
	}
	return "其他", false
}

var idPattern = regexp.MustCompile(`^\d{17}[\dX]$`)

// ParseIDNumber reads a 身份证号. It returns the ID upper-cased, and a
// non-nil error when the check digit of GB 11643 does not hold (a warning:
// the number may still be the person's).
func ParseIDNumber(s string) (string, error) {
	v := strings.ToUpper(strings.ReplaceAll(clean(s), " ", ""))
	if v == "" {
		return "", nil
	}
	if strings.ContainsAny(v, "E+") && serialNumber.MatchString(strings.NewReplacer("E+", "", ".", "").Replace(v)) {
		return v, bad("18 位身份证号（文本格式）", "身份证号被存成了数字，末几位已丢失；请把单元格设为文本后重新录入")
	}
	if !idPattern.MatchString(v) {
		return v, bad("18 位身份证号（17 位数字加 1 位数字或 X）", "身份证号格式不对")
	}
	weights := [17]int{7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2}
	sum := 0
	for i, w := range weights {
		sum += int(v[i]-'0') * w
	}
	if v[17] != "10X98765432"[sum%11] {
		return v, bad("校验位正确的 18 位身份证号", "身份证号校验位不对")
	}
	return v, nil
}

const usccAlphabet = "0123456789ABCDEFGHJKLMNPQRTUWXY"

// ParseUSCC reads a 统一社会信用代码 and checks its GB 32100 check character.
func ParseUSCC(s string) (string, error) {
	v := strings.ToUpper(strings.ReplaceAll(clean(s), " ", ""))
	if v == "" {
		return "", nil
	}
	if len(v) != 18 {
		return v, bad("18 位统一社会信用代码", "统一社会信用代码应为 18 位")
	}
	weights := [17]int{1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28}
	sum := 0
	for i, w := range weights {
		n := strings.IndexByte(usccAlphabet, v[i])
		if n < 0 {
			return v, bad("18 位统一社会信用代码（数字和大写字母，不含 I、O、Z、S、V）", "含有不允许的字符")
		}
		sum += n * w
	}
	check := (31 - sum%31) % 31
	if v[17] != usccAlphabet[check] {
		return v, bad("校验位正确的统一社会信用代码", "统一社会信用代码校验位不对")
	}
	return v, nil
}

// spreadsheetErrors are the error values a formula cell can hold.
var spreadsheetErrors = map[string]bool{
	"#DIV/0!": true, "#N/A": true, "#NAME?": true, "#NULL!": true, "#NUM!": true, "#REF!": true, "#VALUE!": true,
	"#GETTING_DATA": true, "#SPILL!": true, "#CALC!": true,
}
