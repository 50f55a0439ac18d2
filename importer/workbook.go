// Package importer reads applicants' workbooks (申报表) and standalone user
// survey forms (表A.1), written by Excel, WPS, LibreOffice or scripts, into
// the rating domain. It never stops at the first problem: every bad cell is
// reported with file, sheet, cell, the value found and what was expected,
// and the rest is still read.
package importer

import (
	"context"
	"fmt"
	"strings"

	"github.com/xuri/excelize/v2"

	"github.com/bax/starrate/rating"
	"github.com/bax/starrate/templates"
)

// Workbook is what one input file held: an application, or a standalone
// survey form, or neither when it could not be read; and its problems.
type Workbook struct {
	File        string
	Application *rating.Application
	Form        *SurveyForm
	Problems    []rating.Problem
	// Internal is set (wrapping ErrInternal) when reading failed through a
	// bug, not through the file: to be logged with its stack, never
	// reported to the applicant as a fault of their file.
	Internal error
	// Book is the workbook as excelize opened it, when Options.KeepOpen
	// asked for it (to annotate it without opening it again); Close it.
	Book *excelize.File
	// columns records where each table's columns were found: sheet →
	// column key → 0-based index.
	columns map[string]map[string]int
}

// Close closes Book, if it was kept open.
func (wb *Workbook) Close() error {
	if wb.Book == nil {
		return nil
	}
	err := wb.Book.Close()
	wb.Book = nil
	return err
}

// Cell names the cell of a record's column ("C7"), or "" when the column
// was not found.
func (wb *Workbook) Cell(ref rating.Ref, key string) string {
	i, ok := wb.columns[ref.Sheet][key]
	if !ok || ref.Row <= 0 {
		return ""
	}
	c, _ := excelize.CoordinatesToCellName(i+1, ref.Row)
	return c
}

// ReadFile reads the workbook at path; display is how problems name it
// (the path relative to the folder given on the command line).
func ReadFile(ctx context.Context, path, display string, o Options) Workbook {
	o = o.withDefaults()
	data, err := readLimited(path, o.MaxFileSize)
	if err != nil {
		wb := Workbook{File: display}
		wb.Problems = append(wb.Problems, fileProblem(display, err))
		return wb
	}
	return Read(ctx, data, display, o)
}

// Read reads a workbook from its bytes. It does not panic: a crash inside
// it is returned in wb.Internal, a bug to log, not a problem of the file.
func Read(ctx context.Context, data []byte, display string, o Options) (wb Workbook) {
	o = o.withDefaults()
	wb.File = display
	r := &reader{ctx: ctx, file: display}
	defer func() {
		if v := recover(); v != nil {
			wb.Internal = internalError(v)
			wb.Application, wb.Form = nil, nil
		}
		wb.Problems = r.problems
		wb.columns = r.columns
	}()
	f, damaged, heavy, fe := open(data, &o)
	if fe != nil {
		r.add(fe.problem())
		return wb
	}
	keep := false
	defer func() {
		if keep {
			wb.Book = f
		} else {
			f.Close()
		}
	}()
	r.f, r.damaged, r.heavy = f, damaged, heavy
	if props, err := f.GetWorkbookProps(); err == nil && props.Date1904 != nil {
		r.date1904 = *props.Date1904
	}
	if _, ok := r.sheet(templates.SheetCompany); !ok {
		if _, ok := r.sheet(templates.SheetStaff); !ok {
			if form, ok := r.surveyForm(); ok {
				wb.Form, keep = form, o.KeepOpen
				return wb
			}
			if r.unrecognised() {
				return wb
			}
		}
	}
	wb.Application, keep = r.application(), o.KeepOpen
	return wb
}

func (r *reader) application() *rating.Application {
	app := &rating.Application{Declarations: map[string]rating.Declaration{}}
	r.company(app)
	r.staff(app)
	r.declarations(app)
	r.training(app)
	r.contracts(app)
	r.surveys(app)
	return app
}

