package exporter

import (
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"

	"github.com/xuri/excelize/v2"

	"github.com/bax/starrate/rating"
)

// The sheets of results.xlsx.
const (
	SheetSummary = "汇总"
	SheetChanges = "变化"
	SheetClauses = "条款明细"
	SheetIssues  = "问题清单"
	SheetOthers  = "其他文件"
	SheetCross   = "跨单位核查"
	SheetStats   = "统计"
	SheetParams  = "参数"
)

var statusNames = map[rating.Status]string{rating.Pass: "通过", rating.Fail: "不通过", rating.Review: "待核实"}

// StatusName is how workbooks show a status.
func StatusName(s rating.Status) string { return statusNames[s] }

func statusTone(s rating.Status) tone {
	return map[rating.Status]tone{rating.Pass: tonePass, rating.Fail: toneFail, rating.Review: toneReview}[s]
}

// WriteXLSX writes results.xlsx. The long sheets are streamed, one row at
// a time from r.Companies.
func WriteXLSX(w io.Writer, r *Round) error {
	f := excelize.NewFile()
	defer f.Close()
	x := &xlsxWriter{f: f, st: &styles{f: f}, spools: spools{dir: r.TempDir}}
	defer x.spools.close()
	t, err := r.tally()
	if err != nil {
		return err
	}
	// The new file's Sheet1 becomes 汇总: deleting it, or setting the
	// active sheet, would make excelize re-read every streamed sheet.
	x.do(f.SetSheetName("Sheet1", SheetSummary))
	x.summary(r, t)
	if r.Changes != nil {
		x.changes(r.Changes)
	}
	x.clauses(r, t)
	x.issues(r, t)
	x.others(r, t)
	x.cross(r)
	x.stats(r, t)
	x.params(r, t)
	if r.Review != nil {
		x.do(addReviewSheet(f, &x.spools, r.Review.Applied))
	}
	x.do(x.st.err)
	if x.err != nil {
		return x.err
	}
	return x.spools.write(f, w)
}

type xlsxWriter struct {
	f      *excelize.File
	st     *styles
	spools spools // the tables' rows
	err    error
}

func (x *xlsxWriter) do(err error) {
	if x.err == nil && err != nil {
		x.err = err
	}
}

// Looks of the lines above a table.
var (
	titleLook = look{bold: true, size: 16, loose: true}
	noteLook  = look{loose: true, format: fmtWrap, ink: inkMuted}
	boldLook  = look{bold: true, loose: true, size: 12}
)

// board is one line of 汇总: an application and its place in the round.
type board struct {
	n int
	c Company
}

func (b board) res() *rating.Result { return b.c.Result }

// ifRated shows v only for a company that was rated.
func ifRated(v func(*rating.Result) any) func(board) any {
	return func(b board) any {
		if b.res() == nil {
			return nil
		}
		return v(b.res())
	}
}

func ratedTone(t func(*rating.Result) tone) func(board) tone {
	return func(b board) tone {
		if b.res() == nil {
			return toneNone
		}
		return t(b.res())
	}
}

