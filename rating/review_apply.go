package rating

import (
	"fmt"
	"slices"
	"strings"
)

// ReviewRow is one row of a review record as read: the columns starrate
// fills, the reviewer's verdict, and where the row is.
type ReviewRow struct {
	Key      string // 核查编号
	Company  string // 单位名称
	USCC     string
	Category string // 类别
	Clauses  string // 条款
	Subject  string // 核查对象
	Declared string // 申报内容
	Evidence string // 证明材料
	Verdict  Verdict
	By       string // 核实人
	Date     Date   // 核实日期
	Note     string // 说明
	State    string // 状态
	// Fingerprint is that of the applicant data when `review` last wrote
	// the row; Recheck, when not empty, is the mark of the verdict the row
	// had when it was marked 需复核 (VerdictMark): while the verdict is
	// unchanged it counts as not checked.
	Fingerprint string
	Recheck     string
	// Where the row is.
	File        string
	Sheet       string
	Row         int
	VerdictCell string // the 核实结果 cell, such as "I7"
}

// VerdictMark identifies what a reviewer entered in a row: a new verdict,
// reviewer, date or note makes a new mark.
func (r ReviewRow) VerdictMark() string {
	return shortHash(strings.Join([]string{string(r.Verdict), r.By, r.Date.String(), r.Note}, "\x1f"))
}

// Where names the row's verdict cell: 评审记录.xlsx 核查清单!I7.
func (r ReviewRow) Where() string {
	return r.File + " " + r.Sheet + "!" + r.VerdictCell
}

// awaitsRecheck: marked 需复核 and not re-entered since.
func (r ReviewRow) awaitsRecheck() bool { return r.Recheck != "" && r.Recheck == r.VerdictMark() }

// FormatFingerprint writes the hidden 指纹 cell: the data fingerprint and,
// for a row awaiting a new verdict, the mark of the old one.
func FormatFingerprint(fingerprint, recheck string) string {
	if recheck == "" {
		return fingerprint
	}
	return fingerprint + ";" + recheck
}

// ParseFingerprint reads the hidden 指纹 cell.
func ParseFingerprint(s string) (fingerprint, recheck string) {
	fingerprint, recheck, _ = strings.Cut(strings.TrimSpace(s), ";")
	return fingerprint, recheck
}

// Verification states (results.json clauses[].verification.state).
const (
	Verified   = "verified"
	Unverified = "open"
	Refuted    = "failed"
	Overridden = "overridden"
)

// Verification is what the review record says of a clause's evidence.
type Verification struct {
	State  string   // verified, open, failed or overridden
	Checks []string // the keys of the checks the clause rests on
	By     string   // 核实人, for an override
	Date   Date     // 核实日期, for an override
	Note   string   // 说明: the override's reason, or the failed checks' notes
}

// ReviewCounts are where one company's checks stand (results.json `review`).
type ReviewCounts struct {
	Checks int `json:"checks"`
	Passed int `json:"passed"`
	Failed int `json:"failed"`
	Open   int `json:"open"`
	Stale  int `json:"stale"`
}

// AppliedVerdict is one verdict that ApplyReview used (results.xlsx 评审).
type AppliedVerdict struct {
	Key      string
	Company  string
	Category string
	Subject  string
	Verdict  Verdict
	By       string
	Date     Date
	Note     string
	Source   string // file sheet!cell
}

// ReviewOutcome is what applying the record did to one application.
type ReviewOutcome struct {
	Counts  ReviewCounts
	Applied []AppliedVerdict
	// Keys are the keys of the record's rows with a verdict that the
	// application looked up, for ReviewRecord.Use (Unknown lists the
	// others).
	Keys []string
	// Checks are the checks drawn for the application, for telling it
	// which evidence is still wanted.
	Checks []ReviewCheck
}

// categoryState gathers the checks of one category of one company.
type categoryState struct {
	keys   []string
	open   int
	failed []string // 核查对象（说明）of the checks judged 不通过
}