// company reads 单位信息: label in column A, value in column B.
func (r *reader) company(app *rating.Application) {
	sheet, ok := r.sheet(templates.SheetCompany)
	if !ok {
		r.errorf(templates.SheetCompany, "", "", "工作表「"+templates.SheetCompany+"」", ErrStructure, "缺少工作表「%s」", templates.SheetCompany)
		return
	}
	byLabel := map[string]templates.Field{}
	for _, fd := range templates.CompanyFields {
		byLabel[templates.Fold(fd.Label)] = fd
	}
	seen := map[string]string{} // key → cell
	c := &app.Company
	r.rows(sheet, func(row int, cells []string) bool {
		if len(cells) == 0 {
			return true
		}
		fd, ok := byLabel[templates.Fold(cells[0])]
		if !ok {
			return true
		}
		cell := fmt.Sprintf("B%d", row)
		if prev, dup := seen[fd.Key]; dup {
			r.warnf(sheet, cell, "", "", ErrBadValue, "「%s」出现两次（另见 %s），以后出现的为准", fd.Label, prev)
		}
		seen[fd.Key] = cell
		v := ""
		if len(cells) > 1 {
			v = strings.TrimSpace(cells[1])
		}
		if spreadsheetErrors[strings.ToUpper(v)] {
			r.errorf(sheet, cell, v, fd.Label, ErrCellErr, "「%s」单元格是公式错误值 %s", fd.Label, v)
			return true
		}
		if v == "" {
			if fd.Required {
				r.explainEmpty(sheet, cell, fd.Label)
			}
			return true
		}
		r.companyField(c, fd, sheet, cell, v)
		return true
	})
	for _, fd := range templates.CompanyFields {
		if _, ok := seen[fd.Key]; fd.Required && !ok {
			r.errorf(sheet, "", "", "A 列有「"+fd.Label+"」一行，B 列填写内容", ErrStructure, "缺少「%s」", fd.Label)
		}
	}
}

func (r *reader) companyField(c *rating.Company, fd templates.Field, sheet, cell, v string) {
	fail := func(err error) {
		exp, reason := fd.Label, "无法识别"
		if ve, ok := err.(*valueError); ok {
			exp, reason = ve.expected, ve.reason
		}
		r.errorf(sheet, cell, v, exp, ErrBadValue, "「%s」%s", fd.Label, reason)
	}
	switch fd.Key {
	case "uscc":
		code, err := ParseUSCC(v)
		if err != nil {
			fail(err)
		}
		c.USCC = code
	case "year":
		y, err := ParseInt(v)
		if err == nil && (y < 2000 || y > 2100) {
			err = bad("2000 到 2100 之间的年份，如 2022", "不是有效年度")
		}
		if err != nil {
			fail(err)
			return
		}
		c.Year = y
	case "stars":
		n, err := ParseStars(v)
		if err != nil {
			fail(err)
		}
		c.AppliedStars = n
	default:
		c.SetField(fd.Key, v)
	}
}

func (r *reader) staff(app *rating.Application) {
	firstRow := map[string]int{}
	r.table(templates.Staff, func(rec *record) {
		p := rating.Person{
			Ref:             rec.ref(),
			Name:            rec.text("name"),
			ID:              rec.idNumber("id"),
			Post:            rec.text("post"),
			OM:              rec.yesNo("om"),
			Education:       rec.education("education"),
			Title:           rec.text("title"),
			InstallerCert:   rec.text("installer"),
			VendorCert:      rec.text("vendor"),
			Hired:           rec.date("hired"),
			SocialInsurance: rec.yesNo("insurance"),
			NDA:             rec.yesNo("nda"),
		}
		if p.ID != "" {
			if prev, dup := firstRow[p.ID]; dup {
				r.add(rating.Problem{Severity: rating.SeverityError, Sheet: rec.sheet, Cell: rec.cell("id"), Value: p.ID,
					Expected: "每人一行，身份证号不重复", Message: fmt.Sprintf("身份证号与第 %d 行重复，同一人只计一次", prev),
					Personal: true, Cause: ErrBadValue})
			} else {
				firstRow[p.ID] = rec.row
			}
		}
		app.Staff = append(app.Staff, p)
	})
}

func (r *reader) declarations(app *rating.Application) {
	ok := r.table(templates.Declarations, func(rec *record) {
		id := strings.ToUpper(strings.ReplaceAll(clean(rec.text("item")), " ", ""))
		if id == "" {
			return
		}
		item, known := templates.ItemByID(id)
		if !known {
			r.warnf(rec.sheet, rec.cell("item"), id, "Q1–Q4、C1–C3、T1、M1–M12 之一", ErrBadValue, "编号「%s」不是申报表的项目，本行不计", id)
			return
		}
		if prev, dup := app.Declarations[id]; dup {
			r.errorf(rec.sheet, rec.cell("item"), id, "每个编号一行", ErrBadValue, "编号 %s 与第 %d 行重复，以第 %d 行为准", id, prev.Ref.Row, prev.Ref.Row)
			return
		}
		d := rating.Declaration{Ref: rec.ref(), Item: id, Evidence: rec.text("evidence"), Note: rec.text("note")}
		if v, has := rec.raw("answer"); !has {
			r.warnf(rec.sheet, rec.cell("answer"), "", strings.Join(item.Answers, "或"), ErrMissing, "%s「%s」未填报，按未具备计", id, item.Text)
		} else {
			a, err := ParseAnswer(v, item.Answers)
			if err != nil {
				rec.parsed("answer", v, err)
			}
			d.Answer = a
		}
		if v, has := rec.raw("review"); has {
			rv, err := ParseReview(v)
			if err != nil {
				rec.parsed("review", v, err)
			}
			d.Review = rv
		}
		app.Declarations[id] = d
	})
	if !ok {
		return
	}
	sheet, _ := r.sheet(templates.SheetDeclarations)
	for _, it := range templates.Items {
		if _, has := app.Declarations[it.ID]; !has {
			r.errorf(sheet, "", "", "编号为 "+it.ID+" 的一行", ErrStructure, "缺少项目 %s「%s」，按未填报计", it.ID, it.Text)
		}
	}
}