// summaryColumns are the columns of 汇总, what a board reads: the company,
// applied and awarded levels, the key metrics with their units, and the
// main gap in words. Technical columns (file, USCC, counts) are in
// 条款明细, 问题清单 and results.csv.
func summaryColumns(review bool) []column[board] {
	cols := []column[board]{
		{name: "序号", width: 5, format: fmtCenter, value: func(b board) any { return b.n }},
		{name: "单位名称", width: 22, format: fmtWrap, value: func(b board) any { return b.c.Name }},
		{name: "申报", width: 6, format: fmtCenter, value: func(b board) any { return levelName(b.c.AppliedStars) }},
		{name: "评定", width: 7.5, format: fmtCenter, value: ifRated(func(r *rating.Result) any { return Stars(r.Stars) }),
			tone: ratedTone(func(r *rating.Result) tone { return starTone(r.Stars) })},
		{name: "可达", width: 7.5, format: fmtCenter, value: ifRated(func(r *rating.Result) any { return Stars(r.AchievableStars) })},
		{name: "预评", width: 7.5, format: fmtCenter, value: ifRated(func(r *rating.Result) any { return Stars(r.ProvisionalStars) })},
		{name: "参评条件", width: 8, format: fmtCenter, value: ifRated(func(r *rating.Result) any { return eligibility(r) }),
			tone: ratedTone(func(r *rating.Result) tone { return statusTone(eligibilityStatus(r)) })},
		{name: "在册人员", unit: "人", width: 7, format: fmtInt, value: ifRated(func(r *rating.Result) any { return r.Metrics.StaffTotal })},
		{name: "资格人员", unit: "人", width: 7, format: fmtInt, value: ifRated(func(r *rating.Result) any { return r.Metrics.QualifiedStaff })},
		{name: "专科以上学历占比", width: 9, format: fmtPercent, value: ifRated(func(r *rating.Result) any { return ratioValue(r.Metrics.DegreeRatio) })},
		{name: "年度服务单位", unit: "家", width: 8, format: fmtInt, value: ifRated(func(r *rating.Result) any { return r.Metrics.ClientsInYear })},
		{name: "年度合同金额", unit: "元", width: 13, format: fmtMoney, value: ifRated(func(r *rating.Result) any { return cut(r.Metrics.AmountInYear, 2) })},
		{name: "连续服务", unit: "次", width: 7, format: fmtInt, value: ifRated(func(r *rating.Result) any { return r.Metrics.Renewals })},
		{name: "5年内重点保卫单位占比", width: 9, format: fmtPercent, value: ifRated(func(r *rating.Result) any { return ratioValue(r.Metrics.VIPRatio5y) })},
		{name: "用户评价得分", unit: "分", width: 8, format: fmtScore, value: ifRated(func(r *rating.Result) any { return cut(r.Metrics.SurveyScore, 2) })},
		{name: "主要差距", width: 46, format: fmtWrap, value: func(b board) any { return mainGap(b.c) }},
	}
	if review {
		// Right after 参评条件: how far the evaluator's verification is.
		progress := column[board]{name: "核查进度", width: 9, format: fmtCenter, value: func(b board) any {
			if rc := b.c.Review; rc != nil {
				return fmt.Sprintf("%d/%d", rc.Passed+rc.Failed, rc.Checks)
			}
			return nil
		}}
		at := slices.IndexFunc(cols, func(c column[board]) bool { return c.name == "参评条件" }) + 1
		cols = slices.Insert(cols, at, progress)
	}
	return cols
}

func levelName(n int) any {
	if n == 0 {
		return nil
	}
	return rating.LevelName(n)
}

// ratioValue is a ratio for a 0.00% cell: the real number, cut to the
// hundredth of a percent.
func ratioValue(r rating.Ratio) any {
	if !r.Defined() {
		return nil
	}
	return cut(r.Rat(), 4)
}

// eligibilityStatus is the worst status of the §3.2 clauses (level 0).
func eligibilityStatus(r *rating.Result) rating.Status {
	s := rating.Pass
	for _, cl := range r.Clauses {
		if cl.Level == 0 && (cl.Status == rating.Fail || cl.Status == rating.Review && s == rating.Pass) {
			s = cl.Status
		}
	}
	return s
}

func eligibility(r *rating.Result) string {
	return map[rating.Status]string{rating.Pass: "符合", rating.Fail: "不符合", rating.Review: "待核实"}[eligibilityStatus(r)]
}

// roundYears are the 评价年度 of the round's applications.
func (t tally) roundYears() string {
	var ys []string
	for _, y := range t.years {
		ys = append(ys, strconv.Itoa(y))
	}
	if len(ys) == 0 {
		return "—"
	}
	return strings.Join(ys, "、")
}

