package rating

import (
	"bytes"
	"errors"
	"math/big"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestDefaultProfile(t *testing.T) {
	p := DefaultProfile()
	want := []string{
		"3.2.1", "3.2.2", "3.2.3", "3.2.4",
		"5.1.1.1", "5.1.2.1", "5.1.2.2", "5.1.2.3", "5.1.3.1", "5.1.3.2", "5.1.3.3", "5.1.4.1", "5.1.4.2",
		"5.2.1.1", "5.2.1.2", "5.2.1.3", "5.2.2.1", "5.2.2.2", "5.2.2.3", "5.2.3.1", "5.2.3.2", "5.2.3.3", "5.2.3.4", "5.2.3.5", "5.2.4.1", "5.2.4.2", "5.2.4.3",
		"5.3.1.1", "5.3.1.2", "5.3.2.1", "5.3.2.2", "5.3.2.3", "5.3.3.1", "5.3.3.2", "5.3.3.3", "5.3.3.4", "5.3.3.5", "5.3.4.1", "5.3.4.2", "5.3.4.3",
	}
	var ids []string
	for _, c := range p.Clauses {
		ids = append(ids, c.ID)
		// The clause number says its level: 5.k.… is level k, 3.2.… level 0.
		level := 0
		if strings.HasPrefix(c.ID, "5.") {
			level = int(c.ID[2] - '0')
		}
		assert.Equal(t, level, c.Level, c.ID)
	}
	assert.Equal(t, want, ids)
	assert.Equal(t, Parameters{
		Cumulative: true, RequireReview: true, CapAtApplied: true, DegreeDenominator: DegreeAllStaff, TrainingMode: TrainingSession,
		SessionSpanDays: 7, NewHireGraceDays: 0, AmountBasis: AmountProrate, RenewalGapDays: 90, SurveyAggregate: SurveyClientMean,
		SampleMin: 3, SampleMax: 10, SampleSeed: 2022, SpotCheckFailure: SpotExclude,
	}, p.Parameters)
	assert.Equal(t, []string{"Q1", "Q2", "Q3", "Q4", "C1", "T1", "M1", "M2", "M4", "M5", "M6", "C2", "C3", "M7", "M8", "M12", "C4", "M3", "M9", "M10", "M11"}, p.Items())
	assert.Equal(t, "2022.2", p.Version)
	assert.Equal(t, []string{"参评条件", "经营信用", "专业队伍", "服务管理", "绩效表现"}, p.Elements())
}

// The thresholds of the standard, read back from the embedded profile: a
// guard against an edit that slips a number.
func TestDefaultThresholds(t *testing.T) {
	p := DefaultProfile()
	tests := []struct {
		clause, metric, value string
	}{
		{"5.1.2.1", "qualified_staff", "5"}, {"5.2.2.1", "qualified_staff", "10"}, {"5.3.2.1", "qualified_staff", "20"},
		{"5.1.2.2", "degree_ratio", "1/2"}, {"5.2.2.2", "degree_ratio", "3/5"}, {"5.3.2.2", "degree_ratio", "7/10"},
		{"5.1.2.3", "hours", "4"}, {"5.2.2.3", "hours", "8"}, {"5.3.2.3", "hours", "16"},
		{"5.1.4.1", "clients_in_year", "2"}, {"5.2.4.1", "clients_in_year", "4"}, {"5.3.4.1", "clients_in_year", "6"},
		{"5.2.4.1", "amount_in_year", "300000"}, {"5.3.4.1", "amount_in_year", "500000"},
		{"5.2.4.1", "renewals", "1"}, {"5.3.4.1", "renewals", "2"},
		{"5.2.4.2", "vip_ratio_5y", "1/10"}, {"5.3.4.2", "vip_ratio_5y", "3/20"},
		{"5.1.4.2", "survey_score", "85"}, {"5.2.4.3", "survey_score", "90"}, {"5.3.4.3", "survey_score", "95"},
	}
	for _, tt := range tests {
		c, ok := p.Clause(tt.clause)
		require.True(t, ok, tt.clause)
		found := false
		for _, k := range c.Checks {
			var th *Threshold
			switch {
			case k.Kind == KindTraining && tt.metric == "hours":
				th = k.Hours
			case k.Kind == KindMetric && k.Metric == tt.metric:
				th = k.Value
				assert.Equal(t, ">=", k.Op, "%s %s", tt.clause, tt.metric)
			default:
				continue
			}
			want, _ := new(big.Rat).SetString(tt.value)
			assert.Zero(t, want.Cmp(th.Rat()), "%s %s: got %s", tt.clause, tt.metric, th)
			found = true
		}
		assert.True(t, found, "%s has no %s check", tt.clause, tt.metric)
	}
}

func TestProfileRoundTrip(t *testing.T) {
	var first, second bytes.Buffer
	require.NoError(t, DefaultProfile().Dump(&first))
	p, err := LoadProfile(bytes.NewReader(first.Bytes()), "dump.yaml")
	require.NoError(t, err)
	require.NoError(t, p.Dump(&second))
	assert.Equal(t, first.String(), second.String())
	assert.Equal(t, DefaultProfile().Hash(), p.Hash())
	assert.Contains(t, first.String(), `value: "50%"`)
	for _, c := range DefaultProfile().Clauses {
		assert.Contains(t, first.String(), "id: "+c.ID+"\n")
		assert.Contains(t, first.String(), c.Text)
	}
}

func TestLoadProfileErrors(t *testing.T) {
	var dump bytes.Buffer
	require.NoError(t, DefaultProfile().Dump(&dump))
	base := dump.String()
	tests := []struct {
		name, from, to string
		want           []string
	}{
		{"unknown top-level key", "title:", "titel: x\ntitle:", []string{"无法读取", "field titel not found"}},
		{"unknown parameter", "  cumulative: true", "  cumulative: true\n  strict_mode: true", []string{"field strict_mode not found"}},
		{"unknown check key", "        item: Q1\n", "        item: Q1\n        weight: 2\n", []string{"field weight not found"}},
		{"unknown parameter value", "training_mode: session", "training_mode: weekly",
			[]string{"parameters.training_mode：「weekly」不是可选值", "session（", "annual_total（"}},
		{"unknown survey aggregate", "survey_aggregate: client_mean", "survey_aggregate: median",
			[]string{"parameters.survey_aggregate：「median」", "client_mean（", "mean（", "min（"}},
		{"session span 0", "session_span_days: 7", "session_span_days: 0",
			[]string{"parameters.session_span_days：", "1 到 366", "现为 0"}},
		{"session span 367", "session_span_days: 7", "session_span_days: 367", []string{"parameters.session_span_days：", "现为 367"}},
		{"negative grace", "new_hire_grace_days: 0", "new_hire_grace_days: -1", []string{"parameters.new_hire_grace_days：", "0 到 366"}},
		{"cap_at_applied not a bool", "cap_at_applied: true", "cap_at_applied: maybe", []string{"maybe", "bool"}},
		{"parameter of the wrong type", "renewal_gap_days: 90", "renewal_gap_days: ninety", []string{"ninety", "int"}},
		{"threshold of the wrong type", "value: 5\n", "value: five\n", []string{"five", "应为数字"}},
		{"threshold as a list", "value: 5\n", "value: [5]\n", []string{"列表"}},
		{"ratio above 100%", `value: "50%"`, `value: "150%"`, []string{"value：占比阈值应在 0 到 100% 之间"}},
		{"missing clause", "  - id: 5.2.4.2\n", "  - id: 5.2.4.2x\n", []string{"clauses：缺少标准的条款 5.2.4.2"}},
		{"duplicate clause", "  - id: 5.2.4.2\n", "  - id: 5.2.4.1\n", []string{"出现两次", "缺少标准的条款 5.2.4.2"}},
		{"unknown metric", "metric: renewals", "metric: renewal", []string{"metric：「renewal」不是可用的指标", "renewals"}},
		{"unknown kind", "kind: fields", "kind: field", []string{"kind：「field」不是检查类型"}},
		{"bad op", "op: '>='", "op: '=>'", []string{"op：「=>」不可用"}},
		{"level out of range", "level: 3", "level: 4", []string{"level：应为 0（参评条件）到 3"}},
		{"unknown answer", "accept: [专职]", "accept: [全职]", []string{"accept：「全职」不是可选的填报值"}},
		{"unknown field", "fields: [platform]", "fields: [platfrom]", []string{`fields：未知字段 "platfrom"`}},
		{"wrong schema", "schema: starrate.profile/v1", "schema: starrate.profile/v2", []string{"schema：应为"}},
		{"key of another kind", "      - kind: declaration\n        item: Q1\n", "      - kind: declaration\n        item: Q1\n        hours: 4\n", []string{"hours：检查类型 declaration 不使用此项"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			edited := strings.Replace(base, tt.from, tt.to, 1)
			require.NotEqual(t, base, edited, "edit did not apply")
			_, err := LoadProfile(strings.NewReader(edited), "mine.yaml")
			require.Error(t, err)
			assert.True(t, errors.Is(err, ErrProfile))
			assert.Contains(t, err.Error(), "mine.yaml")
			for _, w := range tt.want {
				assert.Contains(t, err.Error(), w)
			}
		})
	}
}

func TestLoadProfileKeepsDefaultParameters(t *testing.T) {
	var dump bytes.Buffer
	require.NoError(t, DefaultProfile().Dump(&dump))
	edited := strings.Replace(dump.String(), "  cumulative: true\n", "", 1)
	edited = strings.Replace(edited, "survey_aggregate: client_mean", "survey_aggregate: min", 1)
	p, err := LoadProfile(strings.NewReader(edited), "mine.yaml")
	require.NoError(t, err)
	assert.True(t, p.Parameters.Cumulative, "a parameter left out keeps its default")
	assert.Equal(t, SurveyMin, p.Parameters.SurveyAggregate)
}

func TestParseThreshold(t *testing.T) {
	tests := []struct {
		in, want string
		err      bool
	}{
		{"5", "5", false}, {"50%", "1/2", false}, {"0.6", "3/5", false}, {"15%", "3/20", false},
		{"300000", "300000", false}, {"12.5%", "1/8", false},
		{"-5", "", true}, {"five", "", true}, {"5%%", "", true}, {"", "", true}, {"1e3", "", true},
	}
	for _, tt := range tests {
		th, err := ParseThreshold(tt.in)
		if tt.err {
			assert.Error(t, err, tt.in)
			continue
		}
		require.NoError(t, err, tt.in)
		want, _ := new(big.Rat).SetString(tt.want)
		assert.Zero(t, want.Cmp(th.Rat()), tt.in)
		assert.Equal(t, tt.in, th.String())
	}
}

// `starrate rules` shows every parameter with the values it takes.
func TestDumpListsParameters(t *testing.T) {
	var b bytes.Buffer
	require.NoError(t, DefaultProfile().Dump(&b))
	for _, e := range DefaultProfile().Parameters.Entries() {
		assert.Contains(t, b.String(), "#   "+e.Key+" ")
		assert.Contains(t, b.String(), "\n  "+e.Key+": ")
	}
	assert.Contains(t, b.String(), "client_mean（先按用户单位平均，再各单位平均） | mean（全部评价平均） | min（最低一份）")
	assert.Contains(t, b.String(), "session_span_days: 7\n")
	assert.Contains(t, b.String(), "item: C4")
}
