package rating

import (
	"fmt"
	"math/big"
	"math/rand/v2"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The readings fixed in contract 2022.2 (rating-model.md §3), each at its
// edge and one step past it, on the three-star fixture in self-check mode.
func TestReadings2022_2(t *testing.T) {
	checkStatuses(t, []statusCase{
		// Roster reference date Y-12-31: hired on or before, not left on or before.
		{"hired on Y-12-31 is staff", qualifiedHired(5, d(year, 12, 31)), nil, map[string]Status{"5.1.2.1": Pass}},
		{"hired on Y+1-01-01 is not staff", qualifiedHired(5, d(year+1, 1, 1)), nil, map[string]Status{"5.1.2.1": Fail}},
		{"left on Y-12-31 is not staff", qualifiedLeft(5, d(year, 12, 31)), nil, map[string]Status{"5.1.2.1": Fail}},
		{"left on Y+1-01-01 is staff", qualifiedLeft(5, d(year+1, 1, 1)), nil, map[string]Status{"5.1.2.1": Pass}},
		{"a departed person needs no training", func(a *Application) {
			a.Staff[0].Left = d(year, 6, 30)
			a.Trainings = a.Trainings[1:]
		}, nil, map[string]Status{"5.3.2.3": Pass}},
		{"a departed person needs no social insurance", func(a *Application) {
			a.Staff[0].Left, a.Staff[0].SocialInsurance = d(year, 6, 30), No
		}, nil, map[string]Status{"3.2.3": Pass}},
		{"two persons hired after Y leave the degree denominator: 13/18", func(a *Application) {
			keepDegreed(13, EduSecondary)(a)
			a.Staff[18].Hired, a.Staff[19].Hired = d(year+1, 2, 1), d(year+1, 2, 1)
		}, nil, map[string]Status{"5.3.2.2": Pass}},
		{"one person hired after Y: 13/19", func(a *Application) {
			keepDegreed(13, EduSecondary)(a)
			a.Staff[19].Hired = d(year+1, 2, 1)
		}, nil, map[string]Status{"5.3.2.2": Fail, "5.2.2.2": Pass}},

		// new_hire_grace_days N: exempt if hired after Y-12-31 minus N days.
		{"grace 1: hired Y-12-30 held", newHireUntrained(d(year, 12, 30)), func(p *Parameters) { p.NewHireGraceDays = 1 },
			map[string]Status{"5.1.2.3": Fail}},
		{"grace 1: hired Y-12-31 exempt", newHireUntrained(d(year, 12, 31)), func(p *Parameters) { p.NewHireGraceDays = 1 },
			map[string]Status{"5.3.2.3": Pass}},
		{"grace 0: hired Y-12-31 held", newHireUntrained(d(year, 12, 31)), nil, map[string]Status{"5.1.2.3": Fail}},

		// Sessions over session_span_days (default 7).
		{"two days 6 days apart are one session", twoDayCourse(6, 800), nil, map[string]Status{"5.3.2.3": Pass}},
		{"a row 7 days after the first starts a new session", twoDayCourse(7, 800), nil,
			map[string]Status{"5.3.2.3": Fail, "5.2.2.3": Pass}},
		{"session_span_days 1: the next day is a new session", twoDayCourse(1, 800), func(p *Parameters) { p.SessionSpanDays = 1 },
			map[string]Status{"5.3.2.3": Fail}},
		{"session_span_days 2: the next day is the same session", twoDayCourse(1, 800), func(p *Parameters) { p.SessionSpanDays = 2 },
			map[string]Status{"5.3.2.3": Pass}},
		{"a session begun in Y-1 belongs to Y-1", func(a *Application) {
			twoDayCourse(3, 800)(a)
			for i := range a.Trainings {
				a.Trainings[i].Date -= d(year, 3, 1) - d(year-1, 12, 30) // first day Y-1-12-30, second Y-01-02
			}
		}, nil, map[string]Status{"5.1.2.3": Fail}},
		{"a different 培训名称 is a different session", func(a *Application) {
			twoDayCourse(1, 800)(a)
			for i := 1; i < len(a.Trainings); i += 2 {
				a.Trainings[i].Title = "消防设施维护专项培训"
			}
		}, nil, map[string]Status{"5.3.2.3": Fail, "5.2.2.3": Pass}},
		{"annual_total ignores sessions", twoDayCourse(30, 800), func(p *Parameters) { p.TrainingMode = TrainingAnnualTotal },
			map[string]Status{"5.3.2.3": Pass}},

		// Placeholders mean empty.
		{"「无」 as 专业技术职称 is no qualification", qualifiedPlus(19, func(p *Person) { p.Title = "无" }), nil,
			map[string]Status{"5.3.2.1": Fail}},
		{"a real title is a qualification", qualifiedPlus(19, func(p *Person) { p.Title = "助理工程师" }), nil,
			map[string]Status{"5.3.2.1": Pass}},
		{"「／」 full-width as 证书编号 is none", qualifiedPlus(19, func(p *Person) { p.InstallerCert = "／" }), nil,
			map[string]Status{"5.3.2.1": Fail}},
		{"「n/a」 as 认证 is none", qualifiedPlus(19, func(p *Person) { p.VendorCert = "n/a" }), nil,
			map[string]Status{"5.3.2.1": Fail}},
		{"「—」 as 平台名称 is none", func(a *Application) { a.Company.Platform = "—" }, nil, map[string]Status{"5.3.3.3": Fail}},

		// Renewals keep continuity into Y.
		{"a renewal ending Y-1-12-31 is not kept into Y", renewalPair(d(year-2, 1, 1), d(year-2, 12, 31), d(year-1, 1, 1), d(year-1, 12, 31)), nil,
			map[string]Status{"5.2.4.1": Fail}},
		{"a renewal ending Y-01-01 is kept into Y", renewalPair(d(year-2, 1, 1), d(year-2, 12, 31), d(year-1, 1, 1), d(year, 1, 1)), nil,
			map[string]Status{"5.2.4.1": Pass}},
		{"a contract nested in an earlier one is no renewal", renewalPair(d(year-1, 1, 1), d(year+1, 12, 31), d(year, 1, 1), d(year, 12, 31)), nil,
			map[string]Status{"5.2.4.1": Fail}},
		{"a contract starting the same day is no renewal", renewalPair(d(year, 1, 1), d(year, 6, 30), d(year, 1, 1), d(year, 12, 31)), nil,
			map[string]Status{"5.2.4.1": Fail}},

		// Surveys: clients of Y only, once each, in Y, client_mean by default.
		{"a survey from a unit without a contract in Y does not count", func(a *Application) {
			a.Surveys = []Survey{survey("无合同单位", d(year, 6, 1), 100)}
		}, nil, map[string]Status{"5.1.3.2": Fail, "5.1.4.2": Fail}},
		{"a survey from a client whose contract ended in Y-1 does not count", func(a *Application) {
			a.Contracts = append(a.Contracts, Contract{Client: "旧客户", Amount: 100, Start: d(year-1, 1, 1), End: d(year-1, 12, 31)})
			a.Surveys = []Survey{survey("旧客户", d(year, 6, 1), 100)}
		}, nil, map[string]Status{"5.1.3.2": Fail}},
		{"a survey dated Y-12-31 counts", func(a *Application) { a.Surveys = []Survey{survey("甲单位", d(year, 12, 31), 100)} }, nil,
			map[string]Status{"5.1.3.2": Pass, "5.3.4.3": Pass}},
		{"a survey dated Y+1-01-01 does not", func(a *Application) { a.Surveys = []Survey{survey("甲单位", d(year+1, 1, 1), 100)} }, nil,
			map[string]Status{"5.1.3.2": Fail}},
		{"client_mean: one client's many forms count once", func(a *Application) {
			a.Surveys = []Survey{survey("甲单位", d(year, 6, 1), 100), survey("甲单位", d(year, 6, 2), 100),
				survey("甲单位", d(year, 6, 3), 100), survey("乙单位", d(year, 6, 1), 80)}
		}, nil, map[string]Status{"5.2.4.3": Pass, "5.3.4.3": Fail}}, // (100+80)/2 = 90
		{"mean: the same forms weigh by number", func(a *Application) {
			a.Surveys = []Survey{survey("甲单位", d(year, 6, 1), 100), survey("甲单位", d(year, 6, 2), 100),
				survey("甲单位", d(year, 6, 3), 100), survey("乙单位", d(year, 6, 1), 80)}
		}, func(p *Parameters) { p.SurveyAggregate = SurveyMean }, map[string]Status{"5.3.4.3": Pass}}, // 95
		{"client_mean 85", surveysOf(map[string][]Decimal{"甲单位": {9000, 8000}, "乙单位": {8500}}), nil,
			map[string]Status{"5.1.4.2": Pass, "5.2.4.3": Fail}}, // (85 + 85)/2
		{"client_mean 84.995", surveysOf(map[string][]Decimal{"甲单位": {9000, 7999}, "乙单位": {8500}}), nil,
			map[string]Status{"5.1.4.2": Fail}},
		{"the same survey twice counts once", func(a *Application) {
			a.Surveys = []Survey{survey("甲单位", d(year, 6, 1), 100), survey("乙单位", d(year, 6, 1), 90), survey("乙单位", d(year, 6, 1), 90)}
		}, func(p *Parameters) { p.SurveyAggregate = SurveyMean }, map[string]Status{"5.3.4.3": Pass}}, // 95; counted twice 93.33

		// Honour (C3) and evaluation (C4) are separate items.
		{"no C4: 5.3.1.2 fails, 5.2.1.3 holds", func(a *Application) { delete(a.Declarations, "C4") }, nil,
			map[string]Status{"5.3.1.2": Fail, "5.2.1.3": Pass}},
		{"C4 without C3: 5.2.1.3 fails", declare("C3", "否", ""), nil, map[string]Status{"5.3.1.2": Pass, "5.2.1.3": Fail}},
	})
}

// Mistakes only lower: a value with an error counts for nothing in every
// metric it would help, and stays wherever it lowers.
func TestMistakesOnlyLower(t *testing.T) {
	checkStatuses(t, []statusCase{
		{"bad 学历: out of the numerator, in the denominator", func(a *Application) {
			keepDegreed(14, EduSecondary)(a)
			a.Staff[0].Bad.Add("education")
		}, nil, map[string]Status{"5.3.2.2": Fail}},
		{"bad 是否运维人员 under om_staff: in the denominator only", func(a *Application) {
			for i := range 10 {
				a.Staff[i].OM = No
			}
			keepDegreed(17, EduSecondary)(a) // 7 of 10
			a.Staff[10].Bad.Add("om")        // 6 of 10
		}, func(p *Parameters) { p.DegreeDenominator = DegreeOMStaff }, map[string]Status{"5.3.2.2": Fail}},
		{"bad 专业技术职称 is no qualification", func(a *Application) {
			a.Staff[0].InstallerCert, a.Staff[0].Title = "", "工程师"
			a.Staff[0].Bad.Add("title")
		}, nil, map[string]Status{"5.3.2.1": Fail}},
		{"bad 是否缴纳社保 fails everyone has 社保", func(a *Application) { a.Staff[0].Bad.Add("insurance") }, nil,
			map[string]Status{"3.2.3": Fail}},
		{"bad 入职日期: not qualified, still held to training", func(a *Application) { a.Staff[0].Bad.Add("hired") }, nil,
			map[string]Status{"5.3.2.1": Fail, "5.1.2.3": Fail}},
		{"bad 离职日期: in the denominator, helps no count", func(a *Application) {
			a.Staff[0].Bad.Add("left")
		}, nil, map[string]Status{"5.3.2.1": Fail, "3.2.3": Pass}},
		{"empty 服务开始日期: no client", func(a *Application) {
			onlyClients(2)(a)
			a.Contracts[1].Start = 0
		}, nil, map[string]Status{"5.1.4.1": Fail}},
		{"bad 服务结束日期: no client", func(a *Application) {
			onlyClients(2)(a)
			a.Contracts[1].Bad.Add("end")
		}, nil, map[string]Status{"5.1.4.1": Fail}},
		{"bad amount: no client and no amount", func(a *Application) {
			onlyClients(2)(a)
			a.Contracts[1].Bad.Add("amount")
		}, nil, map[string]Status{"5.1.4.1": Fail}},
		{"bad client name: no client", func(a *Application) {
			onlyClients(2)(a)
			a.Contracts[1].Bad.Add("client")
		}, nil, map[string]Status{"5.1.4.1": Fail}},
		{"undated contract is no renewal", func(a *Application) { a.Contracts[6].Start = 0 }, nil,
			map[string]Status{"5.3.4.1": Fail, "5.2.4.1": Pass}},
		{"a 合计 row is no client and no amount", func(a *Application) {
			onlyClients(1)(a)
			a.Contracts = append(a.Contracts, Contract{Client: "合计", Amount: DecimalFromInt(1000), Start: d(year, 1, 1), End: d(year, 12, 31)})
		}, nil, map[string]Status{"5.1.4.1": Fail}},
		{"bad 是否重点保卫单位: not VIP, still a client", func(a *Application) {
			vipClients(1, 10)(a)
			a.Contracts[0].Bad.Add("vip")
		}, nil, map[string]Status{"5.2.4.2": Fail}},
		{"bad 签订日期 under signed: no amount", func(a *Application) {
			amountOnly(30000000, d(year, 1, 1), d(year, 12, 31))(a)
			a.Contracts[len(a.Contracts)-1].Signed = d(year, 1, 1)
			a.Contracts[len(a.Contracts)-1].Bad.Add("signed")
		}, func(p *Parameters) { p.AmountBasis = AmountSigned }, map[string]Status{"5.2.4.1": Fail}},
		{"a survey with a bad item counts for nothing", func(a *Application) {
			a.Surveys = a.Surveys[:1]
			a.Surveys[0].Bad.Add("item3")
		}, nil, map[string]Status{"5.1.3.2": Fail, "5.1.4.2": Fail}},
		{"a training row with a bad 学时 counts for nobody", func(a *Application) { a.Trainings[0].Bad.Add("hours") }, nil,
			map[string]Status{"5.1.2.3": Fail}},
	})
}

// Every note says exactly what the rating did with its row.
func TestNotes(t *testing.T) {
	tests := []struct {
		name   string
		mutate func(*Application)
		want   Note
	}{
		{"hired after Y", func(a *Application) { a.Staff[0].Hired = d(year+1, 1, 5) },
			Note{Ref: Ref{"人员名册", 3}, Field: "hired", Code: CodeExcluded, Value: "2023-01-05",
				Message: "员工00入职日期 2023-01-05 晚于 2022-12-31，不计入 2022 年末在册人员"}},
		{"left in Y", func(a *Application) { a.Staff[0].Left = d(year, 12, 31) },
			Note{Ref: Ref{"人员名册", 3}, Field: "left", Code: CodeExcluded, Value: "2022-12-31",
				Message: "员工00离职日期 2022-12-31 不晚于 2022-12-31，不计入 2022 年末在册人员"}},
		{"入职日期 with an error", func(a *Application) { a.Staff[0].Bad.Add("hired") },
			Note{Ref: Ref{"人员名册", 3}, Field: "hired", Code: CodeExcluded,
				Message: "入职日期未填或有误，无法确定是否为 2022 年末在册人员：仍计入全员人数和全员要求，不计为资格人员或专科以上运维人员，其培训不能证明为上岗后培训"}},
		{"离职日期 with an error", func(a *Application) { a.Staff[0].Bad.Add("left") },
			Note{Ref: Ref{"人员名册", 3}, Field: "left", Code: CodeExcluded,
				Message: "离职日期有误，无法确定是否为 2022 年末在册人员：仍计入全员人数和全员要求，不计为资格人员或专科以上运维人员"}},
		{"training before 入职日期", func(a *Application) { a.Staff[0].Hired = d(year, 3, 2) },
			Note{Ref: Ref{"培训记录", 2}, Field: "date", Code: CodeExcluded, Value: "2022-03-01",
				Message: "培训日期 2022-03-01 早于「员工00」的入职日期 2022-03-02，不计入上岗后专项培训"}},
		{"attendee not on the roster", func(a *Application) {
			a.Trainings[0].PersonID, a.Trainings[0].Name = "110105198001019999", "外来人"
		},
			Note{Ref: Ref{"培训记录", 2}, Field: "id", Code: CodeUnmatched, Value: "110105198001019999",
				Message: "参训人员身份证号不在人员名册中，本行不计入任何人的培训"}},
		{"attendee named twice on the roster, no ID on the row", func(a *Application) {
			a.Staff[1].Name = a.Staff[0].Name
			a.Trainings[0].PersonID = ""
		}, Note{Ref: Ref{"培训记录", 2}, Field: "id", Code: CodeUnmatched, Value: "员工00",
			Message: "人员名册中有 2 个不同的人名为「员工00」，本行未填身份证号，无法确定是谁，不计入任何人的培训；请填写参训人员身份证号"}},
		{"attendee named twice on the roster, neither row with an ID", func(a *Application) {
			a.Staff[1].Name, a.Staff[0].ID, a.Staff[1].ID = a.Staff[0].Name, "", ""
			a.Trainings[0].PersonID = ""
		}, Note{Ref: Ref{"培训记录", 2}, Field: "id", Code: CodeUnmatched, Value: "员工00",
			Message: "人员名册中有 2 个不同的人名为「员工00」，本行未填身份证号，无法确定是谁，不计入任何人的培训；请填写参训人员身份证号"}},
		{"attendee on the roster by name, with another ID", func(a *Application) { a.Trainings[0].PersonID = "110105198001019999" },
			Note{Ref: Ref{"培训记录", 2}, Field: "id", Code: CodeUnmatched, Value: "110105198001019999",
				Message: "参训人员身份证号与人员名册中「员工00」的身份证号不同，无法确定是谁，本行不计入任何人的培训"}},
		{"training row with a bad 学时", func(a *Application) { a.Trainings[0].Bad.Add("hours") },
			Note{Ref: Ref{"培训记录", 2}, Field: "hours", Code: CodeExcluded, Message: "本行学时有误，不计入任何人的培训"}},
		{"training in Y of a person who left in Y", func(a *Application) { a.Staff[0].Left = d(year, 6, 30) },
			Note{Ref: Ref{"培训记录", 2}, Field: "name", Code: CodeExcluded, Value: "员工00",
				Message: "参训人员「员工00」不计入 2022 年末在册人员，本行不计"}},
		{"contract with a bad amount", func(a *Application) { a.Contracts[0].Bad.Add("amount") },
			Note{Ref: Ref{"维保合同", 2}, Field: "amount", Code: CodeExcluded,
				Message: "合同金额有误，本合同不计为服务单位，不计金额和连续服务"}},
		{"contract ending before it starts", func(a *Application) { a.Contracts[0].End = d(year-1, 1, 1) },
			Note{Ref: Ref{"维保合同", 2}, Field: "end", Code: CodeExcluded,
				Message: "服务结束日期早于开始日期，本合同不计为服务单位，不计金额和连续服务"}},
		{"survey with a bad item", func(a *Application) { a.Surveys[0].Bad.Add("item4") },
			Note{Ref: Ref{"用户评价", 2}, Field: "item4", Code: CodeExcluded, Message: "本份评价有填写错误，不计入用户评价"}},
		{"undated contract", func(a *Application) { a.Contracts[0].Start = 0 },
			Note{Ref: Ref{"维保合同", 2}, Field: "start", Code: CodeExcluded,
				Message: "服务开始日期未填，本合同不计为服务单位，不计金额和连续服务"}},
		{"合计 row", func(a *Application) {
			a.Contracts[0].Client = "合 计"
		}, Note{Ref: Ref{"维保合同", 2}, Field: "client", Code: CodeExcluded,
			Message: "「合 计」是合计行，不是合同，本合同不计为服务单位，不计金额和连续服务"}},
		{"survey out of year", func(a *Application) { a.Surveys[0].Date = d(year-1, 12, 31) },
			Note{Ref: Ref{"用户评价", 2}, Field: "date", Code: CodeExcluded, Value: "2021-12-31", Expected: "2022 年内的日期",
				Message: "评价日期 2021-12-31 不在 2022 年内，本份评价不计"}},
		{"survey from a unit without a contract", func(a *Application) {
			a.Surveys[0].Client, a.Surveys[0].Ref = "无合同单位", Ref{"表A.1", 0}
		}, Note{Ref: Ref{"表A.1", 0}, Field: "client", Code: CodeUnmatched, Value: "无合同单位", Expected: "2022 年有维保合同的用户单位",
			Message: "用户单位「无合同单位」在 2022 年没有计入的维保合同，本份评价不计"}},
		{"the same survey in the sheet and as a form", func(a *Application) {
			s := a.Surveys[0]
			s.Ref = Ref{"表A.1", 0}
			a.Surveys = append(a.Surveys, s)
		}, Note{Ref: Ref{"表A.1", 0}, Code: CodeDuplicate,
			Message: "与用户评价 第 2 行为同一份评价（同一用户单位、评价日期和总分），只计一次"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			app := threeStar()
			for i := range app.Trainings {
				app.Trainings[i].Ref = Ref{"培训记录", i + 2}
			}
			for i := range app.Contracts {
				app.Contracts[i].Ref = Ref{"维保合同", i + 2}
			}
			for i := range app.Surveys {
				app.Surveys[i].Ref = Ref{"用户评价", i + 2}
			}
			tt.mutate(app)
			res := Rate(app, selfCheck())
			want := tt.want
			want.Severity = SeverityWarning
			if want.Expected == "" {
				for _, n := range res.Notes {
					if n.Ref == want.Ref && n.Field == want.Field {
						want.Expected = n.Expected
					}
				}
			}
			assert.Contains(t, res.Notes, want)
		})
	}
}

// Training rows of a person on the roster twice (same ID) are that person's:
// no "not on the roster", and the person is trained.
func TestDuplicateRosterRowsKeepTraining(t *testing.T) {
	app := threeStar()
	dup := app.Staff[0]
	dup.Ref.Row = 99
	app.Staff = append(app.Staff, dup)
	app.Trainings[0].PersonID = "" // matched by name, which appears twice with one ID
	res := Rate(app, selfCheck())
	assert.Equal(t, Pass, statusOf(t, res, "5.3.2.3").Status)
	assert.Equal(t, 20, res.Metrics.StaffTotal)
	for _, n := range res.Notes {
		assert.NotEqual(t, CodeUnmatched, n.Code, n.Message)
	}
	assert.Contains(t, res.Notes, Note{Ref: Ref{"人员名册", 99}, Field: "id", Severity: SeverityWarning, Code: CodeDuplicate,
		Value: dup.ID, Expected: "每人一行", Message: "与人员名册 第 3 行为同一人（身份证号相同），本行不另计，按人员名册 第 3 行计"})
}

// A duplicate roster row its reader marked bad was reported by the reader
// (the importer's error): the rating does not say it a second time.
func TestDuplicateRosterRowReportedOnce(t *testing.T) {
	app := threeStar()
	dup := app.Staff[0]
	dup.Ref.Row = 99
	dup.Bad.Add("id")
	app.Staff = append(app.Staff, dup)
	res := Rate(app, selfCheck())
	assert.Equal(t, 20, res.Metrics.StaffTotal)
	for _, n := range res.Notes {
		assert.NotEqual(t, 99, n.Ref.Row, n.Message)
	}
}

// A person whose only training is dated before 入职日期 is told so on the
// training row; the clause does not say 「无记录」.
func TestTrainingBeforeHireMessage(t *testing.T) {
	app := threeStar()
	app.Staff[2].Hired = d(year, 3, 2)
	c := statusOf(t, Rate(app, selfCheck()), "5.1.2.3")
	require.Equal(t, Fail, c.Status)
	assert.Contains(t, c.Message, "员工02（第 5 行，无计入 2022 年的上岗后专项培训）")
	assert.NotContains(t, c.Message, "无记录")
}

func TestShortfalls(t *testing.T) {
	tests := []struct {
		name   string
		mutate func(*Application)
		params func(*Parameters)
		id     string
		want   []Shortfall
		text   string
	}{
		{"count", keepQualified(17), nil, "5.3.2.1", []Shortfall{{"qualified_staff", big.NewRat(3, 1), "人"}}, "差 3 人"},
		{"degree, both move", keepDegreed(13, EduSecondary), nil, "5.3.2.2",
			[]Shortfall{{"degree_staff", big.NewRat(4, 1), "人"}}, "需再增加 4 名专科以上学历运维人员（全员同时增加）"},
		{"degree, only the numerator under om_staff", func(a *Application) {
			for i := range 10 {
				a.Staff[i].OM = No
			}
			keepDegreed(15, EduSecondary)(a) // 5 of 10
		}, func(p *Parameters) { p.DegreeDenominator = DegreeOMStaff }, "5.3.2.2",
			[]Shortfall{{"degree_staff", big.NewRat(2, 1), "人"}}, "需再有 2 名运维人员达到专科以上学历"},
		// 2/20 VIP at 15%: adding one VIP client gives 3/21 = 14.3%, still short.
		{"vip", vipClients(2, 20), nil, "5.3.4.2", []Shortfall{{"vip_clients", big.NewRat(2, 1), "个"}},
			"需再增加 2 个重点保卫单位用户（服务单位总数同时增加）"},
		{"vip of nobody", func(a *Application) { a.Contracts = nil }, nil, "5.2.4.2",
			[]Shortfall{{"vip_clients", big.NewRat(1, 1), "个"}}, "需再增加 1 个重点保卫单位用户"},
		{"clients and amount, one per metric", func(a *Application) {
			onlyClients(5)(a) // 5 × 1000 元, no renewals
			a.Contracts[0].Amount = DecimalFromInt(420000)
		}, nil, "5.3.4.1", []Shortfall{
			{"clients", big.NewRat(1, 1), "个"}, {"amount", big.NewRat(76000, 1), "元"}, {"renewals", big.NewRat(2, 1), "次"},
		}, "差 1 个"},
		{"amount to the fen, rounded up", amountOnly(30000000, d(year, 1, 1), d(year+2, 12, 31)), nil, "5.2.4.1",
			[]Shortfall{{"amount", big.NewRat(20009125, 100), "元"}}, "差 200091.25 元"},
		{"score to 0.01, rounded up", surveyTotals(9000, 8999), func(p *Parameters) { p.SurveyAggregate = SurveyMean }, "5.3.4.3",
			[]Shortfall{{"survey_score", big.NewRat(501, 100), "分"}}, "差 5.01 分"},
		{"training: persons lacking", func(a *Application) { a.Trainings[2].Hours, a.Trainings[5].Hours = 300, 300 }, nil, "5.1.2.3",
			[]Shortfall{{"training", big.NewRat(2, 1), "人"}}, "差 2 人"},
		{"roster flag: persons lacking", func(a *Application) { a.Staff[0].NDA = No }, nil, "5.3.3.5",
			[]Shortfall{{"nda", big.NewRat(1, 1), "人"}}, "差 1 人"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := statusOf(t, rateFixture(tt.mutate, tt.params), tt.id)
			require.Equal(t, Fail, c.Status, c.Message)
			require.Len(t, c.Shortfalls, len(tt.want), c.Message)
			for i, w := range tt.want {
				assert.Equal(t, w.Metric, c.Shortfalls[i].Metric)
				assert.Equal(t, w.Unit, c.Shortfalls[i].Unit)
				assert.Zero(t, w.Value.Cmp(c.Shortfalls[i].Value), "%s: got %s", w.Metric, c.Shortfalls[i].Value)
			}
			assert.Contains(t, c.Message, tt.text)
		})
	}
}