func (r *reader) training(app *rating.Application) {
	roster := rating.NewRoster(app.Staff)
	r.table(templates.Training, func(rec *record) {
		t := rating.Training{
			Ref:      rec.ref(),
			Date:     rec.date("date"),
			Title:    rec.text("title"),
			Hours:    rec.decimal("hours"),
			Name:     rec.text("name"),
			PersonID: rec.idNumber("id"),
		}
		if v, has := rec.raw("kind"); has {
			kind, known := ParseTrainingKind(v)
			if !known {
				r.warnf(rec.sheet, rec.cell("kind"), v, "“上岗后专项培训”或“其他”", ErrBadValue, "培训类型不是“上岗后专项培训”，按“其他”计，不计入培训学时要求")
			}
			t.Kind = kind
		}
		if _, ok := roster.Match(t); !ok && (t.Name != "" || t.PersonID != "") {
			cell := rec.cell("name")
			if t.PersonID != "" {
				cell = rec.cell("id")
			}
			r.warnf(rec.sheet, cell, t.Name, "人员名册中的人员（按身份证号，无身份证号时按姓名匹配）", ErrBadValue, "参训人员不在人员名册中，本行不计入任何人")
		}
		app.Trainings = append(app.Trainings, t)
	})
}

func (r *reader) contracts(app *rating.Application) {
	r.table(templates.Contracts, func(rec *record) {
		c := rating.Contract{
			Ref:    rec.ref(),
			Number: rec.text("number"),
			Client: rec.text("client"),
			VIP:    rec.yesNo("vip"),
			Amount: rec.decimal("amount"),
			Start:  rec.date("start"),
			End:    rec.date("end"),
			Signed: rec.date("signed"),
		}
		if !c.Start.IsZero() && !c.End.IsZero() && c.End < c.Start {
			r.errorf(rec.sheet, rec.cell("end"), c.End.String(), "不早于服务开始日期 "+c.Start.String(), ErrBadValue, "服务结束日期早于服务开始日期，本合同不计")
		}
		app.Contracts = append(app.Contracts, c)
	})
}

func (r *reader) surveys(app *rating.Application) {
	clients := map[string]bool{}
	for _, c := range app.Contracts {
		clients[rating.NormalizeName(c.Client)] = true
	}
	r.table(templates.Surveys, func(rec *record) {
		s := rating.Survey{Ref: rec.ref(), Client: rec.text("client"), Date: rec.date("date")}
		for i, it := range templates.SurveyItems {
			s.Items[i] = r.surveyScore(rec.sheet, rec.cell(templates.SurveyItemKey(i)), it, rec.decimal(templates.SurveyItemKey(i)))
		}
		if v, has := rec.raw("total"); has {
			r.surveyTotal(rec.sheet, rec.cell("total"), v, s)
		}
		if s.Client != "" && len(clients) > 0 && !clients[rating.NormalizeName(s.Client)] {
			r.warnf(rec.sheet, rec.cell("client"), s.Client, "维保合同中的用户单位", ErrBadValue, "评价单位不在维保合同中")
		}
		app.Surveys = append(app.Surveys, s)
	})
}

// surveyScore checks one item of 表A.1 against its maximum. An item out of
// range counts as 0, so that a typing error can only lower a score.
func (r *reader) surveyScore(sheet, cell string, it templates.SurveyItem, v rating.Decimal) rating.Decimal {
	if v > rating.DecimalFromInt(int64(it.Max)) {
		r.errorf(sheet, cell, v.String(), fmt.Sprintf("0 到 %d 分", it.Max), ErrBadValue, "「%s」超过满分值 %d，本项按 0 分计", it.Name, it.Max)
		return 0
	}
	return v
}

// surveyTotal checks a filled 评价总分值 against the sum of the items.
func (r *reader) surveyTotal(sheet, cell, v string, s rating.Survey) {
	total, err := ParseDecimal(v)
	if err != nil {
		r.errorf(sheet, cell, v, "九项评价分之和 "+s.Total().String(), ErrBadValue, "评价总分值不是数字")
		return
	}
	if total != s.Total() {
		r.errorf(sheet, cell, v, "九项评价分之和 "+s.Total().String(), ErrBadValue, "评价总分值与各项之和不符，按各项之和计")
	}
}
