package rating

import (
	"fmt"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// keepQualified leaves n persons with a qualification.
func keepQualified(n int) func(*Application) {
	return func(a *Application) {
		for i := range a.Staff {
			if i >= n {
				a.Staff[i].InstallerCert = ""
			}
		}
	}
}

// keepDegreed leaves n of the 20 persons with 专科 or more.
func keepDegreed(n int, below Education) func(*Application) {
	return func(a *Application) {
		for i := range a.Staff {
			if i >= n {
				a.Staff[i].Education = below
			}
		}
	}
}

// trainEveryone sets the one session of every person to h hundredths of 学时.
func trainEveryone(h Decimal) func(*Application) {
	return func(a *Application) {
		for i := range a.Trainings {
			a.Trainings[i].Hours = h
		}
	}
}

// onlyClients replaces the contracts by n one-year contracts of distinct clients.
func onlyClients(n int) func(*Application) {
	return func(a *Application) {
		a.Contracts = nil
		for i := range n {
			a.Contracts = append(a.Contracts, Contract{Client: fmt.Sprintf("用户%d", i), Amount: DecimalFromInt(1000), Start: d(year, 1, 1), End: d(year, 12, 31)})
		}
	}
}

// surveyTotals replaces the surveys by ones with these totals (hundredths).
func surveyTotals(totals ...Decimal) func(*Application) {
	return func(a *Application) {
		a.Surveys = nil
		for _, t := range totals {
			a.Surveys = append(a.Surveys, surveyDec("甲单位", d(year, 6, 1), t))
		}
	}
}

func declare(item, answer string, evidence string) func(*Application) {
	return func(a *Application) {
		a.Declarations[item] = Declaration{Item: item, Answer: answer, Evidence: evidence}
	}
}

func both(fs ...func(*Application)) func(*Application) {
	return func(a *Application) {
		for _, f := range fs {
			f(a)
		}
	}
}

// TestClauseBoundaries puts each threshold of each level at its exact value
// (passes: 以上 / 不少于 / 不低于 include the number) and one step below (fails).
func TestClauseBoundaries(t *testing.T) {
	checkStatuses(t, []statusCase{
		// 5.k.2.1 qualified staff ≥ 5 / 10 / 20
		{"qualified 5", keepQualified(5), nil, map[string]Status{"5.1.2.1": Pass, "5.2.2.1": Fail}},
		{"qualified 4", keepQualified(4), nil, map[string]Status{"5.1.2.1": Fail}},
		{"qualified 10", keepQualified(10), nil, map[string]Status{"5.2.2.1": Pass, "5.3.2.1": Fail}},
		{"qualified 9", keepQualified(9), nil, map[string]Status{"5.1.2.1": Pass, "5.2.2.1": Fail}},
		{"qualified 20", keepQualified(20), nil, map[string]Status{"5.3.2.1": Pass}},
		{"qualified 19", keepQualified(19), nil, map[string]Status{"5.2.2.1": Pass, "5.3.2.1": Fail}},
		{"qualification by title or vendor certificate", func(a *Application) {
			keepQualified(0)(a)
			for i := range 10 {
				a.Staff[i].Title = "助理工程师"
			}
			for i := 10; i < 20; i++ {
				a.Staff[i].VendorCert = "GYS-1"
			}
		}, nil, map[string]Status{"5.3.2.1": Pass}},
		{"duplicate ID counts once", func(a *Application) {
			keepQualified(5)(a)
			a.Staff[4].ID = a.Staff[3].ID
		}, nil, map[string]Status{"5.1.2.1": Fail}},

		// 5.k.2.2 degree ratio ≥ 50% / 60% / 70% of all 20 staff
		{"degree 10/20", keepDegreed(10, EduSecondary), nil, map[string]Status{"5.1.2.2": Pass, "5.2.2.2": Fail}},
		{"degree 9/20", keepDegreed(9, EduSecondary), nil, map[string]Status{"5.1.2.2": Fail}},
		{"degree 12/20", keepDegreed(12, EduSecondary), nil, map[string]Status{"5.2.2.2": Pass, "5.3.2.2": Fail}},
		{"degree 11/20", keepDegreed(11, EduSecondary), nil, map[string]Status{"5.2.2.2": Fail}},
		{"degree 14/20", keepDegreed(14, EduJunior), nil, map[string]Status{"5.3.2.2": Pass}},
		{"degree 13/20", keepDegreed(13, EduJunior), nil, map[string]Status{"5.3.2.2": Fail}},
		{"专科 counts, 中专 does not", keepDegreed(14, EduSecondary), nil, map[string]Status{"5.3.2.2": Pass}},
		{"non-O&M graduates do not count", func(a *Application) {
			for i := range 7 {
				a.Staff[i].OM = No
			}
		}, nil, map[string]Status{"5.3.2.2": Fail, "5.2.2.2": Pass}},
		{"om_staff denominator", func(a *Application) {
			for i := range 10 {
				a.Staff[i].OM = No
			}
			keepDegreed(17, EduSecondary)(a) // O&M: persons 10..19, degreed 10..16 = 7 of 10
		}, func(p *Parameters) { p.DegreeDenominator = "om_staff" }, map[string]Status{"5.3.2.2": Pass}},
		{"om_staff denominator one below", func(a *Application) {
			for i := range 10 {
				a.Staff[i].OM = No
			}
			keepDegreed(16, EduSecondary)(a) // 6 of 10
		}, func(p *Parameters) { p.DegreeDenominator = "om_staff" }, map[string]Status{"5.3.2.2": Fail, "5.2.2.2": Pass}},

		// 5.k.2.3 training ≥ 4 / 8 / 16 学时 in one session
		{"training 4h", trainEveryone(400), nil, map[string]Status{"5.1.2.3": Pass, "5.2.2.3": Fail}},
		{"training 3.99h", trainEveryone(399), nil, map[string]Status{"5.1.2.3": Fail}},
		{"training 8h", trainEveryone(800), nil, map[string]Status{"5.2.2.3": Pass, "5.3.2.3": Fail}},
		{"training 7.99h", trainEveryone(799), nil, map[string]Status{"5.2.2.3": Fail}},
		{"training 16h", trainEveryone(1600), nil, map[string]Status{"5.3.2.3": Pass}},
		{"training 15.99h", trainEveryone(1599), nil, map[string]Status{"5.3.2.3": Fail}},
		{"one person short fails everyone's clause", func(a *Application) { a.Trainings[7].Hours = 300 }, nil,
			map[string]Status{"5.1.2.3": Fail}},
		{"two sessions of 2h are not one of 4h", splitTraining(d(year, 3, 1), d(year, 4, 1)), nil,
			map[string]Status{"5.1.2.3": Fail}},
		{"annual_total: two sessions of 2h make 4h", splitTraining(d(year, 3, 1), d(year, 4, 1)),
			func(p *Parameters) { p.TrainingMode = "annual_total" }, map[string]Status{"5.1.2.3": Pass, "5.2.2.3": Fail}},
		{"one session entered as two half days", splitTraining(d(year, 3, 1), d(year, 3, 1)), nil,
			map[string]Status{"5.1.2.3": Pass}},
		{"training of the year before does not count", func(a *Application) { a.Trainings[0].Date = d(year-1, 12, 31) }, nil,
			map[string]Status{"5.1.2.3": Fail}},
		{"training before hire does not count", func(a *Application) { a.Staff[0].Hired = d(year, 3, 2) }, nil,
			map[string]Status{"5.1.2.3": Fail}},
		{"training on the hire date counts", func(a *Application) { a.Staff[0].Hired = d(year, 3, 1) }, nil,
			map[string]Status{"5.3.2.3": Pass}},
		{"training of type 其他 does not count", func(a *Application) { a.Trainings[0].Kind = "其他" }, nil,
			map[string]Status{"5.1.2.3": Fail}},
		{"attendee matched by name when no ID given", func(a *Application) { a.Trainings[0].PersonID = "" }, nil,
			map[string]Status{"5.3.2.3": Pass}},
		{"attendee not on the roster counts for nobody", func(a *Application) { a.Trainings[0].PersonID = "110105198001019999" }, nil,
			map[string]Status{"5.1.2.3": Fail}},
		{"grace 30 days: hired 12-02 without training exempt", newHireUntrained(d(year, 12, 2)),
			func(p *Parameters) { p.NewHireGraceDays = 30 }, map[string]Status{"5.3.2.3": Pass}},
		{"grace 30 days: hired 12-01 without training held", newHireUntrained(d(year, 12, 1)),
			func(p *Parameters) { p.NewHireGraceDays = 30 }, map[string]Status{"5.1.2.3": Fail}},
		{"grace 0: hired 12-31 held", newHireUntrained(d(year, 12, 31)), nil, map[string]Status{"5.1.2.3": Fail}},
		{"hired after the year exempt", newHireUntrained(d(year+1, 1, 5)), nil, map[string]Status{"5.3.2.3": Pass}},
		{"training system not declared", declare("T1", "否", ""), nil,
			map[string]Status{"5.1.2.3": Fail, "5.2.2.3": Fail, "5.3.2.3": Fail}},

		// 5.k.4.1 clients ≥ 2 / 4 / 6
		{"clients 2", onlyClients(2), nil, map[string]Status{"5.1.4.1": Pass}},
		{"clients 1", onlyClients(1), nil, map[string]Status{"5.1.4.1": Fail}},
		{"clients 6", onlyClients(6), nil, map[string]Status{"5.2.4.1": Fail /* amount */}},
		{"clients normalised: full-width brackets and spaces", func(a *Application) {
			a.Contracts = []Contract{
				{Client: "北京（海淀）银行", Start: d(year, 1, 1), End: d(year, 6, 30)},
				{Client: "北京 (海淀) 银行", Start: d(year, 7, 1), End: d(year, 12, 31)},
			}
		}, nil, map[string]Status{"5.1.4.1": Fail}},
		{"contract ending 12-31 of the year before is outside", func(a *Application) {
			onlyClients(2)(a)
			a.Contracts[1].Start, a.Contracts[1].End = d(year-1, 1, 1), d(year-1, 12, 31)
		}, nil, map[string]Status{"5.1.4.1": Fail}},
		{"contract ending 01-01 of the year is inside", func(a *Application) {
			onlyClients(2)(a)
			a.Contracts[1].Start, a.Contracts[1].End = d(year-1, 1, 2), d(year, 1, 1)
		}, nil, map[string]Status{"5.1.4.1": Pass}},
		{"contract starting after the year is outside", func(a *Application) {
			onlyClients(2)(a)
			a.Contracts[1].Start, a.Contracts[1].End = d(year+1, 1, 1), d(year+1, 12, 31)
		}, nil, map[string]Status{"5.1.4.1": Fail}},
		{"contract ending before it starts counts for nothing", func(a *Application) {
			onlyClients(2)(a)
			a.Contracts[1].Start, a.Contracts[1].End = d(year, 12, 31), d(year, 1, 1)
		}, nil, map[string]Status{"5.1.4.1": Fail}},

		// 5.2.4.1 / 5.3.4.1 amount ≥ 300,000 / 500,000 元, prorated by default
		{"prorated 2-year contract gives exactly 300000", amountOnly(60000000, d(year-1, 7, 1), d(year+1, 6, 30)), nil,
			map[string]Status{"5.2.4.1": Pass, "5.3.4.1": Fail}},
		{"prorated 2-year contract one 分 short", amountOnly(59999999, d(year-1, 7, 1), d(year+1, 6, 30)), nil,
			map[string]Status{"5.2.4.1": Fail}},
		{"500000 in the year", amountOnly(50000000, d(year, 1, 1), d(year, 12, 31)), nil,
			map[string]Status{"5.3.4.1": Pass}},
		{"499999.99 in the year", amountOnly(49999999, d(year, 1, 1), d(year, 12, 31)), nil,
			map[string]Status{"5.3.4.1": Fail, "5.2.4.1": Pass}},
		{"full: whole amount of the overlapping contract", amountOnly(30000000, d(year-1, 7, 1), d(year, 6, 30)),
			func(p *Parameters) { p.AmountBasis = "full" }, map[string]Status{"5.2.4.1": Pass}},
		{"prorate: half of the same contract", amountOnly(30000000, d(year-1, 7, 2), d(year, 7, 1)),
			nil, map[string]Status{"5.2.4.1": Fail}},
		{"signed: contract signed in the year", func(a *Application) {
			amountOnly(30000000, d(year+1, 1, 1), d(year+1, 12, 31))(a)
			a.Contracts[len(a.Contracts)-1].Signed = d(year, 12, 31)
		}, func(p *Parameters) { p.AmountBasis = "signed" }, map[string]Status{"5.2.4.1": Pass}},
		{"signed: contract signed the year before", func(a *Application) {
			amountOnly(30000000, d(year, 1, 1), d(year, 12, 31))(a)
			a.Contracts[len(a.Contracts)-1].Signed = d(year-1, 12, 31)
		}, func(p *Parameters) { p.AmountBasis = "signed" }, map[string]Status{"5.2.4.1": Fail}},

		// renewals ≥ 1 / 2, gap ≤ renewal_gap_days (90)
		{"two renewals, gaps of exactly 90 days", renewalsWithGap(90, 90), nil, map[string]Status{"5.3.4.1": Pass}},
		{"one renewal: gaps 90 and 91 days", renewalsWithGap(90, 91), nil, map[string]Status{"5.3.4.1": Fail, "5.2.4.1": Pass}},
		{"no renewal: gap 91 days", renewalsWithGap(91, 91), nil, map[string]Status{"5.2.4.1": Fail}},
		{"renewal_gap_days 30: gap 31", renewalsWithGap(31, 31), func(p *Parameters) { p.RenewalGapDays = 30 },
			map[string]Status{"5.2.4.1": Fail}},
		{"renewal_gap_days 30: gap 30", renewalsWithGap(30, 30), func(p *Parameters) { p.RenewalGapDays = 30 },
			map[string]Status{"5.3.4.1": Pass}},
		{"overlapping terms count as renewal", renewalsWithGap(-30, -1), nil, map[string]Status{"5.3.4.1": Pass}},
		{"no renewals", func(a *Application) { a.Contracts = a.Contracts[:6] }, nil,
			map[string]Status{"5.2.4.1": Fail, "5.3.4.1": Fail}},
		{"renewal starting after the year does not count", func(a *Application) {
			a.Contracts = a.Contracts[:6]
			a.Contracts = append(a.Contracts, Contract{Client: "甲单位", Start: d(year+1, 1, 1), End: d(year+1, 12, 31)})
		}, nil, map[string]Status{"5.2.4.1": Fail}},

		// 5.2.4.2 / 5.3.4.2 VIP clients ≥ 10% / 15% over (Y-4)-01-01..Y-12-31
		{"vip 1 of 10", vipClients(1, 10), nil, map[string]Status{"5.2.4.2": Pass, "5.3.4.2": Fail}},
		{"vip 1 of 11", vipClients(1, 11), nil, map[string]Status{"5.2.4.2": Fail}},
		{"vip 3 of 20", vipClients(3, 20), nil, map[string]Status{"5.3.4.2": Pass}},
		{"vip 2 of 20", vipClients(2, 20), nil, map[string]Status{"5.3.4.2": Fail, "5.2.4.2": Pass}},
		{"vip contract ending the day before the window does not count", func(a *Application) {
			vipClients(1, 10)(a)
			a.Contracts[0].Start, a.Contracts[0].End = d(year-5, 1, 1), d(year-5, 12, 31)
		}, nil, map[string]Status{"5.2.4.2": Fail}},
		{"vip contract ending on the window's first day counts", func(a *Application) {
			vipClients(1, 10)(a)
			a.Contracts[0].Start, a.Contracts[0].End = d(year-5, 1, 1), d(year-4, 1, 1)
		}, nil, map[string]Status{"5.2.4.2": Pass}},
		{"a client with several contracts counts once", func(a *Application) {
			vipClients(1, 10)(a)
			a.Contracts = append(a.Contracts, Contract{Client: "客户9", Start: d(year-2, 1, 1), End: d(year-2, 12, 31)})
		}, nil, map[string]Status{"5.2.4.2": Pass}},

		// survey score ≥ 85 / 90 / 95, mean by default
		{"mean 85", surveyTotals(9000, 8000), nil, map[string]Status{"5.1.4.2": Pass, "5.2.4.3": Fail}},
		{"mean 84.995", surveyTotals(9000, 7999), nil, map[string]Status{"5.1.4.2": Fail}},
		{"mean 90", surveyTotals(9000), nil, map[string]Status{"5.2.4.3": Pass, "5.3.4.3": Fail}},
		{"mean 89.99", surveyTotals(8999), nil, map[string]Status{"5.2.4.3": Fail}},
		{"mean 95", surveyTotals(10000, 9000), nil, map[string]Status{"5.3.4.3": Pass}},
		{"mean 94.99", surveyTotals(10000, 8998), nil, map[string]Status{"5.3.4.3": Fail}},
		{"min 85", surveyTotals(8500, 10000), func(p *Parameters) { p.SurveyAggregate = "min" },
			map[string]Status{"5.1.4.2": Pass, "5.2.4.3": Fail}},
		{"min 84.99", surveyTotals(8499, 10000), func(p *Parameters) { p.SurveyAggregate = "min" },
			map[string]Status{"5.1.4.2": Fail}},
		{"min 90", surveyTotals(9000, 10000), func(p *Parameters) { p.SurveyAggregate = "min" },
			map[string]Status{"5.2.4.3": Pass, "5.3.4.3": Fail}},
		{"min 89.99", surveyTotals(8999, 10000), func(p *Parameters) { p.SurveyAggregate = "min" },
			map[string]Status{"5.2.4.3": Fail}},
		{"min 95", surveyTotals(9500, 10000), func(p *Parameters) { p.SurveyAggregate = "min" },
			map[string]Status{"5.3.4.3": Pass}},
		{"min 94.99", surveyTotals(9499, 10000), func(p *Parameters) { p.SurveyAggregate = "min" },
			map[string]Status{"5.3.4.3": Fail}},
		{"no survey", surveyTotals(), nil, map[string]Status{"5.1.4.2": Fail, "5.1.3.2": Fail}},
		{"survey of another year", func(a *Application) {
			a.Surveys = []Survey{survey("甲单位", d(year-1, 12, 31), 100)}
		}, nil, map[string]Status{"5.1.4.2": Fail, "5.1.3.2": Fail}},

		// 3.2.3 social insurance, 5.3.3.5 NDA for everyone
		{"one person without social insurance", func(a *Application) { a.Staff[3].SocialInsurance = No }, nil,
			map[string]Status{"3.2.3": Fail}},
		{"one person without NDA", func(a *Application) { a.Staff[3].NDA = Unknown }, nil,
			map[string]Status{"5.3.3.5": Fail, "5.2.3.5": Pass}},
		{"empty roster", func(a *Application) { a.Staff = nil }, nil,
			map[string]Status{"3.2.3": Fail, "5.1.2.1": Fail, "5.1.2.2": Fail, "5.1.2.3": Fail}},

		// phones and platform from 单位信息
		{"no repair phone", func(a *Application) { a.Company.RepairPhone = " " }, nil,
			map[string]Status{"5.1.3.1": Fail, "5.2.3.1": Fail, "5.3.3.1": Fail}},
		{"no platform", func(a *Application) { a.Company.Platform = "" }, nil,
			map[string]Status{"5.3.3.3": Fail, "5.2.3.1": Pass}},

		// declarations: 填报 / 证明材料; verdicts are the review record's (§6)
		{"self-check: declared with evidence passes", nil, nil, map[string]Status{"5.1.3.3": Pass}},
		{"declared 否", declare("M6", "否", "x"), nil, map[string]Status{"5.1.3.3": Fail}},
		{"not declared", func(a *Application) { delete(a.Declarations, "M6") }, nil, map[string]Status{"5.1.3.3": Fail}},
		{"evaluation: declared with evidence waits for review", nil, evaluation, map[string]Status{"5.1.3.3": Review}},
		{"evaluation: declared without evidence fails", declare("M6", "是", ""), evaluation, map[string]Status{"5.1.3.3": Fail}},
		{"self-check: declared without evidence fails (§6.2)", declare("M6", "是", ""), nil, map[string]Status{"5.1.3.3": Fail}},
		{"evidence 「无」 is no evidence", declare("M6", "是", "无"), nil, map[string]Status{"5.1.3.3": Fail}},
		{"evidence 「N/A」 is no evidence", declare("M6", "是", " N/A "), nil, map[string]Status{"5.1.3.3": Fail}},
		{"evaluation: a met metric clause waits for its spot checks", nil, evaluation,
			map[string]Status{"5.1.2.1": Review, "5.2.4.2": Review, "3.2.3": Review, "5.3.2.3": Review}},
		{"evaluation: a missed metric fails whatever the checks", keepQualified(4), evaluation, map[string]Status{"5.1.2.1": Fail}},
		{"evaluation: fail beats review", both(declare("M1", "是", "x"), declare("M2", "否", "")), evaluation,
			map[string]Status{"5.1.3.1": Fail}},
		{"fail beats review in one clause", both(declare("M1", "是", "x"), declare("M2", "否", "")), nil,
			map[string]Status{"5.1.3.1": Fail}},
		{"M4 兼职 is enough for one star only", declare("M4", "兼职", "x"), nil,
			map[string]Status{"5.1.3.2": Pass, "5.2.3.2": Fail, "5.3.3.2": Fail}},
		{"M4 无", declare("M4", "无", ""), nil, map[string]Status{"5.1.3.2": Fail}},
		{"M3 (7x24) is for three stars", declare("M3", "否", ""), nil,
			map[string]Status{"5.2.3.1": Pass, "5.3.3.1": Fail}},
	})
}

// statusCase is the three-star fixture after mutate, rated under the
// self-check profile with params, and the statuses some clauses must take.
type statusCase struct {
	name   string
	mutate func(*Application)
	params func(*Parameters)
	want   map[string]Status
}

func checkStatuses(t *testing.T, tests []statusCase) {
	t.Helper()
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res := rateFixture(tt.mutate, tt.params)
			for id, want := range tt.want {
				c := statusOf(t, res, id)
				assert.Equal(t, want, c.Status, "%s: %s", id, c.Message)
				assert.NotEmpty(t, c.Message, id)
			}
		})
	}
}

