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
const Version = "starrate-申报表-2022.2"

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
	Key    string // stable name used by the importer
	Header string // the label in the header row
	// Aliases are other headers a clerk types for the same column
	// (身份证号码 for 身份证号); matched folded, like Header.
	Aliases  []string
	Kind     Kind
	Choices  []string // for Choice, YesNo and Education: the drop-down list
	Required bool
	// Placeholder: 无, 暂无, /, 0 … in this column mean "none" (see
	// IsPlaceholder), as the help text 无则留空 invites clerks to write.
	Placeholder bool
	Width       float64
	Help        string // the input message shown when the cell is selected
	// Example is the value of the shaded example row under the header, as
	// text; the importer skips that row (see ExampleMark).
	Example string
}

// Table is a sheet with a header row and one record per row.
type Table struct {
	Name    string
	Columns []Column
	Help    string
	// Retired are columns of older template versions the importer still
	// recognises, to ignore them with a note instead of silently.
	Retired []Retired
	// Example: the sheet has an example row under its header.
	Example bool
}

// Retired is a column an older template had and this one dropped.
type Retired struct {
	Key     string
	Header  string
	Version string // the last template version that had it
	Why     string // what became of it, for the applicant
}

// HeaderRow is the row of the header in the template.
const HeaderRow = 1

// FirstRow is the first row of data in the template: under the header and
// the example row.
func (t Table) FirstRow() int {
	if t.Example {
		return HeaderRow + 2
	}
	return HeaderRow + 1
}

// Index returns the 0-based position of the column with the given key in
// the template's layout, or -1.
func (t Table) Index(key string) int {
	for i, c := range t.Columns {
		if c.Key == key {
			return i
		}
	}
	return -1
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
	Aliases  []string // other labels a clerk types for the same row
	Kind     Kind
	Choices  []string
	Required bool
	// Placeholder: 无, 暂无 … mean empty (see IsPlaceholder).
	Placeholder bool
	Help        string
}

// Item is one declaration row of 制度与信用.
type Item struct {
	ID      string
	Text    string
	Answers []string // the drop-down of 填报
	// Since is the template version that added the item ("" for the
	// first): a workbook made from an older template lacks it.
	Since string
	// Formerly is the item's text in an older template whose meaning was
	// narrowed since, and Change says how, for the applicant.
	Formerly, Change string
}

// The closed value sets of the workbook.
var (
	YesNoChoices     = []string{"是", "否"}
	EducationChoices = []string{"博士研究生", "硕士研究生", "本科", "专科", "中专", "高中", "初中及以下"}
	TrainingKinds    = []string{"上岗后专项培训", "其他"}
	PostChoices      = []string{"无", "兼职", "专职"}
	StarChoices      = []string{"一星", "二星", "三星"}
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
	{Key: "name", Label: "单位名称", Aliases: []string{"企业名称", "公司名称", "申报单位名称", "申报单位"}, Required: true, Help: "营业执照上的全称"},
	{Key: "uscc", Label: "统一社会信用代码", Aliases: []string{"社会信用代码", "信用代码", "统一信用代码"}, Kind: USCC, Required: true, Help: "18 位，见营业执照"},
	{Key: "year", Label: "评价年度", Aliases: []string{"年度", "参评年度", "评价年份"}, Kind: Integer, Required: true, Help: "参评的自然年度，如 2022；“1年内”“当年”指该年 1 月 1 日至 12 月 31 日"},
	{Key: "stars", Label: "申报星级", Aliases: []string{"申报等级", "申请星级"}, Kind: Choice, Choices: StarChoices, Required: true, Help: "一星、二星或三星"},
	{Key: "scope", Label: "经营范围", Help: "与营业执照一致"},
	{Key: "address", Label: "固定经营场所地址"},
	{Key: "contact", Label: "联系人"},
	{Key: "phone", Label: "联系电话"},
	{Key: "repair_phone", Label: "故障报修电话", Help: "向被服务单位公布的固定报修电话"},
	{Key: "complaint_phone", Label: "服务投诉电话", Help: "向被服务单位公布的固定投诉电话"},
	{Key: "platform", Label: "信息化平台名称", Aliases: []string{"运维管理信息化平台名称", "平台名称"}, Placeholder: true, Help: "三星：使用的安防系统运行维护管理信息化平台名称；无则留空"},
}

// CompanyRow is the row of the i-th of CompanyFields in the template.
func CompanyRow(i int) int { return HeaderRow + 1 + i }

