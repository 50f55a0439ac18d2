package exporter

import (
	"bytes"
	"encoding/json"
	"io"
	"math/big"

	"github.com/bax/starrate/rating"
)

// The shape of results.json (rating-model.md §5): an object of "profile",
// "evaluator", "companies" and "cross_checks" (written by WriteJSON), whose
// parts are these types. Field names and order are a public contract; it
// holds no time stamps, so the same inputs, profile and options give the
// same bytes.
type jsonProfile struct {
	ID         string            `json:"id"`
	Version    string            `json:"version"`
	Hash       string            `json:"hash"`
	Parameters rating.Parameters `json:"parameters"`
}

type jsonCompany struct {
	File             string               `json:"file"`
	Kind             string               `json:"kind"`
	Name             string               `json:"name"`
	USCC             string               `json:"uscc"`
	Year             *int                 `json:"year"`
	AppliedStars     *int                 `json:"applied_stars"`
	Eligible         *bool                `json:"eligible"`
	Stars            *int                 `json:"stars"`
	AchievableStars  *int                 `json:"achievable_stars"`
	ProvisionalStars *int                 `json:"provisional_stars"`
	Review           *rating.ReviewCounts `json:"review,omitempty"`
	Metrics          *jsonMetrics         `json:"metrics"`
	Clauses          []jsonClause         `json:"clauses"`
	Next             []jsonGap            `json:"next"`
	Problems         []jsonProblem        `json:"problems"`
	AttachedTo       string               `json:"attached_to,omitempty"`
	SHA256           string               `json:"sha256"`
}

type jsonMetrics struct {
	StaffTotal     int          `json:"staff_total"`
	OMStaff        int          `json:"om_staff"`
	QualifiedStaff int          `json:"qualified_staff"`
	DegreeRatio    jsonRatio    `json:"degree_ratio"`
	ClientsInYear  int          `json:"clients_in_year"`
	AmountInYear   json.Number  `json:"amount_in_year"`
	Renewals       int          `json:"renewals"`
	VIPRatio5y     jsonRatio    `json:"vip_ratio_5y"`
	SurveyScore    *json.Number `json:"survey_score"`
	SurveyCount    int          `json:"survey_count"`
}

// jsonRatio keeps the exact fraction; percent is cut to two decimals, null
// when the ratio is undefined.
type jsonRatio struct {
	Numerator   int          `json:"numerator"`
	Denominator int          `json:"denominator"`
	Percent     *json.Number `json:"percent"`
}

type jsonClause struct {
	ID        string        `json:"id"`
	Level     int           `json:"level"`
	Element   string        `json:"element"`
	Status    string        `json:"status"`
	Measured  string        `json:"measured"`
	Required  string        `json:"required"`
	Shortfall jsonShortfall `json:"shortfall"`
	Message   string        `json:"message"`
	// Verification only when a review record was applied.
	Verification *jsonVerification `json:"verification,omitempty"`
}

type jsonVerification struct {
	State  string   `json:"state"`
	Checks []string `json:"checks"`
	By     string   `json:"by,omitempty"`
	Date   string   `json:"date,omitempty"`
	Note   string   `json:"note,omitempty"`
}

type jsonReviewRecord struct {
	Files    []jsonReviewFile    `json:"files"`
	Problems []jsonRecordProblem `json:"problems"`
}

type jsonReviewFile struct {
	Name   string `json:"name"`
	SHA256 string `json:"sha256"`
}

type jsonRecordProblem struct {
	Severity string `json:"severity"`
	File     string `json:"file"`
	Sheet    string `json:"sheet"`
	Cell     string `json:"cell"`
	Value    string `json:"value,omitempty"`
	Message  string `json:"message"`
}

// jsonGap is one level of `next`: every clause not passed that it needs.
type jsonGap struct {
	Level   int           `json:"level"`
	Applied bool          `json:"applied"`
	Clauses []jsonGapItem `json:"clauses"`
}

type jsonGapItem struct {
	ID        string        `json:"id"`
	Status    string        `json:"status"`
	Shortfall jsonShortfall `json:"shortfall"`
	Message   string        `json:"message"`
}

