package rating

import (
	"bytes"
	"crypto/sha256"
	_ "embed"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"math"
	"math/big"
	"regexp"
	"slices"
	"strings"

	"go.yaml.in/yaml/v3"
)

// ProfileSchema names the format of a rule profile file. A profile file that
// names another schema is refused rather than half understood.
const ProfileSchema = "starrate.profile/v1"

//go:embed profiles/t-bax-000x-2022-draft.yaml
var defaultProfile []byte

// Profile is a versioned set of rules: every clause of the standard with the
// checks that decide it, and the parameters where the standard leaves a
// choice. The numbers live here, not in code, so that a round's rules can be
// dumped, tailored and passed back with --rules.
type Profile struct {
	Schema     string     `yaml:"schema"`
	ID         string     `yaml:"id"`
	Version    string     `yaml:"version"`
	Title      string     `yaml:"title"`
	Parameters Parameters `yaml:"parameters"`
	Clauses    []Clause   `yaml:"clauses"`
}

// Parameters are the choices rating-model.md leaves open, with their
// defaults in the embedded profile. Each is typed; parameterSpecs says what
// values it takes, and LoadProfile refuses any other.
type Parameters struct {
	// Cumulative: a level needs every clause of the levels below it too.
	Cumulative bool `yaml:"cumulative" json:"cumulative"`
	// RequireReview (evaluation mode): a clause passes only when what it
	// decides by is verified in the review record; false (self-check) rates
	// on what the applicant declared.
	RequireReview bool `yaml:"require_review" json:"require_review"`
	// CapAtApplied: the rated stars never exceed the applied level (申报星级).
	CapAtApplied bool `yaml:"cap_at_applied" json:"cap_at_applied"`
	// DegreeDenominator: whom the degree ratio is taken of.
	DegreeDenominator DegreeDenominator `yaml:"degree_denominator" json:"degree_denominator"`
	// TrainingMode: one session of the hours, or the year's total.
	TrainingMode TrainingMode `yaml:"training_mode" json:"training_mode"`
	// SessionSpanDays: rows of one person and one 培训名称 within this many
	// days of the session's first date are one session.
	SessionSpanDays int `yaml:"session_span_days" json:"session_span_days"`
	// NewHireGraceDays exempts from the training clauses a person hired
	// after Y-12-31 minus that many days; 0 exempts nobody.
	NewHireGraceDays int `yaml:"new_hire_grace_days" json:"new_hire_grace_days"`
	// AmountBasis: how a contract's amount falls in the evaluation year.
	AmountBasis AmountBasis `yaml:"amount_basis" json:"amount_basis"`
	// RenewalGapDays is the longest gap between two contracts of one client
	// that still counts as continued service.
	RenewalGapDays int `yaml:"renewal_gap_days" json:"renewal_gap_days"`
	// SurveyAggregate: how the year's survey totals make one score.
	SurveyAggregate SurveyAggregate `yaml:"survey_aggregate" json:"survey_aggregate"`
	// SampleMin and SampleMax bound the spot-check sample of a category of
	// the review record: ⌈√n⌉ of n subjects, all of them when n ≤ 3
	// (rating-model.md §6).
	SampleMin int `yaml:"sample_min" json:"sample_min"`
	SampleMax int `yaml:"sample_max" json:"sample_max"`
	// SampleSeed seeds the draw, with the USCC and the category: the same
	// inputs give the same sample.
	SampleSeed int `yaml:"sample_seed" json:"sample_seed"`
	// SpotCheckFailure: what a subject judged 不通过 does.
	SpotCheckFailure SpotCheckFailure `yaml:"spot_check_failure" json:"spot_check_failure"`
}

// SpotCheckFailure is the parameter spot_check_failure.
type SpotCheckFailure string

// The values of spot_check_failure.
const (
	SpotExclude    SpotCheckFailure = "exclude"     // the subject counts for nothing in its category's metric
	SpotFailClause SpotCheckFailure = "fail_clause" // every clause using the category fails
)

// DegreeDenominator is the parameter degree_denominator.
type DegreeDenominator string

