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
	data, err := load(ctx, path, o.MaxFileSize)
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
		r.errorf(templates.SheetCompany, "", "", "工作表「"+templates.SheetCompany+"」", rating.CodeMissingSheet, "缺少工作表「%s」", templates.SheetCompany)
		return
	}
	byLabel := map[string]templates.Field{}
	for _, fd := range templates.CompanyFields {
		byLabel[templates.Fold(fd.Label)] = fd
		for _, a := range fd.Aliases {
			byLabel[templates.Fold(a)] = fd
		}
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
			r.warnf(sheet, cell, "", "", rating.CodeDuplicate, "「%s」出现两次（另见 %s）：采用本行，%s 不用", fd.Label, prev, prev)
		}
		seen[fd.Key] = cell
		v := ""
		if len(cells) > 1 {
			v = strings.TrimSpace(cells[1])
		}
		if spreadsheetErrors[strings.ToUpper(v)] {
			r.errorf(sheet, cell, v, fd.Label, rating.CodeBadValue, "「%s」单元格是公式错误值 %s", fd.Label, v)
			return true
		}
		if fd.Placeholder && templates.IsPlaceholder(v) {
			v = ""
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
			r.errorf(sheet, "", "", "A 列有「"+fd.Label+"」一行，B 列填写内容", rating.CodeMissingValue, "缺少「%s」", fd.Label)
		}
	}
}

func (r *reader) companyField(c *rating.Company, fd templates.Field, sheet, cell, v string) {
	fail := func(err error) {
		exp, reason := fd.Label, "无法识别"
		if ve, ok := err.(*valueError); ok {
			exp, reason = ve.expected, ve.reason
		}
		r.errorf(sheet, cell, v, exp, rating.CodeBadValue, "「%s」%s", fd.Label, reason)
	}
	switch fd.Key {
	case "uscc":
		code, err := ParseUSCC(v)
		if err != nil {
			fail(err)
		}
		c.USCC = code
	case "year":
		// 「2022年」「2022 年度」: the year as a clerk writes it.
		y, err := ParseInt(strings.TrimSpace(strings.TrimSuffix(strings.TrimSuffix(strings.TrimSpace(v), "度"), "年")))
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
			Left:            rec.date("left"),
			SocialInsurance: rec.yesNo("insurance"),
			NDA:             rec.yesNo("nda"),
		}
		if !p.Left.IsZero() && !p.Hired.IsZero() && p.Left < p.Hired {
			r.errorf(rec.sheet, rec.cell("left"), p.Left.String(), "不早于入职日期 "+p.Hired.String(), rating.CodeInconsistent,
				"离职日期早于入职日期，请核对两个日期")
			rec.bad.Add("left")
		}
		if p.ID != "" {
			if prev, dup := firstRow[p.ID]; dup {
				r.add(rating.Problem{Severity: rating.SeverityError, Sheet: rec.sheet, Cell: rec.cell("id"), Value: p.ID,
					Expected: "每人一行，身份证号不重复", Message: fmt.Sprintf("身份证号与第 %d 行重复：同一人只计一次，按第 %d 行计，本行不计", prev, prev),
					Personal: true, Code: rating.CodeDuplicate})
				rec.bad.Add("id")
			} else {
				firstRow[p.ID] = rec.row
			}
		}
		p.Bad = rec.bad
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
			r.warnf(rec.sheet, rec.cell("item"), id, templates.ItemRange()+" 之一", rating.CodeExcluded, "编号「%s」不是申报表的项目：本行未读取，不计入任何条款", id)
			return
		}
		if prev, dup := app.Declarations[id]; dup {
			r.errorf(rec.sheet, rec.cell("item"), id, "每个编号一行", rating.CodeDuplicate, "编号 %s 与第 %d 行重复：按第 %d 行计，本行未读取", id, prev.Ref.Row, prev.Ref.Row)
			return
		}
		if text := rec.text("text"); item.Formerly != "" && templates.Fold(text) == templates.Fold(item.Formerly) {
			r.warnf(rec.sheet, rec.cell("text"), text, item.Text, rating.CodeOutdated,
				"%s 的项目是旧模板的「%s」：%s；本行按「%s」读取，请核对填报", id, item.Formerly, item.Change, item.Text)
		}
		d := rating.Declaration{Ref: rec.ref(), Item: id, Evidence: rec.text("evidence"), Note: rec.text("note")}
		if v, has := rec.raw("answer"); !has {
			r.warnf(rec.sheet, rec.cell("answer"), "", strings.Join(item.Answers, "或"), rating.CodeMissingValue, "%s「%s」未填报：按未具备计", id, item.Text)
		} else {
			a, err := ParseAnswer(v, item.Answers)
			if err != nil {
				rec.parsed("answer", v, err)
			}
			d.Answer = a
		}
		app.Declarations[id] = d
	})
	if !ok {
		return
	}
	sheet, _ := r.sheet(templates.SheetDeclarations)
	for i, it := range templates.Items {
		if _, has := app.Declarations[it.ID]; has {
			continue
		}
		where := "在表中"
		if i > 0 {
			if prev, has := app.Declarations[templates.Items[i-1].ID]; has {
				where = fmt.Sprintf("在第 %d 行（%s）之后", prev.Ref.Row, prev.Item)
			}
		}
		add := fmt.Sprintf("%s插入一行：编号「%s」，项目「%s」，并填报", where, it.ID, it.Text)
		if it.Since != "" {
			r.errorf(sheet, "", "", "编号为 "+it.ID+" 的一行", rating.CodeOutdated,
				"缺少项目 %s「%s」（%s 模板新增，旧模板没有这一行），按未填报计；请%s，或改用新模板", it.ID, it.Text, it.Since, add)
			continue
		}
		r.errorf(sheet, "", "", "编号为 "+it.ID+" 的一行", rating.CodeMissingValue, "缺少项目 %s「%s」，按未填报计；请%s", it.ID, it.Text, add)
	}
}

