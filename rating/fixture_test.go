package rating

import (
	"fmt"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

const year = 2022

func d(y int, m time.Month, day int) Date { return NewDate(y, m, day) }

// threeStar returns an application for 2022 that meets every clause of every
// level with a margin of nothing in particular; tests move one number to its
// boundary.
func threeStar() *Application {
	app := &Application{
		Company: Company{
			Name: "北京安安运维科技有限公司", USCC: "91110108MA01TEST00", Year: year, AppliedStars: 3,
			RepairPhone: "010-12345678", ComplaintPhone: "010-87654321", Platform: "安安运维云",
		},
		Declarations: map[string]Declaration{},
	}
	for _, item := range []string{"Q1", "Q2", "Q3", "Q4", "C1", "C2", "C3", "C4", "T1", "M1", "M2", "M3", "M5", "M6", "M7", "M8", "M9", "M10", "M11", "M12"} {
		app.Declarations[item] = Declaration{Item: item, Answer: "是", Evidence: "附件" + item}
	}
	app.Declarations["M4"] = Declaration{Item: "M4", Answer: "专职", Evidence: "附件M4"}
	for i := range 20 {
		id := fmt.Sprintf("11010519800101%04d", i)
		app.Staff = append(app.Staff, Person{
			Ref: Ref{Sheet: "人员名册", Row: i + 3}, Name: fmt.Sprintf("员工%02d", i), ID: id,
			OM: Yes, Education: EduBachelor, InstallerCert: fmt.Sprintf("AZ%04d", i),
			Hired: d(2020, 1, 1), SocialInsurance: Yes, NDA: Yes,
		})
		app.Trainings = append(app.Trainings, Training{
			Date: d(year, 3, 1), Title: "安防系统维护专项培训", Kind: TrainingPostHire,
			Hours: DecimalFromInt(16), Name: app.Staff[i].Name, PersonID: id,
		})
	}
	for i, c := range []string{"甲单位", "乙单位", "丙单位", "丁单位", "戊单位", "己单位"} {
		app.Contracts = append(app.Contracts, Contract{
			Number: fmt.Sprintf("HT-%d", i), Client: c, VIP: No, Amount: DecimalFromInt(100000),
			Start: d(year, 1, 1), End: d(year, 12, 31),
		})
	}
	app.Contracts[0].VIP = Yes // 1 of 6 clients: 16.67% ≥ 15%
	// Two earlier contracts renewed without a gap: 2 renewals.
	for _, c := range []string{"甲单位", "乙单位"} {
		app.Contracts = append(app.Contracts, Contract{
			Number: "HT-old-" + c, Client: c, VIP: No, Amount: DecimalFromInt(50000),
			Start: d(year-1, 1, 1), End: d(year-1, 12, 31),
		})
	}
	for i := range 3 {
		app.Surveys = append(app.Surveys, survey(app.Contracts[i].Client, d(year, 6, 1), 100))
	}
	return app
}

// survey returns a survey whose items add up to total (in whole points or
// hundredths via totalDec).
func survey(client string, date Date, total int) Survey {
	return surveyDec(client, date, DecimalFromInt(int64(total)))
}

// surveyDec spreads a total over the nine items of 表A.1 within their maxima.
func surveyDec(client string, date Date, total Decimal) Survey {
	maxima := [SurveyItems]int64{10, 5, 15, 5, 10, 10, 15, 15, 15}
	s := Survey{Client: client, Date: date}
	left := total
	for i, mx := range maxima {
		v := min(left, DecimalFromInt(mx))
		s.Items[i] = v
		left -= v
	}
	if left != 0 {
		panic("survey total above 100")
	}
	return s
}

func statusOf(t *testing.T, res Result, id string) ClauseResult {
	t.Helper()
	for _, c := range res.Clauses {
		if c.ID == id {
			return c
		}
	}
	require.Failf(t, "no such clause", "clause %s not in result", id)
	return ClauseResult{}
}

// selfCheck is the default profile without the review record
// (require_review: false): the mode that rates on what the applicant declared.
func selfCheck() *Profile {
	p := DefaultProfile()
	p.Parameters.RequireReview = false
	return p
}

func TestFixtureMeetsThreeStars(t *testing.T) {
	res := Rate(threeStar(), selfCheck())
	for _, c := range res.Clauses {
		require.Equal(t, Pass, c.Status, "%s: %s", c.ID, c.Message)
	}
	require.True(t, res.Eligible)
	require.Equal(t, 3, res.Stars)
	require.Equal(t, 3, res.ProvisionalStars)
	require.Equal(t, 3, res.AchievableStars)
	require.Empty(t, res.Next)
}