// The values of degree_denominator.
const (
	DegreeAllStaff DegreeDenominator = "all_staff" // 全员总人数, the standard's words
	DegreeOMStaff  DegreeDenominator = "om_staff"  // 运维人员
)

// TrainingMode is the parameter training_mode.
type TrainingMode string

// The values of training_mode.
const (
	TrainingSession     TrainingMode = "session"      // one session of the hours, the standard's 一次
	TrainingAnnualTotal TrainingMode = "annual_total" // hours summed over the year
)

// AmountBasis is the parameter amount_basis.
type AmountBasis string

// The values of amount_basis.
const (
	AmountProrate AmountBasis = "prorate" // amount × days of the term in Y ÷ days of the term
	AmountFull    AmountBasis = "full"    // whole amount of every contract overlapping Y
	AmountSigned  AmountBasis = "signed"  // contracts signed in Y
)

// SurveyAggregate is the parameter survey_aggregate.
type SurveyAggregate string

// The values of survey_aggregate.
const (
	SurveyClientMean SurveyAggregate = "client_mean" // each client's mean, then the mean of clients
	SurveyMean       SurveyAggregate = "mean"        // mean of all surveys
	SurveyMin        SurveyAggregate = "min"         // lowest survey
)

// choice is one allowed value of a parameter with what it means.
type choice struct{ value, meaning string }

// parameterSpec is everything about one parameter: its key, what it means,
// the values it takes (choices, or an integer range) and how to read it.
type parameterSpec struct {
	key, label string
	choices    []choice
	min, max   int
	value      func(*Parameters) any
}

// parameterSpecs lists the parameters in profile order.
var parameterSpecs = []parameterSpec{
	{key: "cumulative", label: "逐级累计", value: func(p *Parameters) any { return p.Cumulative }},
	{key: "require_review", label: "需评审核实（评审模式）", value: func(p *Parameters) any { return p.RequireReview }},
	{key: "cap_at_applied", label: "评定星级不超过申报星级", value: func(p *Parameters) any { return p.CapAtApplied }},
	{key: "degree_denominator", label: "学历占比分母", choices: []choice{
		{string(DegreeAllStaff), "全员总人数，标准原文"}, {string(DegreeOMStaff), "运维人员总数"},
	}, value: func(p *Parameters) any { return string(p.DegreeDenominator) }},
	{key: "training_mode", label: "培训计算方式", choices: []choice{
		{string(TrainingSession), "一次培训达到学时，标准原文“一次”"}, {string(TrainingAnnualTotal), "全年累计学时"},
	}, value: func(p *Parameters) any { return string(p.TrainingMode) }},
	{key: "session_span_days", label: "一次培训从首日起的最长天数", min: 1, max: 366, value: func(p *Parameters) any { return p.SessionSpanDays }},
	{key: "new_hire_grace_days", label: "新入职宽限天数（入职晚于 Y-12-31 减该天数者不受培训要求）", min: 0, max: 366, value: func(p *Parameters) any { return p.NewHireGraceDays }},
	{key: "amount_basis", label: "合同金额口径", choices: []choice{
		{string(AmountProrate), "按服务期在当年的天数折算"}, {string(AmountFull), "与当年有交集的合同全额"}, {string(AmountSigned), "当年签订的合同全额"},
	}, value: func(p *Parameters) any { return string(p.AmountBasis) }},
	{key: "renewal_gap_days", label: "连续服务最长间隔天数", min: 0, max: 3660, value: func(p *Parameters) any { return p.RenewalGapDays }},
	{key: "survey_aggregate", label: "用户评价汇总方式", choices: []choice{
		{string(SurveyClientMean), "先按用户单位平均，再各单位平均"}, {string(SurveyMean), "全部评价平均"}, {string(SurveyMin), "最低一份"},
	}, value: func(p *Parameters) any { return string(p.SurveyAggregate) }},
	{key: "sample_min", label: "每类最少抽查数", min: 1, max: 1000, value: func(p *Parameters) any { return p.SampleMin }},
	{key: "sample_max", label: "每类最多抽查数", min: 1, max: 1000, value: func(p *Parameters) any { return p.SampleMax }},
	{key: "sample_seed", label: "抽查随机种子", min: 0, max: math.MaxInt32, value: func(p *Parameters) any { return p.SampleSeed }},
	{key: "spot_check_failure", label: "抽查不通过的处理", choices: []choice{
		{string(SpotExclude), "该对象不计入相应指标"}, {string(SpotFailClause), "使用该类别的条款均不通过"},
	}, value: func(p *Parameters) any { return string(p.SpotCheckFailure) }},
}

