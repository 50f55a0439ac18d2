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
		Cumulative: true, RequireReview: true, DegreeDenominator: "all_staff", TrainingMode: "session",
		NewHireGraceDays: 0, AmountBasis: "prorate", RenewalGapDays: 90, SurveyAggregate: "mean",
		SampleMin: 3, SampleMax: 10, SampleSeed: 2022, SpotCheckFailure: "exclude",
	}, p.Parameters)
	assert.Equal(t, []string{"Q1", "Q2", "Q3", "Q4", "C1", "T1", "M1", "M2", "M4", "M5", "M6", "C2", "C3", "M7", "M8", "M12", "M3", "M9", "M10", "M11"}, p.Items())
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
		{"unknown top-level key", "title:", "titel: x\ntitle:", []string{"field titel not found"}},
		{"unknown parameter", "  cumulative: true", "  cumulative: true\n  strict_mode: true", []string{"field strict_mode not found"}},
		{"unknown check key", "        item: Q1\n", "        item: Q1\n        weight: 2\n", []string{"field weight not found"}},
		{"unknown parameter value", "training_mode: session", "training_mode: weekly", []string{"parameters.training_mode", `"weekly"`}},
		{"parameter of the wrong type", "renewal_gap_days: 90", "renewal_gap_days: ninety", []string{"ninety", "int"}},
		{"threshold of the wrong type", "value: 5\n", "value: five\n", []string{"five", "want a number"}},
		{"threshold as a list", "value: 5\n", "value: [5]\n", []string{"a list"}},
		{"missing clause", "  - id: 5.2.4.2\n", "  - id: 5.2.4.2x\n", []string{"clause 5.2.4.2 of the standard is missing"}},
		{"duplicate clause", "  - id: 5.2.4.2\n", "  - id: 5.2.4.1\n", []string{"appears twice", "5.2.4.2 of the standard is missing"}},
		{"unknown metric", "metric: renewals", "metric: renewal", []string{"metric: want one of", `"renewal"`}},
		{"unknown kind", "kind: fields", "kind: field", []string{"kind: want one of"}},
		{"bad op", "op: '>='", "op: '=>'", []string{"op: want >="}},
		{"level out of range", "level: 3", "level: 4", []string{"level: want 0"}},
		{"unknown answer", "accept: [专职]", "accept: [全职]", []string{`accept: want answers among`, "全职"}},
		{"unknown field", "fields: [platform]", "fields: [platfrom]", []string{`unknown field "platfrom"`}},
		{"wrong schema", "schema: starrate.profile/v1", "schema: starrate.profile/v2", []string{"schema: want"}},
		{"key of another kind", "      - kind: declaration\n        item: Q1\n", "      - kind: declaration\n        item: Q1\n        hours: 4\n", []string{"hours: not used by kind declaration"}},
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
	edited = strings.Replace(edited, "survey_aggregate: mean", "survey_aggregate: min", 1)
	p, err := LoadProfile(strings.NewReader(edited), "mine.yaml")
	require.NoError(t, err)
	assert.True(t, p.Parameters.Cumulative, "a parameter left out keeps its default")
	assert.Equal(t, "min", p.Parameters.SurveyAggregate)
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