// titleBlock heads the board's sheets: what round, which year, who rated
// it and when, under which rules.
func titleBlock(r *Round, t tally, heading string) []line {
	title := r.Title
	if title == "" {
		title = "安防系统运行维护服务企业星级评定"
	}
	evaluator := r.Evaluator
	if evaluator == "" {
		evaluator = "（未填写）"
	}
	date := "—"
	if !r.RunDate.IsZero() {
		date = r.RunDate.Format("2006年1月2日")
	}
	return []line{
		{title + " " + heading, titleLook},
		{fmt.Sprintf("评价年度：%s　　评价机构：%s　　评定日期：%s　　依据：%s（%s 版本 %s）",
			t.roundYears(), evaluator, date, r.Profile.Title, r.Profile.ID, r.Profile.Version), noteLook},
		{fmt.Sprintf("申报单位 %d 家：评定三星 %d、二星 %d、一星 %d、未达星级 %d；其他文件 %d 个（见「%s」）。评定 ★ 为已核实的星级，不超过申报星级；可达为核实后能达到的星级；预评把待核实条款按通过计。",
			t.rated, t.awarded[3], t.awarded[2], t.awarded[1], t.awarded[0], t.others, SheetOthers), noteLook},
	}
}

func (x *xlsxWriter) summary(r *Round, t tally) {
	n := 0
	streamTable(x, table[board]{name: SheetSummary, landscape: true, count: t.rated,
		title: titleBlock(r, t, "结果汇总"), cols: summaryColumns(r.Review != nil),
		each: func(emit func(board) error) error {
			return r.Companies.Each(func(c Company) error {
				if c.Kind != KindApplication {
					return nil
				}
				n++
				return emit(board{n, c})
			})
		}})
}

// clauseLine is one line of 条款明细.
type clauseLine struct {
	c  *Company
	cl rating.ClauseResult
}

func (x *xlsxWriter) clauses(r *Round, t tally) {
	cols := []column[clauseLine]{
		{name: "文件", width: 26, value: func(l clauseLine) any { return l.c.File }},
		{name: "单位名称", width: 26, value: func(l clauseLine) any { return l.c.Name }},
		{name: "统一社会信用代码", width: 20, value: func(l clauseLine) any { return l.c.USCC }},
		{name: "条款", width: 9, value: func(l clauseLine) any { return l.cl.ID }},
		{name: "级别", width: 8, value: func(l clauseLine) any { return rating.LevelName(l.cl.Level) }},
		{name: "要素", width: 9, value: func(l clauseLine) any { return l.cl.Element }},
		{name: "标准要求", width: 44, format: fmtWrap, value: func(l clauseLine) any { return l.cl.Text }},
		{name: "实测", width: 22, format: fmtWrap, value: func(l clauseLine) any { return l.cl.Measured }},
		{name: "要求值", width: 22, format: fmtWrap, value: func(l clauseLine) any { return l.cl.Required }},
		{name: "状态", width: 8, format: fmtCenter, value: func(l clauseLine) any { return StatusName(l.cl.Status) },
			tone: func(l clauseLine) tone { return statusTone(l.cl.Status) }},
		{name: "说明", width: 56, format: fmtWrap, value: func(l clauseLine) any { return l.cl.Message }},
	}
	streamTable(x, table[clauseLine]{name: SheetClauses, landscape: true, count: t.clauses, cols: cols,
		each: func(emit func(clauseLine) error) error {
			return r.Companies.Each(func(c Company) error {
				if c.Result == nil {
					return nil
				}
				for _, cl := range c.Result.Clauses {
					if err := emit(clauseLine{&c, cl}); err != nil {
						return err
					}
				}
				return nil
			})
		}})
}

func severityName(s rating.Severity) string {
	if s == rating.SeverityError {
		return "错误"
	}
	return "警告"
}

func severityTone(s rating.Severity) tone {
	if s == rating.SeverityError {
		return toneFail
	}
	return toneReview
}

type issueLine struct {
	c *Company
	p rating.Problem
}