// A declaration has no shortfall: its message says what to provide.
func TestDeclarationHasNoShortfall(t *testing.T) {
	c := statusOf(t, rateFixture(declare("C4", "是", ""), nil), "5.3.1.2")
	require.Equal(t, Fail, c.Status)
	assert.Empty(t, c.Shortfalls)
	assert.Contains(t, c.Message, "未提供证明材料")
}

// Adding exactly the shortfall to a failing ratio makes it pass, one less
// does not: both shortfall readings of §3, over random ratios and bars.
func TestRatioShortfallProperty(t *testing.T) {
	rnd := rand.New(rand.NewPCG(2022, 2))
	for range 20000 {
		den := rnd.IntN(200)
		num := 0
		if den > 0 {
			num = rnd.IntN(den + 1)
		}
		p := big.NewRat(int64(1+rnd.IntN(99)), 100)
		if rnd.IntN(4) == 0 {
			p = big.NewRat(int64(1+rnd.IntN(999)), 1000)
		}
		strict := rnd.IntN(5) == 0
		r := Ratio{num, den}
		if r.Defined() && meets(r.Rat(), p, strict) {
			continue
		}
		at := fmt.Sprintf("%d/%d against %s strict=%v", num, den, p.RatString(), strict)

		x, ok := ratioBothGap(r, p, strict)
		require.True(t, ok, at)
		require.GreaterOrEqual(t, x, int64(1), at)
		assert.True(t, meets(big.NewRat(int64(num)+x, int64(den)+x), p, strict), "both: +%d passes, %s", x, at)
		if x > 1 {
			assert.False(t, meets(big.NewRat(int64(num)+x-1, int64(den)+x-1), p, strict), "both: +%d fails, %s", x-1, at)
		}

		if den == 0 {
			continue
		}
		x, ok = ratioNumeratorGap(r, p, strict)
		if !ok {
			assert.False(t, meets(big.NewRat(int64(den), int64(den)), p, strict), "numerator: unreachable only past 100%%, %s", at)
			continue
		}
		assert.True(t, meets(big.NewRat(int64(num)+x, int64(den)), p, strict), "numerator: +%d passes, %s", x, at)
		assert.False(t, meets(big.NewRat(int64(num)+x-1, int64(den)), p, strict), "numerator: +%d fails, %s", x-1, at)
	}
}