// allowed says what values the parameter takes, for the dump.
func (s parameterSpec) allowed() string {
	if len(s.choices) > 0 {
		var cs []string
		for _, c := range s.choices {
			cs = append(cs, c.value+"（"+c.meaning+"）")
		}
		return strings.Join(cs, " | ")
	}
	if s.max > 0 {
		return fmt.Sprintf("%d 到 %d 的整数", s.min, s.max)
	}
	return "true | false"
}

// ParameterEntry is one parameter as outputs list it.
type ParameterEntry struct {
	Key   string // as in the profile: survey_aggregate
	Label string // in Chinese: 用户评价汇总方式
	Value any    // bool, int or string
}

// Entries lists the parameters in profile order, for outputs that show
// the rules a round used.
func (p Parameters) Entries() []ParameterEntry {
	out := make([]ParameterEntry, 0, len(parameterSpecs))
	for _, s := range parameterSpecs {
		out = append(out, ParameterEntry{s.key, s.label, s.value(&p)})
	}
	return out
}

// validate says, in Chinese for the operator, what is wrong with each
// parameter: its key path and what is allowed.
func (p *Parameters) validate() []string {
	var rs []string
	for _, s := range parameterSpecs {
		switch v := s.value(p).(type) {
		case string:
			if !slices.ContainsFunc(s.choices, func(c choice) bool { return c.value == v }) {
				rs = append(rs, fmt.Sprintf("parameters.%s：「%s」不是可选值，应为 %s 之一", s.key, v, s.allowed()))
			}
		case int:
			if v < s.min || v > s.max {
				rs = append(rs, fmt.Sprintf("parameters.%s：%s应为 %d 到 %d 之间的整数，现为 %d", s.key, s.label, s.min, s.max, v))
			}
		}
	}
	if p.SampleMin > p.SampleMax {
		rs = append(rs, fmt.Sprintf("parameters.sample_min：每类最少抽查数 %d 大于最多抽查数 sample_max %d", p.SampleMin, p.SampleMax))
	}
	return rs
}

// Clause is one numbered requirement of the standard at one star level.
type Clause struct {
	ID      string `yaml:"id"`
	Level   int    `yaml:"level"` // 0: 参评条件 (§3.2), needed at every level
	Element string `yaml:"element"`
	Text    string `yaml:"text"`
	// Checks must all hold for the clause to hold.
	Checks []Check `yaml:"checks"`
}

// The kinds of check. Code implements these; the profile says which clause
// uses which, with what numbers.
const (
	// KindDeclaration: an item of 制度与信用 answered with one of Accept
	// (default 是) with its 证明材料 named; verified by the review record
	// in evaluation mode.
	KindDeclaration = "declaration"
	// KindFields: fields of 单位信息 filled in.
	KindFields = "fields"
	// KindRosterAll: a yes/no column of 人员名册 is 是 for every person on
	// staff on Y-12-31.
	KindRosterAll = "roster_all"
	// KindTraining: every person on staff on Y-12-31 has the post-hire
	// training Hours in the year (one session, or the total).
	KindTraining = "training"
	// KindMetric: a measured metric compared with Value by Op.
	KindMetric = "metric"
)

// Check is one condition of a clause. Which fields it uses depends on Kind.
type Check struct {
	Kind   string     `yaml:"kind"`
	Item   string     `yaml:"item,omitempty"`
	Accept []string   `yaml:"accept,omitempty,flow"`
	Fields []string   `yaml:"fields,omitempty,flow"`
	Flag   string     `yaml:"flag,omitempty"`
	Metric string     `yaml:"metric,omitempty"`
	Op     string     `yaml:"op,omitempty"`
	Value  *Threshold `yaml:"value,omitempty"`
	Hours  *Threshold `yaml:"hours,omitempty"`
}

