package templates

import (
	"fmt"
	"io"

	"github.com/bax/starrate/rating"
)

// SampleSize is how big the synthetic companies of a round are.
type SampleSize int

// The sizes of synthetic companies.
const (
	Typical SampleSize = iota // 200 staff, 1,000 training rows, 60 contracts, 20 surveys
	Small                     // 30 staff, 90 training rows, 20 contracts, 6 surveys
)

// Emit receives one file of a sample round.
type Emit func(name string, write func(io.Writer) error) error

// SampleRound makes a synthetic round of n applications for a seed:
// companies of every star level, some with input errors, two sharing a
// person (a cross-check finding); then, from two applications on, a
// standalone user survey form and, last, one file that is not a workbook
// (n+2 files). The same seed and n give the same files.
func SampleRound(seed uint64, n int, size SampleSize, year int, emit Emit) error {
	companies := max(n, 1)
	var first *rating.Application
	var shared rating.Person
	for i := range companies {
		spec := SampleSpec{Seed: seed, Index: i, Year: year, Level: []int{3, 2, 1, 0}[i%4]}
		if size == Small {
			spec.Staff, spec.TrainingPerPerson, spec.Contracts, spec.Surveys = 30, 3, 20, 6
		}
		app := Sample(spec)
		note := ""
		switch {
		case i == 0:
			first = app
			shared = app.Staff[1]
		case i == 2:
			// The same person on two rosters: 跨单位核查 must find it.
			p := shared
			p.Post = "兼职运维"
			app.Staff = append(app.Staff, p)
			t := app.Trainings[0]
			t.Name, t.PersonID = p.Name, p.ID
			app.Trainings = append(app.Trainings, t)
		case i%7 == 5:
			injectErrors(app)
			note = "-有错误"
		}
		name := fmt.Sprintf("%03d-%s%s.xlsx", i+1, app.Company.Name, note)
		if err := emit(name, func(w io.Writer) error { return WriteFilled(w, app) }); err != nil {
			return err
		}
	}
	if n >= 2 && first != nil {
		s := sampleSurvey(first.Contracts[0].Client, rating.NewDate(year, 12, 20), 96)
		name := fmt.Sprintf("表A1-%s-用户评价.xlsx", first.Contracts[0].Client)
		if err := emit(name, func(w io.Writer) error { return WriteSurveyFilled(w, first.Company.Name, first.Company.USCC, s) }); err != nil {
			return err
		}
	}
	if n >= 2 {
		return emit(fmt.Sprintf("%03d-无法读取的文件.xlsx", companies+1), func(w io.Writer) error {
			_, err := io.WriteString(w, "单位名称,统一社会信用代码\n某公司,91110000\n")
			return err
		})
	}
	return nil
}

// injectErrors plants the mistakes applicants make: a contract that ends
// before it starts, a survey item over its maximum, a person entered twice.
func injectErrors(app *rating.Application) {
	c := &app.Contracts[len(app.Contracts)-1]
	c.Start, c.End = c.End, c.Start
	app.Surveys[0].Items[0] = rating.DecimalFromInt(12) // 服务业务管理能力 is out of 10
	app.Staff = append(app.Staff, app.Staff[3])
}
