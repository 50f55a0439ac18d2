package rating

import (
	"math/big"
	"strconv"
)

// Metrics are the numbers rating-model.md §3 derives from the tables of an
// application, under the profile's parameters.
type Metrics struct {
	StaffTotal     int   // distinct persons on the roster
	OMStaff        int   // of whom 是否运维人员 = 是
	QualifiedStaff int   // clauses 5.k.2.1
	DegreeRatio    Ratio // clauses 5.k.2.2
	ClientsInYear  int   // clauses 5.k.4.1
	// AmountInYear is the contract amount of the evaluation year in 元,
	// exact (a prorated amount is a fraction of a 分).
	AmountInYear *big.Rat
	Renewals     int   // continued-service contracts, clauses 5.2.4.1 and 5.3.4.1
	VIPRatio5y   Ratio // clauses 5.2.4.2 and 5.3.4.2
	// SurveyScore is the mean or minimum survey total of the year; nil when
	// there was no survey.
	SurveyScore *big.Rat
	SurveyCount int
}

// metricKind says how a metric is shown and how its shortfall is counted.
type metricKind int

const (
	countMetric metricKind = iota
	ratioMetric
	moneyMetric
	scoreMetric
)

// metricDef describes a metric for messages; the numbers it is compared with
// come from the profile.
type metricDef struct {
	label string // what is counted, in the applicant's words
	unit  string
	word  string // how the standard words ">=": 不少于 or 不低于
	kind  metricKind
	// category: the review record's check code that verifies the rows counted
	category string
}

var metricDefs = map[string]metricDef{
	"staff_total":     {"在册人员", "人", "不少于", countMetric, "staff"},
	"om_staff":        {"运维人员", "人", "不少于", countMetric, "staff"},
	"qualified_staff": {"具有资格人员", "人", "不少于", countMetric, "staff"},
	"degree_ratio":    {"运维人员专科以上学历占比", "", "不低于", ratioMetric, "degree"},
	"clients_in_year": {"年度承接维护服务单位", "个", "不少于", countMetric, "contract"},
	"amount_in_year":  {"年度维护保养合同金额", "元", "不低于", moneyMetric, "contract"},
	"renewals":        {"连续服务", "次", "不少于", countMetric, "contract"},
	"vip_ratio_5y":    {"5年内重点保卫单位占比", "", "不低于", ratioMetric, "contract"},
	"survey_score":    {"用户评价得分", "分", "不低于", scoreMetric, "survey"},
	"survey_count":    {"年度用户评价", "份", "不少于", countMetric, "survey"},
}

// opWords are the comparisons a metric check may use, in the standard's words.
var opWords = map[string]string{">=": "", ">": "超过"}

// value returns a metric as an exact number, or nil when it is undefined
// (a ratio of nobody, a score without surveys).
func (m *Metrics) value(name string) *big.Rat {
	count := func(n int) *big.Rat { return big.NewRat(int64(n), 1) }
	switch name {
	case "staff_total":
		return count(m.StaffTotal)
	case "om_staff":
		return count(m.OMStaff)
	case "qualified_staff":
		return count(m.QualifiedStaff)
	case "degree_ratio":
		return m.DegreeRatio.Rat()
	case "clients_in_year":
		return count(m.ClientsInYear)
	case "amount_in_year":
		return m.AmountInYear
	case "renewals":
		return count(m.Renewals)
	case "vip_ratio_5y":
		return m.VIPRatio5y.Rat()
	case "survey_score":
		return m.SurveyScore
	case "survey_count":
		return count(m.SurveyCount)
	}
	return nil
}

// show writes a metric for people: 17, 58.33%, 312345.67 (cut, not rounded).
func (m *Metrics) show(name string) string {
	def := metricDefs[name]
	switch def.kind {
	case ratioMetric:
		r := m.DegreeRatio
		if name == "vip_ratio_5y" {
			r = m.VIPRatio5y
		}
		if !r.Defined() {
			return "—"
		}
		return r.Percent() + "（" + strconv.Itoa(r.Num) + "/" + strconv.Itoa(r.Den) + "）"
	default:
		v := m.value(name)
		if v == nil {
			return "—"
		}
		return floorString(v, 2)
	}
}

// measurement is an application prepared for its checks: the roster without
// duplicates and each person's training, worked out once.
type measurement struct {
	app     *Application
	params  Parameters
	year    Period
	persons []Person
	// trained[i] is the training of persons[i] that counts in the year:
	// the longest session, or the year's total, by training_mode.
	trained []Decimal
	// exempt[i]: persons[i] was hired too late in the year to be held to
	// the training clauses (new_hire_grace_days, or hired after the year).
	exempt []bool
	notes  []Note
	Metrics
}

func measure(app *Application, params Parameters) *measurement {
	m := &measurement{app: app, params: params, year: YearPeriod(app.Company.Year)}
	m.persons = distinctPersons(app.Staff)
	m.measureStaff()
	m.measureTraining()
	m.measureContracts()
	m.measureSurveys()
	return m
}

// distinctPersons keeps the first row of each 身份证号. A person without an
// ID cannot be matched and counts on their own.
func distinctPersons(staff []Person) []Person {
	seen := make(map[string]bool, len(staff))
	out := make([]Person, 0, len(staff))
	for _, p := range staff {
		if p.ID != "" {
			if seen[p.ID] {
				continue
			}
			seen[p.ID] = true
		}
		out = append(out, p)
	}
	return out
}

// Roster finds the person a training row is about: by 身份证号 when the row
// has one, else by 姓名 when exactly one person has that name.
type Roster struct {
	byID   map[string]int
	byName map[string]int // -1: several people of that name
}

