package rating

import (
	"cmp"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"fmt"
	"math"
	"math/big"
	"slices"
	"strconv"
	"strings"
)

// The review record (评审记录, rating-model.md §6): the evaluator's half of
// §6.2. Applicants declare in their workbooks; verdicts live in one
// round-level workbook the association keeps. This file says which checks an
// application calls for; review_apply.go applies the verdicts.

// The sheets and columns of a review record. Names are fixed by the contract.
const (
	ReviewSheetGuide    = "说明"
	ReviewSheetChecks   = "核查清单"
	ReviewSheetProgress = "进度"
	ReviewSheetExpired  = "已失效"
	// ReviewFingerprintHeader is the hidden column after the 13 named ones.
	ReviewFingerprintHeader = "指纹"
)

// ReviewColumns are the 13 columns of 核查清单, in order.
var ReviewColumns = []string{"核查编号", "单位名称", "统一社会信用代码", "类别", "条款", "核查对象", "申报内容", "证明材料", "核实结果", "核实人", "核实日期", "说明", "状态"}

// Verdict is what a reviewer enters in 核实结果.
type Verdict string

// The verdicts; "" is not yet checked.
const (
	VerdictNone Verdict = ""
	VerdictPass Verdict = "通过"
	VerdictFail Verdict = "不通过"
	VerdictMore Verdict = "待补充"
)

// Verdicts are the values of the 核实结果 drop-down.
var Verdicts = []Verdict{VerdictPass, VerdictFail, VerdictMore}

// The values of 状态, maintained by starrate.
const (
	StateUnchecked = "未核实"
	StateChecked   = "已核实"
	StateMore      = "待补充"
	StateRecheck   = "需复核"
)

// ReviewCategory is a kind of check: its 类别 and the code in its key.
type ReviewCategory struct {
	Name string // 类别: 声明, 人员资格 …
	Code string // item, staff …
	// Evidence is what a reviewer looks at for a spot check.
	Evidence string
}

// The codes of the categories (rating-model.md §6), as CheckResult.Category
// names them.
const (
	CategoryItem      = "item"
	CategoryStaff     = "staff"
	CategoryDegree    = "degree"
	CategoryInsurance = "insurance"
	CategoryNDA       = "nda"
	CategoryTraining  = "training"
	CategoryContract  = "contract"
	CategorySurvey    = "survey"
	CategoryClause    = "clause"
)

// ReviewCategories are the categories in the order a company's rows are
// listed; 条款认定 rows are added by reviewers.
var ReviewCategories = []ReviewCategory{
	{"声明", CategoryItem, ""},
	{"人员资格", CategoryStaff, "职称证书、《安全防范系统安装维护员》证书或安防服务供应商认证证书"},
	{"学历", CategoryDegree, "学历证书（学信网学历查询）"},
	{"社保", CategoryInsurance, "评价年度社会保险缴费记录"},
	{"保密协议", CategoryNDA, "签署的保密协议"},
	{"培训", CategoryTraining, "培训通知、签到表、课件或照片"},
	{"合同", CategoryContract, "维保合同原件（金额、期限、用户单位、重点保卫单位）"},
	{"用户评价", CategorySurvey, "用户单位签章的表A.1 用户评价表"},
	{"条款认定", CategoryClause, ""},
}

// CategoryByCode returns the category with the code.
func CategoryByCode(code string) (ReviewCategory, bool) {
	for _, c := range ReviewCategories {
		if c.Code == code {
			return c, true
		}
	}
	return ReviewCategory{}, false
}

// ReviewKey builds 核查编号: {USCC}-{code}-{subject}.
func ReviewKey(uscc, code, subject string) string { return uscc + "-" + code + "-" + subject }

// ParseReviewKey splits 核查编号 into its USCC, code and subject. A USCC
// never holds a hyphen; a subject may.
func ParseReviewKey(key string) (uscc, code, subject string, ok bool) {
	uscc, rest, ok1 := strings.Cut(strings.TrimSpace(key), "-")
	code, subject, ok2 := strings.Cut(rest, "-")
	if !ok1 || !ok2 || uscc == "" || subject == "" {
		return "", "", "", false
	}
	if _, known := CategoryByCode(code); !known {
		return "", "", "", false
	}
	return uscc, code, subject, true
}

