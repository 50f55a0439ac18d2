package exporter

import (
	"archive/zip"
	"bytes"
	"io"
	"regexp"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/xuri/excelize/v2"

	"github.com/bax/starrate/rating"
	"github.com/bax/starrate/templates"
)

// samplePlan is the plan of a new record for two synthetic companies, with
// a reviewer's note that quotes a full ID number.
func samplePlan(t *testing.T) rating.ReviewPlan {
	t.Helper()
	p := rating.DefaultProfile()
	var checks []rating.ReviewCheck
	for i := range 2 {
		app := templates.Sample(templates.SampleSpec{Seed: 1, Index: i, Year: 2022, Level: 3, Staff: 30, TrainingPerPerson: 2, Contracts: 12, Surveys: 5})
		checks = append(checks, rating.ReviewChecks(app, p, nil)...)
	}
	plan := rating.PlanReview(checks, nil)
	plan.Rows[0].Verdict, plan.Rows[0].By, plan.Rows[0].Date = rating.VerdictFail, "王评审", rating.NewDate(2023, 3, 1)
	plan.Rows[0].Note = "证件号 " + templates.SampleID(0, 1) + " 与本人不符"
	plan.Expired = []rating.ReviewRow{{Key: "91110000000000000X-item-Q1", Verdict: rating.VerdictPass, State: rating.StateChecked}}
	return plan
}

func writeReview(t *testing.T, plan rating.ReviewPlan) []byte {
	t.Helper()
	var b bytes.Buffer
	require.NoError(t, WriteReview(&b, plan, ReviewMeta{Round: "申报/", Years: []int{2022}, ProfileID: "T-BAX", ProfileHash: "abc", Generated: time.Unix(0, 0), Companies: 2, SampleMin: 3, SampleMax: 7}))
	return b.Bytes()
}

func TestReviewRecordHasNoFullID(t *testing.T) {
	data := writeReview(t, samplePlan(t))
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	require.NoError(t, err)
	// An ID number: region, a birth date, sequence and check digit (an
	// all-digit USCC is no birth date).
	id := regexp.MustCompile(`[0-9]{6}(19|20)[0-9]{2}(0[1-9]|1[0-2])(0[1-9]|[12][0-9]|3[01])[0-9]{3}[0-9Xx]`)
	for _, part := range zr.File {
		rc, err := part.Open()
		require.NoError(t, err)
		body, err := io.ReadAll(rc)
		rc.Close()
		require.NoError(t, err)
		assert.Empty(t, id.FindAllString(string(body), 3), "full ID number in %s", part.Name)
	}
}

func TestWriteReview(t *testing.T) {
	plan := samplePlan(t)
	data := writeReview(t, plan)
	f, err := excelize.OpenReader(bytes.NewReader(data))
	require.NoError(t, err)
	defer f.Close()
	assert.Equal(t, []string{"说明", "核查清单", "进度", "已失效"}, f.GetSheetList())
	guide, err := f.GetRows(rating.ReviewSheetGuide)
	require.NoError(t, err)
	assert.Contains(t, guide[12][1], "至少 3 项、至多 7 项", "the profile's bounds, not literals")

	rows, err := f.GetRows(rating.ReviewSheetChecks)
	require.NoError(t, err)
	assert.Equal(t, append(append([]string{}, rating.ReviewColumns...), rating.ReviewFingerprintHeader), rows[0])
	assert.Len(t, rows, len(plan.Rows)+1)
	assert.Equal(t, plan.Rows[1].Key, rows[2][0])
	assert.Equal(t, "不通过", rows[1][8])
	assert.Contains(t, rows[1][11], "********", "the reviewer's note is masked too")
	assert.Equal(t, plan.Rows[1].Fingerprint, rows[2][13])

	visible, err := f.GetColVisible(rating.ReviewSheetChecks, "N")
	require.NoError(t, err)
	assert.False(t, visible, "指纹 is hidden")
	panes, err := f.GetPanes(rating.ReviewSheetChecks)
	require.NoError(t, err)
	assert.True(t, panes.Freeze)
	dvs, err := f.GetDataValidations(rating.ReviewSheetChecks)
	require.NoError(t, err)
	require.NotEmpty(t, dvs)
	assert.Equal(t, `"通过,不通过,待补充"`, dvs[0].Formula1)
	assert.NotEmpty(t, dvs[0].Prompt)

	// 进度: one row per company, live formulas with their values.
	prog, err := f.GetRows(rating.ReviewSheetProgress)
	require.NoError(t, err)
	require.Len(t, prog, 3)
	formula, err := f.GetCellFormula(rating.ReviewSheetProgress, "E2")
	require.NoError(t, err)
	assert.Contains(t, formula, `COUNTIFS('核查清单'!$C:$C,$B2,'核查清单'!$I:$I,"不通过"`)
	assert.Equal(t, "1", prog[1][4], "不通过 of the first company")

	expired, err := f.GetRows(rating.ReviewSheetExpired)
	require.NoError(t, err)
	require.Len(t, expired, 2)
	assert.Equal(t, "通过", expired[1][8])
}

func TestAddReviewSheet(t *testing.T) {
	f := excelize.NewFile()
	defer f.Close()
	var s spools
	defer s.close()
	require.NoError(t, addReviewSheet(f, &s, VerdictList{{
		Key: "91110108MA01TEST00-item-Q1", Company: "甲", Category: "声明", Subject: "Q1", Verdict: rating.VerdictPass,
		By: "王评审", Date: rating.NewDate(2023, 3, 1), Note: "", Source: "评审记录.xlsx 核查清单!I2",
	}}))
	var b bytes.Buffer
	require.NoError(t, s.write(f, &b))
	g, err := excelize.OpenReader(&b)
	require.NoError(t, err)
	defer g.Close()
	rows, err := g.GetRows(SheetReview)
	require.NoError(t, err)
	require.Len(t, rows, 2)
	assert.Equal(t, reviewSheetHeader, rows[0])
	assert.Equal(t, []string{"91110108MA01TEST00-item-Q1", "甲", "声明", "Q1", "通过", "王评审", "2023-03-01", "", "评审记录.xlsx 核查清单!I2"}, rows[1])
}