// The shortfall of the degree clause, applied to the application itself,
// lifts it: the number a firm reads is enough, and one less is not.
func TestDegreeShortfallAppliedToApplication(t *testing.T) {
	for degreed := 0; degreed < 14; degreed++ {
		app := threeStar()
		keepDegreed(degreed, EduSecondary)(app)
		c := statusOf(t, Rate(app, selfCheck()), "5.3.2.2")
		require.Equal(t, Fail, c.Status)
		x := int(c.Shortfalls[0].Value.Num().Int64())
		add := func(n int) *Application {
			a := threeStar()
			keepDegreed(degreed, EduSecondary)(a)
			for i := range n {
				p := a.Staff[0]
				p.ID, p.Name, p.Education = fmt.Sprintf("2101051990010%05d", i), fmt.Sprintf("新人%d", i), EduCollege
				a.Staff = append(a.Staff, p)
				tr := a.Trainings[0]
				tr.PersonID, tr.Name = p.ID, p.Name
				a.Trainings = append(a.Trainings, tr)
			}
			return a
		}
		assert.Equal(t, Pass, statusOf(t, Rate(add(x), selfCheck()), "5.3.2.2").Status, "%d degreed + %d", degreed, x)
		assert.Equal(t, Fail, statusOf(t, Rate(add(x-1), selfCheck()), "5.3.2.2").Status, "%d degreed + %d", degreed, x-1)
	}
}