// ApplyReview applies the review record to one application's result
// (rating-model.md §6 "Applying the record"): declarations by their item's
// verdict; spot checks by category, with subjects judged 不通过 excluded from
// their metric (spot_check_failure: exclude, which rates the application
// again without them) or failing every clause of the category
// (fail_clause); a met metric clause is pass only when every check of its
// categories is decided; 条款认定 overrides last. res must be Rate(app, p);
// it is settled again. A nil record leaves every check open.
func ApplyReview(app *Application, res *Result, rec *ReviewRecord, p *Profile) ReviewOutcome {
	var out ReviewOutcome
	checks := ReviewChecks(app, p, rec.Has)
	out.Checks = checks
	decisions := make(map[string]decision, len(checks))
	cats := map[string]*categoryState{}
	failedSubjects := map[string]map[string]bool{}
	for _, c := range checks {
		d, row := rec.decide(c)
		if rec.judged(c.Key) {
			out.Keys = append(out.Keys, c.Key)
		}
		decisions[c.Key] = d
		out.Counts.Checks++
		switch d {
		case passed:
			out.Counts.Passed++
		case refuted:
			out.Counts.Failed++
		case stale:
			out.Counts.Stale++
		default:
			out.Counts.Open++
		}
		if row != nil && d != stale && row.Verdict != VerdictNone {
			out.Applied = append(out.Applied, appliedVerdict(c.Key, c.Company, c.Category().Name, c.Subject, row))
		}
		if c.Code == CategoryItem {
			continue
		}
		st := cats[c.Code]
		if st == nil {
			st = &categoryState{}
			cats[c.Code] = st
		}
		st.keys = append(st.keys, c.Key)
		switch d {
		case refuted:
			st.failed = append(st.failed, failedNote(c.Subject, row.Note))
			if failedSubjects[c.Code] == nil {
				failedSubjects[c.Code] = map[string]bool{}
			}
			failedSubjects[c.Code][c.subject] = true
		case undecided, stale:
			st.open++
		}
	}
	exclude := p.Parameters.SpotCheckFailure != SpotFailClause
	if exclude && len(failedSubjects) > 0 {
		*res = Rate(withoutSubjects(app, failedSubjects), p)
	}
	uscc := app.Company.USCC
	for ci := range res.Clauses {
		cl := &res.Clauses[ci]
		var keys, failedNotes []string
		open := 0
		counted := map[string]bool{} // categories already in keys: 5.2.4.1 has three contract metrics
		for j := range cl.Checks {
			cr := &cl.Checks[j]
			switch cr.Category {
			case "":
				continue
			case CategoryItem:
				key := ReviewKey(uscc, CategoryItem, cr.Item)
				d, checked := decisions[key]
				if !checked {
					continue // not answered 是/兼职/专职: failed by Rate, nothing to verify
				}
				keys = append(keys, key)
				row, _ := rec.Row(key)
				applyItem(cr, d, row)
				switch d {
				case refuted:
					failedNotes = append(failedNotes, failedNote(cr.Item, row.Note))
				case undecided, stale:
					open++
				}
			default:
				st := cats[cr.Category]
				if st == nil {
					st = &categoryState{}
				}
				if !counted[cr.Category] {
					counted[cr.Category] = true
					keys = append(keys, st.keys...)
					open += st.open
					failedNotes = append(failedNotes, st.failed...)
				}
				applySpotChecks(cr, st, exclude)
				if len(st.keys) == 0 && cr.Status == Review {
					open++ // met, but nothing drawn to verify it (保密协议 below three stars)
				}
			}
		}
		if len(keys) == 0 {
			continue
		}
		settleClause(cl)
		v := &Verification{State: Verified, Checks: keys}
		switch {
		case len(failedNotes) > 0:
			v.State, v.Note = Refuted, strings.Join(failedNotes, "；")
		case open > 0:
			v.State = Unverified
		}
		cl.Verification = v
	}
	for ci := range res.Clauses {
		cl := &res.Clauses[ci]
		key := ReviewKey(uscc, CategoryClause, cl.ID)
		row, ok := rec.Row(key)
		if !ok {
			continue
		}
		if rec.judged(key) {
			out.Keys = append(out.Keys, key)
		}
		if rec.conflicting(key) || strings.TrimSpace(row.Note) == "" || row.Verdict != VerdictPass && row.Verdict != VerdictFail {
			continue // reported by the importer or NewReviewRecord
		}
		cl.Status = Pass
		if row.Verdict == VerdictFail {
			cl.Status = Fail
		}
		var checks []string
		if cl.Verification != nil {
			checks = cl.Verification.Checks
		}
		cl.Verification = &Verification{State: Overridden, Checks: checks, By: row.By, Date: row.Date, Note: row.Note}
		cl.Message = fmt.Sprintf("人工认定「%s」：%s（核实人 %s，%s）；%s", row.Verdict, row.Note, orDash(row.By), orDash(row.Date.String()), cl.Message)
		out.Applied = append(out.Applied, appliedVerdict(key, app.Company.Name, "条款认定", cl.ID, &row))
	}
	res.Settle(app, p)
	return out
}

func orDash(s string) string {
	if s == "" {
		return "—"
	}
	return s
}

func failedNote(subject, note string) string {
	if note = strings.TrimSpace(note); note != "" {
		return subject + "（" + note + "）"
	}
	return subject
}

