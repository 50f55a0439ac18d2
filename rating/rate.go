package rating

import (
	"fmt"
	"math/big"
	"slices"
	"strconv"
	"strings"
)

// Status is the verdict on one clause or check.
type Status string

// The statuses of rating-model.md §2.
const (
	Pass   Status = "pass"   // met, with its evidence reviewed where needed
	Fail   Status = "fail"   // not met
	Review Status = "review" // declared met, waiting for an evaluator (§6.2)
)

var statusRank = map[Status]int{Pass: 0, Review: 1, Fail: 2}

// worse returns the worse of two statuses: fail over review over pass.
func worse(a, b Status) Status {
	if statusRank[b] > statusRank[a] {
		return b
	}
	return a
}

// CheckResult is the verdict on one check of a clause.
type CheckResult struct {
	Kind     string
	Status   Status
	Measured string // what the application shows, for people
	Required string // what the check asks, for people
	Message  string // a Chinese sentence; on fail, with the shortfall
	// Category is the review record's check code whose verdicts verify
	// this check (rating-model.md §6: item, staff, degree, insurance, nda,
	// training, contract, survey); "" when nothing needs verifying.
	Category string
	// Item is the declaration item (Q1, C4 …) of a declaration check.
	Item string
	// Shortfalls says by how much a failing check misses; none when it
	// holds or is a declaration.
	Shortfalls []Shortfall
}

// ClauseResult is the verdict on one clause: the worst of its checks.
type ClauseResult struct {
	ID       string
	Level    int
	Element  string
	Text     string
	Status   Status
	Measured string
	Required string
	Message  string
	Checks   []CheckResult
	// Shortfalls gathers those of the failing checks, one per metric
	// (rating-model.md §3 "Shortfalls"); none for a declaration.
	Shortfalls []Shortfall
	// Verification is what the review record says of the clause's evidence;
	// nil when no record was applied (ApplyReview).
	Verification *Verification
}

// Shortfall is how much more of one metric a failing clause needs: the
// least amount that, added, makes it hold.
type Shortfall struct {
	Metric string   // clients, amount, qualified_staff, degree_ratio, training …
	Value  *big.Rat // whole units for counts, 元 to the fen, 分 to 0.01, always rounded up
	Unit   string   // 人, 个, 元, 分, 次, 份
}

// Gap is what stands between a company and one star level (rating-model.md
// §2 `next`): every clause not passed that the level needs.
type Gap struct {
	Level   int
	Applied bool // the level the company applied for (申报星级)
	Clauses []ClauseResult
}

// Note is a finding about one row that the round turns into a located
// problem (the importer's locator gives the cell from Ref and Field): a row
// excluded from the metrics, a training matched to nobody, a survey counted
// once for two copies. Its message says exactly what the rating did.
type Note struct {
	Ref      Ref
	Field    string // the schema column key, "" for the whole row
	Severity Severity
	Code     Code
	Value    string // the value found, as written
	Expected string
	Message  string
}

// Result is the rating of one application.
type Result struct {
	// Eligible: every §3.2 clause passes.
	Eligible bool
	// Stars is the rated level (评定星级): AchievableStars capped at the
	// applied level when the profile's cap_at_applied holds; 0 for none.
	Stars int
	// AchievableStars is the highest level whose clauses all pass (可达星级).
	AchievableStars int
	// ProvisionalStars is Stars counting clauses in review as passed (预评星级).
	ProvisionalStars int
	Metrics          Metrics
	Clauses          []ClauseResult
	// Next has one Gap for every level above AchievableStars up to 3.
	Next []Gap
	// Notes are what the rating did with individual rows.
	Notes []Note
}

// LevelName is how the workbook names a level: 一星 … 三星, 参评条件 for 0.
func LevelName(level int) string {
	switch level {
	case 0:
		return "参评条件"
	case 1:
		return "一星"
	case 2:
		return "二星"
	case 3:
		return "三星"
	}
	return strconv.Itoa(level) + "星"
}

// Rate rates one application against a profile.
func Rate(app *Application, p *Profile) Result {
	m := measure(app, p.Parameters)
	res := Result{Metrics: m.Metrics, Clauses: make([]ClauseResult, 0, len(p.Clauses)), Notes: m.notes}
	for _, c := range p.Clauses {
		res.Clauses = append(res.Clauses, m.clause(c))
	}
	res.Settle(app, p)
	return res
}