// jsonShortfall is a clause's shortfalls as one object, a member per metric
// in the clause's order ({"clients": 1, "amount": 80000}); null when there
// is none (a clause that holds, or a declaration: its message says what to
// provide).
type jsonShortfall []rating.Shortfall

func (s jsonShortfall) MarshalJSON() ([]byte, error) {
	if len(s) == 0 {
		return []byte("null"), nil
	}
	var b bytes.Buffer
	b.WriteByte('{')
	for i, x := range s {
		if i > 0 {
			b.WriteByte(',')
		}
		k, err := json.Marshal(x.Metric)
		if err != nil {
			return nil, err
		}
		b.Write(k)
		b.WriteByte(':')
		if x.Value == nil {
			b.WriteString("null")
		} else {
			b.WriteString(rating.Cut(x.Value))
		}
	}
	b.WriteByte('}')
	return b.Bytes(), nil
}

type jsonProblem struct {
	Severity string `json:"severity"`
	Code     string `json:"code"`
	Sheet    string `json:"sheet"`
	Cell     string `json:"cell"`
	Value    string `json:"value,omitempty"`
	Expected string `json:"expected,omitempty"`
	Message  string `json:"message"`
}

type jsonCrossFind struct {
	Kind    string      `json:"kind"`
	Value   string      `json:"value"`
	Message string      `json:"message"`
	Where   []jsonWhere `json:"where"`
}

type jsonWhere struct {
	File    string `json:"file"`
	Company string `json:"company"`
	Sheet   string `json:"sheet"`
	Cell    string `json:"cell"`
	Detail  string `json:"detail,omitempty"`
}

func number(r *big.Rat) json.Number { return json.Number(rating.Cut(r)) }

func ratio(r rating.Ratio) jsonRatio {
	j := jsonRatio{Numerator: r.Num, Denominator: r.Den}
	if r.Defined() {
		n := number(new(big.Rat).Mul(r.Rat(), big.NewRat(100, 1)))
		j.Percent = &n
	}
	return j
}

// WriteJSON writes results.json. It streams: one company is marshalled at a
// time, so a round of thousands never sits in memory as one document. The
// bytes are those of encoding/json's indented form of the whole round.
func WriteJSON(w io.Writer, r *Round) error {
	profile := jsonProfile{ID: r.Profile.ID, Version: r.Profile.Version, Hash: r.Profile.Hash(), Parameters: r.Profile.Parameters}
	var evaluator *string
	if r.Evaluator != "" {
		evaluator = &r.Evaluator
	}
	jw := &jsonWriter{w: w}
	jw.raw("{\n  \"profile\": ")
	jw.value(profile, "  ")
	jw.raw(",\n  \"evaluator\": ")
	jw.value(evaluator, "  ")
	if r.Changes != nil && r.Changes.Previous != "" {
		// Only after a previous run: a first run's bytes stay as they were.
		jw.raw(",\n  \"previous_results_sha256\": ")
		jw.value(r.Changes.Previous, "  ")
	}
	jw.raw(",\n  \"companies\": ")
	if err := jw.array(func(emit func(any)) error {
		return r.Companies.Each(func(c Company) error { emit(companyJSON(c)); return jw.err })
	}); err != nil {
		return err
	}
	jw.raw(",\n  \"cross_checks\": ")
	_ = jw.array(func(emit func(any)) error {
		for _, f := range r.CrossChecks {
			emit(crossJSON(f))
		}
		return nil
	})
	if rr := r.Review; rr != nil {
		// Only with --review: without it the bytes stay as they were.
		j := jsonReviewRecord{Files: []jsonReviewFile{}, Problems: []jsonRecordProblem{}}
		for _, f := range rr.Files {
			j.Files = append(j.Files, jsonReviewFile{f.Name, f.SHA256})
		}
		for _, p := range rr.Problems {
			p = p.Masked()
			j.Problems = append(j.Problems, jsonRecordProblem{string(p.Severity), p.File, p.Sheet, p.Cell, p.Value, p.Message})
		}
		jw.raw(",\n  \"review_record\": ")
		jw.value(j, "  ")
	}
	jw.raw("\n}\n")
	return jw.err
}

