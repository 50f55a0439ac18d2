package rating

import "fmt"

// Party names a company as a survey form or an application gives it.
type Party struct {
	Name string // 单位名称 as written
	USCC string // 统一社会信用代码, "" when not given
}

// FormMatch is what became of one standalone survey form (表A.1).
type FormMatch struct {
	// App is the index of the application the form counts for, or -1.
	App int
	// Problem says why the form counts for none (File is left to the
	// caller); nil when it was matched.
	Problem *Problem
}

// MatchForms decides which application each standalone survey form is
// about: the one with its 统一社会信用代码, else the one whose normalised
// name (NormalizeName) is the form's. A form that names nobody in apps is
// counted for none, with a warning; so is one whose code or name two
// applications share, since taking either would be a guess.
func MatchForms(apps, forms []Party) []FormMatch {
	byUSCC, byName := map[string][]int{}, map[string][]int{}
	for i, a := range apps {
		if a.USCC != "" {
			byUSCC[a.USCC] = append(byUSCC[a.USCC], i)
		}
		if n := NormalizeName(a.Name); n != "" {
			byName[n] = append(byName[n], i)
		}
	}
	out := make([]FormMatch, len(forms))
	for k, f := range forms {
		var found []int
		var by, key string
		if f.USCC != "" {
			found, by, key = byUSCC[f.USCC], "统一社会信用代码", f.USCC
		}
		if len(found) == 0 {
			found, by, key = byName[NormalizeName(f.Name)], "单位名称", f.Name
			if NormalizeName(f.Name) == "" {
				found = nil
			}
		}
		switch len(found) {
		case 1:
			out[k] = FormMatch{App: found[0]}
		case 0:
			out[k] = FormMatch{App: -1, Problem: &Problem{Severity: SeverityWarning, Code: CodeUnmatched, Value: f.Name,
				Expected: "本批申报单位之一的名称或统一社会信用代码", Message: "用户评价表的服务单位不在本批申报中，未计入"}}
		default:
			out[k] = FormMatch{App: -1, Problem: &Problem{Severity: SeverityWarning, Code: CodeUnmatched, Value: key,
				Expected: "本批唯一一家申报单位的名称或统一社会信用代码",
				Message:  fmt.Sprintf("本批有 %d 份申报的%s与用户评价表的服务单位相同，无法确定属于哪一家，未计入；请核实后在表中填写统一社会信用代码", len(found), by)}}
		}
	}
	return out
}