// Settle recomputes Eligible, AchievableStars, Stars, ProvisionalStars and
// Next from the clause statuses (rating-model.md §2), so that whoever
// changes a status after Rate (the review record) keeps the stars in step.
func (r *Result) Settle(app *Application, p *Profile) {
	params := p.Parameters
	applied := app.Company.AppliedStars
	r.Eligible = levelMet(r.Clauses, 0, false)
	r.AchievableStars = stars(r.Clauses, params.Cumulative, false)
	r.Stars = capAt(r.AchievableStars, applied, params.CapAtApplied)
	r.ProvisionalStars = capAt(stars(r.Clauses, params.Cumulative, true), applied, params.CapAtApplied)
	r.Next = nil
	for l := r.AchievableStars + 1; l <= 3; l++ {
		g := Gap{Level: l, Applied: l == applied}
		for _, c := range r.Clauses {
			// Not cumulative: lower levels do not block, but the gap report
			// still lists what is not met below the level.
			if c.Status != Pass && c.Level <= l {
				g.Clauses = append(g.Clauses, c)
			}
		}
		r.Next = append(r.Next, g)
	}
}

// capAt caps stars at the applied level; a company that gave no 申报星级
// (reported by the importer) is not capped.
func capAt(stars, applied int, capped bool) int {
	if capped && applied > 0 {
		return min(stars, applied)
	}
	return stars
}

// levelMet reports whether every clause of the level passes (or, when
// provisional, is at least in review).
func levelMet(cs []ClauseResult, level int, provisional bool) bool {
	for _, c := range cs {
		if c.Level == level && !(c.Status == Pass || provisional && c.Status == Review) {
			return false
		}
	}
	return true
}

// stars is the highest level whose clauses all hold: with those of every
// level below (cumulative) or on its own. No level without §3.2.
func stars(cs []ClauseResult, cumulative, provisional bool) int {
	if !levelMet(cs, 0, provisional) {
		return 0
	}
	best := 0
	for l := 1; l <= 3; l++ {
		if !levelMet(cs, l, provisional) {
			if cumulative {
				break
			}
			continue
		}
		best = l
	}
	return best
}

func (m *measurement) clause(c Clause) ClauseResult {
	r := ClauseResult{ID: c.ID, Level: c.Level, Element: c.Element, Text: c.Text, Status: Pass}
	var measured, required, msgs []string
	for _, k := range c.Checks {
		cr := m.check(k, c.Level)
		r.Checks = append(r.Checks, cr)
		r.Status = worse(r.Status, cr.Status)
		measured = append(measured, cr.Measured)
		required = append(required, cr.Required)
		r.Shortfalls = append(r.Shortfalls, cr.Shortfalls...)
	}
	for _, cr := range r.Checks {
		if r.Status == Pass || cr.Status != Pass {
			msgs = append(msgs, cr.Message)
		}
	}
	r.Measured = strings.Join(measured, "；")
	r.Required = strings.Join(required, "；")
	r.Message = strings.Join(msgs, "；")
	return r
}

func (m *measurement) check(k Check, level int) CheckResult {
	r := m.judge(k, level)
	r.Category = m.category(k)
	if k.Kind == KindDeclaration {
		r.Item = k.Item
	}
	// Evaluation mode: a metric that meets its threshold still rests on rows
	// an evaluator has to spot-check (rating-model.md §2); the review record
	// turns it into pass.
	if r.Status == Pass && r.Category != "" && k.Kind != KindDeclaration && m.params.RequireReview {
		r.Status = Review
		r.Message += "，待评审核实"
	}
	return r
}

// category is the review record's check code that verifies a check.
func (m *measurement) category(k Check) string {
	switch k.Kind {
	case KindDeclaration:
		return "item"
	case KindTraining:
		return "training"
	case KindRosterAll:
		return map[string]string{"social_insurance": "insurance", "nda": "nda"}[k.Flag]
	case KindMetric:
		return metricSpecs[k.Metric].category
	}
	return ""
}

func (m *measurement) judge(k Check, level int) CheckResult {
	switch k.Kind {
	case KindDeclaration:
		return m.declaration(k, level)
	case KindFields:
		return m.fields(k)
	case KindRosterAll:
		return m.rosterAll(k)
	case KindTraining:
		return m.training(k, level)
	case KindMetric:
		return m.metric(k, level)
	}
	// Profiles are validated when loaded; a check of an unknown kind cannot
	// pass, so a hand-built profile errs on the side of no star.
	return CheckResult{Kind: k.Kind, Status: Fail, Message: "未知的检查类型 " + k.Kind}
}