// Staff is the sheet 人员名册.
var Staff = Table{
	Name:    SheetStaff,
	Example: true,
	Help:    "每人一行。身份证号用于去重和核对培训记录，请以文本格式填写 18 位号码。已离职人员可填写离职日期；评价年度 12 月 31 日在册的人员计入各项指标。",
	Columns: []Column{
		{Key: "seq", Header: "序号", Aliases: []string{"编号", "No."}, Kind: Integer, Width: 6, Example: ExampleMark},
		{Key: "name", Header: "姓名", Aliases: []string{"员工姓名", "人员姓名", "职工姓名"}, Required: true, Width: 10, Example: "张三"},
		{Key: "id", Header: "身份证号", Aliases: []string{"身份证号码", "身份证", "证件号码", "公民身份号码", "身份证件号码", "居民身份证号码", "居民身份证号"},
			Kind: IDNumber, Required: true, Width: 22, Help: "18 位身份证号，文本格式", Example: "110105199001010029"},
		{Key: "post", Header: "岗位", Aliases: []string{"职务", "岗位名称"}, Width: 14, Example: "运维工程师"},
		{Key: "om", Header: "是否运维人员", Aliases: []string{"运维人员"}, Kind: YesNo, Choices: YesNoChoices, Required: true, Width: 14, Help: "从事安防系统运行维护工作的填“是”", Example: "是"},
		{Key: "education", Header: "学历", Aliases: []string{"最高学历", "文化程度"}, Kind: Education, Choices: EducationChoices, Required: true, Width: 12, Help: "最高学历；大专、高职填“专科”", Example: "专科"},
		{Key: "title", Header: "专业技术职称", Aliases: []string{"职称", "技术职称"}, Placeholder: true, Width: 16, Help: "相关专业技术职称，无则留空", Example: "助理工程师"},
		{Key: "installer", Header: "安装维护员证书编号", Aliases: []string{"安全防范系统安装维护员证书编号", "安装维护员证书"}, Placeholder: true, Width: 20, Help: "《安全防范系统安装维护员》证书编号，无则留空", Example: "AZWH-2021-00001"},
		{Key: "vendor", Header: "安防服务供应商认证", Aliases: []string{"安防服务供应商认证证书编号", "供应商认证"}, Placeholder: true, Width: 18, Help: "安防服务供应商认证证书编号，无则留空"},
		{Key: "hired", Header: "入职日期", Aliases: []string{"入职时间", "参加工作日期"}, Kind: Date, Required: true, Width: 12, Help: "如 2021-03-01", Example: "2021-03-01"},
		{Key: "insurance", Header: "是否缴纳社保", Aliases: []string{"是否缴纳社会保险", "缴纳社保"}, Kind: YesNo, Choices: YesNoChoices, Required: true, Width: 14, Example: "是"},
		{Key: "nda", Header: "是否签署保密协议", Aliases: []string{"签署保密协议"}, Kind: YesNo, Choices: YesNoChoices, Required: true, Width: 16, Example: "是"},
		{Key: "left", Header: "离职日期", Aliases: []string{"离职时间"}, Kind: Date, Width: 12, Help: "在职人员留空", Example: ""},
	},
}

// Declarations is the sheet 制度与信用, one row per Item.
var Declarations = Table{
	Name: SheetDeclarations,
	Help: "逐项填报“是/否”（M4 填“无/兼职/专职”），在“证明材料”列写明附件名称或编号。",
	Columns: []Column{
		{Key: "item", Header: "编号", Aliases: []string{"项目编号"}, Required: true, Width: 6},
		{Key: "text", Header: "项目", Aliases: []string{"项目名称", "内容"}, Width: 46},
		{Key: "answer", Header: "填报", Aliases: []string{"填报情况", "是否具备"}, Kind: Choice, Width: 8, Help: "是/否；M4 填 无/兼职/专职"},
		{Key: "evidence", Header: "证明材料", Aliases: []string{"证明材料名称", "附件"}, Placeholder: true, Width: 30, Help: "附件名称或编号；复印件、扫描件每页加盖公章"},
		{Key: "note", Header: "备注", Aliases: []string{"说明"}, Width: 24},
	},
	Retired: []Retired{{Key: "review", Header: "评审核实", Version: "starrate-申报表-2022.1",
		Why: "核实结论由评审机构记入评审记录，申报表中的这一列不再读取"}},
}

