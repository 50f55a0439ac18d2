package rating

import (
	"fmt"
	"math/big"
	"slices"
	"strconv"
)

// Metrics are the numbers rating-model.md §3 derives from the tables of an
// application, under the profile's parameters.
type Metrics struct {
	StaffTotal     int   // persons on the roster on Y-12-31
	OMStaff        int   // of whom 是否运维人员 is not 否
	QualifiedStaff int   // clauses 5.k.2.1
	DegreeRatio    Ratio // clauses 5.k.2.2
	ClientsInYear  int   // clauses 5.k.4.1
	// AmountInYear is the contract amount of the evaluation year in 元,
	// exact (a prorated amount is a fraction of a 分).
	AmountInYear *big.Rat
	Renewals     int   // continued-service contracts, clauses 5.2.4.1 and 5.3.4.1
	VIPRatio5y   Ratio // clauses 5.2.4.2 and 5.3.4.2
	// SurveyScore is the year's score by survey_aggregate; nil when no
	// survey counted.
	SurveyScore *big.Rat
	SurveyCount int
}

// metricKind says how a metric is compared, shown and its shortfall counted.
type metricKind int

const (
	countMetric metricKind = iota // whole units: shortfall threshold − value
	ratioMetric                   // Num/Den: shortfall in units added (rating-model.md §3 "Shortfalls")
	moneyMetric                   // 元: shortfall to the fen, rounded up
	scoreMetric                   // 分: shortfall to 0.01, rounded up
)

// metricSpec is everything about one metric, in one place: what the
// applicant reads, how it is measured and shown, why it may be undefined,
// how its shortfall is worded. The numbers it is compared with come from
// the profile.
type metricSpec struct {
	label    string // what is counted, in the applicant's words
	unit     string // 人, 个, 元, 分, 次, 份; for a ratio, the unit added
	word     string // how the standard words ">=": 不少于 or 不低于
	kind     metricKind
	category string // the review record's check code that verifies the rows counted
	short    string // the key of its Shortfall in results.json (clients, amount …)
	count    func(*Metrics) int
	ratio    func(*Metrics) Ratio
	exact    func(*Metrics) *big.Rat // money and score; nil when undefined
	// undefined says why the value cannot be computed (a ratio of nobody,
	// a score without surveys).
	undefined func(year int) string
	// For a ratio: a unit added, written after its number (名专科以上学历运维人员),
	// and what grows with it; onlyNum, when it holds, says the
	// denominator stays (the unit is already counted in it) and words it.
	adds, grows string
	onlyNum     func(Parameters) (string, bool)
}

var metricSpecs = map[string]metricSpec{
	"staff_total": {label: "年末在册人员", unit: "人", word: "不少于", short: "staff",
		count: func(m *Metrics) int { return m.StaffTotal }},
	"om_staff": {label: "运维人员", unit: "人", word: "不少于", short: "om_staff",
		count: func(m *Metrics) int { return m.OMStaff }},
	"qualified_staff": {label: "具有资格人员", unit: "人", word: "不少于", category: "staff", short: "qualified_staff",
		count: func(m *Metrics) int { return m.QualifiedStaff }},
	"degree_ratio": {label: "运维人员专科以上学历占比", unit: "人", word: "不低于", kind: ratioMetric, category: "degree", short: "degree_staff",
		ratio:     func(m *Metrics) Ratio { return m.DegreeRatio },
		undefined: func(int) string { return "无可计入的人员" },
		adds:      "名专科以上学历运维人员", grows: "全员",
		onlyNum: func(p Parameters) (string, bool) {
			return "名运维人员达到专科以上学历", p.DegreeDenominator == DegreeOMStaff
		}},
	"clients_in_year": {label: "年度承接维护服务单位", unit: "个", word: "不少于", category: "contract", short: "clients",
		count: func(m *Metrics) int { return m.ClientsInYear }},
	"amount_in_year": {label: "年度维护保养合同金额", unit: "元", word: "不低于", kind: moneyMetric, category: "contract", short: "amount",
		exact: func(m *Metrics) *big.Rat { return m.AmountInYear }},
	"renewals": {label: "连续服务", unit: "次", word: "不少于", category: "contract", short: "renewals",
		count: func(m *Metrics) int { return m.Renewals }},
	"vip_ratio_5y": {label: "5年内重点保卫单位占比", unit: "个", word: "不低于", kind: ratioMetric, category: "contract", short: "vip_clients",
		ratio:     func(m *Metrics) Ratio { return m.VIPRatio5y },
		undefined: func(int) string { return "5年内无可计入的维保合同" },
		adds:      "个重点保卫单位用户", grows: "服务单位总数"},
	"survey_score": {label: "用户评价得分", unit: "分", word: "不低于", kind: scoreMetric, category: "survey", short: "survey_score",
		exact:     func(m *Metrics) *big.Rat { return m.SurveyScore },
		undefined: func(y int) string { return fmt.Sprintf("%d 年内无可计入的用户评价", y) }},
	"survey_count": {label: "年度用户评价", unit: "份", word: "不少于", category: "survey", short: "surveys",
		count: func(m *Metrics) int { return m.SurveyCount }},
}