// rateFixture rates the three-star fixture after mutate, under the default
// profile with params changed; nil leaves either as it is.
func rateFixture(mutate func(*Application), params func(*Parameters)) Result {
	app := threeStar()
	if mutate != nil {
		mutate(app)
	}
	p := selfCheck()
	if params != nil {
		params(&p.Parameters)
	}
	return Rate(app, p)
}

func splitTraining(first, second Date) func(*Application) {
	return func(a *Application) {
		var ts []Training
		for _, t := range a.Trainings {
			t.Hours = 200
			t.Date = first
			ts = append(ts, t)
			t.Date = second
			ts = append(ts, t)
		}
		a.Trainings = ts
	}
}

func newHireUntrained(hired Date) func(*Application) {
	return func(a *Application) {
		a.Staff = append(a.Staff, Person{Name: "新员工", ID: "110105199901011234", OM: Yes, Education: EduBachelor,
			InstallerCert: "X", Hired: hired, SocialInsurance: Yes, NDA: Yes})
	}
}

// amountOnly zeroes the amounts of the fixture and adds one contract for a
// fixture client with the amount in 分.
func amountOnly(fen int64, start, end Date) func(*Application) {
	return func(a *Application) {
		for i := range a.Contracts {
			a.Contracts[i].Amount = 0
		}
		a.Contracts = append(a.Contracts, Contract{Client: "丙单位", Amount: Decimal(fen), Start: start, End: end})
	}
}