// Items are the declaration rows of 制度与信用 (rating-model.md §4.3).
var Items = []Item{
	{ID: "Q1", Text: "境内依法注册的独立法人", Answers: YesNoChoices},
	{ID: "Q2", Text: "具有满足业务需要的固定经营场所", Answers: YesNoChoices},
	{ID: "Q3", Text: "依法建立社会保险账户并为员工缴纳社会保险", Answers: YesNoChoices},
	{ID: "Q4", Text: "经营范围与安全防范业务相关", Answers: YesNoChoices},
	{ID: "C1", Text: "无违规经营，或违规已纠正", Answers: YesNoChoices},
	{ID: "C2", Text: "未被通报重大责任事故或严重违法失信经营行为", Answers: YesNoChoices},
	{ID: "C3", Text: "获得相关行业组织的诚信经营荣誉", Answers: YesNoChoices, Formerly: "获得相关行业组织的诚信经营荣誉或评价",
		Change: "2022.2 起 C3 只指诚信经营荣誉，行业组织对诚信经营的评价填在 C4"},
	{ID: "C4", Text: "获得相关行业组织评价的诚信经营", Answers: YesNoChoices, Since: "starrate-申报表-2022.2"},
	{ID: "T1", Text: "建立培训教育管理制度", Answers: YesNoChoices},
	{ID: "M1", Text: "建立服务管理制度", Answers: YesNoChoices},
	{ID: "M2", Text: "向被服务单位公布相对固定的故障报修和服务投诉电话", Answers: YesNoChoices},
	{ID: "M3", Text: "报修和服务投诉电话7x24小时受理", Answers: YesNoChoices},
	{ID: "M4", Text: "服务质量监督岗位（无/兼职/专职）", Answers: PostChoices},
	{ID: "M5", Text: "执行年度服务工作回访机制", Answers: YesNoChoices},
	{ID: "M6", Text: "建立运行维护工作管理流程和制度", Answers: YesNoChoices},
	{ID: "M7", Text: "具有系统维护所需备品备件资源", Answers: YesNoChoices},
	{ID: "M8", Text: "编制适用于用户的突发事件应急处置预案", Answers: YesNoChoices},
	{ID: "M9", Text: "运用安防系统运行维护管理信息化平台", Answers: YesNoChoices},
	{ID: "M10", Text: "建立备品备件合格供应商管理制度", Answers: YesNoChoices},
	{ID: "M11", Text: "制定应对各类突发应急事件处置预案工作指南", Answers: YesNoChoices},
	{ID: "M12", Text: "建立保密管理制度和措施", Answers: YesNoChoices},
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

// ItemRange describes the item ids for a message, from Items: runs of one
// letter with consecutive numbers are shortened (Q1–Q4、C1–C4、T1、M1–M12).
func ItemRange() string {
	var parts []string
	for i := 0; i < len(Items); {
		j := i
		for j+1 < len(Items) && Items[j+1].ID[0] == Items[i].ID[0] {
			j++
		}
		if i == j {
			parts = append(parts, Items[i].ID)
		} else {
			parts = append(parts, Items[i].ID+"–"+Items[j].ID)
		}
		i = j + 1
	}
	return strings.Join(parts, "、")
}

// Training is the sheet 培训记录, one row per attendee per session.
var Training = Table{
	Name:    SheetTraining,
	Example: true,
	Help:    "每位参训人员每天的培训一行。只有“上岗后专项培训”计入培训学时要求；连续几天的同一培训（同一培训名称）算一次。",
	Columns: []Column{
		{Key: "seq", Header: "序号", Aliases: []string{"编号", "No."}, Kind: Integer, Width: 6, Example: ExampleMark},
		{Key: "date", Header: "培训日期", Aliases: []string{"培训时间", "日期"}, Kind: Date, Required: true, Width: 12, Example: "2022-03-15"},
		{Key: "title", Header: "培训名称", Aliases: []string{"培训内容", "培训课程", "培训主题"}, Required: true, Width: 24, Example: "视频监控系统运行维护专项培训"},
		{Key: "kind", Header: "培训类型", Aliases: []string{"培训类别"}, Kind: Choice, Choices: TrainingKinds, Required: true, Width: 16, Example: "上岗后专项培训"},
		{Key: "hours", Header: "学时", Aliases: []string{"培训学时", "学时（小时）", "课时"}, Kind: Decimal, Required: true, Width: 8, Help: "本次培训的学时（小时），可有小数，如 4 或 2.5", Example: "8"},
		{Key: "name", Header: "参训人员姓名", Aliases: []string{"姓名", "参训人员", "参训人姓名", "员工姓名"}, Required: true, Width: 12, Example: "张三"},
		{Key: "id", Header: "参训人员身份证号", Aliases: []string{"参训人员身份证号码", "身份证号", "身份证号码", "身份证", "证件号码", "公民身份号码"},
			Kind: IDNumber, Width: 22, Help: "与人员名册一致；留空时按姓名匹配", Example: "110105199001010029"},
	},
}

// Contracts is the sheet 维保合同.
var Contracts = Table{
	Name:    SheetContracts,
	Example: true,
	Help:    "每份维护保养合同一行，含近 5 年的合同（用于重点保卫单位占比和连续服务）。不要填写合计行。",
	Columns: []Column{
		{Key: "seq", Header: "序号", Aliases: []string{"编号", "No."}, Kind: Integer, Width: 6, Example: ExampleMark},
		{Key: "number", Header: "合同编号", Aliases: []string{"合同号"}, Width: 16, Example: "WB-2022-001"},
		{Key: "client", Header: "用户单位名称", Aliases: []string{"用户单位", "用户名称", "客户名称", "甲方单位", "甲方", "服务对象"}, Required: true, Width: 28, Example: "某区某银行支行"},
		{Key: "vip", Header: "是否重点保卫单位", Aliases: []string{"重点保卫单位", "是否为重点保卫单位"}, Kind: YesNo, Choices: YesNoChoices, Required: true, Width: 16, Example: "否"},
		{Key: "amount", Header: "合同金额（元）", Aliases: []string{"合同金额", "金额（元）", "金额"}, Kind: Decimal, Required: true, Width: 16, Help: "以元为单位；也可写“30万元”", Example: "300000"},
		{Key: "start", Header: "服务开始日期", Aliases: []string{"开始日期", "服务起始日期", "合同开始日期"}, Kind: Date, Required: true, Width: 14, Example: "2022-01-01"},
		{Key: "end", Header: "服务结束日期", Aliases: []string{"结束日期", "服务截止日期", "合同结束日期", "服务终止日期"}, Kind: Date, Required: true, Width: 14, Example: "2022-12-31"},
		{Key: "signed", Header: "签订日期", Aliases: []string{"合同签订日期", "签约日期"}, Kind: Date, Width: 12, Example: "2021-12-20"},
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

// FormField is a label cell of 表A.1 with its value in the cells to its
// right.
type FormField struct {
	Key      string
	Label    string
	Row, Col int // 1-based cell of the label; the value starts at Col+1
	Required bool
}

// FormLayout is 表A.1 as the standard lays it out. WriteSurvey draws it,
// WriteSurveyFilled fills it, and the importer finds its labels, so the
// three cannot drift apart. The importer looks labels up anywhere on the
// sheet: a form retyped by hand with rows shifted still reads.
type FormLayout struct {
	Title        string
	Fields       []FormField // the header block, and 评价日期 under the scores
	Section      string      // the row 服务评价 above the score table
	SectionRow   int
	HeaderRow    int // 序号 / 评价内容 / 满分值 / 评价分
	NumberHeader string
	ItemHeader   string
	MaxHeader    string
	ScoreHeader  string
	FirstItemRow int // the row of SurveyItems[0]
	ItemCol      int
	MaxCol       int
	ScoreCol     int // the column of the 评价分 values
	Sign         string
	LastCol      int
}

// TotalRow is the row of 评价总分值.
func (l FormLayout) TotalRow() int { return l.FirstItemRow + len(SurveyItems) }

// Field returns the field with that key.
func (l FormLayout) Field(key string) FormField {
	for _, f := range l.Fields {
		if f.Key == key {
			return f
		}
	}
	panic("templates: no field " + key + " in 表A.1")
}

// SurveyForm is the layout of the standalone 表A.1.
var SurveyForm = func() FormLayout {
	l := FormLayout{
		Title:   "表 A.1 安全防范系统运行维护服务用户评价表",
		Section: "服务评价", SectionRow: 7,
		HeaderRow: 8, NumberHeader: "序号", ItemHeader: "评价内容", MaxHeader: "满分值", ScoreHeader: "评价分",
		FirstItemRow: 9, ItemCol: 2, MaxCol: 4, ScoreCol: 5, LastCol: 6,
		Sign: "用户评价单位：签字盖章",
		Fields: []FormField{
			{Key: "client", Label: "用户单位名称", Row: 2, Col: 1, Required: true},
			{Key: "client_dept", Label: "用户主管部门名称", Row: 3, Col: 1},
			{Key: "client_head", Label: "主管负责人", Row: 3, Col: 3},
			{Key: "client_phone", Label: "联系电话", Row: 3, Col: 5},
			{Key: "company", Label: "服务单位名称", Row: 4, Col: 1, Required: true},
			{Key: "uscc", Label: "服务单位统一社会信用代码", Row: 5, Col: 1},
			{Key: "company_dept", Label: "服务主管部门名称", Row: 6, Col: 1},
			{Key: "company_head", Label: "主管负责人", Row: 6, Col: 3},
			{Key: "company_phone", Label: "联系电话", Row: 6, Col: 5},
		},
	}
	l.Fields = append(l.Fields, FormField{Key: "date", Label: "评价日期", Row: l.TotalRow() + 2, Col: 1, Required: true})
	return l
}()

// Surveys is the sheet 用户评价, one survey per row.
var Surveys = func() Table {
	t := Table{
		Name:    SheetSurveys,
		Example: true,
		Help:    "每份用户评价表（附录 A 表 A.1）一行；各项得分不超过满分值。",
		Columns: []Column{
			{Key: "seq", Header: "序号", Aliases: []string{"编号", "No."}, Kind: Integer, Width: 6, Example: ExampleMark},
			{Key: "client", Header: "用户单位名称", Aliases: []string{"用户单位", "评价单位", "评价单位名称"}, Required: true, Width: 28, Example: "某区某银行支行"},
			{Key: "date", Header: "评价日期", Aliases: []string{"评价时间"}, Kind: Date, Required: true, Width: 12, Example: "2022-12-01"},
		},
	}
	total := 0
	for i, it := range SurveyItems {
		t.Columns = append(t.Columns, Column{Key: SurveyItemKey(i), Header: it.Name, Kind: Decimal, Required: true, Width: 10,
			Help: "满分 " + strconv.Itoa(it.Max) + " 分", Example: strconv.Itoa(it.Max - 1)})
		total += it.Max - 1
	}
	t.Columns = append(t.Columns, Column{Key: "total", Header: SurveyTotalLabel, Aliases: []string{"总分", "评价总分", "合计得分"}, Kind: Decimal, Width: 10,
		Help: "可留空，自动按九项之和计算", Example: strconv.Itoa(total)})
	return t
}()

// SurveyItemKey is the column key of the i-th (0-based) survey item.
func SurveyItemKey(i int) string { return "item" + strconv.Itoa(i+1) }

// Tables are the table sheets of the applicant workbook in order.
var Tables = []Table{Staff, Declarations, Training, Contracts, Surveys}

// ExampleMark is the 序号 of the example row under a table's header; the
// importer skips a row so marked.
const ExampleMark = "示例"

// RequiredMark follows the header of a required column, in red; Fold drops
// it (and a typed 「（必填）」), so marked and unmarked headers match.
const RequiredMark = "*"

// Placeholders are what clerks type for "none" in an optional text column
// (rating-model.md §3, Placeholders).
var Placeholders = []string{"无", "暂无", "没有", "否", "/", "-", "—", "0", "N/A"}

// IsPlaceholder reports whether s, folded, is one of Placeholders (also
// written with spaces, full-width, or doubled dashes such as 「--」「——」).
func IsPlaceholder(s string) bool {
	f := Fold(s)
	if f == "" {
		return false
	}
	if strings.Trim(f, "-—–") == "" || strings.Trim(f, "/") == "" {
		return true
	}
	for _, p := range Placeholders {
		if f == Fold(p) {
			return true
		}
	}
	return false
}

// totalLabels mark a row that sums the rows above it.
var totalLabels = []string{"合计", "小计", "总计", "总合计", "本页合计", "本页小计"}

// IsTotalLabel reports whether a cell's text makes its row a 合计/小计/总计
// row (「合 计」「合计：」 too) rather than a record.
func IsTotalLabel(s string) bool {
	if !strings.Contains(s, "计") { // every label has it; most cells do not
		return false
	}
	f := strings.TrimRight(Fold(s), ":")
	for _, l := range totalLabels {
		if f == l {
			return true
		}
	}
	return false
}

var marks = strings.NewReplacer("(必填)", "", "(选填)", "")

// Fold normalises a label for matching: full-width to half-width, no white
// space, no required-field marks (「*」, 「（必填）」), Latin letters in lower
// case. Headers typed in WPS with a full-width bracket match the template's.
func Fold(s string) string {
	s = width.Fold.String(s)
	if strings.Contains(s, "填)") {
		s = marks.Replace(s)
	}
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
