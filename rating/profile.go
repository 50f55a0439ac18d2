package rating

import (
	"bytes"
	"crypto/sha256"
	_ "embed"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
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
// defaults in the embedded profile.
type Parameters struct {
	// Cumulative: a level needs every clause of the levels below it too.
	Cumulative bool `yaml:"cumulative" json:"cumulative"`
	// RequireReview: a declaration passes only when an evaluator has marked
	// it 通过; false (self-check) lets declared evidence pass.
	RequireReview bool `yaml:"require_review" json:"require_review"`
	// CapAtApplied: the rated stars never exceed the applied level (申报星级).
	CapAtApplied bool `yaml:"cap_at_applied" json:"cap_at_applied"`
	// DegreeDenominator: all_staff (the standard's 全员总人数) or om_staff.
	DegreeDenominator string `yaml:"degree_denominator" json:"degree_denominator"`
	// TrainingMode: session (one session of the hours, the standard's 一次)
	// or annual_total (hours summed over the year).
	TrainingMode string `yaml:"training_mode" json:"training_mode"`
	// NewHireGraceDays exempts from the training clauses people hired in the
	// last that many days of the evaluation year.
	NewHireGraceDays int `yaml:"new_hire_grace_days" json:"new_hire_grace_days"`
	// AmountBasis: prorate, full or signed (see rating-model.md §3).
	AmountBasis string `yaml:"amount_basis" json:"amount_basis"`
	// RenewalGapDays is the longest gap between two contracts of one client
	// that still counts as continued service.
	RenewalGapDays int `yaml:"renewal_gap_days" json:"renewal_gap_days"`
	// SurveyAggregate: mean or min of the year's survey totals.
	SurveyAggregate string `yaml:"survey_aggregate" json:"survey_aggregate"`
	// SampleMin and SampleMax bound the spot-check sample of a category
	// (⌈√n⌉ of n subjects; all of them when n ≤ 3), rating-model.md §6.
	SampleMin int `yaml:"sample_min" json:"sample_min"`
	SampleMax int `yaml:"sample_max" json:"sample_max"`
	// SampleSeed seeds the draw, with the USCC and the category: the same
	// inputs give the same sample.
	SampleSeed int64 `yaml:"sample_seed" json:"sample_seed"`
	// SpotCheckFailure: exclude (a subject judged 不通过 counts for nothing
	// in its category's metric) or fail_clause (every clause using the
	// category fails).
	SpotCheckFailure string `yaml:"spot_check_failure" json:"spot_check_failure"`
}

// The values a string parameter takes.
var parameterChoices = map[string][]string{
	"degree_denominator": {"all_staff", "om_staff"},
	"training_mode":      {"session", "annual_total"},
	"amount_basis":       {"prorate", "full", "signed"},
	"survey_aggregate":   {"mean", "min"},
	"spot_check_failure": {"exclude", "fail_clause"},
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
	// (default 是), its evidence reviewed.
	KindDeclaration = "declaration"
	// KindFields: fields of 单位信息 filled in.
	KindFields = "fields"
	// KindRosterAll: a yes/no column of 人员名册 is 是 for every person.
	KindRosterAll = "roster_all"
	// KindTraining: every person has the post-hire training Hours in the year.
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
		return nil, fmt.Errorf("want a number such as 5, 0.5 or 50%%, got %q", s)
	}
	r, ok := new(big.Rat).SetString(strings.TrimSuffix(s, "%"))
	if !ok {
		return nil, fmt.Errorf("want a number such as 5, 0.5 or 50%%, got %q", s)
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
		return fmt.Errorf("line %d: want a number such as 5, 0.5 or \"50%%\", got %s", n.Line, describeNode(n))
	}
	p, err := ParseThreshold(n.Value)
	if err != nil {
		return fmt.Errorf("line %d: %w", n.Line, err)
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
		return "a mapping"
	case yaml.SequenceNode:
		return "a list"
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
	return fmt.Sprintf("rule profile %s: %s", e.Source, strings.Join(e.Reasons, "; "))
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
		return nil, &ProfileError{Source: "embedded", Reasons: []string{strings.TrimPrefix(err.Error(), "yaml: ")}}
	}
	if reasons := p.validate(base); len(reasons) > 0 {
		return nil, &ProfileError{Source: "embedded", Reasons: reasons}
	}
	return p, nil
}