// renewalsWithGap makes the fixture's two renewals follow their earlier
// contract after these gaps in days (negative: overlapping).
func renewalsWithGap(gaps ...int) func(*Application) {
	return func(a *Application) {
		for i, gap := range gaps {
			a.Contracts[6+i].Start = d(year-2, 1, 1)
			a.Contracts[6+i].End = d(year, 1, 1) - Date(gap)
		}
	}
}

// vipClients replaces the contracts by n clients in the 5-year window, the
// first v of them 重点保卫单位. The year's clients, amount and renewals are not
// what these tests look at.
func vipClients(v, n int) func(*Application) {
	return func(a *Application) {
		a.Contracts = nil
		for i := range n {
			c := Contract{Client: fmt.Sprintf("客户%d", i), Amount: DecimalFromInt(100000), Start: d(year-3, 1, 1), End: d(year, 12, 31), VIP: No}
			if i < v {
				c.VIP = Yes
			}
			a.Contracts = append(a.Contracts, c)
		}
	}
}

// evaluation is the default profile's evaluation mode (require_review)
// for tests that start from selfCheck.
func evaluation(p *Parameters) { p.RequireReview = true }

func applied(n int) func(*Application) { return func(a *Application) { a.Company.AppliedStars = n } }

func TestStars(t *testing.T) {
	tests := []struct {
		name                           string
		mutate                         func(*Application)
		params                         func(*Parameters)
		eligible                       bool
		stars, achievable, provisional int
	}{
		{"three stars", nil, nil, true, 3, 3, 3},
		{"two stars: 19 qualified", keepQualified(19), nil, true, 2, 2, 2},
		{"one star: 9 qualified", keepQualified(9), nil, true, 1, 1, 1},
		{"none: 4 qualified", keepQualified(4), nil, true, 0, 0, 0},
		{"not eligible: Q1 否 outweighs everything", declare("Q1", "否", ""), nil, false, 0, 0, 0},
		{"evaluation without a review record: provisional only", nil, evaluation, false, 0, 0, 3},
		{"evaluation: provisional capped at the applied level", applied(2), evaluation, false, 0, 0, 2},
		{"cumulative: a one-star miss caps everything", declare("C1", "否", ""), nil, true, 0, 0, 0},
		{"not cumulative: three-star clauses alone", declare("C1", "否", ""),
			func(p *Parameters) { p.Cumulative = false }, true, 3, 3, 3},
		{"not cumulative: no level skipped when all pass", nil, func(p *Parameters) { p.Cumulative = false }, true, 3, 3, 3},
		{"applied for two, achieves three: rated two", applied(2), nil, true, 2, 3, 2},
		{"applied for one, achieves three: rated one", applied(1), nil, true, 1, 3, 1},
		{"applied for three, achieves two", both(applied(3), keepQualified(19)), nil, true, 2, 2, 2},
		{"cap_at_applied false: rated what it achieves", applied(1), func(p *Parameters) { p.CapAtApplied = false }, true, 3, 3, 3},
		{"no applied level given: not capped", applied(0), nil, true, 3, 3, 3},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res := rateFixture(tt.mutate, tt.params)
			assert.Equal(t, tt.eligible, res.Eligible)
			assert.Equal(t, tt.stars, res.Stars, "stars")
			assert.Equal(t, tt.achievable, res.AchievableStars, "achievable stars")
			assert.Equal(t, tt.provisional, res.ProvisionalStars, "provisional stars")
		})
	}
}

