package templates

import (
	"fmt"
	"math/rand/v2"
	"time"

	"github.com/bax/starrate/rating"
)

// SampleSpec describes a synthetic application.
type SampleSpec struct {
	Seed  uint64
	Index int // numbers the company within a round
	Year  int
	// Level is the star level the data is made to reach under the default
	// profile: 0 (none) to 3.
	Level int
	// Sizes; zero takes the typical application of rating-model.md's
	// benchmarks: 200 staff, 5 training rows each, 60 contracts, 20 surveys.
	Staff, TrainingPerPerson, Contracts, Surveys int
}

// sampleLevels are the figures a synthetic company of each level shows. They
// are sample data chosen above the default profile's thresholds (or below,
// for level 0), not rules: rating reads its numbers from the profile.
var sampleLevels = [4]struct {
	qualified      int
	degreePercent  int
	hours          int64
	clients        int
	amountYuan     int64 // per client contract in the year
	renewals       int
	vipPercent     int
	score          int
	post           string
	platform       bool
	declaredLevels int
}{
	{3, 40, 2, 1, 20000, 0, 0, 80, "无", false, 0},
	{6, 55, 4, 3, 30000, 0, 0, 87, "兼职", false, 1},
	{12, 66, 8, 5, 80000, 1, 12, 92, "专职", false, 2},
	{24, 80, 16, 8, 90000, 3, 20, 97, "专职", true, 3},
}

var (
	surnames  = []rune("王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤")
	givens    = []rune("伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰萍红鹏辉建文斌宇浩凯")
	districts = []string{"东城", "西城", "朝阳", "海淀", "丰台", "石景山", "通州", "顺义", "昌平", "大兴"}
	kinds     = []string{"银行支行", "中学", "小学", "医院", "商场", "物业管理处", "博物馆", "街道办事处", "数据中心", "酒店"}
	vipKinds  = []string{"金库", "档案馆", "变电站", "水厂"}
)

// Sample returns a synthetic application, the same for the same spec.
func Sample(spec SampleSpec) *rating.Application {
	if spec.Staff == 0 {
		spec.Staff = 200
	}
	if spec.TrainingPerPerson == 0 {
		spec.TrainingPerPerson = 5
	}
	if spec.Contracts == 0 {
		spec.Contracts = 60
	}
	if spec.Surveys == 0 {
		spec.Surveys = 20
	}
	rnd := rand.New(rand.NewPCG(spec.Seed, uint64(spec.Index)))
	lv := sampleLevels[min(max(spec.Level, 0), 3)]
	y := spec.Year
	app := &rating.Application{
		Company: rating.Company{
			Name:           fmt.Sprintf("北京%s安防运维服务有限公司%03d", districts[rnd.IntN(len(districts))], spec.Index),
			USCC:           SampleUSCC(spec.Index),
			Year:           y,
			AppliedStars:   min(max(spec.Level, 1)+rnd.IntN(2), 3),
			Scope:          "安全技术防范系统设计、安装、维修及运行维护",
			Address:        fmt.Sprintf("北京市%s区安防路%d号", districts[rnd.IntN(len(districts))], 1+rnd.IntN(200)),
			Contact:        sampleName(rnd),
			Phone:          fmt.Sprintf("139%08d", rnd.IntN(1e8)),
			RepairPhone:    fmt.Sprintf("010-6%07d", rnd.IntN(1e7)),
			ComplaintPhone: fmt.Sprintf("010-8%07d", rnd.IntN(1e7)),
		},
		Declarations: map[string]rating.Declaration{},
	}
	if lv.platform {
		app.Company.Platform = "安防运维管理云平台"
	}
	sampleDeclarations(app, lv.declaredLevels, lv.post)

	degreed := (spec.Staff*lv.degreePercent + 99) / 100
	for i := range spec.Staff {
		p := rating.Person{
			Name: sampleName(rnd), ID: SampleID(spec.Index, i), Post: "运维工程师", OM: rating.Yes,
			Education: rating.EduCollege + rating.Education(rnd.IntN(2)), Hired: rating.NewDate(y-1-rnd.IntN(8), time.Month(1+rnd.IntN(12)), 1+rnd.IntN(28)),
			SocialInsurance: rating.Yes, NDA: rating.Yes,
		}
		if i >= degreed {
			p.Education = rating.EduSecondary
		}
		if i < lv.qualified {
			p.InstallerCert = fmt.Sprintf("AZWH-%d-%05d", spec.Index, i)
		}
		if i%17 == 5 {
			p.Title = "助理工程师"
			p.Post = "技术负责人"
		}
		if lv.declaredLevels < 3 && i == spec.Staff-1 {
			p.NDA = rating.No
		}
		// Every other company had someone leave during the year: on the
		// roster with 离职日期, counted in no metric. Not a qualified or
		// degree holder, so the level holds under either reading of the roster.
		if spec.Index%2 == 0 && i == spec.Staff-2 && i >= max(lv.qualified, degreed) {
			p.Left = rating.NewDate(y, 6, 30)
		}
		app.Staff = append(app.Staff, p)
		// The qualifying session, then shorter others of the year.
		for k := range spec.TrainingPerPerson {
			t := rating.Training{
				Date: rating.NewDate(y, time.Month(2+k%10), 1+rnd.IntN(27)), Title: "安防系统运行维护专项培训",
				Kind: rating.TrainingPostHire, Hours: rating.DecimalFromInt(lv.hours), Name: p.Name, PersonID: p.ID,
			}
			if k > 0 {
				t.Title, t.Kind, t.Hours = fmt.Sprintf("安全生产教育（第%d期）", k), "其他", rating.DecimalFromInt(2)
			}
			app.Trainings = append(app.Trainings, t)
		}
	}

	// Contracts: clients of the year (some renewed from last year), then
	// older ones across the 5-year window.
	clients := make([]string, 0, spec.Contracts)
	vip := map[string]bool{}
	for i := 0; len(app.Contracts) < spec.Contracts; i++ {
		name := fmt.Sprintf("%s区%s（%02d）", districts[i%len(districts)], kinds[i%len(kinds)], i+1)
		if (i*lv.vipPercent)/100 != ((i+1)*lv.vipPercent)/100 { // vipPercent of the clients, spread evenly
			name = fmt.Sprintf("%s区%s%d", districts[i%len(districts)], vipKinds[i%len(vipKinds)], i+1)
			vip[name] = true
		}
		clients = append(clients, name)
		c := rating.Contract{Number: fmt.Sprintf("WB-%d-%03d", spec.Index, i+1), Client: name, VIP: rating.No}
		if vip[name] {
			c.VIP = rating.Yes
		}
		switch {
		case i < lv.clients:
			c.Start, c.End = rating.NewDate(y, 1, 1), rating.NewDate(y, 12, 31)
			c.Amount = rating.DecimalFromInt(lv.amountYuan)
			c.Signed = rating.NewDate(y-1, 12, 1+rnd.IntN(28))
			if i < lv.renewals && len(app.Contracts)+1 < spec.Contracts {
				app.Contracts = append(app.Contracts, rating.Contract{Number: c.Number + "-R", Client: name, VIP: c.VIP,
					Amount: c.Amount, Start: rating.NewDate(y-1, 1, 1), End: rating.NewDate(y-1, 12, 31)})
			}
		default:
			start := rating.NewDate(y-4+rnd.IntN(3), time.Month(1+rnd.IntN(12)), 1)
			c.Start, c.End = start, start+rating.Date(180+rnd.IntN(180))
			if c.End >= rating.NewDate(y, 1, 1) {
				c.End = rating.NewDate(y-1, 12, 31)
			}
			c.Amount = rating.Decimal(int64(1e6+rnd.IntN(5e6)) * 10)
		}
		app.Contracts = append(app.Contracts, c)
	}
	// Surveys come from the clients of the year; with few contracts (the
	// renewals take some) there may be fewer of them than the level has.
	if n := min(max(lv.clients, 1), len(clients)); n > 0 {
		for i := range spec.Surveys {
			app.Surveys = append(app.Surveys, sampleSurvey(clients[i%n], rating.NewDate(y, time.Month(1+i%12), 10), lv.score))
		}
	}
	return app
}