// jsonWriter writes an indented JSON document piece by piece.
type jsonWriter struct {
	w   io.Writer
	err error
}

func (jw *jsonWriter) raw(s string) {
	if jw.err == nil {
		_, jw.err = io.WriteString(jw.w, s)
	}
}

// value writes v indented as if it stood at the given indent.
func (jw *jsonWriter) value(v any, prefix string) {
	if jw.err != nil {
		return
	}
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	enc.SetIndent(prefix, "  ")
	if jw.err = enc.Encode(v); jw.err == nil {
		_, jw.err = jw.w.Write(bytes.TrimSuffix(b.Bytes(), []byte("\n")))
	}
}

// array writes a top-level array member of the elements each emits.
func (jw *jsonWriter) array(each func(emit func(any)) error) error {
	n := 0
	err := each(func(v any) {
		if n == 0 {
			jw.raw("[")
		} else {
			jw.raw(",")
		}
		jw.raw("\n    ")
		jw.value(v, "    ")
		n++
	})
	if err == nil {
		err = jw.err
	}
	if n == 0 {
		jw.raw("[]")
	} else {
		jw.raw("\n  ]")
	}
	return err
}

func companyJSON(c Company) jsonCompany {
	j := jsonCompany{File: c.File, Kind: c.Kind, Name: c.Name, USCC: c.USCC, SHA256: c.SHA256, AttachedTo: c.AttachedTo,
		Clauses: []jsonClause{}, Problems: []jsonProblem{}}
	if c.Kind == KindApplication {
		if c.Year != 0 {
			j.Year = &c.Year
		}
		if c.AppliedStars != 0 {
			j.AppliedStars = &c.AppliedStars
		}
	}
	if res := c.Result; res != nil {
		j.Eligible, j.Stars, j.AchievableStars, j.ProvisionalStars = &res.Eligible, &res.Stars, &res.AchievableStars, &res.ProvisionalStars
		j.Review = c.Review
		m := res.Metrics
		jm := &jsonMetrics{
			StaffTotal: m.StaffTotal, OMStaff: m.OMStaff, QualifiedStaff: m.QualifiedStaff, DegreeRatio: ratio(m.DegreeRatio),
			ClientsInYear: m.ClientsInYear, AmountInYear: number(m.AmountInYear), Renewals: m.Renewals,
			VIPRatio5y: ratio(m.VIPRatio5y), SurveyCount: m.SurveyCount,
		}
		if m.SurveyScore != nil {
			n := number(m.SurveyScore)
			jm.SurveyScore = &n
		}
		j.Metrics = jm
		for _, cl := range res.Clauses {
			jc := jsonClause{cl.ID, cl.Level, cl.Element, string(cl.Status), cl.Measured, cl.Required, cl.Shortfalls, cl.Message, nil}
			if v := cl.Verification; v != nil {
				jc.Verification = &jsonVerification{State: v.State, Checks: v.Checks, By: v.By, Note: v.Note}
				if jc.Verification.Checks == nil {
					jc.Verification.Checks = []string{}
				}
				if !v.Date.IsZero() {
					jc.Verification.Date = v.Date.String()
				}
			}
			j.Clauses = append(j.Clauses, jc)
		}
		j.Next = []jsonGap{}
		for _, g := range res.Next {
			n := jsonGap{Level: g.Level, Applied: g.Applied, Clauses: []jsonGapItem{}}
			for _, cl := range g.Clauses {
				n.Clauses = append(n.Clauses, jsonGapItem{cl.ID, string(cl.Status), cl.Shortfalls, cl.Message})
			}
			j.Next = append(j.Next, n)
		}
	}
	for _, p := range c.Problems {
		j.Problems = append(j.Problems, jsonProblem{string(p.Severity), string(p.Code), p.Sheet, p.Cell, p.Value, p.Expected, p.Message})
	}
	return j
}

func crossJSON(f rating.CrossFinding) jsonCrossFind {
	j := jsonCrossFind{Kind: f.Kind, Value: crossValue(f), Message: f.Message}
	for _, w := range f.Where {
		j.Where = append(j.Where, jsonWhere{w.File, w.Company, w.Sheet, w.Cell, rating.MaskIDs(w.Detail)})
	}
	return j
}
