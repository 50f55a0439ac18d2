package exporter

import (
	"fmt"
	"strings"

	"github.com/bax/starrate/rating"
)

// shortfallNames name rating's shortfall metrics for people; a metric not
// named here is shown by its clause's element.
var shortfallNames = map[string]string{
	"staff":            "在册人员",
	"om_staff":         "运维人员",
	"qualified_staff":  "资格人员",
	"degree_staff":     "专科以上学历",
	"training":         "培训达标",
	"social_insurance": "缴纳社保",
	"nda":              "保密协议",
	"clients":          "服务单位",
	"amount":           "合同金额",
	"renewals":         "连续服务",
	"vip_clients":      "重点保卫单位",
	"survey_score":     "评价得分",
	"surveys":          "用户评价",
}

// ShortfallText says one shortfall in a few words: 「资格人员差 3 人」.
func ShortfallText(s rating.Shortfall, element string) string {
	name := shortfallNames[s.Metric]
	if name == "" {
		name = element
	}
	v := "?"
	if s.Value != nil {
		v = thousands(rating.Cut(s.Value))
	}
	return fmt.Sprintf("%s差 %s %s", name, v, s.Unit)
}

// gapFor is the gap report at the level a company applied for, or the
// next level above what it reached when it gave no applied level.
func gapFor(c Company) (rating.Gap, bool) {
	for _, g := range c.Result.Next {
		if g.Applied || c.AppliedStars == 0 {
			return g, true
		}
	}
	return rating.Gap{}, false
}

// capNote says 「可达三星（申报一星）」 when a company could have had more
// than the level it applied for; "" otherwise.
func capNote(c Company) string {
	r := c.Result
	if r == nil || r.AchievableStars <= r.Stars {
		return ""
	}
	return fmt.Sprintf("可达%s（申报%s）", rating.LevelName(r.AchievableStars), rating.LevelName(c.AppliedStars))
}

// boardShortfalls is how many shortfalls 主要差距 names before it counts.
const boardShortfalls = 2

// mainGap is 汇总's 主要差距: what stands between a company and the level
// it applied for, the measured shortfalls in words and the other clauses
// counted.
func mainGap(c Company) string {
	r := c.Result
	if r == nil {
		return "文件有错误，未评定"
	}
	g, ok := gapFor(c)
	if !ok || len(g.Clauses) == 0 {
		if note := capNote(c); note != "" {
			return "已达申报星级；" + note
		}
		if c.AppliedStars == 0 || len(r.Next) == 0 {
			return "已达三星"
		}
		return "已达申报星级"
	}
	// A metric short at several levels needs the most it misses by: the
	// higher level's threshold.
	type short struct {
		s       rating.Shortfall
		element string
	}
	var order []string
	most := map[string]short{}
	review, declared := 0, 0
	for _, cl := range g.Clauses {
		switch {
		case cl.Status == rating.Review:
			review++
		case len(cl.Shortfalls) == 0:
			declared++
		}
		if cl.Status != rating.Fail {
			continue
		}
		for _, s := range cl.Shortfalls {
			m, seen := most[s.Metric]
			if !seen {
				order = append(order, s.Metric)
			}
			if !seen || m.s.Value != nil && s.Value != nil && s.Value.Cmp(m.s.Value) > 0 {
				most[s.Metric] = short{s, cl.Element}
			}
		}
	}
	// The board reads the first shortfalls in clause order and how many
	// more; the full list is in 条款明细 and the company's own 评定结果.
	var metrics []string
	for _, k := range order[:min(len(order), boardShortfalls)] {
		metrics = append(metrics, ShortfallText(most[k].s, most[k].element))
	}
	var words []string
	if len(metrics) > 0 {
		w := strings.Join(metrics, "、")
		if len(order) > boardShortfalls {
			w += fmt.Sprintf("等 %d 项指标", len(order))
		}
		words = append(words, w)
	}
	if declared > 0 {
		words = append(words, fmt.Sprintf("%d 项声明不符", declared))
	}
	if review > 0 {
		words = append(words, fmt.Sprintf("%d 项待核实", review))
	}
	return fmt.Sprintf("差 %d 项：%s", len(g.Clauses), strings.Join(words, "；"))
}

// thousands groups the whole part of a decimal number: 1234567.5 → 1,234,567.5.
func thousands(n string) string {
	whole, frac, dot := strings.Cut(n, ".")
	var b strings.Builder
	for i, d := range whole {
		if i > 0 && (len(whole)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(d)
	}
	if dot {
		return b.String() + "." + frac
	}
	return b.String()
}