// training reads 培训记录. Whom a row names, and what became of a row
// that names nobody or several persons, is the rating's to say (Result.Notes):
// it alone knows which rows count.
func (r *reader) training(app *rating.Application) {
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
				r.warnf(rec.sheet, rec.cell("kind"), v, "“上岗后专项培训”或“其他”", rating.CodeBadValue, "培训类型不是“上岗后专项培训”：按“其他”计，不计入培训学时要求")
			}
			t.Kind = kind
		}
		t.Bad = rec.bad
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
			r.errorf(rec.sheet, rec.cell("end"), c.End.String(), "不早于服务开始日期 "+c.Start.String(), rating.CodeInconsistent, "服务结束日期早于服务开始日期，请核对两个日期")
			rec.bad.Add("end")
		}
		c.Bad = rec.bad
		app.Contracts = append(app.Contracts, c)
	})
}

// surveys reads 用户评价. A survey from a client without a contract in the
// year is the rating's to report (Result.Notes), for sheet rows and 表A.1
// forms alike.
func (r *reader) surveys(app *rating.Application) {
	r.table(templates.Surveys, func(rec *record) {
		s := rating.Survey{Ref: rec.ref(), Client: rec.text("client"), Date: rec.date("date")}
		for i, it := range templates.SurveyItems {
			key := templates.SurveyItemKey(i)
			v, ok := r.surveyScore(rec.sheet, rec.cell(key), it, rec.decimal(key))
			if !ok {
				rec.bad.Add(key)
			}
			s.Items[i] = v
		}
		if v, has := rec.raw("total"); has && !r.surveyTotal(rec.sheet, rec.cell("total"), v, s) {
			rec.bad.Add("total")
		}
		s.Bad = rec.bad
		app.Surveys = append(app.Surveys, s)
	})
}

// surveyScore checks one item of 表A.1 against its maximum; ok is false
// when it exceeds it (the item reads as 0 and is marked bad: the rating
// counts the survey for nothing, and its note says so). The messages about
// a survey's cells name the fault only, so that they never contradict what
// the rating did with the survey.
func (r *reader) surveyScore(sheet, cell string, it templates.SurveyItem, v rating.Decimal) (rating.Decimal, bool) {
	if v > rating.DecimalFromInt(int64(it.Max)) {
		r.errorf(sheet, cell, v.String(), fmt.Sprintf("0 到 %d 分", it.Max), rating.CodeBadValue, "「%s」超过满分值 %d", it.Name, it.Max)
		return 0, false
	}
	return v, true
}

// surveyTotal checks a filled 评价总分值 against the sum of the items; false
// when it is not a number or differs.
func (r *reader) surveyTotal(sheet, cell, v string, s rating.Survey) bool {
	total, err := ParseDecimal(v)
	if err != nil {
		r.errorf(sheet, cell, v, "九项评价分之和 "+s.Total().String(), rating.CodeBadValue, "评价总分值不是数字")
		return false
	}
	if total != s.Total() {
		r.errorf(sheet, cell, v, "九项评价分之和 "+s.Total().String(), rating.CodeInconsistent, "评价总分值与各项之和不符")
		return false
	}
	return true
}
