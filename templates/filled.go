package templates

import (
	"bytes"
	"fmt"
	"io"

	"github.com/xuri/excelize/v2"

	"github.com/bax/starrate/rating"
)

// WriteFilled writes an applicant workbook holding app: the template with
// every sheet filled in, as an applicant would hand it in. It is the inverse
// of the importer, used for samples, benchmarks and round-trip tests.
func WriteFilled(w io.Writer, app *rating.Application) error {
	f, err := workbook(app.Company.Year)
	if err != nil {
		return err
	}
	defer f.Close()
	if err := fill(f, app); err != nil {
		return err
	}
	_, err = f.WriteTo(w)
	return err
}

func fill(f *excelize.File, app *rating.Application) error {
	c := app.Company
	values := map[string]any{
		"name": c.Name, "uscc": c.USCC, "scope": c.Scope, "address": c.Address, "contact": c.Contact,
		"phone": c.Phone, "repair_phone": c.RepairPhone, "complaint_phone": c.ComplaintPhone, "platform": c.Platform,
	}
	if c.Year != 0 {
		values["year"] = c.Year
	}
	if c.AppliedStars >= 1 && c.AppliedStars <= 3 {
		values["stars"] = StarChoices[c.AppliedStars-1]
	}
	for i, fd := range CompanyFields {
		if v, ok := values[fd.Key]; ok && v != "" {
			if err := f.SetCellValue(SheetCompany, fmt.Sprintf("B%d", i+2), v); err != nil {
				return err
			}
		}
	}
	row := func(sheet string, n int, vals ...any) error {
		cell, _ := excelize.CoordinatesToCellName(1, n)
		return f.SetSheetRow(sheet, cell, &vals)
	}
	for i, p := range app.Staff {
		if err := row(SheetStaff, i+2, i+1, p.Name, p.ID, p.Post, tri(p.OM), edu(p.Education), p.Title, p.InstallerCert,
			p.VendorCert, date(p.Hired), tri(p.SocialInsurance), tri(p.NDA)); err != nil {
			return err
		}
	}
	for i, it := range Items {
		d, ok := app.Declarations[it.ID]
		if !ok {
			continue
		}
		// 评审核实 stays empty: verdicts are the review record's (rating-model.md §6).
		if err := row(SheetDeclarations, i+2, it.ID, it.Text, d.Answer, d.Evidence, "", d.Note); err != nil {
			return err
		}
	}
	for i, t := range app.Trainings {
		if err := row(SheetTraining, i+2, i+1, date(t.Date), t.Title, t.Kind, decimal(t.Hours), t.Name, t.PersonID); err != nil {
			return err
		}
	}
	for i, c := range app.Contracts {
		if err := row(SheetContracts, i+2, i+1, c.Number, c.Client, tri(c.VIP), decimal(c.Amount), date(c.Start), date(c.End), date(c.Signed)); err != nil {
			return err
		}
	}
	for i, s := range app.Surveys {
		vals := []any{i + 1, s.Client, date(s.Date)}
		for _, v := range s.Items {
			vals = append(vals, decimal(v))
		}
		vals = append(vals, decimal(s.Total()))
		if err := row(SheetSurveys, i+2, vals...); err != nil {
			return err
		}
	}
	return nil
}

func tri(t rating.Tri) any {
	switch t {
	case rating.Yes:
		return "是"
	case rating.No:
		return "否"
	}
	return nil
}

func edu(e rating.Education) any {
	switch e {
	case rating.EduUnknown:
		return nil
	case rating.EduSecondary:
		return "中专"
	}
	return e.String()
}

// date writes a date cell (the column is formatted as a date).
func date(d rating.Date) any {
	if d.IsZero() {
		return nil
	}
	return d.Time()
}

// decimal writes a number cell; float64 is exact for hundredths in the
// range of money and scores (below 2^53 分), and Excel stores doubles anyway.
func decimal(d rating.Decimal) any {
	if d%100 == 0 {
		return int64(d / 100)
	}
	return float64(d) / 100
}

// WriteSurveyFilled writes a standalone 表A.1 filled in: company is the
// 服务单位 (with its 统一社会信用代码), s the client's survey.
func WriteSurveyFilled(w io.Writer, company, uscc string, s rating.Survey) error {
	var b bytes.Buffer
	if err := WriteSurvey(&b); err != nil {
		return err
	}
	f, err := excelize.OpenReader(&b)
	if err != nil {
		return err
	}
	defer f.Close()
	sheet := SheetSurveyForm
	set := func(cell string, v any) {
		if err == nil {
			err = f.SetCellValue(sheet, cell, v)
		}
	}
	set("B2", s.Client)
	set("B4", company)
	set("B5", uscc)
	for i, v := range s.Items {
		c, _ := excelize.CoordinatesToCellName(surveyScoreCol, surveyFirstItemRow+i)
		set(c, decimal(v))
	}
	c, _ := excelize.CoordinatesToCellName(2, surveyFirstItemRow+len(SurveyItems)+2)
	set(c, s.Date.String())
	if err != nil {
		return err
	}
	_, err = f.WriteTo(w)
	return err
}
