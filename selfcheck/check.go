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

// FileReport is what validate says of one file (exporter.FileReport,
// shared with validate), with the application a survey form counts for.
type FileReport = exporter.FileReport

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
	notes  []rating.Problem // rating's row notes, located
	// unmatched says why a survey form counts for no application.
	unmatched *rating.Problem
}

// Check reads, matches and rates files as `starrate rate` would, in
// self-check mode, and says what validate would say of each file.
func Check(ctx context.Context, files []File) Report {
	// A review record chosen by mistake is no input, as for validate.
	files = slices.DeleteFunc(slices.Clone(files), func(f File) bool { return importer.Classify(f.Data) == importer.KindReview })
	rs := readAll(ctx, files, "")
	defer closeAll(rs)
	profile := Profile()
	rep := Report{Files: []FileReport{}, Verdicts: []Verdict{}}
	for i, r := range rs {
		fr := exporter.NewFileReport(r.file.Name, kindOf(r.wb), problems(rs, i))
		if r.target >= 0 {
			fr.AttachedTo = rs[r.target].file.Name
		}
		if r.res != nil {
			fr.Rating = exporter.NewRatingReport(r.wb.Application.Company.AppliedStars, r.res, nil)
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
			// The problem validate and rate give for the same file on disk.
			rs[i].wb = importer.Workbook{File: f.Name, Problems: []rating.Problem{importer.TooLarge(f.Name, max(f.Size, int64(len(f.Data))), o.MaxFileSize)}}
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
		rs[i].notes = rs[i].wb.Locate(res.Notes)
	}
	return rs
}

func closeAll(rs []read) {
	for i := range rs {
		_ = rs[i].wb.Close()
	}
}

// attach matches each survey form to the application it is about, as
// `starrate rate` does (rating.MatchForms).
func attach(rs []read) {
	var apps, forms []int
	var appParties, formParties []rating.Party
	for i, r := range rs {
		switch {
		case r.wb.Application != nil:
			apps = append(apps, i)
			appParties = append(appParties, rating.Party{Name: r.wb.Application.Company.Name, USCC: r.wb.Application.Company.USCC})
		case r.wb.Form != nil:
			forms = append(forms, i)
			formParties = append(formParties, rating.Party{Name: r.wb.Form.Company, USCC: r.wb.Form.USCC})
		}
	}
	for k, m := range rating.MatchForms(appParties, formParties) {
		i := forms[k]
		if m.App < 0 {
			p := *m.Problem
			p.File = rs[i].file.Name
			rs[i].unmatched = &p
			continue
		}
		rs[i].target = apps[m.App]
		rs[apps[m.App]].forms = append(rs[apps[m.App]].forms, i)
	}
}

// problems are the problems of file i, unmasked: the importer's, rating's
// row notes, and for a form that counts for no application the warning
// rate gives it.
func problems(rs []read, i int) []rating.Problem {
	r := rs[i]
	ps := append(slices.Clip(r.wb.Problems), r.notes...)
	if r.unmatched != nil {
		ps = append(ps, *r.unmatched)
	}
	return ps
}

// kindOf is the kind of file a workbook turned out to be.
func kindOf(wb importer.Workbook) string {
	switch {
	case wb.Application != nil:
		return exporter.KindApplication
	case wb.Form != nil:
		return exporter.KindSurveyForm
	}
	return exporter.KindUnreadable
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
	// A declaration answered as met (是, 兼职, 专职) with no 证明材料 fails
	// (「未提供证明材料」, §6.2); the result's checks run parallel to the
	// profile's.
	seen := map[string]bool{}
	for _, c := range res.Clauses {
		clause, _ := profile.Clause(c.ID)
		for j, k := range c.Checks {
			if k.Kind != rating.KindDeclaration || k.Status == rating.Pass || j >= len(clause.Checks) {
				continue
			}
			item := clause.Checks[j].Item
			d, ok := app.Declarations[item]
			if seen[item] || !ok || d.Evidence != "" || d.Answer == "" || d.Answer == "否" || d.Answer == "无" {
				continue
			}
			seen[item] = true
			v.MissingEvidence = append(v.MissingEvidence, Evidence{Item: item, Answer: d.Answer, Sheet: d.Ref.Sheet, Cell: r.wb.Cell(d.Ref, "evidence")})
		}
	}
	// In the order of the sheet's rows, as the clerk will go through them.
	slices.SortStableFunc(v.MissingEvidence, func(a, b Evidence) int {
		return cmp.Compare(app.Declarations[a.Item].Ref.Row, app.Declarations[b.Item].Ref.Row)
	})
	return v
}