// opWords are the comparisons a metric check may use, in the standard's words.
var opWords = map[string]string{">=": "", ">": "超过"}

// value returns the metric as an exact number, or nil when it is undefined.
func (s metricSpec) value(m *Metrics) *big.Rat {
	switch s.kind {
	case ratioMetric:
		return s.ratio(m).Rat()
	case moneyMetric, scoreMetric:
		if v := s.exact(m); v != nil {
			return new(big.Rat).Set(v)
		}
		return nil
	}
	return big.NewRat(int64(s.count(m)), 1)
}

// show writes the metric for people: 17 人, 58.33%（7/12）, 312345.67 元
// (cut, not rounded, so a shown 59.99 never passes 60).
func (s metricSpec) show(m *Metrics) string {
	if s.kind == ratioMetric {
		r := s.ratio(m)
		if !r.Defined() {
			return "—"
		}
		return r.Percent() + "（" + strconv.Itoa(r.Num) + "/" + strconv.Itoa(r.Den) + "）"
	}
	v := s.value(m)
	if v == nil {
		return "—"
	}
	return floorString(v, 2) + " " + s.unit
}

// showThreshold writes a threshold in the metric's terms: 50%, 20 人.
func (s metricSpec) showThreshold(t *Threshold) string {
	if s.kind == ratioMetric {
		return t.String()
	}
	return t.String() + " " + s.unit
}

// meets reports whether v passes want by op (">=" or ">").
func meets(v, want *big.Rat, strict bool) bool {
	c := v.Cmp(want)
	return c > 0 || c == 0 && !strict
}

// shortfall is the least amount that, added, makes a failing metric pass
// (rating-model.md §3 "Shortfalls"), with its sentence. ok is false when
// no amount can (a ratio of 100% that some unit already misses).
func (s metricSpec) shortfall(m *Metrics, p Parameters, want *big.Rat, strict bool) (sf Shortfall, text string, ok bool) {
	sf = Shortfall{Metric: s.short, Unit: s.unit}
	switch s.kind {
	case countMetric:
		n := int64(s.count(m))
		x := ceilInt(want).Int64() - n
		if strict && meets(big.NewRat(n+x, 1), want, false) && !meets(big.NewRat(n+x, 1), want, true) {
			x++
		}
		sf.Value = big.NewRat(max(x, 1), 1)
		return sf, fmt.Sprintf("差 %s %s", sf.Value.RatString(), s.unit), true
	case ratioMetric:
		r := s.ratio(m)
		numOnlyText, numOnly := "", false
		if s.onlyNum != nil {
			numOnlyText, numOnly = s.onlyNum(p)
		}
		var x int64
		if numOnly && r.Den > 0 {
			x, ok = ratioNumeratorGap(r, want, strict)
		} else {
			x, ok = ratioBothGap(r, want, strict)
		}
		if !ok {
			return sf, "仅靠增加无法达到", false
		}
		sf.Value = big.NewRat(x, 1)
		if numOnly && r.Den > 0 {
			return sf, fmt.Sprintf("需再有 %d %s", x, numOnlyText), true
		}
		return sf, fmt.Sprintf("需再增加 %d %s（%s同时增加）", x, s.adds, s.grows), true
	default:
		v := s.value(m)
		if v == nil {
			v = new(big.Rat)
		}
		gap := roundUp(new(big.Rat).Sub(want, v), 2)
		if strict && !meets(new(big.Rat).Add(v, gap), want, true) {
			gap.Add(gap, big.NewRat(1, 100))
		}
		if gap.Cmp(big.NewRat(1, 100)) < 0 {
			gap = big.NewRat(1, 100)
		}
		sf.Value = gap
		return sf, fmt.Sprintf("差 %s %s", floorString(gap, 2), s.unit), true
	}
}