// next lists every level above the achievable one up to 3, the applied
// level marked, each with every clause not passed.
func TestNextCoversEveryLevel(t *testing.T) {
	app := threeStar()
	app.Company.AppliedStars = 2
	keepQualified(7)(app) // one star: 5.2.2.1 and 5.3.2.1 fail
	res := Rate(app, selfCheck())
	require.Equal(t, 1, res.AchievableStars)
	require.Len(t, res.Next, 2)
	assert.Equal(t, Gap{Level: 2, Applied: true}, Gap{Level: res.Next[0].Level, Applied: res.Next[0].Applied})
	assert.Equal(t, Gap{Level: 3, Applied: false}, Gap{Level: res.Next[1].Level, Applied: res.Next[1].Applied})
	ids := func(g Gap) []string {
		var out []string
		for _, c := range g.Clauses {
			out = append(out, c.ID)
		}
		return out
	}
	assert.Equal(t, []string{"5.2.2.1"}, ids(res.Next[0]))
	assert.Equal(t, []string{"5.2.2.1", "5.3.2.1"}, ids(res.Next[1]))
	assert.Equal(t, "3", res.Next[1].Clauses[0].Shortfalls[0].Value.RatString(), "5.2.2.1: 10 − 7")
	assert.Equal(t, "13", res.Next[1].Clauses[1].Shortfalls[0].Value.RatString(), "5.3.2.1: 20 − 7")
}

