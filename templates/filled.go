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
			if err := f.SetCellValue(SheetCompany, cell(2, CompanyRow(i)), v); err != nil {
				return err
			}
		}
	}
	for i, p := range app.Staff {
		if err := fillRow(f, Staff, i, map[string]any{
			"seq": i + 1, "name": p.Name, "id": p.ID, "post": p.Post, "om": tri(p.OM), "education": edu(p.Education),
			"title": p.Title, "installer": p.InstallerCert, "vendor": p.VendorCert, "hired": date(p.Hired),
			"insurance": tri(p.SocialInsurance), "nda": tri(p.NDA), "left": date(p.Left),
		}); err != nil {
			return err
		}
	}
	for i, it := range Items {
		d, ok := app.Declarations[it.ID]
		if !ok {
			continue
		}
		if err := fillRow(f, Declarations, i, map[string]any{
			"item": it.ID, "text": it.Text, "answer": d.Answer, "evidence": d.Evidence, "note": d.Note,
		}); err != nil {
			return err
		}
	}
	for i, t := range app.Trainings {
		if err := fillRow(f, Training, i, map[string]any{
			"seq": i + 1, "date": date(t.Date), "title": t.Title, "kind": t.Kind, "hours": decimal(t.Hours),
			"name": t.Name, "id": t.PersonID,
		}); err != nil {
			return err
		}
	}
	for i, c := range app.Contracts {
		if err := fillRow(f, Contracts, i, map[string]any{
			"seq": i + 1, "number": c.Number, "client": c.Client, "vip": tri(c.VIP), "amount": decimal(c.Amount),
			"start": date(c.Start), "end": date(c.End), "signed": date(c.Signed),
		}); err != nil {
			return err
		}
	}
	for i, s := range app.Surveys {
		vals := map[string]any{"seq": i + 1, "client": s.Client, "date": date(s.Date), "total": decimal(s.Total())}
		for k, v := range s.Items {
			vals[SurveyItemKey(k)] = decimal(v)
		}
		if err := fillRow(f, Surveys, i, vals); err != nil {
			return err
		}
	}
	return nil
}

// fillRow writes the n-th (0-based) record of a table, each value in the
// column of its key: the layout lives in the schema alone.
func fillRow(f *excelize.File, t Table, n int, vals map[string]any) error {
	row := make([]any, len(t.Columns))
	for key, v := range vals {
		i := t.Index(key)
		if i < 0 {
			return fmt.Errorf("templates: no column %q in %s", key, t.Name)
		}
		if s, ok := v.(string); ok && s == "" {
			v = nil
		}
		row[i] = v
	}
	cell, _ := excelize.CoordinatesToCellName(1, t.FirstRow()+n)
	return f.SetSheetRow(t.Name, cell, &row)
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
	l := SurveyForm
	set := func(row, col int, v any) {
		c, _ := excelize.CoordinatesToCellName(col, row)
		if err == nil {
			err = f.SetCellValue(SheetSurveyForm, c, v)
		}
	}
	field := func(key string, v any) {
		fd := l.Field(key)
		set(fd.Row, fd.Col+1, v)
	}
	field("client", s.Client)
	field("company", company)
	field("uscc", uscc)
	for i, v := range s.Items {
		set(l.FirstItemRow+i, l.ScoreCol, decimal(v))
	}
	field("date", s.Date.String())
	if err != nil {
		return err
	}
	_, err = f.WriteTo(w)
	return err
}
