// Package selfcheck is the applicant's self-check (申报自查): one offline
// HTML page that runs the importer, rating, templates and exporter in the
// browser, compiled to WebAssembly, so that a clerk can check a workbook
// before submitting it without installing anything and without sending
// anyone's 身份证号 anywhere.
//
// Check and Annotated are the page's answers, computed by plain Go: the
// WebAssembly main (cmd/selfcheck-wasm) only moves bytes and JSON between
// them and the page, so a normal test can hold the page to the CLI's
// answers. Write emits the page with the compiled code embedded.
package selfcheck

import (
	"bytes"
	"cmp"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"slices"

	"github.com/bax/starrate/exporter"
	"github.com/bax/starrate/importer"
	"github.com/bax/starrate/rating"
)

// File is one file the applicant chose in the page.
type File struct {
	Name string
	// Size is the file's size on disk. Data holds the file, or only its
	// first bytes when Size is over the cap: the page does not load a
	// file it will refuse.
	Size int64
	Data []byte
}

// Options are the input caps of the CLI: the page refuses what validate
// and rate refuse.
func Options() importer.Options { return importer.DefaultOptions() }

// Profile is the embedded profile in self-check mode (require_review:
// false): a declaration with its 证明材料 named counts as met, since no
// evaluator has looked at it yet.
func Profile() *rating.Profile {
	p := rating.DefaultProfile()
	p.Parameters.RequireReview = false
	return p
}

// Report is the page's whole answer for the files chosen.
type Report struct {
	Files    []FileReport `json:"files"`
	Verdicts []Verdict    `json:"verdicts"`
	Errors   int          `json:"errors"`
	Warnings int          `json:"warnings"`
}

// FileReport is what validate says of one file, field for field, plus the
// application a survey form was matched to.
type FileReport struct {
	File       string    `json:"file"`
	Kind       string    `json:"kind"` // application, survey_form or unreadable
	Errors     int       `json:"errors"`
	Warnings   int       `json:"warnings"`
	Problems   []Problem `json:"problems"`
	AttachedTo string    `json:"attached_to,omitempty"`
}

// Problem is one problem as validate --json prints it: ID numbers masked.
type Problem struct {
	Severity string `json:"severity"`
	Sheet    string `json:"sheet,omitempty"`
	Cell     string `json:"cell,omitempty"`
	Value    string `json:"value,omitempty"`
	Expected string `json:"expected,omitempty"`
	Message  string `json:"message"`
}

// Verdict is the self-check rating of one application.
type Verdict struct {
	File    string `json:"file"`
	Company string `json:"company"`
	USCC    string `json:"uscc,omitempty"`
	Year    int    `json:"year,omitempty"`
	// AppliedStars is 申报星级, 0 when not filled in.
	AppliedStars int `json:"applied_stars"`
	// Stars is 预评星级 in self-check mode: declarations count when their
	// 证明材料 is named, as an evaluator has not yet reviewed them.
	Stars int `json:"stars"`
	// Reaches: Stars is at least AppliedStars (false when none was applied for).
	Reaches  bool `json:"reaches"`
	Eligible bool `json:"eligible"`
	// HasErrors: the workbook has errors, so the stars rest on the rows
	// that could be read.
	HasErrors bool `json:"has_errors"`
	// Gaps lists, for each level above Stars, every clause it still lacks.
	Gaps []Gap `json:"gaps"`
	// MissingEvidence are declarations answered as met that name no 证明材料.
	MissingEvidence []Evidence `json:"missing_evidence"`
	// Forms are the survey form files counted in this application.
	Forms []string `json:"forms,omitempty"`
}

// Gap is what one level above the self-check stars still needs.
type Gap struct {
	Level int         `json:"level"`
	Name  string      `json:"name"`
	Short []Shortfall `json:"short"`
}

// Shortfall is one clause not met, with the figures to act on.
type Shortfall struct {
	Clause   string `json:"clause"`
	Level    int    `json:"level"`
	Element  string `json:"element"`
	Text     string `json:"text"`
	Status   string `json:"status"` // fail, or review: declared but without 证明材料
	Measured string `json:"measured"`
	Required string `json:"required"`
	Message  string `json:"message"`
}

// Evidence is a declaration that still needs its 证明材料.
type Evidence struct {
	Item   string `json:"item"`
	Answer string `json:"answer"`
	Sheet  string `json:"sheet"`
	Cell   string `json:"cell,omitempty"`
}

