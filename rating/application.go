// Package rating holds the domain of starrate: one company's application for
// a star level under T/BAX 000X—2022, the rule profile that says how each
// clause of the standard is measured, and the verdicts.
//
// It knows nothing of workbooks. The importer builds an Application from an
// applicant's workbook; Rate turns it into a Result; the exporter writes
// Results out.
package rating

import (
	"slices"
	"strings"
	"unicode"

	"golang.org/x/text/width"
)

// Application is everything one company declares in its 申报表.
type Application struct {
	Company      Company
	Staff        []Person
	Trainings    []Training
	Contracts    []Contract
	Surveys      []Survey
	Declarations map[string]Declaration // by item id: Q1, C2, M4 …
}

// Company is the sheet 单位信息.
type Company struct {
	Name           string
	USCC           string // 统一社会信用代码
	Year           int    // 评价年度
	AppliedStars   int    // 申报星级, 0 when not given
	Scope          string // 经营范围
	Address        string // 固定经营场所地址
	Contact        string
	Phone          string
	RepairPhone    string // 故障报修电话
	ComplaintPhone string // 服务投诉电话
	Platform       string // 信息化平台名称
}

// field is the text field of Company that rule profiles and the workbook
// call by this name, or nil.
func (c *Company) field(name string) *string {
	switch name {
	case "name":
		return &c.Name
	case "uscc":
		return &c.USCC
	case "scope":
		return &c.Scope
	case "address":
		return &c.Address
	case "contact":
		return &c.Contact
	case "phone":
		return &c.Phone
	case "repair_phone":
		return &c.RepairPhone
	case "complaint_phone":
		return &c.ComplaintPhone
	case "platform":
		return &c.Platform
	}
	return nil
}

// Field returns a text field of Company by its name (see companyFieldLabels).
func (c Company) Field(name string) (value string, ok bool) {
	if p := c.field(name); p != nil {
		return *p, true
	}
	return "", false
}

// SetField sets a text field of Company by its name; false for a name that
// is not a text field.
func (c *Company) SetField(name, value string) bool {
	p := c.field(name)
	if p != nil {
		*p = value
	}
	return p != nil
}

// companyFieldLabels names the fields of Company as the workbook labels them.
var companyFieldLabels = map[string]string{
	"name":            "单位名称",
	"uscc":            "统一社会信用代码",
	"scope":           "经营范围",
	"address":         "固定经营场所地址",
	"contact":         "联系人",
	"phone":           "联系电话",
	"repair_phone":    "故障报修电话",
	"complaint_phone": "服务投诉电话",
	"platform":        "信息化平台名称",
}

// Ref locates a record in the applicant's workbook so that a verdict can
// point at it ("人员名册 第 12 行").
type Ref struct {
	Sheet string
	Row   int // 1-based worksheet row; 0 when unknown
}

// Tri is a yes/no answer that may be missing.
type Tri int8

// The answers of a Tri.
const (
	Unknown Tri = iota
	Yes
	No
)

// Education is a rank of 学历; higher is more.
type Education int

// The ranks of 学历 (rating-model.md §4.2). 中专 and 高中 share a rank.
const (
	EduUnknown   Education = iota
	EduJunior              // 初中及以下
	EduSecondary           // 中专 / 高中
	EduCollege             // 专科
	EduBachelor            // 本科
	EduMaster              // 硕士研究生
	EduDoctor              // 博士研究生
)

var educationNames = [...]string{"", "初中及以下", "中专/高中", "专科", "本科", "硕士研究生", "博士研究生"}

func (e Education) String() string {
	if e < 0 || int(e) >= len(educationNames) {
		return ""
	}
	return educationNames[e]
}

// FieldSet names the fields of one row, by the workbook schema's column
// keys (templates.Column.Key: "education", "start", "item3" …), whose value
// had an error when read. rating-model.md §3 "Mistakes only lower": a value
// with an error never helps the company in any metric that uses it.
type FieldSet []string

