package importer

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/xuri/excelize/v2"

	"github.com/bax/starrate/rating"
)

// reviewBook writes a review record by hand: a title row above the header,
// the columns in another order than starrate writes them, no 指纹.
func reviewBook(t *testing.T, rows ...[]any) []byte {
	t.Helper()
	f := excelize.NewFile()
	defer f.Close()
	require.NoError(t, f.SetSheetName("Sheet1", rating.ReviewSheetChecks))
	require.NoError(t, f.SetSheetRow(rating.ReviewSheetChecks, "A1", &[]any{"2022 年度评审记录"}))
	require.NoError(t, f.SetSheetRow(rating.ReviewSheetChecks, "A2", &[]any{"核实结果", "核查编号", "核实人", "核实日期", "说 明", "状态"}))
	for i, r := range rows {
		cell, _ := excelize.CoordinatesToCellName(1, i+3)
		require.NoError(t, f.SetSheetRow(rating.ReviewSheetChecks, cell, &r))
	}
	var b bytes.Buffer
	require.NoError(t, f.Write(&b))
	return b.Bytes()
}

func TestReadReview(t *testing.T) {
	const u = "91110108MA01TEST00"
	data := reviewBook(t,
		[]any{"通过", u + "-item-Q1", "王评审", 44986, "", "已核实"},
		[]any{},
		[]any{"不通过", u + "-contract-HT-1", "王评审", "2023/3/2", "金额与合同不符"},
		[]any{"可以", u + "-item-Q2", "王评审", "2023-03-01"},
		[]any{"通过", u + "-item-Q3", "王评审", "三月一日"},
		[]any{"通过", u + "-clause-5.2.2.1", "李组长", "2023-03-09", ""},
		[]any{"待补充", u + "-clause-5.2.2.2", "李组长", "2023-03-09", "理由"},
		[]any{"通过", "Q4", "王评审"},
	)
	rf := ReadReview(context.Background(), data, "评审记录.xlsx", Options{})
	require.Len(t, rf.Rows, 7, "the blank row is skipped")
	assert.Len(t, rf.SHA256, 64)
	q1 := rf.Rows[0]
	assert.Equal(t, rating.VerdictPass, q1.Verdict)
	assert.Equal(t, "2023-03-01", q1.Date.String(), "a serial date")
	assert.Equal(t, "A3", q1.VerdictCell)
	assert.Equal(t, 3, q1.Row)
	assert.Equal(t, "2023-03-02", rf.Rows[1].Date.String())
	assert.Equal(t, "金额与合同不符", rf.Rows[1].Note)

	type found struct{ sev, cell string }
	var got []found
	for _, p := range rf.Problems {
		assert.Equal(t, rating.CodeReview, p.Code)
		assert.Equal(t, "评审记录.xlsx", p.File)
		got = append(got, found{string(p.Severity), p.Cell})
	}
	assert.ElementsMatch(t, []found{
		{"warning", "A2"},  // no 指纹 column
		{"error", "A6"},    // 可以
		{"error", "D7"},    // 三月一日
		{"error", "E8"},    // override without 说明
		{"error", "A9"},    // an override cannot be 待补充
		{"warning", "B10"}, // a key that names no check
	}, got)
	assert.Equal(t, rating.VerdictNone, rf.Rows[2].Verdict, "a bad verdict counts as not checked")
}

func TestReadReviewNotARecord(t *testing.T) {
	f := excelize.NewFile()
	var b bytes.Buffer
	require.NoError(t, f.Write(&b))
	rf := ReadReview(context.Background(), b.Bytes(), "x.xlsx", Options{})
	require.Len(t, rf.Problems, 1)
	assert.Equal(t, rating.SeverityError, rf.Problems[0].Severity)
	assert.Contains(t, rf.Problems[0].Message, "核查清单")

	rf = ReadReview(context.Background(), []byte("not a zip"), "y.xlsx", Options{})
	require.NotEmpty(t, rf.Problems)
	assert.Equal(t, rating.CodeReview, rf.Problems[0].Code)
}