// Not cumulative: a failing lower-level clause does not block a higher
// level, but the gap report still lists it under every level above.
func TestNextNotCumulative(t *testing.T) {
	notCumulative := func(p *Parameters) { p.Cumulative = false }
	res := rateFixture(both(declare("C1", "否", ""), keepQualified(15)), notCumulative)
	require.Equal(t, 0, res.AchievableStars)
	require.Len(t, res.Next, 3)
	var ids []string
	for _, c := range res.Next[2].Clauses {
		ids = append(ids, c.ID)
	}
	assert.Equal(t, []string{"5.1.1.1", "5.2.1.1", "5.3.2.1"}, ids)

	res = rateFixture(declare("C1", "否", ""), notCumulative)
	assert.Equal(t, 3, res.AchievableStars, "three-star clauses alone hold")
	assert.Empty(t, res.Next, "no level above three")
}

// Settle follows clause statuses changed after Rate, as the review record
// changes them.
func TestSettleAfterReview(t *testing.T) {
	app := threeStar()
	app.Company.AppliedStars = 2
	p := DefaultProfile() // evaluation mode: everything met is in review
	res := Rate(app, p)
	require.Equal(t, 0, res.Stars)
	require.Equal(t, 2, res.ProvisionalStars)
	require.Len(t, res.Next, 3)
	for i := range res.Clauses {
		if res.Clauses[i].Level <= 2 {
			res.Clauses[i].Status = Pass
		}
	}
	res.Settle(app, p)
	assert.True(t, res.Eligible)
	assert.Equal(t, 2, res.AchievableStars)
	assert.Equal(t, 2, res.Stars)
	require.Len(t, res.Next, 1)
	assert.Equal(t, 3, res.Next[0].Level)
	assert.False(t, res.Next[0].Applied)
}

