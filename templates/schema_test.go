package templates

import (
	"bytes"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/bax/starrate/rating"
)

func TestCheckCharacters(t *testing.T) {
	// GB 11643-1999's own example, and one ending in X.
	for _, id := range []string{"11010519491231002X", "440524188001010014", SampleID(3, 7)} {
		c, ok := IDCheckDigit(id[:17])
		require.True(t, ok, id)
		assert.Equal(t, id[17], c, id)
	}
	_, ok := IDCheckDigit("1101051949123100A")
	assert.False(t, ok)
	_, ok = IDCheckDigit("123")
	assert.False(t, ok)
	// GB 32100-2015's example code.
	for _, code := range []string{"91350100M000100Y43", SampleUSCC(12)} {
		c, ok := USCCCheckChar(code[:17])
		require.True(t, ok, code)
		assert.Equal(t, code[17], c, code)
	}
	_, ok = USCCCheckChar("91350100I000100Y4") // I is not in the alphabet
	assert.False(t, ok)
}

func TestPlaceholdersAndTotals(t *testing.T) {
	for _, s := range append(Placeholders, "  无 ", "／", "---", "——", "n/a", "Ｎ／Ａ", "０", "//") {
		assert.True(t, IsPlaceholder(s), s)
	}
	for _, s := range []string{"", "无线电工程师", "00", "0012", "否决", "NA-1", "助理工程师"} {
		assert.False(t, IsPlaceholder(s), s)
	}
	for _, s := range []string{"合计", "合 计", "小计：", "总计:", " 总计 ", "本页合计"} {
		assert.True(t, IsTotalLabel(s), s)
	}
	for _, s := range []string{"", "合计金额", "小计算机培训", "合计得分", "某合计公司"} {
		assert.False(t, IsTotalLabel(s), s)
	}
}

func TestFoldDropsRequiredMarks(t *testing.T) {
	for _, s := range []string{"身份证号*", "身份证号（必填）", "身份证号(必填)", " 身份证号 ＊", "身份证号（选填）"} {
		assert.Equal(t, Fold("身份证号"), Fold(s), s)
	}
}

// No two columns of a table, and no two company fields, answer to the same
// folded header: a clerk's header means one column.
func TestHeadersAreUnambiguous(t *testing.T) {
	for _, tb := range Tables {
		seen := map[string]string{}
		for _, c := range tb.Columns {
			for _, h := range append([]string{c.Header}, c.Aliases...) {
				prev, dup := seen[Fold(h)]
				assert.False(t, dup, "%s: %q is %s and %s", tb.Name, h, prev, c.Key)
				seen[Fold(h)] = c.Key
			}
		}
		for _, r := range tb.Retired {
			_, dup := seen[Fold(r.Header)]
			assert.False(t, dup, "%s: retired %q is a live header", tb.Name, r.Header)
		}
	}
	seen := map[string]string{}
	for _, f := range CompanyFields {
		for _, l := range append([]string{f.Label}, f.Aliases...) {
			prev, dup := seen[Fold(l)]
			assert.False(t, dup, "单位信息: %q is %s and %s", l, prev, f.Key)
			seen[Fold(l)] = f.Key
		}
	}
}

// 填表说明 prints: wrapped, rows tall enough for their text, A4 one page
// wide; it sends applicants to the self-check page, not to a command.
func TestGuidePrintable(t *testing.T) {
	f := open(t, func(b *bytes.Buffer) error { return Write(b, 2022) })
	rows, err := f.GetRows(SheetGuide)
	require.NoError(t, err)
	all := ""
	for i, r := range rows {
		if len(r) == 0 {
			continue
		}
		all += r[0] + "\n"
		h, err := f.GetRowHeight(SheetGuide, i+1)
		require.NoError(t, err)
		assert.GreaterOrEqual(t, h, rowHeight(r[0], guideWidth), "row %d", i+1)
		if i > 0 && r[0] != "" {
			st, err := f.GetCellStyle(SheetGuide, cell(1, i+1))
			require.NoError(t, err)
			style, err := f.GetStyle(st)
			require.NoError(t, err)
			require.NotNil(t, style.Alignment, "row %d", i+1)
			assert.True(t, style.Alignment.WrapText, "row %d wraps", i+1)
		}
	}
	assert.Contains(t, all, SelfCheckPage)
	assert.NotContains(t, all, "starrate validate")
	assert.NotContains(t, all, "评审核实")
	layout, err := f.GetPageLayout(SheetGuide)
	require.NoError(t, err)
	assert.Equal(t, 9, *layout.Size, "A4")
	assert.Equal(t, 1, *layout.FitToWidth)
	for _, tb := range Tables {
		layout, err := f.GetPageLayout(tb.Name)
		require.NoError(t, err)
		assert.Equal(t, 9, *layout.Size, tb.Name)
		assert.Equal(t, 1, *layout.FitToWidth, tb.Name)
	}
}

// The example rows are shaded and marked.
func TestExampleRows(t *testing.T) {
	f := open(t, func(b *bytes.Buffer) error { return Write(b, 2022) })
	for _, tb := range Tables {
		if !tb.Example {
			continue
		}
		for i, c := range tb.Columns {
			v, err := f.GetCellValue(tb.Name, cell(i+1, HeaderRow+1))
			require.NoError(t, err)
			assert.Equal(t, c.Example, v, "%s %s", tb.Name, c.Header)
			st, err := f.GetCellStyle(tb.Name, cell(i+1, HeaderRow+1))
			require.NoError(t, err)
			style, err := f.GetStyle(st)
			require.NoError(t, err)
			assert.Equal(t, []string{"F2F2F2"}, style.Fill.Color, "%s %s shaded", tb.Name, c.Header)
		}
	}
}

// The labels rating prints in its messages are the workbook's: a clerk
// reads 「故障报修电话 未填写」 and finds that row in 单位信息.
func TestRatingLabelsAreTheSchemas(t *testing.T) {
	app := Sample(SampleSpec{Seed: 1, Year: 2022, Level: 3, Staff: 30, Contracts: 10, Surveys: 3})
	app.Company.RepairPhone, app.Company.ComplaintPhone, app.Company.Platform = "", "", ""
	app.Staff[0].SocialInsurance, app.Staff[0].NDA = rating.No, rating.No
	res := rating.Rate(app, rating.DefaultProfile())
	var text strings.Builder
	for _, c := range res.Clauses {
		text.WriteString(c.Message + "\n" + c.Required + "\n" + c.Measured + "\n")
	}
	for _, key := range []string{"repair_phone", "complaint_phone", "platform"} {
		for _, fd := range CompanyFields {
			if fd.Key == key {
				assert.Contains(t, text.String(), fd.Label)
			}
		}
	}
	for _, key := range []string{"insurance", "nda"} {
		assert.Contains(t, text.String(), Staff.Column(key).Header)
	}
	for _, sheet := range []string{SheetCompany, SheetStaff, SheetDeclarations} {
		assert.Contains(t, text.String(), sheet+" ", "rating names the sheet as the workbook does")
	}
}
