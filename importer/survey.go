package importer

import (
	"fmt"
	"strings"

	"github.com/xuri/excelize/v2"

	"github.com/bax/starrate/rating"
	"github.com/bax/starrate/templates"
)

// SurveyForm is a standalone 表A.1: one client's survey of one company.
type SurveyForm struct {
	Company string // 服务单位名称
	USCC    string // 服务单位统一社会信用代码, when given
	Survey  rating.Survey
}

// formRows is how far down a sheet a 表A.1 is looked for.
const formRows = 60

// surveyForm reads the first sheet that looks like 表A.1: labels anywhere
// in a row with the value in the next filled cell to their right, the nine
// items found by name with the score under 评价分.
func (r *reader) surveyForm() (*SurveyForm, bool) {
	for _, sheet := range r.f.GetSheetList() {
		var grid [][]string
		r.rows(sheet, func(row int, cells []string) bool {
			grid = append(grid, cells)
			return row < formRows
		})
		if form, ok := r.readForm(sheet, grid); ok {
			return form, true
		}
	}
	return nil, false
}

type gridPos struct{ row, col int } // 0-based

func (r *reader) readForm(sheet string, grid [][]string) (*SurveyForm, bool) {
	labels := map[string]gridPos{}
	for i, row := range grid {
		for j, c := range row {
			if f := templates.Fold(c); f != "" {
				if _, dup := labels[f]; !dup {
					labels[f] = gridPos{i, j}
				}
			}
		}
	}
	_, hasTotal := labels[templates.Fold(templates.SurveyTotalLabel)]
	_, hasCompany := labels[templates.Fold("服务单位名称")]
	if !hasTotal || !hasCompany {
		return nil, false
	}
	cellName := func(p gridPos) string {
		c, _ := excelize.CoordinatesToCellName(p.col+1, p.row+1)
		return c
	}
	// valueOf returns the first filled cell right of a label.
	valueOf := func(label string) (string, gridPos, bool) {
		p, ok := labels[templates.Fold(label)]
		if !ok {
			return "", gridPos{}, false
		}
		row := grid[p.row]
		for j := p.col + 1; j < len(row); j++ {
			if v := strings.TrimSpace(row[j]); v != "" {
				if knownFormLabel(v) {
					break // the next label of the row: this one is empty
				}
				return v, gridPos{p.row, j}, true
			}
		}
		return "", gridPos{p.row, p.col + 1}, true
	}
	form := &SurveyForm{}
	var ok bool
	var at gridPos
	if form.Company, at, _ = valueOf("服务单位名称"); form.Company == "" {
		r.errorf(sheet, cellName(at), "", "服务单位名称", ErrMissing, "必填项「服务单位名称」为空")
	}
	if v, at, has := valueOf("服务单位统一社会信用代码"); has && v != "" {
		code, err := ParseUSCC(v)
		if err != nil {
			r.errorf(sheet, cellName(at), v, err.(*valueError).expected, ErrBadValue, "「服务单位统一社会信用代码」%s", err.Error())
		}
		form.USCC = code
	}
	if form.Survey.Client, at, _ = valueOf("用户单位名称"); form.Survey.Client == "" {
		r.errorf(sheet, cellName(at), "", "用户单位名称", ErrMissing, "必填项「用户单位名称」为空")
	}
	var dateText string
	if dateText, at, ok = valueOf("评价日期"); ok && dateText != "" {
		d, err := ParseDate(dateText, r.date1904)
		if err != nil {
			r.errorf(sheet, cellName(at), dateText, dateExpected, ErrBadValue, "「评价日期」%s", err.Error())
		}
		form.Survey.Date = d
	} else {
		r.errorf(sheet, cellName(at), "", dateExpected, ErrMissing, "必填项「评价日期」为空")
	}
	form.Survey.Ref = rating.Ref{Sheet: sheet}
	// The score column is the one under 评价分.
	scoreCol := -1
	if p, has := labels[templates.Fold("评价分")]; has {
		scoreCol = p.col
	}
	for i, it := range templates.SurveyItems {
		p, has := labels[templates.Fold(it.Name)]
		if !has {
			r.errorf(sheet, "", "", it.Name, ErrStructure, "缺少评价内容「%s」一行", it.Name)
			continue
		}
		at := gridPos{p.row, scoreCol}
		v := ""
		if scoreCol >= 0 && scoreCol < len(grid[p.row]) {
			v = strings.TrimSpace(grid[p.row][scoreCol])
		}
		if v == "" {
			r.errorf(sheet, cellName(at), "", fmt.Sprintf("0 到 %d 分", it.Max), ErrMissing, "「%s」未评分，按 0 分计", it.Name)
			continue
		}
		score, err := ParseDecimal(v)
		if err != nil || score < 0 {
			r.errorf(sheet, cellName(at), v, fmt.Sprintf("0 到 %d 分", it.Max), ErrBadValue, "「%s」不是有效分数，按 0 分计", it.Name)
			continue
		}
		form.Survey.Items[i] = r.surveyScore(sheet, cellName(at), it, score)
	}
	if p, has := labels[templates.Fold(templates.SurveyTotalLabel)]; has && scoreCol >= 0 && scoreCol < len(grid[p.row]) {
		if v := strings.TrimSpace(grid[p.row][scoreCol]); v != "" {
			r.surveyTotal(sheet, cellName(gridPos{p.row, scoreCol}), v, form.Survey)
		}
	}
	return form, true
}

var formLabels = map[string]bool{}

func init() {
	for _, l := range []string{"用户单位名称", "用户主管部门名称", "主管负责人", "联系电话", "服务单位名称", "服务单位统一社会信用代码", "服务主管部门名称", "服务评价", "评价日期"} {
		formLabels[templates.Fold(l)] = true
	}
}

func knownFormLabel(s string) bool { return formLabels[templates.Fold(s)] }