func TestNextStarGap(t *testing.T) {
	app := threeStar()
	keepQualified(17)(app)
	app.Declarations["C3"] = Declaration{Item: "C3", Answer: "是", Evidence: ""}
	res := Rate(app, selfCheck())
	require.Equal(t, 1, res.Stars)
	require.Equal(t, 2, res.Next[0].Level)
	var ids []string
	for _, c := range res.Next[0].Clauses {
		ids = append(ids, c.ID)
	}
	assert.Equal(t, []string{"5.2.1.3"}, ids, "17 qualified is enough for two stars")
	assert.Contains(t, res.Next[0].Clauses[0].Message, "未提供证明材料")

	app.Declarations["C3"] = Declaration{Item: "C3", Answer: "是", Evidence: "证书"}
	res = Rate(app, selfCheck())
	require.Equal(t, 2, res.Stars)
	require.Len(t, res.Next, 1)
	require.Len(t, res.Next[0].Clauses, 1)
	assert.Equal(t, "5.3.2.1", res.Next[0].Clauses[0].ID)
	assert.Equal(t, "具有资格人员 17 人，三星要求不少于 20 人，差 3 人", res.Next[0].Clauses[0].Message)
}

func TestShortfallMessages(t *testing.T) {
	tests := []struct {
		name   string
		mutate func(*Application)
		id     string
		want   []string
	}{
		{"degree", keepDegreed(13, EduSecondary), "5.3.2.2",
			[]string{"65%（13/20）", "三星要求不低于 70%", "需再增加 4 名专科以上学历运维人员（全员同时增加）"}},
		{"amount", amountOnly(49999999, d(year, 1, 1), d(year, 12, 31)), "5.3.4.1",
			[]string{"年度维护保养合同金额 499999.99 元", "差 0.01 元"}},
		// 300000 × 365/1096 = 99908.759…: shown cut, shortfall rounded up.
		{"prorated amount shows cut, gap rounds up", amountOnly(30000000, d(year, 1, 1), d(year+2, 12, 31)), "5.2.4.1",
			[]string{"99908.75 元", "差 200091.25 元"}},
		{"survey", surveyTotals(9000, 8999), "5.3.4.3", []string{"89.99 分", "三星要求不低于 95 分", "差 5.01 分"}},
		{"training names the people", func(a *Application) { a.Trainings[2].Hours = 300 }, "5.1.2.3",
			[]string{"达标 19/20 人", "差 1 人：员工02（第 5 行，3 学时）"}},
		{"no survey", surveyTotals(), "5.1.4.2", []string{"2022 年内无可计入的用户评价"}},
		{"roster flag", func(a *Application) { a.Staff[0].NDA = No }, "5.3.3.5", []string{"员工00（第 3 行）"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			app := threeStar()
			tt.mutate(app)
			c := statusOf(t, Rate(app, selfCheck()), tt.id)
			require.Equal(t, Fail, c.Status)
			for _, w := range tt.want {
				assert.Contains(t, c.Message, w)
			}
		})
	}
}

func TestTailoredThresholdChangesVerdict(t *testing.T) {
	var b strings.Builder
	require.NoError(t, DefaultProfile().Dump(&b))
	tailored := strings.Replace(b.String(), "metric: qualified_staff\n        op: '>='\n        value: 5", "metric: qualified_staff\n        op: '>='\n        value: 6", 1)
	require.NotEqual(t, b.String(), tailored, "the dump's layout changed; update this test's edit")
	p, err := LoadProfile(strings.NewReader(tailored), "tailored.yaml")
	require.NoError(t, err)

	app := threeStar()
	keepQualified(5)(app)
	assert.Equal(t, Pass, statusOf(t, Rate(app, selfCheck()), "5.1.2.1").Status)
	c := statusOf(t, Rate(app, p), "5.1.2.1")
	assert.Equal(t, Fail, c.Status)
	assert.Contains(t, c.Message, "一星要求不少于 6 人，差 1 人")
	assert.NotEqual(t, DefaultProfile().Hash(), p.Hash())
}
