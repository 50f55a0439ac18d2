// Package templates is the workbook contract of starrate (rating-model.md
// §4): the sheets of the applicant workbook (申报表), their header labels and
// value domains, and the standalone survey form (表A.1). The template
// generator and the importer both read this schema, so what an applicant is
// given is what starrate reads back.
package templates

import (
	"strconv"
	"strings"

	"golang.org/x/text/width"
)

// Version marks workbooks made by this template, written into the
// 填表说明 sheet and the workbook properties.
const Version = "starrate-申报表-2022.1"

// Kind is the type of value a cell holds.
type Kind int

// The value kinds of the workbook.
const (
	Text      Kind = iota
	YesNo          // 是/否 and their variants
	Date           // a date cell or text such as 2022-03-01
	Decimal        // a number with at most two decimals; 元 and 万元 accepted
	Integer        // a whole number
	Education      // 学历
	Choice         // one of Choices (with synonyms the importer knows)
	IDNumber       // 身份证号
	USCC           // 统一社会信用代码
)

// Column is one column of a table sheet.
type Column struct {
	Key      string // stable name used by the importer
	Header   string // the label in the header row
	Aliases  []string
	Kind     Kind
	Choices  []string // for Choice, YesNo and Education: the drop-down list
	Required bool
	Width    float64
	Help     string // the input message shown when the cell is selected
}

// Table is a sheet with a header row and one record per row.
type Table struct {
	Name    string
	Columns []Column
	Help    string
}

// Column returns the column with the given key.
func (t Table) Column(key string) Column {
	for _, c := range t.Columns {
		if c.Key == key {
			return c
		}
	}
	panic("templates: no column " + key + " in " + t.Name)
}

// Field is one label/value row of 单位信息.
type Field struct {
	Key      string
	Label    string
	Kind     Kind
	Choices  []string
	Required bool
	Help     string
}

// Item is one declaration row of 制度与信用.
type Item struct {
	ID      string
	Text    string
	Answers []string // the drop-down of 填报
}

// The closed value sets of the workbook.
var (
	YesNoChoices     = []string{"是", "否"}
	EducationChoices = []string{"博士研究生", "硕士研究生", "本科", "专科", "中专", "高中", "初中及以下"}
	TrainingKinds    = []string{"上岗后专项培训", "其他"}
	PostChoices      = []string{"无", "兼职", "专职"}
	StarChoices      = []string{"一星", "二星", "三星"}
	ReviewChoices    = []string{"通过", "不通过"}
)

// The sheet names.
const (
	SheetGuide        = "填表说明"
	SheetCompany      = "单位信息"
	SheetStaff        = "人员名册"
	SheetDeclarations = "制度与信用"
	SheetTraining     = "培训记录"
	SheetContracts    = "维保合同"
	SheetSurveys      = "用户评价"
	SheetSurveyForm   = "表A.1"
)

// CompanyFields are the rows of 单位信息, label in column A, value in B.
var CompanyFields = []Field{
	{Key: "name", Label: "单位名称", Required: true, Help: "营业执照上的全称"},
	{Key: "uscc", Label: "统一社会信用代码", Kind: USCC, Required: true, Help: "18 位，见营业执照"},
	{Key: "year", Label: "评价年度", Kind: Integer, Required: true, Help: "参评的自然年度，如 2022；“1年内”“当年”指该年 1 月 1 日至 12 月 31 日"},
	{Key: "stars", Label: "申报星级", Kind: Choice, Choices: StarChoices, Required: true, Help: "一星、二星或三星"},
	{Key: "scope", Label: "经营范围", Help: "与营业执照一致"},
	{Key: "address", Label: "固定经营场所地址"},
	{Key: "contact", Label: "联系人"},
	{Key: "phone", Label: "联系电话"},
	{Key: "repair_phone", Label: "故障报修电话", Help: "向被服务单位公布的固定报修电话"},
	{Key: "complaint_phone", Label: "服务投诉电话", Help: "向被服务单位公布的固定投诉电话"},
	{Key: "platform", Label: "信息化平台名称", Help: "三星：使用的安防系统运行维护管理信息化平台名称"},
}