// ReviewCheck is one check an application calls for: a row of 核查清单 as
// starrate fills it, before the reviewer's columns.
type ReviewCheck struct {
	Key      string
	Company  string // 单位名称
	USCC     string
	Code     string // category code
	Clauses  string // 条款: the clauses it verifies, "5.1.2.1、5.2.2.1"
	Subject  string // 核查对象: name, masked ID and row
	Declared string // 申报内容
	Evidence string // 证明材料
	// Fingerprint identifies the applicant data the check verifies; it
	// changes when a resubmission changes that data.
	Fingerprint string
	// subject is the key's last part; rows locates the applicant's rows
	// (for exclusions).
	subject string
}

// Category returns the check's category.
func (c ReviewCheck) Category() ReviewCategory {
	cat, _ := CategoryByCode(c.Code)
	return cat
}

// SampleSize is how many of n subjects a category's spot check draws
// (rating-model.md §6): all of them when n ≤ 3, else ⌈√n⌉ bounded to
// lo..hi.
func SampleSize(n, lo, hi int) int {
	if n <= 3 {
		return n
	}
	k := int(math.Sqrt(float64(n)))
	for k*k > n { // float rounding, either way
		k--
	}
	for k*k < n {
		k++
	}
	return min(max(k, lo), hi, n)
}

// drawRank orders the subjects of one company's category for the sample:
// a hash of the seed, the USCC, the category and the subject, so the same
// inputs draw the same sample and adding a subject moves few others.
func drawRank(seed int, uscc, code, subject string) uint64 {
	h := sha256.Sum256([]byte(strconv.Itoa(seed) + "\x00" + uscc + "\x00" + code + "\x00" + subject))
	return binary.BigEndian.Uint64(h[:8])
}

// shortHash is a short, stable digest of s: 10 hex digits.
func shortHash(s string) string {
	h := sha256.Sum256([]byte(s))
	return hex.EncodeToString(h[:5])
}

// PersonSubject is the subject of a person's checks: a short hash of the ID
// number, never the number. A person without an ID is a roster row (two
// rows of one name may be two persons): a hash of the name and the row, so
// that a verdict on one never applies to the other.
func PersonSubject(p Person) string {
	if p.ID != "" {
		return shortHash("id:" + p.ID)
	}
	return shortHash(fmt.Sprintf("name:%s@%s!%d", p.Name, p.Ref.Sheet, p.Ref.Row))
}

// subjectText fits a free-text subject (合同编号, client) into a key.
func subjectText(s string) string {
	s = strings.Join(strings.Fields(s), "")
	return MaskIDs(s)
}

// candidate is one subject of a category, before the draw. Its row is
// built only if it is drawn: most subjects of a large company never are.
type candidate struct {
	subject string
	rank    uint64
	build   func() ReviewCheck
}

// ReviewChecks returns the checks of one application: its declarations
// answered 是/兼职/专职 and the spot-check samples of each category, in the
// order of ReviewCategories. inRecord reports whether a key is already in
// the review record: such a subject stays in the sample.
//
// An application without a USCC has no checks: the USCC is every key's
// first part, and without it a verdict could be another company's.
func ReviewChecks(app *Application, p *Profile, inRecord func(key string) bool) []ReviewCheck {
	if app.Company.USCC == "" {
		return nil
	}
	if inRecord == nil {
		inRecord = func(string) bool { return false }
	}
	s := newSubjects(app, p)
	var out []ReviewCheck
	out = append(out, s.declarations()...)
	for _, code := range []string{CategoryStaff, CategoryDegree, CategoryInsurance, CategoryNDA, CategoryTraining, CategoryContract, CategorySurvey} {
		out = append(out, s.draw(code, inRecord)...)
	}
	return out
}

// subjects lists what an application's metrics count, per category.
type subjects struct {
	app     *Application
	p       *Profile
	m       *measurement
	clauses map[string][]string // category code or item → clause ids
	// subjectOf[i] is PersonSubject of m.persons[i], once worked out.
	subjectOf []string
}

func newSubjects(app *Application, p *Profile) *subjects {
	s := &subjects{app: app, p: p, m: measure(app, p.Parameters), clauses: map[string][]string{}}
	for _, c := range p.Clauses {
		for _, k := range c.Checks {
			code := s.m.category(k)
			if k.Kind == KindDeclaration {
				code = CategoryItem + ":" + k.Item
			}
			if code != "" && !slices.Contains(s.clauses[code], c.ID) {
				s.clauses[code] = append(s.clauses[code], c.ID)
			}
		}
	}
	return s
}