// ratioBothGap is the least x ≥ 1 with (num+x)/(den+x) reaching p, when one
// added unit raises numerator and denominator both:
// ⌈(p·den − num)/(1 − p)⌉. No x reaches p ≥ 1 unless num = den already.
func ratioBothGap(r Ratio, p *big.Rat, strict bool) (int64, bool) {
	one := big.NewRat(1, 1)
	if p.Cmp(one) > 0 || p.Cmp(one) == 0 && (strict || r.Num < r.Den) {
		return 0, false
	}
	x := int64(1)
	if p.Cmp(one) < 0 {
		top := new(big.Rat).Sub(new(big.Rat).Mul(p, big.NewRat(int64(r.Den), 1)), big.NewRat(int64(r.Num), 1))
		x = max(ceilInt(top.Quo(top, new(big.Rat).Sub(one, p))).Int64(), 1)
	}
	// Exactly on p under ">" needs one more.
	for !meets(big.NewRat(int64(r.Num)+x, int64(r.Den)+x), p, strict) {
		x++
	}
	return x, true
}

// ratioNumeratorGap is the least x ≥ 1 with (num+x)/den reaching p, when the
// units are already in the denominator: ⌈p·den⌉ − num, at most den − num.
func ratioNumeratorGap(r Ratio, p *big.Rat, strict bool) (int64, bool) {
	x := max(ceilInt(new(big.Rat).Mul(p, big.NewRat(int64(r.Den), 1))).Int64()-int64(r.Num), 1)
	if !meets(big.NewRat(int64(r.Num)+x, int64(r.Den)), p, strict) {
		x++
	}
	if int64(r.Num)+x > int64(r.Den) {
		return 0, false
	}
	return x, true
}

func ceilInt(x *big.Rat) *big.Int {
	q, rem := new(big.Int).QuoRem(x.Num(), x.Denom(), new(big.Int))
	if rem.Sign() > 0 {
		q.Add(q, big.NewInt(1))
	}
	return q
}

// roundUp rounds a rational up to the given decimals, so a stated shortfall
// is always enough.
func roundUp(x *big.Rat, decimals int) *big.Rat {
	scale := new(big.Int).Exp(big.NewInt(10), big.NewInt(int64(decimals)), nil)
	up := ceilInt(new(big.Rat).Mul(x, new(big.Rat).SetInt(scale)))
	return new(big.Rat).SetFrac(up, scale)
}

// measurement is an application prepared for its checks: the roster without
// duplicates, who is staff on Y-12-31, each person's training, worked out
// once, and the notes on rows the metrics set aside.
type measurement struct {
	app    *Application
	params Parameters
	year   Period
	// persons are the distinct persons of the roster (first row of each
	// 身份证号), as the metrics may count them.
	persons []Person
	// staff are the indexes into persons of the staff on Y-12-31;
	// unsure[k] marks staff[k] whose 入职日期 or 离职日期 is unknown (they
	// only lower), hireUnknown[k] those whose 入职日期 is (no training of
	// theirs can be shown to be 上岗后).
	staff       []int
	unsure      []bool
	hireUnknown []bool
	// trained[i] is the training of persons[i] that counts in the year:
	// the longest session, or the year's total, by training_mode.
	trained []Decimal
	// exempt[i]: persons[i] was hired too late in the year to be held to
	// the training clauses (new_hire_grace_days).
	exempt []bool
	// clientsOfYear are the normalised names of the clients with a counted
	// contract overlapping the year.
	clientsOfYear map[string]bool
	notes         []Note
	Metrics
}