// Staff is the sheet 人员名册.
var Staff = Table{
	Name: SheetStaff,
	Help: "每人一行。身份证号用于去重和核对培训记录，请以文本格式填写 18 位号码。",
	Columns: []Column{
		{Key: "seq", Header: "序号", Kind: Integer, Width: 6},
		{Key: "name", Header: "姓名", Required: true, Width: 10},
		{Key: "id", Header: "身份证号", Kind: IDNumber, Required: true, Width: 22, Help: "18 位身份证号，文本格式"},
		{Key: "post", Header: "岗位", Width: 14},
		{Key: "om", Header: "是否运维人员", Kind: YesNo, Choices: YesNoChoices, Required: true, Width: 14, Help: "从事安防系统运行维护工作的填“是”"},
		{Key: "education", Header: "学历", Kind: Education, Choices: EducationChoices, Required: true, Width: 12, Help: "最高学历；大专、高职填“专科”"},
		{Key: "title", Header: "专业技术职称", Width: 16, Help: "相关专业技术职称，无则留空"},
		{Key: "installer", Header: "安装维护员证书编号", Aliases: []string{"安全防范系统安装维护员证书编号"}, Width: 20, Help: "《安全防范系统安装维护员》证书编号，无则留空"},
		{Key: "vendor", Header: "安防服务供应商认证", Width: 18, Help: "安防服务供应商认证证书编号，无则留空"},
		{Key: "hired", Header: "入职日期", Kind: Date, Required: true, Width: 12, Help: "如 2021-03-01"},
		{Key: "insurance", Header: "是否缴纳社保", Kind: YesNo, Choices: YesNoChoices, Required: true, Width: 14},
		{Key: "nda", Header: "是否签署保密协议", Kind: YesNo, Choices: YesNoChoices, Required: true, Width: 16},
	},
}

// Declarations is the sheet 制度与信用, one row per Item.
var Declarations = Table{
	Name: SheetDeclarations,
	Help: "逐项填报“是/否”（M4 填“无/兼职/专职”），在“证明材料”列写明附件名称或编号；“评审核实”列由评审人员填写。",
	Columns: []Column{
		{Key: "item", Header: "编号", Required: true, Width: 6},
		{Key: "text", Header: "项目", Width: 46},
		{Key: "answer", Header: "填报", Kind: Choice, Width: 8, Help: "是/否；M4 填 无/兼职/专职"},
		{Key: "evidence", Header: "证明材料", Width: 30, Help: "附件名称或编号；复印件、扫描件每页加盖公章"},
		{Key: "review", Header: "评审核实", Kind: Choice, Choices: ReviewChoices, Width: 10, Help: "评审人员填写：通过/不通过"},
		{Key: "note", Header: "备注", Width: 24},
	},
}

// Items are the declaration rows of 制度与信用 (rating-model.md §4.3).
var Items = []Item{
	{"Q1", "境内依法注册的独立法人", YesNoChoices},
	{"Q2", "具有满足业务需要的固定经营场所", YesNoChoices},
	{"Q3", "依法建立社会保险账户并为员工缴纳社会保险", YesNoChoices},
	{"Q4", "经营范围与安全防范业务相关", YesNoChoices},
	{"C1", "无违规经营，或违规已纠正", YesNoChoices},
	{"C2", "未被通报重大责任事故或严重违法失信经营行为", YesNoChoices},
	{"C3", "获得相关行业组织的诚信经营荣誉或评价", YesNoChoices},
	{"T1", "建立培训教育管理制度", YesNoChoices},
	{"M1", "建立服务管理制度", YesNoChoices},
	{"M2", "向被服务单位公布相对固定的故障报修和服务投诉电话", YesNoChoices},
	{"M3", "报修和服务投诉电话7x24小时受理", YesNoChoices},
	{"M4", "服务质量监督岗位（无/兼职/专职）", PostChoices},
	{"M5", "执行年度服务工作回访机制", YesNoChoices},
	{"M6", "建立运行维护工作管理流程和制度", YesNoChoices},
	{"M7", "具有系统维护所需备品备件资源", YesNoChoices},
	{"M8", "编制适用于用户的突发事件应急处置预案", YesNoChoices},
	{"M9", "运用安防系统运行维护管理信息化平台", YesNoChoices},
	{"M10", "建立备品备件合格供应商管理制度", YesNoChoices},
	{"M11", "制定应对各类突发应急事件处置预案工作指南", YesNoChoices},
	{"M12", "建立保密管理制度和措施", YesNoChoices},
}

// ItemByID returns the declaration item with that 编号.
func ItemByID(id string) (Item, bool) {
	for _, it := range Items {
		if it.ID == id {
			return it, true
		}
	}
	return Item{}, false
}