// accepted returns the answers that satisfy a declaration check.
func (c Check) accepted() []string {
	if len(c.Accept) == 0 {
		return []string{"是"}
	}
	return c.Accept
}

// Threshold is an exact number from a profile: an integer (5), a decimal
// (0.5, 300000.00) or a percentage ("50%"). It keeps the text it was written
// as, so a dumped profile reads like the one loaded.
type Threshold struct {
	text string
	rat  *big.Rat
}

var thresholdPattern = regexp.MustCompile(`^[0-9]+(\.[0-9]+)?%?$`)

// ParseThreshold parses the text of a threshold.
func ParseThreshold(s string) (*Threshold, error) {
	s = strings.TrimSpace(s)
	if !thresholdPattern.MatchString(s) {
		return nil, fmt.Errorf("应为数字，如 5、0.5 或 50%%，现为 %q", s)
	}
	r, ok := new(big.Rat).SetString(strings.TrimSuffix(s, "%"))
	if !ok {
		return nil, fmt.Errorf("应为数字，如 5、0.5 或 50%%，现为 %q", s)
	}
	if strings.HasSuffix(s, "%") {
		r.Quo(r, big.NewRat(100, 1))
	}
	return &Threshold{text: s, rat: r}, nil
}

// Rat returns the exact value (50% is 1/2).
func (t *Threshold) Rat() *big.Rat { return new(big.Rat).Set(t.rat) }

func (t *Threshold) String() string { return t.text }

// UnmarshalYAML accepts a plain number or a quoted percentage.
func (t *Threshold) UnmarshalYAML(n *yaml.Node) error {
	if n.Kind != yaml.ScalarNode || !(n.Tag == "!!int" || n.Tag == "!!float" || n.Tag == "!!str") {
		return fmt.Errorf("第 %d 行：阈值应为数字，如 5、0.5 或 \"50%%\"，现为%s", n.Line, describeNode(n))
	}
	p, err := ParseThreshold(n.Value)
	if err != nil {
		return fmt.Errorf("第 %d 行：%w", n.Line, err)
	}
	*t = *p
	return nil
}

// MarshalYAML writes the threshold as it was read.
func (t *Threshold) MarshalYAML() (any, error) {
	n := &yaml.Node{Kind: yaml.ScalarNode, Value: t.text}
	switch {
	case strings.HasSuffix(t.text, "%"):
		n.Tag, n.Style = "!!str", yaml.DoubleQuotedStyle
	case strings.Contains(t.text, "."):
		n.Tag = "!!float"
	default:
		n.Tag = "!!int"
	}
	return n, nil
}

func describeNode(n *yaml.Node) string {
	switch n.Kind {
	case yaml.MappingNode:
		return "映射"
	case yaml.SequenceNode:
		return "列表"
	}
	return fmt.Sprintf("%q", n.Value)
}

// DefaultProfile returns the embedded profile of T/BAX 000X—2022 (征求意见稿).
func DefaultProfile() *Profile {
	p, err := parseProfile(defaultProfile, nil)
	if err != nil {
		panic("embedded profile: " + err.Error()) // caught by TestDefaultProfile
	}
	return p
}

// ProfileError is a rule profile that cannot be used, with every reason.
type ProfileError struct {
	Source  string // file name, or "embedded"
	Reasons []string
}

func (e *ProfileError) Error() string {
	return fmt.Sprintf("规则文件 %s 有误：%s", e.Source, strings.Join(e.Reasons, "；"))
}

// ErrProfile is the cause of every ProfileError, for errors.Is.
var ErrProfile = errors.New("invalid rule profile")

// Unwrap returns ErrProfile.
func (e *ProfileError) Unwrap() error { return ErrProfile }