func (x *xlsxWriter) issues(r *Round, t tally) {
	cols := []column[issueLine]{
		{name: "文件", width: 26, value: func(l issueLine) any { return l.c.File }},
		{name: "单位名称", width: 26, value: func(l issueLine) any { return l.c.Name }},
		{name: "工作表", width: 11, value: func(l issueLine) any { return l.p.Sheet }},
		{name: "单元格", width: 7, value: func(l issueLine) any { return l.p.Cell }},
		{name: "级别", width: 6, format: fmtCenter, value: func(l issueLine) any { return severityName(l.p.Severity) },
			tone: func(l issueLine) tone { return severityTone(l.p.Severity) }},
		{name: "值", width: 20, format: fmtWrap, value: func(l issueLine) any { return l.p.Value }},
		{name: "应为", width: 26, format: fmtWrap, value: func(l issueLine) any { return l.p.Expected }},
		{name: "说明", width: 56, format: fmtWrap, value: func(l issueLine) any { return l.p.Message }},
		{name: "代码", width: 14, value: func(l issueLine) any { return string(l.p.Code) }},
	}
	// The review record's own problems follow the inputs', named by its
	// file (单位名称 评审记录).
	var record []rating.Problem
	if r.Review != nil {
		record = r.Review.Problems
	}
	streamTable(x, table[issueLine]{name: SheetIssues, landscape: true, count: t.problems + len(record), cols: cols,
		each: func(emit func(issueLine) error) error {
			err := r.Companies.Each(func(c Company) error {
				for _, p := range c.Problems {
					if err := emit(issueLine{&c, p}); err != nil {
						return err
					}
				}
				return nil
			})
			for _, p := range record {
				if err != nil {
					break
				}
				err = emit(issueLine{&Company{File: p.File, Name: "评审记录"}, p.Masked()})
			}
			return err
		}})
}

var kindNames = map[string]string{KindApplication: "申报表", KindSurveyForm: "用户评价表（表 A.1）", KindUnreadable: "无法读取"}

// others lists the inputs that are not a company's application: survey
// forms and files that could not be read.
func (x *xlsxWriter) others(r *Round, t tally) {
	cols := []column[Company]{
		{name: "文件", width: 34, format: fmtWrap, value: func(c Company) any { return c.File }},
		{name: "类型", width: 16, value: func(c Company) any { return kindNames[c.Kind] }},
		{name: "服务单位", width: 26, format: fmtWrap, value: func(c Company) any { return c.Name }},
		{name: "计入", width: 30, format: fmtWrap, value: func(c Company) any {
			switch {
			case c.Kind == KindUnreadable:
				return "未计入：文件无法读取"
			case c.AttachedTo != "":
				return "已计入 " + c.AttachedTo
			}
			return "未计入：服务单位不在本批申报中"
		}},
		{name: "错误", width: 6, format: fmtInt, value: func(c Company) any { e, _ := rating.CountProblems(c.Problems); return e },
			tone: func(c Company) tone {
				if e, _ := rating.CountProblems(c.Problems); e > 0 {
					return toneFail
				}
				return toneNone
			}},
		{name: "警告", width: 6, format: fmtInt, value: func(c Company) any { _, w := rating.CountProblems(c.Problems); return w }},
		{name: "主要问题", width: 50, format: fmtWrap, value: func(c Company) any {
			if len(c.Problems) == 0 {
				return nil
			}
			return c.Problems[0].Message
		}},
	}
	streamTable(x, table[Company]{name: SheetOthers, landscape: true, count: t.others, cols: cols,
		each: func(emit func(Company) error) error {
			return r.Companies.Each(func(c Company) error {
				if c.Kind == KindApplication {
					return nil
				}
				return emit(c)
			})
		}})
}

var crossKindNames = map[string]string{
	rating.CrossID: "身份证号重复", rating.CrossCertificate: "证书编号重复", rating.CrossUSCC: "统一社会信用代码重复", rating.CrossVIPFlag: "重点保卫单位标注不一致",
}

type crossLine struct {
	f *rating.CrossFinding
	w rating.Seen
}

