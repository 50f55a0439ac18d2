package exporter

import (
	"bytes"
	"encoding/json"
	"math/big"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/bax/starrate/rating"
)

func TestUnreadableFileStillAppears(t *testing.T) {
	c := NewCompany("broken.xlsx", "abc", nil, nil, []rating.Problem{{Severity: rating.SeverityError, File: "broken.xlsx", Message: "文件为空（0 字节）"}})
	var b bytes.Buffer
	require.NoError(t, WriteJSON(&b, &Round{Profile: rating.DefaultProfile(), Companies: CompanySlice{c}}))
	var got map[string]any
	require.NoError(t, json.Unmarshal(b.Bytes(), &got))
	company := got["companies"].([]any)[0].(map[string]any)
	assert.Equal(t, "unreadable", company["kind"])
	for _, k := range []string{"stars", "provisional_stars", "eligible", "metrics", "year", "next"} {
		v, present := company[k]
		assert.True(t, present, k)
		assert.Nil(t, v, k)
	}
	assert.Nil(t, got["evaluator"])
	assert.Equal(t, []any{}, got["cross_checks"])
	assert.Len(t, company["problems"], 1)
}

func TestNumbersAreCutNotRounded(t *testing.T) {
	app := &rating.Application{Company: rating.Company{Name: "甲", Year: 2022}}
	res := &rating.Result{Metrics: rating.Metrics{
		DegreeRatio:  rating.Ratio{Num: 59999, Den: 100000},
		AmountInYear: big.NewRat(2999999999, 10000), // 299999.9999
		SurveyScore:  big.NewRat(8999, 100),
	}}
	var b bytes.Buffer
	require.NoError(t, WriteJSON(&b, &Round{Profile: rating.DefaultProfile(), Companies: CompanySlice{NewCompany("a.xlsx", "", app, res, nil)}}))
	s := b.String()
	assert.Contains(t, s, `"percent": 59.99`)
	assert.Contains(t, s, `"amount_in_year": 299999.99`)
	assert.Contains(t, s, `"survey_score": 89.99`)
	assert.Contains(t, s, `"percent": null`, "an undefined ratio")
}

func TestCSVNeutralisesFormulas(t *testing.T) {
	for in, want := range map[string]string{
		"=HYPERLINK(\"x\")": "'=HYPERLINK(\"x\")", "+1": "'+1", "@SUM(A1)": "'@SUM(A1)", "-2.5": "-2.5", "-1+1": "'-1+1",
		"北京": "北京", "": "", "\tx": "'\tx",
	} {
		assert.Equal(t, want, neutralise(in), in)
	}
	app := &rating.Application{Company: rating.Company{Name: "=cmd|' /C calc'!A0", Year: 2022}}
	var b bytes.Buffer
	require.NoError(t, WriteCSV(&b, &Round{Profile: rating.DefaultProfile(), Companies: CompanySlice{NewCompany("a.xlsx", "", app, nil, nil)}}))
	assert.True(t, strings.Contains(b.String(), "'=cmd"))
}

func TestMaskedProblems(t *testing.T) {
	c := NewCompany("a.xlsx", "", nil, nil, []rating.Problem{{Severity: rating.SeverityError, Value: "1.10105198001011E+17", Personal: true,
		Message: "与 110105198001011234 重复"}})
	assert.Equal(t, "1.1010**********E+17", c.Problems[0].Value)
	assert.Equal(t, "与 110105********1234 重复", c.Problems[0].Message)
}
