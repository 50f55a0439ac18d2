package rating

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestMatchForms(t *testing.T) {
	apps := []Party{
		{Name: "甲公司", USCC: "91110000AAAAAAAAAA"},
		{Name: "乙公司（北京）", USCC: ""},
		{Name: "丙公司", USCC: "91110000CCCCCCCCCC"},
		{Name: "丙公司", USCC: "91110000DDDDDDDDDD"}, // same name as the one above
		{Name: "丁公司", USCC: "91110000EEEEEEEEEE"},
		{Name: "戊公司", USCC: "91110000EEEEEEEEEE"}, // same code as the one above
	}
	for _, tc := range []struct {
		name    string
		form    Party
		app     int
		problem string
	}{
		{"by code, whatever the name", Party{Name: "别的名字", USCC: "91110000AAAAAAAAAA"}, 0, ""},
		{"by name when no code", Party{Name: "甲公司"}, 0, ""},
		{"by normalised name", Party{Name: " 乙公司(北京) "}, 1, ""},
		{"unknown code falls back to the name", Party{Name: "乙公司（北京）", USCC: "91110000ZZZZZZZZZZ"}, 1, ""},
		{"code wins over a name of another", Party{Name: "甲公司", USCC: "91110000CCCCCCCCCC"}, 2, ""},
		{"a code shared by two is an ambiguity", Party{Name: "丁公司", USCC: "91110000EEEEEEEEEE"}, -1, "本批有 2 份申报的统一社会信用代码"},
		{"a name shared by two is an ambiguity", Party{Name: "丙公司"}, -1, "本批有 2 份申报的单位名称"},
		{"a shared name is settled by the code", Party{Name: "丙公司", USCC: "91110000DDDDDDDDDD"}, 3, ""},
		{"nobody", Party{Name: "不在本批的公司"}, -1, "不在本批申报中"},
		{"an empty form names nobody", Party{}, -1, "不在本批申报中"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			m := MatchForms(apps, []Party{tc.form})
			require.Len(t, m, 1)
			assert.Equal(t, tc.app, m[0].App)
			if tc.problem == "" {
				assert.Nil(t, m[0].Problem)
				return
			}
			require.NotNil(t, m[0].Problem)
			assert.Contains(t, m[0].Problem.Message, tc.problem)
			assert.Equal(t, CodeUnmatched, m[0].Problem.Code)
			assert.Equal(t, SeverityWarning, m[0].Problem.Severity)
		})
	}
}

func TestMatchFormsEmptyApplicationNameMatchesNothing(t *testing.T) {
	m := MatchForms([]Party{{Name: ""}}, []Party{{Name: " "}})
	assert.Equal(t, -1, m[0].App)
}