// declaration: an item of 制度与信用 (rating-model.md §3, last table).
func (m *measurement) declaration(k Check, level int) CheckResult {
	accept := k.accepted()
	r := CheckResult{Kind: k.Kind, Required: k.Item + " " + strings.Join(accept, "或")}
	d, ok := m.app.Declarations[k.Item]
	switch {
	case !ok:
		r.Status, r.Measured = Fail, k.Item+" 缺少"
		r.Message = fmt.Sprintf("制度与信用缺少 %s 一行，%s要求填报「%s」并附证明材料", k.Item, LevelName(level), strings.Join(accept, "」或「"))
		return r
	case d.Answer == "":
		r.Status, r.Measured = Fail, k.Item+" 未填报"
		r.Message = fmt.Sprintf("制度与信用 %s 未填报，%s要求填报「%s」", k.Item, LevelName(level), strings.Join(accept, "」或「"))
		return r
	case !slices.Contains(accept, d.Answer):
		r.Status, r.Measured = Fail, k.Item+" "+d.Answer
		r.Message = fmt.Sprintf("制度与信用 %s 填报「%s」，%s要求「%s」", k.Item, d.Answer, LevelName(level), strings.Join(accept, "」或「"))
		return r
	}
	if !filled(d.Evidence) {
		r.Status, r.Measured = Fail, k.Item+" "+d.Answer+"（无证明材料）"
		r.Message = fmt.Sprintf("制度与信用 %s 填报「%s」，未提供证明材料", k.Item, d.Answer)
		return r
	}
	if !m.params.RequireReview {
		r.Status, r.Measured = Pass, k.Item+" "+d.Answer
		r.Message = fmt.Sprintf("制度与信用 %s 填报「%s」，已附证明材料（自查模式，未经评审核实）", k.Item, d.Answer)
		return r
	}
	r.Status, r.Measured = Review, k.Item+" "+d.Answer+"（待核实）"
	r.Message = fmt.Sprintf("制度与信用 %s 填报「%s」，待评审核实", k.Item, d.Answer)
	return r
}

// fields: values of 单位信息 that must be filled in.
func (m *measurement) fields(k Check) CheckResult {
	r := CheckResult{Kind: k.Kind, Status: Pass}
	var missing, labels []string
	for _, f := range k.Fields {
		labels = append(labels, companyFieldLabels[f])
		if v, _ := m.app.Company.Field(f); !filled(v) {
			missing = append(missing, companyFieldLabels[f])
		}
	}
	r.Required = strings.Join(labels, "、") + " 已填写"
	if len(missing) > 0 {
		r.Status = Fail
		r.Measured = strings.Join(missing, "、") + " 未填写"
		r.Message = "单位信息 " + r.Measured
		return r
	}
	r.Measured = strings.Join(labels, "、") + " 已填写"
	r.Message = "单位信息 " + r.Measured
	return r
}

// rosterAll: a yes/no column of 人员名册 that must be 是 for every person
// on staff on Y-12-31.
func (m *measurement) rosterAll(k Check) CheckResult {
	label := personFlagLabels[k.Flag]
	r := CheckResult{Kind: k.Kind, Required: "全员 " + label + "「是」"}
	var short []string
	for _, i := range m.staff {
		p := m.persons[i]
		if v, _ := p.Flag(k.Flag); v != Yes {
			short = append(short, personNote(p, ""))
		}
	}
	total := len(m.staff)
	r.Measured = fmt.Sprintf("%d/%d 人", total-len(short), total)
	switch {
	case total == 0:
		r.Status, r.Message = Fail, fmt.Sprintf("%d 年末在册人员为 0，无法确认全员%s", m.app.Company.Year, label)
	case len(short) > 0:
		r.Status = Fail
		r.Shortfalls = []Shortfall{{Metric: k.Flag, Value: big.NewRat(int64(len(short)), 1), Unit: "人"}}
		r.Message = fmt.Sprintf("人员名册 %s 为「是」%d/%d 人，要求全员，差 %d 人：%s", label, total-len(short), total, len(short), listNames(short))
	default:
		r.Status = Pass
		r.Message = fmt.Sprintf("人员名册全员 %d 人 %s 为「是」", total, label)
	}
	return r
}