func measure(app *Application, params Parameters) *measurement {
	m := &measurement{app: app, params: params, year: YearPeriod(app.Company.Year)}
	m.measureStaff()
	m.measureTraining()
	m.measureContracts()
	m.measureSurveys()
	return m
}

func (m *measurement) note(ref Ref, field string, code Code, value, expected, format string, args ...any) {
	m.notes = append(m.notes, Note{Ref: ref, Field: field, Severity: SeverityWarning, Code: code,
		Value: value, Expected: expected, Message: fmt.Sprintf(format, args...)})
}

// rowName names a row in a message: 人员名册 第 12 行.
func rowName(r Ref) string {
	if r.Row > 0 {
		return fmt.Sprintf("%s 第 %d 行", r.Sheet, r.Row)
	}
	return r.Sheet
}

// measureStaff: who is staff on Y-12-31, and clauses 5.k.2.1 and 5.k.2.2.
func (m *measurement) measureStaff() {
	y := m.app.Company.Year
	first := make(map[string]Ref, len(m.app.Staff))
	for _, p := range m.app.Staff {
		if p.ID != "" {
			if ref, dup := first[p.ID]; dup {
				// A reader that marks the ID bad has reported the duplicate
				// itself (the importer: an error saying the row is not
				// counted); one message per fact.
				if !p.Bad.Has("id") {
					m.note(p.Ref, "id", CodeDuplicate, p.ID, "每人一行",
						"与%s为同一人（身份证号相同），本行不另计，按%s计", rowName(ref), rowName(ref))
				}
				continue
			}
			first[p.ID] = p.Ref
		}
		i := len(m.persons)
		m.persons = append(m.persons, p.counted())
		status, field := p.staffStatus(m.year.To)
		if status == notOnStaff {
			what, value, rel := "入职日期", p.Hired, "晚于"
			if field == "left" {
				what, value, rel = "离职日期", p.Left, "不晚于"
			}
			m.note(p.Ref, field, CodeExcluded, value.String(), fmt.Sprintf("%d-12-31 仍在册", y),
				"%s%s %s %s %s，不计入 %d 年末在册人员", p.Name, what, value, rel, m.year.To, y)
			continue
		}
		if status == staffUnsure {
			what, then := "入职日期未填或有误", "，其培训不能证明为上岗后培训"
			if field == "left" {
				what, then = "离职日期有误", ""
			}
			m.note(p.Ref, field, CodeExcluded, "", "", "%s，无法确定是否为 %d 年末在册人员：仍计入全员人数和全员要求，不计为资格人员或专科以上运维人员%s",
				what, y, then)
		}
		m.staff = append(m.staff, i)
		m.unsure = append(m.unsure, status == staffUnsure)
		m.hireUnknown = append(m.hireUnknown, status == staffUnsure && field == "hired")
	}
	degreed := 0
	for k, i := range m.staff {
		p := m.persons[i]
		if p.OM != No {
			m.OMStaff++ // a missing or bad answer stays in the om_staff denominator
		}
		if m.unsure[k] {
			continue
		}
		if p.Qualified() {
			m.QualifiedStaff++
		}
		if p.OM == Yes && p.Education >= EduCollege {
			degreed++
		}
	}
	m.StaffTotal = len(m.staff)
	den := m.StaffTotal
	if m.params.DegreeDenominator == DegreeOMStaff {
		den = m.OMStaff
	}
	m.DegreeRatio = Ratio{degreed, den}
}

// Roster finds the person a training row is about: by 身份证号 when the row
// has one, else by 姓名 when that name fits exactly one person. A person is
// a 身份证号 (two roster rows with one ID are one person, counted at its
// first row), or a roster row without an ID (which may not be merged with
// another row of the same name: nothing says they are one person).
type Roster struct {
	byID   map[string]int
	byName map[string][]int // name → the first row of each distinct person of that name
}