// read is one file after reading, matching and rating.
type read struct {
	file   File
	wb     importer.Workbook
	res    *rating.Result
	target int // for a survey form, the index of its application; -1 when none
	forms  []int
}

// Check reads, matches and rates files as `starrate rate` would, in
// self-check mode, and says what validate would say of each file.
func Check(ctx context.Context, files []File) Report {
	rs := readAll(ctx, files, "")
	defer closeAll(rs)
	profile := Profile()
	rep := Report{Files: []FileReport{}, Verdicts: []Verdict{}}
	for i, r := range rs {
		fr := fileReport(r.file.Name, r.wb)
		if r.target >= 0 {
			fr.AttachedTo = rs[r.target].file.Name
		}
		rep.Errors += fr.Errors
		rep.Warnings += fr.Warnings
		rep.Files = append(rep.Files, fr)
		if r.res != nil {
			rep.Verdicts = append(rep.Verdicts, verdict(rs, i, profile))
		}
	}
	return rep
}

// Annotated returns the applicant's annotated copy of the file named name
// (评定结果 sheet and a comment on every cell with a problem), made by the
// exporter as `starrate rate` makes it, with ID numbers whole: it stays on
// the applicant's computer.
func Annotated(ctx context.Context, files []File, name string) ([]byte, error) {
	rs := readAll(ctx, files, name)
	defer closeAll(rs)
	i := slices.IndexFunc(rs, func(r read) bool { return r.file.Name == name })
	if i < 0 {
		return nil, fmt.Errorf("没有名为 %s 的文件", name)
	}
	r := rs[i]
	if r.wb.Application == nil && r.wb.Form == nil {
		return nil, fmt.Errorf("%s 无法读取，没有批注副本", name)
	}
	sum := sha256.Sum256(r.file.Data)
	c := exporter.NewCompany(name, hex.EncodeToString(sum[:]), r.wb.Application, r.res, problems(rs, i))
	if form := r.wb.Form; form != nil {
		c.Kind, c.Name, c.USCC = exporter.KindSurveyForm, form.Company, form.USCC
		if r.target >= 0 {
			c.AttachedTo = rs[r.target].file.Name
		}
	}
	var b bytes.Buffer
	if err := exporter.Annotate(&b, r.wb.Book, r.file.Data, c, Profile(), problems(rs, i)); err != nil {
		return nil, fmt.Errorf("生成 %s 的批注副本失败：%w", name, err)
	}
	return b.Bytes(), nil
}

// readAll reads every file, attaches the survey forms and rates the
// applications. The workbook of the file named keep stays open, to be
// annotated without parsing it again.
func readAll(ctx context.Context, files []File, keep string) []read {
	rs := make([]read, len(files))
	for i, f := range files {
		o := Options()
		o.KeepOpen = f.Name == keep
		rs[i] = read{file: f, target: -1}
		if f.Size > o.MaxFileSize || int64(len(f.Data)) > o.MaxFileSize {
			// The message importer.ReadFile gives for the same file on disk.
			rs[i].wb = importer.Workbook{File: f.Name, Problems: []rating.Problem{{Severity: rating.SeverityError, File: f.Name,
				Message: fmt.Sprintf("文件超过 %d MB 的上限", o.MaxFileSize>>20), Code: rating.CodeLimit}}}
			continue
		}
		rs[i].wb = importer.Read(ctx, f.Data, f.Name, o)
	}
	attach(rs)
	profile := Profile()
	for i := range rs {
		app := rs[i].wb.Application
		if app == nil {
			continue
		}
		for _, k := range rs[i].forms {
			s := rs[k].wb.Form.Survey
			s.Ref = rating.Ref{Sheet: rs[k].file.Name + " " + s.Ref.Sheet}
			app.Surveys = append(app.Surveys, s)
		}
		res := rating.Rate(app, profile)
		rs[i].res = &res
	}
	return rs
}

func closeAll(rs []read) {
	for i := range rs {
		_ = rs[i].wb.Close()
	}
}

// attach matches each survey form to the application it is about, by
// 统一社会信用代码, else by 单位名称, as `starrate rate` does.
func attach(rs []read) {
	byUSCC, byName := map[string]int{}, map[string]int{}
	for i, r := range rs {
		if app := r.wb.Application; app != nil {
			if app.Company.USCC != "" {
				byUSCC[app.Company.USCC] = i
			}
			byName[rating.NormalizeName(app.Company.Name)] = i
		}
	}
	for i, r := range rs {
		form := r.wb.Form
		if form == nil {
			continue
		}
		target, ok := byUSCC[form.USCC]
		if !ok || form.USCC == "" {
			target, ok = byName[rating.NormalizeName(form.Company)]
		}
		if ok {
			rs[i].target = target
			rs[target].forms = append(rs[target].forms, i)
		}
	}
}

