package rating

import (
	"slices"
	"strings"
)

// This file is rating-model.md §3 "Mistakes only lower" and "Placeholders",
// applied in one place: every metric reads a row through counted, so a
// value that had an error (the row's FieldSet) or only stands for "none"
// never helps the company in any metric.

// placeholders are what a clerk types for "none" in a free-text field
// (rating-model.md §3 "Placeholders"); they mean empty.
var placeholders = []string{"无", "暂无", "没有", "否", "/", "-", "—", "0", "n/a"}

// filled reports whether a free-text value says something: not empty,
// not a placeholder. Full-width forms fold first (「／」 is 「/」, 「Ｎ/Ａ」 is 「N/A」).
func filled(s string) bool {
	v := strings.ToLower(NormalizeName(s))
	return v != "" && !slices.Contains(placeholders, v)
}

// counted returns the person as the metrics may count them: a value with
// an error becomes "not given", which never helps (a bad 学历 is no degree,
// a bad 是否缴纳社保 is not 是, a bad 是否运维人员 keeps the person in the
// om_staff denominator but out of its numerator). 入职日期 and 离职日期 are
// judged by staffStatus.
func (p Person) counted() Person {
	if p.Bad.Has("om") {
		p.OM = Unknown
	}
	if p.Bad.Has("education") {
		p.Education = EduUnknown
	}
	if p.Bad.Has("insurance") {
		p.SocialInsurance = Unknown
	}
	if p.Bad.Has("nda") {
		p.NDA = Unknown
	}
	return p
}

// Qualified reports whether the person holds any of the qualifications of
// clauses 5.k.2.1: 专业技术职称, 安装维护员证书编号 or 安防服务供应商认证
// filled with something other than a placeholder, and read without error.
func (p Person) Qualified() bool {
	return p.holds("title", p.Title) || p.holds("installer", p.InstallerCert) || p.holds("vendor", p.VendorCert)
}

func (p Person) holds(key, v string) bool { return filled(v) && !p.Bad.Has(key) }

// staffing is whether a roster person is staff on the reference date
// Y-12-31 (rating-model.md §3 "Roster reference date").
type staffing int8

const (
	onStaff     staffing = iota // hired on or before Y-12-31, not left by then
	notOnStaff                  // hired after, or left on or before, Y-12-31
	staffUnsure                 // 入职日期 or 离职日期 unknown: counted where it lowers only
)

// staffStatus judges a person against the reference date. A person whose
// dates are unknown cannot be shown to be staff, nor shown not to be: they
// stay in every denominator and every "all staff" check, and help no count.
func (p Person) staffStatus(yearEnd Date) (staffing, string) {
	hiredKnown := !p.Hired.IsZero() && !p.Bad.Has("hired")
	switch {
	case hiredKnown && p.Hired > yearEnd:
		return notOnStaff, "hired"
	case !p.Bad.Has("left") && !p.Left.IsZero() && p.Left <= yearEnd:
		return notOnStaff, "left"
	case !hiredKnown:
		return staffUnsure, "hired"
	case p.Bad.Has("left"):
		return staffUnsure, "left"
	}
	return onStaff, ""
}

// trainingFields are the columns of 培训记录 the training metric reads.
var trainingFields = []string{"date", "title", "kind", "hours", "name", "id"}

// firstBad returns the first of keys in the set, or "".
func (s FieldSet) firstBad(keys []string) string {
	for _, k := range keys {
		if s.Has(k) {
			return k
		}
	}
	return ""
}

// contractFields are the columns of 维保合同 without which a contract is no
// client, no amount and no renewal.
var contractFields = []string{"client", "start", "end", "amount"}

// counted returns the contract as the metrics may count it, or the column
// key that keeps it from counting at all: a value with an error, a missing
// date (an undated contract is no client: rating-model.md §3), a term that
// ends before it starts, a 合计 row. A bad 是否重点保卫单位 is not 是; a bad
// 签订日期 is no date.
func (c Contract) counted() (Contract, string) {
	if k := c.Bad.firstBad(contractFields); k != "" {
		return c, k
	}
	switch {
	case !filled(c.Client) || isTotalRow(c.Client):
		return c, "client"
	case c.Start.IsZero():
		return c, "start"
	case c.End.IsZero() || c.End < c.Start:
		return c, "end"
	}
	if c.Bad.Has("vip") {
		c.VIP = Unknown
	}
	if c.Bad.Has("signed") {
		c.Signed = 0
	}
	return c, ""
}

// isTotalRow reports a 合计 / 小计 / 总计 line typed under a table: it is
// not data (rating-model.md §3). The word stands alone or before a colon
// or bracket (合计：, 合计（元）), so a name that merely begins with it
// (总计算机…) is still a client.
func isTotalRow(s string) bool {
	v := NormalizeName(s)
	for _, w := range []string{"合计", "小计", "总计"} {
		if rest, ok := strings.CutPrefix(v, w); ok && (rest == "" || strings.ContainsAny(rest[:1], ":(")) {
			return true
		}
	}
	return false
}
