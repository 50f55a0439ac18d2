package templates

import (
	"fmt"
	"slices"
	"strings"

	"github.com/xuri/excelize/v2"

	"github.com/bax/starrate/rating"
)

// The column letters of 核查清单 that a reviewer fills, and starrate's.
const (
	reviewKeyCol     = "A"
	reviewUSCCCol    = "C"
	reviewCatCol     = "D"
	reviewVerdictCol = "I"
	reviewByCol      = "J"
	reviewDateCol    = "K"
	reviewNoteCol    = "L"
	reviewStateCol   = "M"
	reviewFPCol      = "N"
)

// FillReviewSample fills in a review record written for a sample round the
// way a reviewer part-way through would, so the sample shows the whole flow:
// the first company's checks all 通过 (its stars confirmed); the second's
// too, but one spot check of 人员资格 不通过 with a reason (one person fewer
// qualified); the third's 通过 plus a 条款认定 override of 5.2.1.3 with its
// reason; one 合同 row of the first company as a resubmission leaves it
// (its data changed after the verdict: 需复核, the old verdict kept); the
// other companies not yet checked. It edits the open workbook f in place
// (sheet 核查清单), as Excel would.
func FillReviewSample(f *excelize.File, reviewer string, date rating.Date) error {
	const sheet = rating.ReviewSheetChecks
	rows, err := f.GetRows(sheet)
	if err != nil {
		return err
	}
	var companies []string
	last := map[string]int{} // USCC → its last row, 1-based
	for i, r := range rows[1:] {
		if len(r) < 3 || r[2] == "" {
			continue
		}
		if _, seen := last[r[2]]; !seen {
			companies = append(companies, r[2])
		}
		last[r[2]] = i + 2
	}
	if len(companies) < 3 {
		return fmt.Errorf("sample review record: want at least 3 companies, got %d", len(companies))
	}
	set := func(cell string, v any) {
		if err == nil {
			err = f.SetCellValue(sheet, cell, v)
		}
	}
	refuted, stale := false, false
	for i, r := range rows[1:] {
		row := i + 2
		if len(r) < 4 {
			continue
		}
		uscc, category := r[2], r[3]
		k := slices.Index(companies, uscc)
		if k < 0 || k > 2 {
			continue
		}
		verdict, note := rating.VerdictPass, ""
		if k == 1 && category == "人员资格" && !refuted {
			verdict, note, refuted = rating.VerdictFail, "证书编号在发证机构网站查询不到", true
		}
		set(fmt.Sprintf("%s%d", reviewVerdictCol, row), string(verdict))
		set(fmt.Sprintf("%s%d", reviewByCol, row), reviewer)
		set(fmt.Sprintf("%s%d", reviewDateCol, row), date.Time())
		set(fmt.Sprintf("%s%d", reviewNoteCol, row), note)
		set(fmt.Sprintf("%s%d", reviewStateCol, row), rating.StateChecked)
		if k == 0 && category == "合同" && !stale && len(r) > 13 {
			// As if the applicant resubmitted this contract changed after it
			// was verified: `review` keeps the verdict and marks the row.
			fp, _ := rating.ParseFingerprint(r[13])
			mark := rating.ReviewRow{Verdict: verdict, By: reviewer, Date: date, Note: note}.VerdictMark()
			set(fmt.Sprintf("%s%d", reviewFPCol, row), rating.FormatFingerprint(strings.Repeat("0", len(fp)), mark))
			set(fmt.Sprintf("%s%d", reviewStateCol, row), rating.StateRecheck)
			stale = true
		}
	}
	if err != nil {
		return err
	}
	// The override goes right under the third company's rows.
	at := last[companies[2]] + 1
	if err := f.InsertRows(sheet, at, 1); err != nil {
		return err
	}
	values := map[string]any{
		reviewKeyCol:     rating.ReviewKey(companies[2], rating.CategoryClause, "5.2.1.3"),
		reviewUSCCCol:    companies[2],
		reviewCatCol:     "条款认定",
		"E":              "5.2.1.3",
		reviewVerdictCol: string(rating.VerdictPass),
		reviewByCol:      reviewer,
		reviewDateCol:    date.Time(),
		reviewNoteCol:    "诚信经营荣誉证书原件已现场核验（电子证书无法在线查询）",
	}
	for col, v := range values {
		set(fmt.Sprintf("%s%d", col, at), v)
	}
	return err
}