func (s *subjects) check(code, subject, object, declared, evidence string, data ...string) ReviewCheck {
	c := s.app.Company
	fp := sha256.Sum256([]byte(strings.Join(append([]string{code, subject}, data...), "\x1f")))
	clauses := s.clauses[code]
	if code == CategoryItem {
		clauses = s.clauses[CategoryItem+":"+subject]
	}
	return ReviewCheck{
		Key: ReviewKey(c.USCC, code, subject), Company: c.Name, USCC: c.USCC, Code: code,
		Clauses: strings.Join(clauses, "、"), Subject: object, Declared: declared, Evidence: evidence,
		Fingerprint: hex.EncodeToString(fp[:8]), subject: subject,
	}
}

// declarations: one check per item answered 是, 兼职 or 专职.
func (s *subjects) declarations() []ReviewCheck {
	items := make([]string, 0, len(s.app.Declarations))
	for id, d := range s.app.Declarations {
		if d.Answer == "是" || d.Answer == "兼职" || d.Answer == "专职" {
			items = append(items, id)
		}
	}
	slices.SortFunc(items, compareItems)
	out := make([]ReviewCheck, 0, len(items))
	for _, id := range items {
		d := s.app.Declarations[id]
		object := id
		if d.Ref.Row > 0 {
			object = fmt.Sprintf("%s（%s 第 %d 行）", id, d.Ref.Sheet, d.Ref.Row)
		}
		out = append(out, s.check(CategoryItem, id, object, "填报「"+d.Answer+"」", d.Evidence, d.Answer, d.Evidence))
	}
	return out
}

// compareItems orders items as the workbook does: Q, C, T, M, by number.
func compareItems(a, b string) int {
	group := func(s string) int {
		if s == "" {
			return 9
		}
		if i := strings.IndexByte("QCTM", s[0]); i >= 0 {
			return i
		}
		return 8
	}
	num := func(s string) int {
		n, _ := strconv.Atoi(strings.TrimLeft(s, "QCTM"))
		return n
	}
	return cmp.Or(cmp.Compare(group(a), group(b)), cmp.Compare(num(a), num(b)), strings.Compare(a, b))
}

// personObject is 核查对象 for a person: 张三（110105********1234，人员名册 第 12 行）.
func personObject(p Person) string {
	parts := []string{}
	if p.ID != "" {
		parts = append(parts, MaskID(p.ID))
	}
	if p.Ref.Row > 0 {
		parts = append(parts, fmt.Sprintf("%s 第 %d 行", p.Ref.Sheet, p.Ref.Row))
	}
	if len(parts) == 0 {
		return p.Name
	}
	return p.Name + "（" + strings.Join(parts, "，") + "）"
}

func yesNo(t Tri) string {
	switch t {
	case Yes:
		return "是"
	case No:
		return "否"
	}
	return ""
}

// candidates returns every subject of a category that the metrics count.
func (s *subjects) candidates(code string) []candidate {
	var out []candidate
	person := func(i int, info func() (declared string, data []string)) {
		p, subject := s.m.persons[i], s.personSubject(i)
		out = append(out, candidate{subject: subject, build: func() ReviewCheck {
			declared, data := info()
			return s.check(code, subject, personObject(p), declared, s.evidence(code), append([]string{p.Name}, data...)...)
		}})
	}
	switch code {
	case CategoryStaff:
		for _, i := range s.staff(true) {
			if p := s.m.persons[i]; p.Qualified() {
				person(i, func() (string, []string) {
					return fmt.Sprintf("职称「%s」；安装维护员证书「%s」；供应商认证「%s」", p.Title, p.InstallerCert, p.VendorCert),
						[]string{p.Title, p.InstallerCert, p.VendorCert}
				})
			}
		}
	case CategoryDegree:
		for _, i := range s.staff(true) {
			if p := s.m.persons[i]; p.OM == Yes && p.Education >= EduCollege {
				person(i, func() (string, []string) {
					return "学历「" + p.Education.String() + "」；运维人员「是」", []string{p.Education.String()}
				})
			}
		}
	case CategoryInsurance:
		for _, i := range s.staff(false) {
			if s.m.persons[i].SocialInsurance == Yes {
				person(i, func() (string, []string) { return "是否缴纳社保「是」", []string{"insured"} })
			}
		}
	case CategoryNDA:
		// 保密协议 decides only 5.3.3.5: drawn for three-star applicants.
		if s.app.Company.AppliedStars != 3 {
			return nil
		}
		for _, i := range s.staff(false) {
			if s.m.persons[i].NDA == Yes {
				person(i, func() (string, []string) { return "是否签署保密协议「是」", []string{"nda"} })
			}
		}
	case CategoryTraining:
		out = s.trainingCandidates()
	case CategoryContract:
		out = s.contractCandidates()
	case CategorySurvey:
		out = s.surveyCandidates()
	}
	return out
}