// problems are the problems of file i, unmasked: the importer's, and for a
// form that matches no application the warning rate gives it.
func problems(rs []read, i int) []rating.Problem {
	r := rs[i]
	ps := r.wb.Problems
	if r.wb.Form != nil && r.target < 0 {
		ps = append(slices.Clip(ps), rating.Problem{Severity: rating.SeverityWarning, File: r.file.Name, Value: r.wb.Form.Company,
			Expected: "所选申报表之一的名称或统一社会信用代码", Message: "用户评价表的服务单位不在所选申报表中，未计入", Code: rating.CodeUnmatched})
	}
	return ps
}

// fileReport says of one file what validate says: errors first, IDs masked.
func fileReport(name string, wb importer.Workbook) FileReport {
	r := FileReport{File: name, Kind: exporter.KindUnreadable, Problems: []Problem{}}
	switch {
	case wb.Application != nil:
		r.Kind = exporter.KindApplication
	case wb.Form != nil:
		r.Kind = exporter.KindSurveyForm
	}
	ps := slices.Clone(wb.Problems)
	slices.SortStableFunc(ps, func(a, b rating.Problem) int {
		if a.Severity != b.Severity {
			if a.Severity == rating.SeverityError {
				return -1
			}
			return 1
		}
		return 0
	})
	for _, p := range ps {
		p = p.Masked()
		if p.Severity == rating.SeverityError {
			r.Errors++
		} else {
			r.Warnings++
		}
		r.Problems = append(r.Problems, Problem{string(p.Severity), p.Sheet, p.Cell, p.Value, p.Expected, p.Message})
	}
	return r
}

func verdict(rs []read, i int, profile *rating.Profile) Verdict {
	r := rs[i]
	app, res := r.wb.Application, r.res
	v := Verdict{
		File: r.file.Name, Company: app.Company.Name, USCC: app.Company.USCC, Year: app.Company.Year,
		AppliedStars: app.Company.AppliedStars, Stars: res.Stars, Eligible: res.Eligible,
		Reaches:   app.Company.AppliedStars > 0 && res.Stars >= app.Company.AppliedStars,
		HasErrors: rating.HasErrors(r.wb.Problems), Gaps: []Gap{}, MissingEvidence: []Evidence{},
	}
	for _, k := range r.forms {
		v.Forms = append(v.Forms, rs[k].file.Name)
	}
	for level := res.Stars + 1; level <= 3; level++ {
		g := Gap{Level: level, Name: rating.LevelName(level), Short: []Shortfall{}}
		for _, c := range res.Clauses {
			needed := c.Level == 0 || c.Level == level || (profile.Parameters.Cumulative && c.Level < level)
			if c.Status == rating.Pass || !needed {
				continue
			}
			g.Short = append(g.Short, Shortfall{c.ID, c.Level, c.Element, c.Text, string(c.Status), rating.MaskIDs(c.Measured), c.Required, rating.MaskIDs(c.Message)})
		}
		v.Gaps = append(v.Gaps, g)
	}
	// In self-check mode rating leaves a declaration in review only when
	// it names no 证明材料; the result's checks run parallel to the
	// profile's.
	seen := map[string]bool{}
	for _, c := range res.Clauses {
		clause, _ := profile.Clause(c.ID)
		for j, k := range c.Checks {
			if k.Kind != rating.KindDeclaration || k.Status != rating.Review || j >= len(clause.Checks) {
				continue
			}
			item := clause.Checks[j].Item
			if seen[item] {
				continue
			}
			seen[item] = true
			d := app.Declarations[item]
			v.MissingEvidence = append(v.MissingEvidence, Evidence{Item: item, Answer: d.Answer, Sheet: d.Ref.Sheet, Cell: r.wb.Cell(d.Ref, "evidence")})
		}
	}
	// In the order of the sheet's rows, as the clerk will go through them.
	slices.SortStableFunc(v.MissingEvidence, func(a, b Evidence) int {
		return cmp.Compare(app.Declarations[a.Item].Ref.Row, app.Declarations[b.Item].Ref.Row)
	})
	return v
}