// A workbook without C4 (template 2022.1) is rated: 5.3.1.2 fails with a
// message naming the item to add.
func TestMissingC4(t *testing.T) {
	app := threeStar()
	delete(app.Declarations, "C4")
	res := Rate(app, selfCheck())
	c := statusOf(t, res, "5.3.1.2")
	assert.Equal(t, Fail, c.Status)
	assert.Contains(t, c.Message, "制度与信用缺少 C4 一行")
	assert.Equal(t, 2, res.AchievableStars)
}

func qualifiedHired(n int, hired Date) func(*Application) {
	return func(a *Application) {
		keepQualified(n)(a)
		a.Staff[n-1].Hired = hired
	}
}

func qualifiedLeft(n int, left Date) func(*Application) {
	return func(a *Application) {
		keepQualified(n)(a)
		a.Staff[n-1].Left = left
	}
}

// qualifiedPlus leaves n qualified persons and gives the next one what set
// writes.
func qualifiedPlus(n int, set func(*Person)) func(*Application) {
	return func(a *Application) {
		keepQualified(n)(a)
		set(&a.Staff[n])
	}
}

// twoDayCourse turns everyone's one training into two rows of h hundredths
// of 学时 each, apart days apart, of the same 培训名称.
func twoDayCourse(apart int, h Decimal) func(*Application) {
	return func(a *Application) {
		var ts []Training
		for _, t := range a.Trainings {
			t.Hours = h
			ts = append(ts, t)
			t.Date += Date(apart)
			ts = append(ts, t)
		}
		a.Trainings = ts
	}
}