func (x *xlsxWriter) cross(r *Round) {
	n := 0
	for _, f := range r.CrossChecks {
		n += len(f.Where)
	}
	cols := []column[crossLine]{
		{name: "类型", width: 18, value: func(l crossLine) any { return crossKindNames[l.f.Kind] }},
		{name: "值", width: 22, value: func(l crossLine) any { return crossValue(*l.f) }},
		{name: "说明", width: 36, format: fmtWrap, value: func(l crossLine) any { return l.f.Message }},
		{name: "文件", width: 26, value: func(l crossLine) any { return l.w.File }},
		{name: "单位名称", width: 26, value: func(l crossLine) any { return l.w.Company }},
		{name: "工作表", width: 10, value: func(l crossLine) any { return l.w.Sheet }},
		{name: "单元格", width: 7, value: func(l crossLine) any { return l.w.Cell }},
		{name: "详情", width: 30, format: fmtWrap, value: func(l crossLine) any { return rating.MaskIDs(l.w.Detail) }},
	}
	streamTable(x, table[crossLine]{name: SheetCross, landscape: true, count: n, cols: cols,
		each: func(emit func(crossLine) error) error {
			for i := range r.CrossChecks {
				for _, w := range r.CrossChecks[i].Where {
					if err := emit(crossLine{&r.CrossChecks[i], w}); err != nil {
						return err
					}
				}
			}
			return nil
		}})
}

// params records how the round was rated: the profile, its parameters, the
// run and every input with its digest.
func (x *xlsxWriter) params(r *Round, t tally) {
	p := r.Profile
	evaluator := r.Evaluator
	if evaluator == "" {
		evaluator = "（未填写，--evaluator）"
	}
	date := ""
	if !r.RunDate.IsZero() {
		date = r.RunDate.Format("2006-01-02 15:04:05 MST")
	}
	type kv struct{ k, v string }
	rows := []kv{
		{"评定批次", r.Title},
		{"评定日期", date},
		{"规则", p.Title},
		{"规则编号", p.ID},
		{"规则版本", p.Version},
		{"规则哈希（SHA-256）", p.Hash()},
		{"评价机构（§6.1）", evaluator},
		{"starrate 版本", r.Version},
		{"cumulative（逐级累计）", fmt.Sprint(p.Parameters.Cumulative)},
		{"require_review（需评审核实）", fmt.Sprint(p.Parameters.RequireReview)},
		{"cap_at_applied（评定不超过申报星级）", fmt.Sprint(p.Parameters.CapAtApplied)},
		{"degree_denominator（学历占比分母）", string(p.Parameters.DegreeDenominator)},
		{"training_mode（培训计算方式）", string(p.Parameters.TrainingMode)},
		{"session_span_days（一次培训的天数跨度）", fmt.Sprint(p.Parameters.SessionSpanDays)},
		{"new_hire_grace_days（新入职宽限天数）", fmt.Sprint(p.Parameters.NewHireGraceDays)},
		{"amount_basis（合同金额口径）", string(p.Parameters.AmountBasis)},
		{"renewal_gap_days（连续服务间隔天数）", fmt.Sprint(p.Parameters.RenewalGapDays)},
		{"survey_aggregate（用户评价汇总方式）", string(p.Parameters.SurveyAggregate)},
		{"§6.3 评审提示", "所提供复印件或扫描件，每一页都应加盖公章以示承诺其真实性"},
	}
	if r.Changes != nil {
		rows = append(rows, kv{"上次结果（results.json SHA-256）", r.Changes.Previous})
	}
	if r.Review != nil {
		for _, f := range r.Review.Files {
			rows = append(rows, kv{"评审记录 " + f.Name, f.SHA256})
		}
	}
	for i, f := range t.files {
		rows = append(rows, kv{"输入文件 " + f, t.shas[i]})
	}
	streamTable(x, table[kv]{name: SheetParams, count: len(rows),
		cols: []column[kv]{
			{name: "项目", width: 40, format: fmtWrap, value: func(r kv) any { return r.k }},
			{name: "值", width: 70, format: fmtWrap, value: func(r kv) any { return r.v }},
		},
		each: func(emit func(kv) error) error {
			for _, r := range rows {
				if err := emit(r); err != nil {
					return err
				}
			}
			return nil
		}})
}

// crossValue masks an ID number; other values are not personal.
func crossValue(f rating.CrossFinding) string {
	if f.Kind == rating.CrossID {
		return rating.MaskID(f.Value)
	}
	return f.Value
}
