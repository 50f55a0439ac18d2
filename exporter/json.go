package exporter

import (
	"encoding/json"
	"io"
	"math/big"

	"github.com/bax/starrate/rating"
)

// The shape of results.json (rating-model.md §5). Field names and order are
// a public contract; it holds no time stamps, so the same inputs, profile
// and options give the same bytes.
type jsonRound struct {
	Profile     jsonProfile     `json:"profile"`
	Evaluator   *string         `json:"evaluator"`
	Companies   []jsonCompany   `json:"companies"`
	CrossChecks []jsonCrossFind `json:"cross_checks"`
}

type jsonProfile struct {
	ID         string            `json:"id"`
	Version    string            `json:"version"`
	Hash       string            `json:"hash"`
	Parameters rating.Parameters `json:"parameters"`
}

type jsonCompany struct {
	File             string        `json:"file"`
	Kind             string        `json:"kind"`
	Name             string        `json:"name"`
	USCC             string        `json:"uscc"`
	Year             *int          `json:"year"`
	AppliedStars     *int          `json:"applied_stars"`
	Eligible         *bool         `json:"eligible"`
	Stars            *int          `json:"stars"`
	ProvisionalStars *int          `json:"provisional_stars"`
	Metrics          *jsonMetrics  `json:"metrics"`
	Clauses          []jsonClause  `json:"clauses"`
	Next             *jsonNext     `json:"next"`
	Problems         []jsonProblem `json:"problems"`
	AttachedTo       string        `json:"attached_to,omitempty"`
	SHA256           string        `json:"sha256"`
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
	ID       string `json:"id"`
	Level    int    `json:"level"`
	Element  string `json:"element"`
	Status   string `json:"status"`
	Measured string `json:"measured"`
	Required string `json:"required"`
	Message  string `json:"message"`
}

type jsonNext struct {
	Level   int      `json:"level"`
	Clauses []string `json:"clauses"`
}

type jsonProblem struct {
	Severity string `json:"severity"`
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

// WriteJSON writes results.json.
func WriteJSON(w io.Writer, r *Round) error {
	out := jsonRound{
		Profile:     jsonProfile{ID: r.Profile.ID, Version: r.Profile.Version, Hash: r.Profile.Hash(), Parameters: r.Profile.Parameters},
		Companies:   make([]jsonCompany, 0, len(r.Companies)),
		CrossChecks: make([]jsonCrossFind, 0, len(r.CrossChecks)),
	}
	if r.Evaluator != "" {
		out.Evaluator = &r.Evaluator
	}
	for _, c := range r.Companies {
		out.Companies = append(out.Companies, companyJSON(c))
	}
	for _, f := range r.CrossChecks {
		out.CrossChecks = append(out.CrossChecks, crossJSON(f))
	}
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	return enc.Encode(out)
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
		j.Eligible, j.Stars, j.ProvisionalStars = &res.Eligible, &res.Stars, &res.ProvisionalStars
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
			j.Clauses = append(j.Clauses, jsonClause{cl.ID, cl.Level, cl.Element, string(cl.Status), cl.Measured, cl.Required, cl.Message})
		}
		if res.NextLevel > 0 {
			n := &jsonNext{Level: res.NextLevel, Clauses: []string{}}
			for _, cl := range res.Next {
				n.Clauses = append(n.Clauses, cl.ID)
			}
			j.Next = n
		}
	}
	for _, p := range c.Problems {
		j.Problems = append(j.Problems, jsonProblem{string(p.Severity), p.Sheet, p.Cell, p.Value, p.Expected, p.Message})
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

// crossValue masks an ID number; other values are not personal.
func crossValue(f rating.CrossFinding) string {
	if f.Kind == rating.CrossID {
		return rating.MaskID(f.Value)
	}
	return f.Value
}