// renewalPair keeps the six one-year clients and gives 甲单位 an earlier and
// a later contract: at most one renewal.
func renewalPair(s1, e1, s2, e2 Date) func(*Application) {
	return func(a *Application) {
		a.Contracts = a.Contracts[:6]
		a.Contracts[0].Start, a.Contracts[0].End = d(year-5, 1, 1), d(year-5, 6, 30) // out of the way
		a.Contracts = append(a.Contracts,
			Contract{Client: "甲单位", Amount: DecimalFromInt(100000), Start: s1, End: e1},
			Contract{Client: "甲单位", Amount: DecimalFromInt(100000), Start: s2, End: e2})
	}
}

func surveysOf(totals map[string][]Decimal) func(*Application) {
	return func(a *Application) {
		a.Surveys = nil
		for _, c := range []string{"甲单位", "乙单位", "丙单位"} {
			for i, t := range totals[c] {
				a.Surveys = append(a.Surveys, surveyDec(c, d(year, 6, 1+i), t))
			}
		}
	}
}

func TestIsTotalRow(t *testing.T) {
	for s, want := range map[string]bool{
		"合计": true, "合 计": true, "小计": true, "总计：": true, "合计（元）": true, "合计(5家)": true,
		"总计算机科技有限公司": false, "合计划单位": false, "甲单位合计": false, "": false,
	} {
		assert.Equal(t, want, isTotalRow(s), s)
	}
}

// A bad 离职日期 keeps the person on staff, held to everything; their
// training, which does not rest on that date, still counts.
func TestBadLeftDateKeepsTraining(t *testing.T) {
	app := threeStar()
	app.Staff[0].Bad.Add("left")
	res := Rate(app, selfCheck())
	assert.Equal(t, Pass, statusOf(t, res, "5.3.2.3").Status)
	assert.Equal(t, Fail, statusOf(t, res, "5.3.2.1").Status, "qualified rests on being staff")
	app.Staff[0].Bad = nil
	app.Staff[0].Bad.Add("hired")
	c := statusOf(t, Rate(app, selfCheck()), "5.1.2.3")
	assert.Equal(t, Fail, c.Status)
	assert.Contains(t, c.Message, "员工00（第 3 行，入职日期未填或有误，培训无法计入）")
}