// personSubject is PersonSubject of persons[i], worked out once.
func (s *subjects) personSubject(i int) string {
	if s.subjectOf == nil {
		s.subjectOf = make([]string, len(s.m.persons))
	}
	if s.subjectOf[i] == "" {
		s.subjectOf[i] = PersonSubject(s.m.persons[i])
	}
	return s.subjectOf[i]
}

// staff are the indexes into persons of the staff on Y-12-31; counting
// leaves out those whose dates are unknown (they help no count).
func (s *subjects) staff(counting bool) []int {
	out := make([]int, 0, len(s.m.staff))
	for k, i := range s.m.staff {
		if !(counting && s.m.unsure[k]) { // unsure is by staff index
			out = append(out, i)
		}
	}
	return out
}

func (s *subjects) evidence(code string) string {
	c, _ := CategoryByCode(code)
	return c.Evidence
}

// minTrainingHours is the least session any training clause asks for: a
// person with it counts in at least one clause.
func (s *subjects) minTrainingHours() *big.Rat {
	var least *big.Rat
	for _, c := range s.p.Clauses {
		for _, k := range c.Checks {
			if k.Kind == KindTraining && k.Hours != nil {
				if h := k.Hours.Rat(); least == nil || h.Cmp(least) < 0 {
					least = h
				}
			}
		}
	}
	return least
}

// trainingCandidates: the persons with a qualifying session; the row shows
// the person's longest post-hire training of the year.
func (s *subjects) trainingCandidates() []candidate {
	need := s.minTrainingHours()
	if need == nil {
		return nil
	}
	roster := NewRoster(s.m.persons)
	rows := make([][]Training, len(s.m.persons))
	for _, t := range s.app.Trainings {
		if i, ok := roster.Match(t); ok && t.Kind == TrainingPostHire && s.m.year.Contains(t.Date) {
			rows[i] = append(rows[i], t)
		}
	}
	var out []candidate
	for k, i := range s.m.staff {
		if s.m.unsure[k] || s.m.trained[i] == 0 || s.m.trained[i].Rat().Cmp(need) < 0 {
			continue
		}
		p, subject := s.m.persons[i], s.personSubject(i)
		out = append(out, candidate{subject: subject, build: func() ReviewCheck {
			var shown, data []string
			for _, t := range rows[i] {
				line := fmt.Sprintf("%s「%s」%s 学时", t.Date, t.Title, t.Hours)
				if t.Ref.Row > 0 {
					line += fmt.Sprintf("（%s 第 %d 行）", t.Ref.Sheet, t.Ref.Row)
				}
				shown = append(shown, line)
				data = append(data, t.Date.String(), t.Title, t.Hours.String())
			}
			if len(shown) > 5 {
				shown = append(shown[:5], fmt.Sprintf("等 %d 条", len(rows[i])))
			}
			declared := fmt.Sprintf("上岗后专项培训 %s 学时：%s", s.m.trained[i], strings.Join(shown, "；"))
			return s.check(CategoryTraining, subject, personObject(p), declared, s.evidence(CategoryTraining), append([]string{p.Name}, data...)...)
		}})
	}
	return out
}

// ContractSubject is a contract's subject: 合同编号, else client and start.
func ContractSubject(c Contract) string {
	if n := subjectText(c.Number); n != "" {
		return n
	}
	return subjectText(c.Client) + "@" + c.Start.String()
}

// SurveySubject is a survey's subject: client and date.
func SurveySubject(sv Survey) string {
	return subjectText(sv.Client) + "@" + sv.Date.String()
}

// unique makes repeated subjects distinct: the second 「X」 becomes 「X#2」.
func unique(seen map[string]int, subject string) string {
	seen[subject]++
	if n := seen[subject]; n > 1 {
		return subject + "#" + strconv.Itoa(n)
	}
	return subject
}

// subjectsOf gives every row its subject, in sheet order, repeated
// subjects made distinct.
func subjectsOf[T any](rows []T, subject func(T) string) []string {
	seen := map[string]int{}
	out := make([]string, len(rows))
	for i, r := range rows {
		out[i] = unique(seen, subject(r))
	}
	return out
}