// sampleDeclarations answers the items a company of that many levels has,
// with evidence; the others 否.
func sampleDeclarations(app *rating.Application, levels int, post string) {
	byLevel := [][]string{
		{"Q1", "Q2", "Q3", "Q4", "C1", "T1", "M1", "M2", "M5", "M6"},
		{"C2", "C3", "M7", "M8", "M12"},
		{"C4", "M3", "M9", "M10", "M11"},
	}
	for l, items := range byLevel {
		for _, id := range items {
			d := rating.Declaration{Item: id, Answer: "否"}
			if l < max(levels, 1) && (levels > 0 || id[0] == 'Q') {
				d.Answer, d.Evidence = "是", "附件"+id
			}
			app.Declarations[id] = d
		}
	}
	m4 := rating.Declaration{Item: "M4", Answer: post}
	if post != "无" {
		m4.Evidence = "附件M4"
	}
	app.Declarations["M4"] = m4
}

// sampleSurvey spreads a total over the nine items within their maxima.
func sampleSurvey(client string, d rating.Date, total int) rating.Survey {
	s := rating.Survey{Client: client, Date: d}
	lost := 100 - total
	for i, it := range SurveyItems {
		v := it.Max
		if lost > 0 {
			take := min(lost, 2)
			v -= take
			lost -= take
		}
		s.Items[i] = rating.DecimalFromInt(int64(v))
	}
	return s
}

func sampleName(rnd *rand.Rand) string {
	n := string(surnames[rnd.IntN(len(surnames))]) + string(givens[rnd.IntN(len(givens))])
	if rnd.IntN(2) == 0 {
		n += string(givens[rnd.IntN(len(givens))])
	}
	return n
}

// SampleID returns a synthetic 身份证号 with a valid GB 11643 check digit, in
// a range (born 1970-01-01 … in Beijing 110105) that the samples own.
func SampleID(company, person int) string {
	born := time.Date(1970, 1, 1, 0, 0, 0, 0, time.UTC).AddDate(0, 0, company*37+person%9000)
	base := fmt.Sprintf("110105%s%03d", born.Format("20060102"), person%1000)
	check, _ := IDCheckDigit(base)
	return base + string(check)
}

// SampleUSCC returns a synthetic 统一社会信用代码 with a valid check character.
func SampleUSCC(company int) string {
	base := fmt.Sprintf("9111010%010d", company)
	check, _ := USCCCheckChar(base)
	return base + string(check)
}