// validate returns every reason the profile cannot be used. base, when not
// nil, is the standard's own profile: a tailoring must keep all its clauses.
func (p *Profile) validate(base *Profile) []string {
	var rs []string
	add := func(format string, args ...any) { rs = append(rs, fmt.Sprintf(format, args...)) }
	if p.Schema != ProfileSchema {
		add("schema: want %q, got %q", ProfileSchema, p.Schema)
	}
	if p.ID == "" {
		add("id: missing")
	}
	if p.Version == "" {
		add("version: missing")
	}
	for name, choices := range parameterChoices {
		if v := p.Parameters.choice(name); !slices.Contains(choices, v) {
			add("parameters.%s: want one of %s, got %q", name, strings.Join(choices, ", "), v)
		}
	}
	if p.Parameters.NewHireGraceDays < 0 || p.Parameters.NewHireGraceDays > 366 {
		add("parameters.new_hire_grace_days: want 0..366, got %d", p.Parameters.NewHireGraceDays)
	}
	if p.Parameters.RenewalGapDays < 0 || p.Parameters.RenewalGapDays > 3660 {
		add("parameters.renewal_gap_days: want 0..3660, got %d", p.Parameters.RenewalGapDays)
	}
	if p.Parameters.SampleMin < 1 || p.Parameters.SampleMin > p.Parameters.SampleMax {
		add("parameters.sample_min: want 1..sample_max (%d), got %d", p.Parameters.SampleMax, p.Parameters.SampleMin)
	}
	if p.Parameters.SampleMax > 1000 {
		add("parameters.sample_max: want at most 1000, got %d", p.Parameters.SampleMax)
	}
	seen := map[string]bool{}
	for i, c := range p.Clauses {
		at := fmt.Sprintf("clauses[%d] (%s)", i, c.ID)
		if c.ID == "" {
			add("clauses[%d].id: missing", i)
		} else if seen[c.ID] {
			add("%s.id: %q appears twice", at, c.ID)
		}
		seen[c.ID] = true
		if c.Level < 0 || c.Level > 3 {
			add("%s.level: want 0 (参评条件) to 3, got %d", at, c.Level)
		}
		if c.Element == "" {
			add("%s.element: missing", at)
		}
		if c.Text == "" {
			add("%s.text: missing", at)
		}
		if len(c.Checks) == 0 {
			add("%s.checks: a clause needs at least one check", at)
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
				add("clauses: clause %s of the standard is missing", c.ID)
			}
		}
	}
	return rs
}

func (p Parameters) choice(name string) string {
	switch name {
	case "degree_denominator":
		return p.DegreeDenominator
	case "training_mode":
		return p.TrainingMode
	case "amount_basis":
		return p.AmountBasis
	case "survey_aggregate":
		return p.SurveyAggregate
	case "spot_check_failure":
		return p.SpotCheckFailure
	}
	return ""
}

// validate returns what is wrong with one check, each reason starting with
// the key it is about.
func (c Check) validate() []string {
	var rs []string
	add := func(format string, args ...any) { rs = append(rs, fmt.Sprintf(format, args...)) }
	unused := func(key string, set bool) {
		if set {
			add("%s: not used by kind %s", key, c.Kind)
		}
	}
	switch c.Kind {
	case KindDeclaration:
		if c.Item == "" {
			add("item: missing")
		}
		for _, a := range c.Accept {
			if !slices.Contains(declarationAnswers, a) {
				add("accept: want answers among %s, got %q", strings.Join(declarationAnswers, " "), a)
			}
		}
		unused("fields", c.Fields != nil)
		unused("flag", c.Flag != "")
		unused("metric", c.Metric != "")
		unused("value", c.Value != nil)
		unused("hours", c.Hours != nil)
	case KindFields:
		if len(c.Fields) == 0 {
			add("fields: missing")
		}
		for _, f := range c.Fields {
			if _, ok := companyFieldLabels[f]; !ok {
				add("fields: unknown field %q (known: %s)", f, strings.Join(sortedKeys(companyFieldLabels), ", "))
			}
		}
		unused("item", c.Item != "")
		unused("metric", c.Metric != "")
		unused("value", c.Value != nil)
	case KindRosterAll:
		if _, ok := personFlagLabels[c.Flag]; !ok {
			add("flag: want one of %s, got %q", strings.Join(sortedKeys(personFlagLabels), ", "), c.Flag)
		}
		unused("item", c.Item != "")
		unused("metric", c.Metric != "")
		unused("value", c.Value != nil)
	case KindTraining:
		if c.Hours == nil {
			add("hours: missing")
		}
		unused("item", c.Item != "")
		unused("metric", c.Metric != "")
		unused("value", c.Value != nil)
	case KindMetric:
		if _, ok := metricDefs[c.Metric]; !ok {
			add("metric: want one of %s, got %q", strings.Join(sortedKeys(metricDefs), ", "), c.Metric)
		}
		if _, ok := opWords[c.Op]; !ok {
			add("op: want >= (以上/不少于/不低于) or > (超过), got %q", c.Op)
		}
		if c.Value == nil {
			add("value: missing")
		}
		unused("item", c.Item != "")
		unused("hours", c.Hours != nil)
	default:
		add("kind: want one of declaration, fields, roster_all, training, metric, got %q", c.Kind)
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
	fmt.Fprintf(w, "# starrate rule profile %s, version %s\n# %s\n# Edit and pass back with: starrate rate --rules FILE …\n", p.ID, p.Version, p.Title)
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

// Clause returns the clause with the given id.
func (p *Profile) Clause(id string) (Clause, bool) {
	for _, c := range p.Clauses {
		if c.ID == id {
			return c, true
		}
	}
	return Clause{}, false
}