// A 已失效 row is never applied, but a bad verdict or date on it is an
// error on its cell, and the verdict text is kept as typed.
func TestReadReviewExpiredFaults(t *testing.T) {
	const u = "91110108MA01TEST00"
	f := excelize.NewFile()
	defer f.Close()
	require.NoError(t, f.SetSheetName("Sheet1", rating.ReviewSheetChecks))
	require.NoError(t, f.SetSheetRow(rating.ReviewSheetChecks, "A1", &[]any{"核查编号", "核实结果", "核实人", "核实日期", "说明", rating.ReviewFingerprintHeader}))
	_, err := f.NewSheet(rating.ReviewSheetExpired)
	require.NoError(t, err)
	require.NoError(t, f.SetSheetRow(rating.ReviewSheetExpired, "A1", &[]any{"核查编号", "核实结果", "核实人", "核实日期", "说明"}))
	require.NoError(t, f.SetSheetRow(rating.ReviewSheetExpired, "A2", &[]any{u + "-item-Q1", "通过", "王评审", "2023-03-01"}))
	require.NoError(t, f.SetSheetRow(rating.ReviewSheetExpired, "A3", &[]any{u + "-item-Q2", "大概", "王评审", "三月一日"}))
	var b bytes.Buffer
	require.NoError(t, f.Write(&b))

	rf := ReadReview(context.Background(), b.Bytes(), "评审记录.xlsx", Options{})
	require.Len(t, rf.Expired, 2)
	assert.Equal(t, rating.VerdictPass, rf.Expired[0].Verdict)
	assert.Equal(t, rating.Verdict("大概"), rf.Expired[1].Verdict, "kept as typed")
	var cells []string
	for _, p := range rf.Problems {
		assert.Equal(t, rating.ReviewSheetExpired, p.Sheet)
		assert.Equal(t, rating.SeverityError, p.Severity)
		assert.Contains(t, p.Message, "已失效")
		cells = append(cells, p.Cell)
	}
	assert.ElementsMatch(t, []string{"B3", "D3"}, cells)
}

// StreamReviewFile hands over the rows ReadReviewFile keeps, in order, to
// the function for their sheet, with the same problems (those of 已失效's
// cells too), and keeps none itself.
func TestStreamReviewFile(t *testing.T) {
	const path = "../testdata/sample-round/评审记录.xlsx"
	whole := ReadReviewFile(context.Background(), path, "评审记录.xlsx", Options{})
	require.NotEmpty(t, whole.Rows)
	var rows, expired []rating.ReviewRow
	split := ReviewRows{
		Checks:  func(r rating.ReviewRow) { rows = append(rows, r) },
		Expired: func(r rating.ReviewRow) { expired = append(expired, r) },
	}
	streamed := StreamReviewFile(context.Background(), path, "评审记录.xlsx", Options{}, split)
	assert.Equal(t, whole.Rows, rows)
	assert.Equal(t, whole.Expired, expired)
	assert.Empty(t, streamed.Rows)
	assert.Empty(t, streamed.Expired)
	assert.Equal(t, whole.Problems, streamed.Problems)
	assert.Equal(t, whole.SHA256, streamed.SHA256)

	// A bad cell of 已失效 is reported either way.
	f, err := excelize.OpenFile(path)
	require.NoError(t, err)
	defer f.Close()
	checks, err := f.GetRows(rating.ReviewSheetChecks)
	require.NoError(t, err)
	expiredRows, err := f.GetRows(rating.ReviewSheetExpired)
	require.NoError(t, err)
	row := checks[len(checks)-1]
	row[10] = "三月一日" // 核实日期
	cells := make([]any, len(row))
	for i, c := range row {
		cells[i] = c
	}
	require.NoError(t, f.SetSheetRow(rating.ReviewSheetExpired, fmt.Sprintf("A%d", len(expiredRows)+1), &cells))
	// Not t.TempDir: wine 8 cannot remove a folder (scripts/wine-test.sh).
	tmp, err := os.CreateTemp("", "review-*.xlsx")
	require.NoError(t, err)
	bad := tmp.Name()
	t.Cleanup(func() { _ = os.Remove(bad) })
	_, err = f.WriteTo(tmp)
	require.NoError(t, err)
	require.NoError(t, tmp.Close())
	whole = ReadReviewFile(context.Background(), bad, "r.xlsx", Options{})
	require.NotEmpty(t, whole.Expired)
	rows, expired = nil, nil
	streamed = StreamReviewFile(context.Background(), bad, "r.xlsx", Options{}, split)
	assert.Equal(t, whole.Expired, expired)
	require.True(t, rating.HasErrors(whole.Problems))
	assert.Equal(t, rating.ReviewSheetExpired, whole.Problems[len(whole.Problems)-1].Sheet)
	assert.Equal(t, whole.Problems, streamed.Problems)
	assert.Empty(t, streamed.Expired)
}