// NewRoster indexes persons.
func NewRoster(persons []Person) *Roster {
	r := &Roster{byID: make(map[string]int, len(persons)), byName: make(map[string]int, len(persons))}
	for i, p := range persons {
		if p.ID != "" {
			if _, dup := r.byID[p.ID]; !dup {
				r.byID[p.ID] = i
			}
		}
		if _, dup := r.byName[p.Name]; dup {
			r.byName[p.Name] = -1
		} else {
			r.byName[p.Name] = i
		}
	}
	return r
}

// Match returns the index of the attendee of t among the persons.
func (r *Roster) Match(t Training) (int, bool) {
	i, ok := r.byName[t.Name]
	if t.PersonID != "" {
		i, ok = r.byID[t.PersonID]
	}
	return i, ok && i >= 0
}

// measureStaff: clauses 5.k.2.1 and 5.k.2.2.
func (m *measurement) measureStaff() {
	m.StaffTotal = len(m.persons)
	degreed := 0
	for _, p := range m.persons {
		if p.Qualified() {
			m.QualifiedStaff++
		}
		if p.OM == Yes {
			m.OMStaff++
			if p.Education >= EduCollege {
				degreed++
			}
		}
	}
	den := m.StaffTotal
	if m.params.DegreeDenominator == "om_staff" {
		den = m.OMStaff
	}
	m.DegreeRatio = Ratio{degreed, den}
}

// measureTraining: the training part of clauses 5.k.2.3. A session is one
// training (培训名称) on one day; several rows of the same session for the
// same person add up, as a full day is sometimes entered as two half days.
func (m *measurement) measureTraining() {
	roster := NewRoster(m.persons)
	type session struct {
		person int
		date   Date
		title  string
	}
	sessions := map[session]Decimal{}
	total := make([]Decimal, len(m.persons))
	for _, t := range m.app.Trainings {
		i, ok := roster.Match(t)
		if !ok || t.Kind != TrainingPostHire || !m.year.Contains(t.Date) {
			continue
		}
		if hired := m.persons[i].Hired; !hired.IsZero() && t.Date < hired {
			continue // training before joining is not 上岗后
		}
		sessions[session{i, t.Date, NormalizeName(t.Title)}] += t.Hours
		total[i] += t.Hours
	}
	m.trained = make([]Decimal, len(m.persons))
	if m.params.TrainingMode == "annual_total" {
		copy(m.trained, total)
	} else {
		for s, h := range sessions {
			if h > m.trained[s.person] {
				m.trained[s.person] = h
			}
		}
	}
	// Grace: hired in the last new_hire_grace_days days of the year, or after it.
	graceFrom := m.year.To - Date(m.params.NewHireGraceDays) + 1
	m.exempt = make([]bool, len(m.persons))
	for i, p := range m.persons {
		m.exempt[i] = !p.Hired.IsZero() && p.Hired >= graceFrom
	}
}

// measureContracts: clauses 5.k.4.1, 5.2.4.2 and 5.3.4.2.
func (m *measurement) measureContracts() {
	window := Period{NewDate(m.app.Company.Year-4, 1, 1), m.year.To}
	inYear := map[string]bool{}
	inWindow := map[string]bool{}
	vip := map[string]bool{}
	amount := new(big.Rat)
	for _, c := range m.app.Contracts {
		term := c.Term()
		if term.Days() == 0 {
			continue // end before start: reported by the importer, counts for nothing
		}
		client := NormalizeName(c.Client)
		if term.Intersect(m.year).Days() > 0 {
			inYear[client] = true
		}
		if term.Intersect(window).Days() > 0 {
			inWindow[client] = true
			if c.VIP == Yes {
				vip[client] = true
			}
		}
		amount.Add(amount, m.contractAmount(c))
	}
	m.ClientsInYear = len(inYear)
	m.VIPRatio5y = Ratio{len(vip), len(inWindow)}
	m.AmountInYear = amount.Quo(amount, big.NewRat(100, 1)) // 分 → 元
	m.Renewals = renewals(m.app.Contracts, m.year.To, m.params.RenewalGapDays)
}

// contractAmount is the part of a contract's amount, in 分, that falls in the
// evaluation year by amount_basis.
func (m *measurement) contractAmount(c Contract) *big.Rat {
	term := c.Term()
	switch m.params.AmountBasis {
	case "full":
		if term.Intersect(m.year).Days() > 0 {
			return big.NewRat(int64(c.Amount), 1)
		}
	case "signed":
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
// (overlapping terms count), and this one starts by the end of the year.
func renewals(contracts []Contract, yearEnd Date, gapDays int) int {
	clients := make([]string, len(contracts))
	for i, c := range contracts {
		clients[i] = NormalizeName(c.Client)
	}
	n := 0
	for i, c := range contracts {
		if c.Term().Days() == 0 || c.Start > yearEnd {
			continue
		}
		for j, p := range contracts {
			if i == j || p.Term().Days() == 0 || p.Start >= c.Start || clients[j] != clients[i] {
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

// measureSurveys: clauses 5.k.3.2 and 5.k.4.2/5.k.4.3.
func (m *measurement) measureSurveys() {
	var sum, low Decimal
	for _, s := range m.app.Surveys {
		if !m.year.Contains(s.Date) {
			continue
		}
		t := s.Total()
		if m.SurveyCount == 0 || t < low {
			low = t
		}
		sum += t
		m.SurveyCount++
	}
	if m.SurveyCount == 0 {
		return
	}
	if m.params.SurveyAggregate == "min" {
		m.SurveyScore = low.Rat()
	} else {
		m.SurveyScore = new(big.Rat).Quo(sum.Rat(), big.NewRat(int64(m.SurveyCount), 1))
	}
}