// LoadProfile reads a tailored profile. Unknown keys, a missing clause of the
// standard, a threshold of the wrong type or an unknown parameter value make
// it fail with a *ProfileError naming the key. Parameters left out keep the
// default profile's values.
func LoadProfile(r io.Reader, source string) (*Profile, error) {
	data, err := io.ReadAll(io.LimitReader(r, 4<<20))
	if err != nil {
		return nil, &ProfileError{Source: source, Reasons: []string{err.Error()}}
	}
	base := DefaultProfile()
	p, err := parseProfile(data, base)
	if err != nil {
		var pe *ProfileError
		if errors.As(err, &pe) {
			pe.Source = source
		}
		return nil, err
	}
	return p, nil
}

func parseProfile(data []byte, base *Profile) (*Profile, error) {
	p := &Profile{}
	if base != nil {
		p.Parameters = base.Parameters
	}
	dec := yaml.NewDecoder(bytes.NewReader(data))
	dec.KnownFields(true)
	if err := dec.Decode(p); err != nil {
		return nil, &ProfileError{Source: "embedded", Reasons: []string{"无法读取：" + strings.TrimPrefix(err.Error(), "yaml: ")}}
	}
	if reasons := p.validate(base); len(reasons) > 0 {
		return nil, &ProfileError{Source: "embedded", Reasons: reasons}
	}
	return p, nil
}

// validate returns every reason the profile cannot be used, in Chinese for
// the operator who tailored it: the key path, then what is allowed. base,
// when not nil, is the standard's own profile: a tailoring must keep all
// its clauses.
func (p *Profile) validate(base *Profile) []string {
	var rs []string
	add := func(format string, args ...any) { rs = append(rs, fmt.Sprintf(format, args...)) }
	if p.Schema != ProfileSchema {
		add("schema：应为 %q，现为 %q", ProfileSchema, p.Schema)
	}
	if p.ID == "" {
		add("id：缺少规则编号")
	}
	if p.Version == "" {
		add("version：缺少规则版本")
	}
	rs = append(rs, p.Parameters.validate()...)
	seen := map[string]bool{}
	for i, c := range p.Clauses {
		at := fmt.Sprintf("clauses[%d] (%s)", i, c.ID)
		if c.ID == "" {
			add("clauses[%d].id：缺少条款编号", i)
		} else if seen[c.ID] {
			add("%s.id：条款 %q 出现两次", at, c.ID)
		}
		seen[c.ID] = true
		if c.Level < 0 || c.Level > 3 {
			add("%s.level：应为 0（参评条件）到 3，现为 %d", at, c.Level)
		}
		if c.Element == "" {
			add("%s.element：缺少要素名称", at)
		}
		if c.Text == "" {
			add("%s.text：缺少标准条文", at)
		}
		if len(c.Checks) == 0 {
			add("%s.checks：每个条款至少需要一项检查", at)
		}
		for j, k := range c.Checks {
			for _, r := range k.validate() {
				add("%s.checks[%d].%s", at, j, r)
			}
		}
	}
	if base != nil {
		for _, c := range base.Clauses {
			if !seen[c.ID] {
				add("clauses：缺少标准的条款 %s", c.ID)
			}
		}
	}
	return rs
}