// contractSubjects gives every contract its subject, in sheet order.
func contractSubjects(cs []Contract) []string { return subjectsOf(cs, ContractSubject) }

// surveySubjects gives every survey its subject, in sheet order.
func surveySubjects(ss []Survey) []string { return subjectsOf(ss, SurveySubject) }

// contractCandidates: the contracts counted in the year or the 5-year window.
func (s *subjects) contractCandidates() []candidate {
	year := s.app.Company.Year
	window := Period{NewDate(year-4, 1, 1), s.m.year.To}
	subjects := contractSubjects(s.app.Contracts)
	var out []candidate
	for i, c := range s.app.Contracts {
		if _, bad := c.counted(); bad != "" || c.Term().Intersect(window).Days() == 0 {
			continue
		}
		out = append(out, candidate{subject: subjects[i], build: func() ReviewCheck {
			object := c.Client
			if c.Number != "" {
				object = c.Number + " " + c.Client
			}
			if c.Ref.Row > 0 {
				object += fmt.Sprintf("（%s 第 %d 行）", c.Ref.Sheet, c.Ref.Row)
			}
			declared := fmt.Sprintf("金额 %s 元；%s 至 %s；重点保卫单位「%s」", c.Amount, c.Start, c.End, yesNo(c.VIP))
			return s.check(CategoryContract, subjects[i], object, declared, s.evidence(CategoryContract),
				c.Number, NormalizeName(c.Client), c.Amount.String(), c.Start.String(), c.End.String(), yesNo(c.VIP), c.Signed.String())
		}})
	}
	return out
}

// surveyCandidates: the surveys dated in the year from a client served in it.
func (s *subjects) surveyCandidates() []candidate {
	subjects := surveySubjects(s.app.Surveys)
	type same struct {
		client string
		date   Date
		total  Decimal
	}
	seen := map[same]bool{} // the same survey twice counts once
	var out []candidate
	for i, sv := range s.app.Surveys {
		client := NormalizeName(sv.Client)
		k := same{client, sv.Date, sv.Total()}
		if len(sv.Bad) > 0 || !s.m.year.Contains(sv.Date) || !s.m.clientsOfYear[client] || seen[k] {
			continue
		}
		seen[k] = true
		out = append(out, candidate{subject: subjects[i], build: func() ReviewCheck {
			object := sv.Client + " " + sv.Date.String()
			if sv.Ref.Row > 0 {
				object += fmt.Sprintf("（%s 第 %d 行）", sv.Ref.Sheet, sv.Ref.Row)
			}
			data := []string{client, sv.Date.String()}
			for _, v := range sv.Items {
				data = append(data, v.String())
			}
			return s.check(CategorySurvey, subjects[i], object, "评价总分 "+sv.Total().String()+" 分", s.evidence(CategorySurvey), data...)
		}})
	}
	return out
}

// draw is the sample of one category: the subjects already in the record,
// then the lowest draw ranks, up to the sample size; listed in sheet order,
// so a reviewer works down the applicant's rows.
func (s *subjects) draw(code string, inRecord func(string) bool) []ReviewCheck {
	all := s.candidates(code)
	// Two persons without an ID and of one name have one subject: such a
	// pair is checked once (the importer reports the missing IDs).
	seen := make(map[string]bool, len(all))
	all = slices.DeleteFunc(all, func(c candidate) bool {
		dup := seen[c.subject]
		seen[c.subject] = true
		return dup
	})
	params := s.p.Parameters
	uscc := s.app.Company.USCC
	order := make([]int, len(all)) // indexes into all, by rank
	kept := 0
	for i := range all {
		order[i] = i
		all[i].rank = drawRank(params.SampleSeed, uscc, code, all[i].subject)
		if inRecord(ReviewKey(uscc, code, all[i].subject)) {
			all[i].rank = 0 // already in the record: stays in the sample
			kept++
		}
	}
	slices.SortStableFunc(order, func(a, b int) int { return cmp.Compare(all[a].rank, all[b].rank) })
	drawn := order[:max(SampleSize(len(all), params.SampleMin, params.SampleMax), kept)]
	slices.Sort(drawn)
	out := make([]ReviewCheck, 0, len(drawn))
	for _, i := range drawn {
		out = append(out, all[i].build())
	}
	return out
}
