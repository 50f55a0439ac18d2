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
	l := templates.SurveyForm
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
	_, hasCompany := labels[templates.Fold(l.Field("company").Label)]
	if !hasTotal || !hasCompany {
		return nil, false
	}
	cellName := func(p gridPos) string {
		c, _ := excelize.CoordinatesToCellName(p.col+1, p.row+1)
		return c
	}
	// valueOf returns the first filled cell right of a field's label.
	valueOf := func(key string) (string, gridPos, bool) {
		p, ok := labels[templates.Fold(l.Field(key).Label)]
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
	missing := func(at gridPos, key string) {
		label := l.Field(key).Label
		r.errorf(sheet, cellName(at), "", label, rating.CodeMissingValue, "必填项「%s」为空", label)
	}
	form := &SurveyForm{}
	var ok bool
	var at gridPos
	if form.Company, at, _ = valueOf("company"); form.Company == "" {
		missing(at, "company")
	}
	if v, at, has := valueOf("uscc"); has && v != "" {
		code, err := ParseUSCC(v)
		if err != nil {
			r.errorf(sheet, cellName(at), v, err.(*valueError).expected, rating.CodeBadValue, "「%s」%s", l.Field("uscc").Label, err.Error())
		}
		form.USCC = code
	}
	if form.Survey.Client, at, _ = valueOf("client"); form.Survey.Client == "" {
		missing(at, "client")
	}
	var dateText string
	if dateText, at, ok = valueOf("date"); ok && dateText != "" {
		d, err := ParseDate(dateText, r.date1904)
		if err != nil {
			r.errorf(sheet, cellName(at), dateText, dateExpected, rating.CodeBadValue, "「评价日期」%s", err.Error())
			form.Survey.Bad.Add("date")
		}
		form.Survey.Date = d
	} else {
		r.errorf(sheet, cellName(at), "", dateExpected, rating.CodeMissingValue, "必填项「评价日期」为空")
		form.Survey.Bad.Add("date")
	}
	form.Survey.Ref = rating.Ref{Sheet: sheet}
	// The score column is the one under 评价分.
	scoreCol := -1
	if p, has := labels[templates.Fold(l.ScoreHeader)]; has {
		scoreCol = p.col
	}
	for i, it := range templates.SurveyItems {
		key := templates.SurveyItemKey(i)
		p, has := labels[templates.Fold(it.Name)]
		if !has {
			r.errorf(sheet, "", "", it.Name, rating.CodeMissingColumn, "缺少评价内容「%s」一行", it.Name)
			form.Survey.Bad.Add(key)
			continue
		}
		at := gridPos{p.row, scoreCol}
		v := ""
		if scoreCol >= 0 && scoreCol < len(grid[p.row]) {
			v = strings.TrimSpace(grid[p.row][scoreCol])
		}
		if v == "" {
			r.errorf(sheet, cellName(at), "", fmt.Sprintf("0 到 %d 分", it.Max), rating.CodeMissingValue, "「%s」未评分", it.Name)
			form.Survey.Bad.Add(key)
			continue
		}
		score, err := ParseDecimal(v)
		if err != nil || score < 0 {
			r.errorf(sheet, cellName(at), v, fmt.Sprintf("0 到 %d 分", it.Max), rating.CodeBadValue, "「%s」不是有效分数", it.Name)
			form.Survey.Bad.Add(key)
			continue
		}
		var fine bool
		if form.Survey.Items[i], fine = r.surveyScore(sheet, cellName(at), it, score); !fine {
			form.Survey.Bad.Add(key)
		}
	}
	if p, has := labels[templates.Fold(templates.SurveyTotalLabel)]; has && scoreCol >= 0 && scoreCol < len(grid[p.row]) {
		if v := strings.TrimSpace(grid[p.row][scoreCol]); v != "" && !r.surveyTotal(sheet, cellName(gridPos{p.row, scoreCol}), v, form.Survey) {
			form.Survey.Bad.Add("total")
		}
	}
	return form, true
}

// formLabels are the labels of 表A.1's fields, folded: a value cell never
// holds one, so meeting one means the field before it is empty.
var formLabels = func() map[string]bool {
	m := map[string]bool{templates.Fold(templates.SurveyForm.Section): true}
	for _, f := range templates.SurveyForm.Fields {
		m[templates.Fold(f.Label)] = true
	}
	return m
}()

func knownFormLabel(s string) bool { return formLabels[templates.Fold(s)] }