// training: clauses 5.k.2.3, every person on staff has the post-hire
// training in the year (but those exempt by new_hire_grace_days).
func (m *measurement) training(k Check, level int) CheckResult {
	need := k.Hours.Rat()
	how := "一次"
	if m.params.TrainingMode == TrainingAnnualTotal {
		how = "全年累计"
	}
	r := CheckResult{Kind: k.Kind, Required: fmt.Sprintf("全员%s不少于 %s 学时", how, k.Hours)}
	var short []string
	held, exempt := 0, 0
	for n, i := range m.staff {
		p := m.persons[i]
		if m.exempt[i] {
			exempt++
			continue
		}
		held++
		if m.trained[i].Rat().Cmp(need) < 0 {
			got := fmt.Sprintf("无计入 %d 年的上岗后专项培训", m.app.Company.Year)
			switch {
			case m.hireUnknown[n]:
				got = "入职日期未填或有误，培训无法计入"
			case m.trained[i] > 0:
				got = m.trained[i].String() + " 学时"
			}
			short = append(short, personNote(p, got))
		}
	}
	r.Measured = fmt.Sprintf("达标 %d/%d 人", held-len(short), held)
	note := ""
	if exempt > 0 {
		note = fmt.Sprintf("（%d 人入职晚于 %s，不计）", exempt, m.year.To-Date(m.params.NewHireGraceDays))
	}
	switch {
	case len(m.staff) == 0:
		r.Status, r.Message = Fail, fmt.Sprintf("%d 年末在册人员为 0，无法确认全员培训", m.app.Company.Year)
	case len(short) > 0:
		r.Status = Fail
		r.Shortfalls = []Shortfall{{Metric: "training", Value: big.NewRat(int64(len(short)), 1), Unit: "人"}}
		r.Message = fmt.Sprintf("%d 年上岗后专项培训达标 %d/%d 人%s，%s要求每人%s不少于 %s 学时，差 %d 人：%s",
			m.app.Company.Year, held-len(short), held, note, LevelName(level), how, k.Hours, len(short), listNames(short))
	default:
		r.Status = Pass
		r.Message = fmt.Sprintf("%d 年全员 %d 人上岗后专项培训%s均不少于 %s 学时%s", m.app.Company.Year, held, how, k.Hours, note)
	}
	return r
}

// metric: a measured number against the profile's threshold.
func (m *measurement) metric(k Check, level int) CheckResult {
	spec := metricSpecs[k.Metric]
	word := spec.word
	if w := opWords[k.Op]; w != "" {
		word = w
	}
	want, strict := k.Value.Rat(), k.Op == ">"
	required := spec.showThreshold(k.Value)
	r := CheckResult{Kind: k.Kind, Required: word + " " + required, Measured: spec.show(&m.Metrics)}
	demand := fmt.Sprintf("%s要求%s %s", LevelName(level), word, required)
	got := spec.value(&m.Metrics)
	if got != nil && meets(got, want, strict) {
		r.Status = Pass
		r.Message = fmt.Sprintf("%s %s，%s", spec.label, r.Measured, demand)
		return r
	}
	r.Status = Fail
	if got == nil {
		r.Message = fmt.Sprintf("%s无法计算（%s），%s", spec.label, spec.undefined(m.app.Company.Year), demand)
		if spec.kind != ratioMetric {
			return r // a score of no survey: 5.k.3.2 asks for the survey
		}
	} else {
		r.Message = fmt.Sprintf("%s %s，%s", spec.label, r.Measured, demand)
	}
	sf, text, ok := spec.shortfall(&m.Metrics, m.params, want, strict)
	if ok {
		r.Shortfalls = []Shortfall{sf}
	}
	r.Message += "，" + text
	return r
}

// personNote names a person with their roster row and an optional note:
// 张三（第 12 行，2 学时）.
func personNote(p Person, note string) string {
	var parts []string
	if p.Ref.Row > 0 {
		parts = append(parts, fmt.Sprintf("第 %d 行", p.Ref.Row))
	}
	if note != "" {
		parts = append(parts, note)
	}
	if len(parts) == 0 {
		return p.Name
	}
	return p.Name + "（" + strings.Join(parts, "，") + "）"
}

// listNames shows at most ten names, then how many more.
func listNames(names []string) string {
	const most = 10
	if len(names) <= most {
		return strings.Join(names, "、")
	}
	return strings.Join(names[:most], "、") + fmt.Sprintf(" 等 %d 人", len(names))
}