// NewRoster indexes persons.
func NewRoster(persons []Person) *Roster {
	r := &Roster{byID: make(map[string]int, len(persons)), byName: make(map[string][]int, len(persons))}
	for i, p := range persons {
		if p.ID != "" {
			if _, dup := r.byID[p.ID]; dup {
				continue
			}
			r.byID[p.ID] = i
		}
		r.byName[p.Name] = append(r.byName[p.Name], i)
	}
	return r
}

// Match returns the index of the attendee of t among the persons: false
// when the row names nobody on the roster or, by name alone, several
// persons.
func (r *Roster) Match(t Training) (int, bool) {
	i, n := r.find(t)
	return i, n == 1
}

// find returns the attendee's index and how many persons the row could
// be: 0 (nobody), 1, or several persons of that name when the row gives no
// ID.
func (r *Roster) find(t Training) (int, int) {
	if t.PersonID != "" {
		i, ok := r.byID[t.PersonID]
		if !ok {
			return -1, 0
		}
		return i, 1
	}
	switch is := r.byName[t.Name]; len(is) {
	case 0:
		return -1, 0
	case 1:
		return is[0], 1
	default:
		return -1, len(is)
	}
}

// named reports whether a person of that name is on the roster.
func (r *Roster) named(name string) bool { return len(r.byName[name]) > 0 }

// measureTraining: the training part of clauses 5.k.2.3. A session is the
// rows of one person and one 培训名称 from its first date to first +
// session_span_days − 1 (a two-day course is one session); it belongs to
// the year of its first date. Training before 入职日期 is not 上岗后.
func (m *measurement) measureTraining() {
	y := m.app.Company.Year
	roster := NewRoster(m.persons)
	onStaff := make([]int, len(m.persons)) // 1 + index into m.staff, 0 when not staff
	for k, i := range m.staff {
		onStaff[i] = k + 1
	}
	type key struct {
		person int
		title  string
	}
	rows := map[key][]Training{}
	total := make([]Decimal, len(m.persons))
	for _, t := range m.app.Trainings {
		if k := t.Bad.firstBad(trainingFields); k != "" {
			m.note(t.Ref, k, CodeExcluded, "", "", "本行%s有误，不计入任何人的培训", trainingLabels[k])
			continue
		}
		if t.Kind != TrainingPostHire {
			continue
		}
		i, n := roster.find(t)
		switch {
		case n == 0 && t.PersonID != "" && roster.named(t.Name):
			m.note(t.Ref, "id", CodeUnmatched, t.PersonID, "人员名册中「"+t.Name+"」的身份证号",
				"参训人员身份证号与人员名册中「%s」的身份证号不同，无法确定是谁，本行不计入任何人的培训", t.Name)
			continue
		case n == 0 && t.PersonID != "":
			m.note(t.Ref, "id", CodeUnmatched, t.PersonID, "人员名册中的身份证号",
				"参训人员身份证号不在人员名册中，本行不计入任何人的培训")
			continue
		case n == 0:
			m.note(t.Ref, "name", CodeUnmatched, t.Name, "人员名册中的姓名",
				"参训人员「%s」不在人员名册中，本行不计入任何人的培训", t.Name)
			continue
		case n > 1:
			m.note(t.Ref, "id", CodeUnmatched, t.Name, "参训人员身份证号",
				"人员名册中有 %d 个不同的人名为「%s」，本行未填身份证号，无法确定是谁，不计入任何人的培训；请填写参训人员身份证号", n, t.Name)
			continue
		}
		p := m.persons[i]
		if onStaff[i] == 0 {
			if m.year.Contains(t.Date) {
				m.note(t.Ref, "name", CodeExcluded, t.Name, "", "参训人员「%s」不计入 %d 年末在册人员，本行不计", t.Name, y)
			}
			continue
		}
		if m.hireUnknown[onStaff[i]-1] {
			continue // no training can be shown to be 上岗后
		}
		if t.Date < p.Hired {
			m.note(t.Ref, "date", CodeExcluded, t.Date.String(), "不早于入职日期 "+p.Hired.String(),
				"培训日期 %s 早于「%s」的入职日期 %s，不计入上岗后专项培训", t.Date, p.Name, p.Hired)
			continue
		}
		if m.year.Contains(t.Date) {
			total[i] += t.Hours
		}
		k := key{i, NormalizeName(t.Title)}
		rows[k] = append(rows[k], t)
	}
	m.trained = make([]Decimal, len(m.persons))
	if m.params.TrainingMode == TrainingAnnualTotal {
		copy(m.trained, total)
	} else {
		span := Date(m.params.SessionSpanDays)
		for k, ts := range rows {
			slices.SortStableFunc(ts, func(a, b Training) int { return int(a.Date - b.Date) })
			for s := 0; s < len(ts); {
				first, hours := ts[s].Date, Decimal(0)
				for ; s < len(ts) && ts[s].Date <= first+span-1; s++ {
					hours += ts[s].Hours
				}
				if m.year.Contains(first) && hours > m.trained[k.person] {
					m.trained[k.person] = hours
				}
			}
		}
	}
	// Exempt: hired after Y-12-31 minus new_hire_grace_days days.
	graceAfter := m.year.To - Date(m.params.NewHireGraceDays)
	m.exempt = make([]bool, len(m.persons))
	for k, i := range m.staff {
		m.exempt[i] = !m.hireUnknown[k] && m.persons[i].Hired > graceAfter
	}
}