func appliedVerdict(key, company, category, subject string, row *ReviewRow) AppliedVerdict {
	return AppliedVerdict{Key: key, Company: company, Category: category, Subject: subject,
		Verdict: row.Verdict, By: row.By, Date: row.Date, Note: row.Note, Source: row.Where()}
}

// applyItem: a declaration's verdict. Only a declaration that holds on its
// face (is in review, or passes in self-check mode) can be confirmed or
// refuted; one already failing stays failed.
func applyItem(cr *CheckResult, d decision, row ReviewRow) {
	if cr.Status == Fail {
		return
	}
	base := strings.TrimSuffix(cr.Measured, "（待核实）")
	switch d {
	case passed:
		cr.Status, cr.Measured = Pass, base+"（已核实）"
		cr.Message = strings.TrimSuffix(cr.Message, "，待评审核实") + "，评审核实通过"
	case refuted:
		cr.Status, cr.Measured = Fail, base+"（核查不通过）"
		cr.Message = strings.TrimSuffix(cr.Message, "，待评审核实") + "，评审核实不通过"
		if n := strings.TrimSpace(row.Note); n != "" {
			cr.Message += "：" + n
		}
	case stale:
		if cr.Status == Review {
			cr.Message += "（申报内容已修改，需复核）"
		}
	}
}

// applySpotChecks: the checks of one category behind a metric check.
func applySpotChecks(cr *CheckResult, st *categoryState, exclude bool) {
	if len(st.failed) > 0 {
		if !exclude {
			cr.Status = Fail
			cr.Message = strings.TrimSuffix(cr.Message, "，待评审核实") + "；抽查不通过：" + strings.Join(st.failed, "、")
			return
		}
		cr.Message += "（抽查不通过，已不计入：" + strings.Join(st.failed, "、") + "）"
	}
	if cr.Status != Review {
		return
	}
	switch {
	case len(st.keys) == 0:
		cr.Message += "（未抽查）"
	case st.open == 0:
		cr.Status = Pass
		cr.Message = strings.Replace(cr.Message, "，待评审核实", "", 1) + fmt.Sprintf("，抽查 %d 项已核实", len(st.keys))
	default:
		cr.Message += fmt.Sprintf("（抽查 %d 项，%d 项待核实）", len(st.keys), st.open)
	}
}

// settleClause makes a clause the worst of its checks again, its message
// from the checks as Rate writes it.
func settleClause(cl *ClauseResult) {
	cl.Status = Pass
	for _, cr := range cl.Checks {
		cl.Status = worse(cl.Status, cr.Status)
	}
	var msgs, measured []string
	for _, cr := range cl.Checks {
		measured = append(measured, cr.Measured)
		if cl.Status == Pass || cr.Status != Pass {
			msgs = append(msgs, cr.Message)
		}
	}
	cl.Measured = strings.Join(measured, "；")
	cl.Message = strings.Join(msgs, "；")
}

// withoutSubjects is a copy of the application in which the subjects judged
// 不通过 count for nothing in their category's metric: a person failing
// 人员资格 holds no qualification but stays on the staff, a contract failing
// 合同 is gone, and so on. The caller's application is not changed.
func withoutSubjects(app *Application, failed map[string]map[string]bool) *Application {
	cp := *app
	cp.Staff = slices.Clone(app.Staff)
	untrained := map[string]bool{} // person subjects whose training is refuted
	for i := range cp.Staff {
		p := &cp.Staff[i]
		s := PersonSubject(*p)
		if failed[CategoryStaff][s] {
			p.Title, p.InstallerCert, p.VendorCert = "", "", ""
		}
		if failed[CategoryDegree][s] {
			p.Education = EduUnknown
		}
		if failed[CategoryInsurance][s] {
			p.SocialInsurance = No
		}
		if failed[CategoryNDA][s] {
			p.NDA = No
		}
		if failed[CategoryTraining][s] {
			untrained[s] = true
		}
	}
	if len(untrained) > 0 {
		roster := NewRoster(app.Staff)
		cp.Trainings = nil
		for _, t := range app.Trainings {
			if i, ok := roster.Match(t); ok && untrained[PersonSubject(app.Staff[i])] {
				continue
			}
			cp.Trainings = append(cp.Trainings, t)
		}
	}
	if f := failed[CategoryContract]; len(f) > 0 {
		cp.Contracts = nil
		for i, s := range contractSubjects(app.Contracts) {
			if !f[s] {
				cp.Contracts = append(cp.Contracts, app.Contracts[i])
			}
		}
	}
	if f := failed[CategorySurvey]; len(f) > 0 {
		cp.Surveys = nil
		for i, s := range surveySubjects(app.Surveys) {
			if !f[s] {
				cp.Surveys = append(cp.Surveys, app.Surveys[i])
			}
		}
	}
	return &cp
}