// validate returns what is wrong with one check, each reason starting with
// the key it is about.
func (c Check) validate() []string {
	var rs []string
	add := func(format string, args ...any) { rs = append(rs, fmt.Sprintf(format, args...)) }
	unused := func(key string, set bool) {
		if set {
			add("%s：检查类型 %s 不使用此项", key, c.Kind)
		}
	}
	switch c.Kind {
	case KindDeclaration:
		if c.Item == "" {
			add("item：缺少制度与信用的编号（如 Q1、C4）")
		}
		for _, a := range c.Accept {
			if !slices.Contains(declarationAnswers, a) {
				add("accept：「%s」不是可选的填报值，应为 %s 中的值", a, strings.Join(declarationAnswers, "、"))
			}
		}
		unused("fields", c.Fields != nil)
		unused("flag", c.Flag != "")
		unused("metric", c.Metric != "")
		unused("value", c.Value != nil)
		unused("hours", c.Hours != nil)
	case KindFields:
		if len(c.Fields) == 0 {
			add("fields：缺少单位信息字段")
		}
		for _, f := range c.Fields {
			if _, ok := companyFieldLabels[f]; !ok {
				add("fields：未知字段 %q，应为 %s 之一", f, strings.Join(sortedKeys(companyFieldLabels), "、"))
			}
		}
		unused("item", c.Item != "")
		unused("metric", c.Metric != "")
		unused("value", c.Value != nil)
	case KindRosterAll:
		if _, ok := personFlagLabels[c.Flag]; !ok {
			add("flag：「%s」不是人员名册的是/否列，应为 %s 之一", c.Flag, strings.Join(sortedKeys(personFlagLabels), "、"))
		}
		unused("item", c.Item != "")
		unused("metric", c.Metric != "")
		unused("value", c.Value != nil)
	case KindTraining:
		if c.Hours == nil {
			add("hours：缺少学时要求")
		}
		unused("item", c.Item != "")
		unused("metric", c.Metric != "")
		unused("value", c.Value != nil)
	case KindMetric:
		spec, ok := metricSpecs[c.Metric]
		if !ok {
			add("metric：「%s」不是可用的指标，应为 %s 之一", c.Metric, strings.Join(sortedKeys(metricSpecs), "、"))
		}
		if _, ok := opWords[c.Op]; !ok {
			add("op：「%s」不可用，应为 >=（以上/不少于/不低于/达到）或 >（超过）", c.Op)
		}
		if c.Value == nil {
			add("value：缺少阈值")
		} else if ok && spec.kind == ratioMetric && c.Value.Rat().Cmp(big.NewRat(1, 1)) > 0 {
			add("value：占比阈值应在 0 到 100%% 之间，现为 %s", c.Value)
		}
		unused("item", c.Item != "")
		unused("hours", c.Hours != nil)
	default:
		add("kind：「%s」不是检查类型，应为 declaration、fields、roster_all、training、metric 之一", c.Kind)
	}
	return rs
}

var declarationAnswers = []string{"是", "否", "无", "兼职", "专职"}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}

// Dump writes the profile in the format LoadProfile reads.
func (p *Profile) Dump(w io.Writer) error {
	fmt.Fprintf(w, "# starrate rule profile %s, version %s\n# %s\n# Edit and pass back with: starrate rate --rules FILE …\n#\n# parameters:\n", p.ID, p.Version, p.Title)
	for _, spec := range parameterSpecs {
		fmt.Fprintf(w, "#   %-20s %s：%s\n", spec.key, spec.label, spec.allowed())
	}
	enc := yaml.NewEncoder(w)
	enc.SetIndent(2)
	if err := enc.Encode(p); err != nil {
		return err
	}
	return enc.Close()
}

// Hash identifies the profile's content: equal hashes, equal rules.
func (p *Profile) Hash() string {
	var b bytes.Buffer
	if err := p.Dump(&b); err != nil {
		panic(err) // Dump only fails on a failing writer
	}
	sum := sha256.Sum256(b.Bytes())
	return hex.EncodeToString(sum[:])
}

// Items returns the declaration items the profile's checks refer to, in
// first-use order.
func (p *Profile) Items() []string {
	var items []string
	for _, c := range p.Clauses {
		for _, k := range c.Checks {
			if k.Kind == KindDeclaration && !slices.Contains(items, k.Item) {
				items = append(items, k.Item)
			}
		}
	}
	return items
}

// Elements returns the elements (要素) of the clauses in profile order,
// each once: the rows of statistics by element, so that a tailored profile
// that renames or adds an element keeps its statistics.
func (p *Profile) Elements() []string {
	var out []string
	for _, c := range p.Clauses {
		if !slices.Contains(out, c.Element) {
			out = append(out, c.Element)
		}
	}
	return out
}

// Clause returns the clause with the given id.
func (p *Profile) Clause(id string) (Clause, bool) {
	for _, c := range p.Clauses {
		if c.ID == id {
			return c, true
		}
	}
	return Clause{}, false
}