// Has reports whether key is in the set.
func (s FieldSet) Has(key string) bool { return slices.Contains(s, key) }

// Add puts key in the set once.
func (s *FieldSet) Add(key string) {
	if !s.Has(key) {
		*s = append(*s, key)
	}
}

// Person is one row of 人员名册.
type Person struct {
	Ref             Ref
	Name            string
	ID              string // 身份证号, upper-case
	Post            string // 岗位
	OM              Tri    // 是否运维人员
	Education       Education
	Title           string // 专业技术职称
	InstallerCert   string // 安装维护员证书编号
	VendorCert      string // 安防服务供应商认证
	Hired           Date   // 入职日期
	Left            Date   // 离职日期 (optional), zero when still employed
	SocialInsurance Tri    // 是否缴纳社保
	NDA             Tri    // 是否签署保密协议
	Bad             FieldSet
}

// Flag returns a yes/no column of the roster by the name rule profiles use.
func (p Person) Flag(name string) (Tri, bool) {
	switch name {
	case "social_insurance":
		return p.SocialInsurance, true
	case "nda":
		return p.NDA, true
	case "om":
		return p.OM, true
	}
	return Unknown, false
}

var personFlagLabels = map[string]string{
	"social_insurance": "是否缴纳社保",
	"nda":              "是否签署保密协议",
	"om":               "是否运维人员",
}

// TrainingPostHire is the 培训类型 that clauses 5.k.2.3 count.
const TrainingPostHire = "上岗后专项培训"

// Training is one attendee of one training session (one row of 培训记录).
type Training struct {
	Ref      Ref
	Date     Date
	Title    string // 培训名称
	Kind     string // 培训类型: TrainingPostHire or 其他
	Hours    Decimal
	Name     string // 参训人员姓名
	PersonID string // 参训人员身份证号, may be empty
	Bad      FieldSet
}

// Contract is one row of 维保合同.
type Contract struct {
	Ref    Ref
	Number string // 合同编号
	Client string // 用户单位名称 as written
	VIP    Tri    // 是否重点保卫单位
	Amount Decimal
	Start  Date
	End    Date
	Signed Date // 签订日期, may be zero
	Bad    FieldSet
}

// Term is the service period of the contract.
func (c Contract) Term() Period { return Period{c.Start, c.End} }

// SurveyItems is the number of scored items of 表A.1.
const SurveyItems = 9

// Survey is one user's completed 表A.1.
type Survey struct {
	Ref    Ref
	Client string
	Date   Date
	Items  [SurveyItems]Decimal
	Bad    FieldSet
}

// Total is the survey's score: the sum of its nine items.
func (s Survey) Total() Decimal {
	var t Decimal
	for _, v := range s.Items {
		t += v
	}
	return t
}

// Declaration is one row of 制度与信用.
type Declaration struct {
	Ref      Ref
	Item     string // 编号
	Answer   string // 填报, normalised: 是 / 否 / 无 / 兼职 / 专职, or "" when empty
	Evidence string // 证明材料
	Note     string // 备注
}

// NormalizeName folds a unit name so that the same client written twice is
// counted once: full-width letters, digits and brackets become half-width
// (so 「（）」 = 「()」), spaces go, Latin letters are folded to lower case.
func NormalizeName(s string) string {
	// width.Fold only changes U+3000 and the U+FF00 block; most names
	// have neither, and folding allocates (it runs for every training row).
	if strings.IndexFunc(s, func(r rune) bool { return r == '\u3000' || r >= 0xFF00 && r <= 0xFFEF }) >= 0 {
		s = width.Fold.String(s)
	}
	var b strings.Builder
	b.Grow(len(s))
	for _, r := range s {
		if unicode.IsSpace(r) {
			continue
		}
		b.WriteRune(unicode.ToLower(r))
	}
	return b.String()
}