// Training is the sheet 培训记录, one row per attendee per session.
var Training = Table{
	Name: SheetTraining,
	Help: "每位参训人员每次培训一行。只有“上岗后专项培训”计入培训学时要求。",
	Columns: []Column{
		{Key: "seq", Header: "序号", Kind: Integer, Width: 6},
		{Key: "date", Header: "培训日期", Kind: Date, Required: true, Width: 12},
		{Key: "title", Header: "培训名称", Required: true, Width: 24},
		{Key: "kind", Header: "培训类型", Kind: Choice, Choices: TrainingKinds, Required: true, Width: 16},
		{Key: "hours", Header: "学时", Kind: Decimal, Required: true, Width: 8, Help: "本次培训的学时（小时），可有小数，如 4 或 2.5"},
		{Key: "name", Header: "参训人员姓名", Required: true, Width: 12},
		{Key: "id", Header: "参训人员身份证号", Kind: IDNumber, Width: 22, Help: "与人员名册一致；留空时按姓名匹配"},
	},
}

// Contracts is the sheet 维保合同.
var Contracts = Table{
	Name: SheetContracts,
	Help: "每份维护保养合同一行，含近 5 年的合同（用于重点保卫单位占比和连续服务）。",
	Columns: []Column{
		{Key: "seq", Header: "序号", Kind: Integer, Width: 6},
		{Key: "number", Header: "合同编号", Width: 16},
		{Key: "client", Header: "用户单位名称", Required: true, Width: 28},
		{Key: "vip", Header: "是否重点保卫单位", Kind: YesNo, Choices: YesNoChoices, Required: true, Width: 16},
		{Key: "amount", Header: "合同金额（元）", Aliases: []string{"合同金额", "合同金额(元)", "金额（元）", "金额"}, Kind: Decimal, Required: true, Width: 16, Help: "以元为单位；也可写“30万元”"},
		{Key: "start", Header: "服务开始日期", Kind: Date, Required: true, Width: 14},
		{Key: "end", Header: "服务结束日期", Kind: Date, Required: true, Width: 14},
		{Key: "signed", Header: "签订日期", Kind: Date, Width: 12},
	},
}

// SurveyItem is one scored line of 表A.1.
type SurveyItem struct {
	Name string
	Max  int
}

// SurveyItems are the nine scored lines of 表A.1 with their 满分值.
var SurveyItems = []SurveyItem{
	{"服务业务管理能力", 10},
	{"维保工作规范表现", 5},
	{"员工维修技能水平", 15},
	{"员工工作素质表现", 5},
	{"维修质量总体印象", 10},
	{"改进工作问题效果", 10},
	{"报修受理进场响应", 15},
	{"应急事件处置能力", 15},
	{"兑现服务承诺表现", 15},
}

// SurveyTotalLabel is the tenth line of 表A.1.
const SurveyTotalLabel = "评价总分值"

// Surveys is the sheet 用户评价, one survey per row.
var Surveys = func() Table {
	t := Table{
		Name: SheetSurveys,
		Help: "每份用户评价表（附录 A 表 A.1）一行；各项得分不超过满分值。",
		Columns: []Column{
			{Key: "seq", Header: "序号", Kind: Integer, Width: 6},
			{Key: "client", Header: "用户单位名称", Required: true, Width: 28},
			{Key: "date", Header: "评价日期", Kind: Date, Required: true, Width: 12},
		},
	}
	for i, it := range SurveyItems {
		t.Columns = append(t.Columns, Column{Key: SurveyItemKey(i), Header: it.Name, Kind: Decimal, Required: true, Width: 10,
			Help: "满分 " + strconv.Itoa(it.Max) + " 分"})
	}
	t.Columns = append(t.Columns, Column{Key: "total", Header: SurveyTotalLabel, Kind: Decimal, Width: 10, Help: "可留空，自动按九项之和计算"})
	return t
}()

// SurveyItemKey is the column key of the i-th (0-based) survey item.
func SurveyItemKey(i int) string { return "item" + strconv.Itoa(i+1) }

// Tables are the table sheets of the applicant workbook in order.
var Tables = []Table{Staff, Declarations, Training, Contracts, Surveys}

// Fold normalises a label for matching: full-width to half-width, no white
// space, no required-field asterisks, Latin letters in lower case. Headers
// typed in WPS with a full-width bracket match the template's.
func Fold(s string) string {
	s = width.Fold.String(s)
	var b strings.Builder
	for _, r := range s {
		switch {
		case r == ' ' || r == '\t' || r == '\n' || r == '\r' || r == '\u00a0' || r == '\u3000' || r == '*':
			continue
		case r >= 'A' && r <= 'Z':
			r += 'a' - 'A'
		}
		b.WriteRune(r)
	}
	return b.String()
}