// trainingLabels are the headers of 培训记录 by column key, for notes.
var trainingLabels = map[string]string{
	"date": "培训日期", "title": "培训名称", "kind": "培训类型", "hours": "学时", "name": "参训人员姓名", "id": "参训人员身份证号",
}

// contractLabels are the headers of 维保合同 by column key, for notes.
var contractLabels = map[string]string{
	"client": "用户单位名称", "start": "服务开始日期", "end": "服务结束日期", "amount": "合同金额",
}

// measureContracts: clauses 5.k.4.1, 5.2.4.2 and 5.3.4.2.
func (m *measurement) measureContracts() {
	window := Period{NewDate(m.app.Company.Year-4, 1, 1), m.year.To}
	m.clientsOfYear = map[string]bool{}
	inWindow := map[string]bool{}
	vip := map[string]bool{}
	amount := new(big.Rat)
	var counted []Contract
	for _, c := range m.app.Contracts {
		c, bad := c.counted()
		if bad != "" {
			m.note(c.Ref, bad, CodeExcluded, "", "", "%s，本合同不计为服务单位，不计金额和连续服务", contractFault(c, bad))
			continue
		}
		counted = append(counted, c)
		client := NormalizeName(c.Client)
		if c.Term().Intersect(m.year).Days() > 0 {
			m.clientsOfYear[client] = true
		}
		if c.Term().Intersect(window).Days() > 0 {
			inWindow[client] = true
			if c.VIP == Yes {
				vip[client] = true
			}
		}
		amount.Add(amount, m.contractAmount(c))
	}
	m.ClientsInYear = len(m.clientsOfYear)
	m.VIPRatio5y = Ratio{len(vip), len(inWindow)}
	m.AmountInYear = amount.Quo(amount, big.NewRat(100, 1)) // 分 → 元
	m.Renewals = renewals(counted, m.year, m.params.RenewalGapDays)
}

// contractFault says why a contract counts for nothing.
func contractFault(c Contract, key string) string {
	switch {
	case c.Bad.Has(key):
		return contractLabels[key] + "有误"
	case key == "client" && isTotalRow(c.Client):
		return "「" + c.Client + "」是合计行，不是合同"
	case key == "client":
		return "用户单位名称未填"
	case key == "start":
		return "服务开始日期未填"
	case c.End.IsZero():
		return "服务结束日期未填"
	}
	return "服务结束日期早于开始日期"
}

// contractAmount is the part of a contract's amount, in 分, that falls in the
// evaluation year by amount_basis.
func (m *measurement) contractAmount(c Contract) *big.Rat {
	term := c.Term()
	switch m.params.AmountBasis {
	case AmountFull:
		if term.Intersect(m.year).Days() > 0 {
			return big.NewRat(int64(c.Amount), 1)
		}
	case AmountSigned:
		if m.year.Contains(c.Signed) {
			return big.NewRat(int64(c.Amount), 1)
		}
	default: // prorate: amount × days of the term inside the year ÷ days of the term
		if in := term.Intersect(m.year).Days(); in > 0 {
			r := big.NewRat(int64(c.Amount), 1)
			return r.Mul(r, big.NewRat(int64(in), int64(term.Days())))
		}
	}
	return new(big.Rat)
}

