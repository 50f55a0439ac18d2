package exporter

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/xuri/excelize/v2"

	"github.com/bax/starrate/rating"
)

func resultsOf(t *testing.T, cs ...Company) *Results {
	t.Helper()
	var b bytes.Buffer
	require.NoError(t, WriteJSON(&b, &Round{Profile: rating.DefaultProfile(), Companies: CompanySlice(cs)}))
	r, err := ReadResults(b.Bytes())
	require.NoError(t, err)
	return r
}

func TestDiffOneChangedOneRemoved(t *testing.T) {
	a, b, gone := capped(), short(), capped()
	gone.File, gone.Name = "丙.xlsx", "丙公司"
	prev := resultsOf(t, a, b, gone)

	better := short()
	r := *better.Result
	r.Stars, r.AchievableStars, r.ProvisionalStars, r.Eligible = 2, 2, 2, true
	better.Result = &r
	better.Problems = []rating.Problem{{Severity: rating.SeverityWarning, Message: "警告"}}
	cur := resultsOf(t, a, better)

	ch := Diff(prev, cur)
	assert.Equal(t, prev.Digest, ch.Previous)
	assert.Len(t, prev.Digest, 64)
	assert.Equal(t, []Change{
		{File: "乙.xlsx", Company: "乙公司", What: "评定星级", Before: "未达星级", After: "二星"},
		{File: "乙.xlsx", Company: "乙公司", What: "预评星级", Before: "未达星级", After: "二星"},
		{File: "乙.xlsx", Company: "乙公司", What: "输入警告（项）", Before: "0", After: "1"},
		{File: "丙.xlsx", Company: "丙公司", What: "移除文件", Before: "一星"},
	}, ch.Rows, "甲 did not change")
	assert.Equal(t, "乙.xlsx 乙公司：评定星级 未达星级 → 二星", ch.Rows[0].String())
	assert.Equal(t, "丙.xlsx 丙公司：移除文件（一星）", ch.Rows[3].String())
	assert.Empty(t, Diff(cur, cur).Rows)

	added := Diff(resultsOf(t), cur)
	require.Len(t, added.Rows, 2)
	assert.Equal(t, "新增文件", added.Rows[0].What)

	_, err := ReadResults([]byte("{"))
	assert.Error(t, err)
}

func TestChangesRecordedInOutputs(t *testing.T) {
	r := boardRound()
	r.Changes = &Changes{Previous: "ab12"}
	var j bytes.Buffer
	require.NoError(t, WriteJSON(&j, r))
	assert.Contains(t, j.String(), "\"evaluator\": null,\n  \"previous_results_sha256\": \"ab12\",\n  \"companies\"")

	var x bytes.Buffer
	require.NoError(t, WriteXLSX(&x, r))
	f, err := excelize.OpenReader(&x)
	require.NoError(t, err)
	defer f.Close()
	rows, err := f.GetRows(SheetChanges)
	require.NoError(t, err)
	assert.Equal(t, []string{"", "", "与上次结果相比没有变化"}, rows[len(rows)-1])
	params, err := f.GetRows(SheetParams)
	require.NoError(t, err)
	assert.Contains(t, params, []string{"上次结果（results.json SHA-256）", "ab12"})
}

func TestChangeTone(t *testing.T) {
	assert.Equal(t, tonePass, changeTone(Change{What: "评定星级", Before: "一星", After: "三星"}))
	assert.Equal(t, toneFail, changeTone(Change{What: "参评条件", Before: "符合", After: "不符合或待核实"}))
	assert.Equal(t, toneNone, changeTone(Change{What: "输入错误（项）", Before: "0", After: "2"}))
	assert.Equal(t, toneFail, changeTone(Change{What: "移除文件"}))
	assert.Equal(t, tonePass, changeTone(Change{What: "新增文件"}))
}

func TestCompareYearOverYearByUSCC(t *testing.T) {
	last := capped()
	last.File = "2021/甲-旧名.xlsx"
	gone := short()
	gone.USCC, gone.File = "91110100000000001N", "2021/乙.xlsx"
	form := NewCompany("表A1.xlsx", "", nil, nil, nil)
	form.Kind = KindSurveyForm
	prev := resultsOf(t, last, gone, form)

	now := capped()
	r := *now.Result
	r.Stars = 3
	now.Result = &r
	now.Problems = []rating.Problem{{Severity: rating.SeverityError, Message: "另一年的问题"}}
	newcomer := short()
	newcomer.USCC = "91110100000000002R"
	cur := resultsOf(t, now, newcomer)

	assert.Equal(t, []Change{
		{File: "甲.xlsx", Company: "甲公司", What: "评定星级", Before: "一星", After: "三星"},
		{File: "乙.xlsx", Company: "乙公司", What: "新参评单位", After: "未达星级"},
		{File: "2021/乙.xlsx", Company: "乙公司", What: "未再参评", Before: "未达星级"},
	}, Compare(prev, cur).Rows, "matched by USCC across file names; problem counts and forms left out")
}

// ReadResultsFrom streams: the digest is of the whole document, problems
// become counts, and other members are skipped whatever they hold.
func TestReadResultsFromStreams(t *testing.T) {
	doc := `{"profile":{"id":"x","parameters":{"a":[1,2,{"b":null}]}},"evaluator":"某机构",
 "companies":[{"file":"a.xlsx","kind":"application","stars":2,"eligible":true,
   "problems":[{"severity":"error"},{"severity":"warning"},{"severity":"error"}],"clauses":[{"id":"3.2.1"}]},
  {"file":"b.xlsx","kind":"unreadable","stars":null,"problems":[]}],
 "cross_checks":[{"kind":"id"}]}
`
	res, err := ReadResultsFrom(strings.NewReader(doc))
	require.NoError(t, err)
	sum := sha256.Sum256([]byte(doc))
	assert.Equal(t, hex.EncodeToString(sum[:]), res.Digest)
	require.Len(t, res.Companies, 2)
	assert.Equal(t, 2, res.Companies[0].Errors)
	assert.Equal(t, 1, res.Companies[0].Warnings)
	assert.Equal(t, 2, *res.Companies[0].Stars)
	assert.Nil(t, res.Companies[1].Stars)

	for _, bad := range []string{``, `[]`, `{"companies":{}}`, `{"companies":[1]}`, `{"companies":[`} {
		_, err := ReadResultsFrom(strings.NewReader(bad))
		assert.Error(t, err, bad)
	}
}