// renewals counts the contracts that continue an earlier one of the same
// client: the earlier one ends at most gapDays before this one starts
// (a tail overlap counts), this one starts and ends after it (a nested or
// same-day contract is parallel), and this one's term overlaps the year
// (the continuity is kept in Y). Contracts are counted ones only.
func renewals(contracts []Contract, year Period, gapDays int) int {
	clients := make([]string, len(contracts))
	for i, c := range contracts {
		clients[i] = NormalizeName(c.Client)
	}
	n := 0
	for i, c := range contracts {
		if c.Term().Intersect(year).Days() == 0 {
			continue
		}
		for j, p := range contracts {
			if i == j || clients[j] != clients[i] || p.Start >= c.Start || p.End >= c.End {
				continue
			}
			if int(c.Start-p.End) <= gapDays {
				n++
				break
			}
		}
	}
	return n
}

// measureSurveys: clauses 5.k.3.2 and 5.k.4.2/5.k.4.3. A survey counts
// when it has no error, is dated in Y, comes from a client of Y, and is not
// the same survey twice (same client, date and total: the sheet row and
// its 表A.1 form).
func (m *measurement) measureSurveys() {
	y := m.app.Company.Year
	type key struct {
		client string
		date   Date
		total  Decimal
	}
	seen := map[key]Ref{}
	var clients []string // in first-survey order, for a stable mean
	byClient := map[string][]Decimal{}
	for _, s := range m.app.Surveys {
		if len(s.Bad) > 0 {
			m.note(s.Ref, s.Bad[0], CodeExcluded, "", "", "本份评价有填写错误，不计入用户评价")
			continue
		}
		if !m.year.Contains(s.Date) {
			m.note(s.Ref, "date", CodeExcluded, s.Date.String(), fmt.Sprintf("%d 年内的日期", y),
				"评价日期 %s 不在 %d 年内，本份评价不计", s.Date, y)
			continue
		}
		client := NormalizeName(s.Client)
		if !m.clientsOfYear[client] {
			m.note(s.Ref, "client", CodeUnmatched, s.Client, fmt.Sprintf("%d 年有维保合同的用户单位", y),
				"用户单位「%s」在 %d 年没有计入的维保合同，本份评价不计", s.Client, y)
			continue
		}
		k := key{client, s.Date, s.Total()}
		if ref, dup := seen[k]; dup {
			m.note(s.Ref, "", CodeDuplicate, "", "",
				"与%s为同一份评价（同一用户单位、评价日期和总分），只计一次", rowName(ref))
			continue
		}
		seen[k] = s.Ref
		if _, ok := byClient[client]; !ok {
			clients = append(clients, client)
		}
		byClient[client] = append(byClient[client], s.Total())
		m.SurveyCount++
	}
	if m.SurveyCount == 0 {
		return
	}
	switch m.params.SurveyAggregate {
	case SurveyMin:
		low := byClient[clients[0]][0]
		for _, ts := range byClient {
			low = min(low, slices.Min(ts))
		}
		m.SurveyScore = low.Rat()
	case SurveyMean:
		var sum Decimal
		for _, ts := range byClient {
			for _, t := range ts {
				sum += t
			}
		}
		m.SurveyScore = new(big.Rat).Quo(sum.Rat(), big.NewRat(int64(m.SurveyCount), 1))
	default: // client_mean: a client counts once however many forms it filled
		score := new(big.Rat)
		for _, c := range clients {
			var sum Decimal
			for _, t := range byClient[c] {
				sum += t
			}
			score.Add(score, new(big.Rat).Quo(sum.Rat(), big.NewRat(int64(len(byClient[c])), 1)))
		}
		m.SurveyScore = score.Quo(score, big.NewRat(int64(len(clients)), 1))
	}
}
