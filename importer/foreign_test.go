package importer

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/bax/starrate/rating"
)

// Files written by openpyxl and re-saved by LibreOffice (see
// testdata/foreign/README.md) import to the same values.
func TestForeignWorkbooks(t *testing.T) {
	for _, name := range []string{"openpyxl-filled.xlsx", "libreoffice-resaved.xlsx"} {
		t.Run(name, func(t *testing.T) {
			wb := ReadFile(t.Context(), "../testdata/foreign/"+name, name, Options{})
			// The files follow the 2022.1 template: 评审核实 is ignored with
			// a note, and the item C4 that 2022.2 added is missing.
			require.Len(t, wb.Problems, 2, "%v", wb.Problems)
			outdated := wb.Problems[0]
			assert.Equal(t, rating.SeverityWarning, outdated.Severity)
			assert.Equal(t, rating.CodeOutdated, outdated.Code)
			assert.Equal(t, "E1", outdated.Cell)
			assert.Contains(t, outdated.Message, "「评审核实」列来自 starrate-申报表-2022.1 模板")
			assert.Contains(t, outdated.Message, "4 行填写了内容，均未采用")
			c4 := wb.Problems[1]
			assert.Equal(t, rating.SeverityError, c4.Severity)
			assert.Equal(t, rating.CodeOutdated, c4.Code)
			assert.Equal(t, "制度与信用", c4.Sheet)
			assert.Contains(t, c4.Message, "缺少项目 C4「获得相关行业组织评价的诚信经营」")
			assert.Contains(t, c4.Message, "在第 8 行（C3）之后插入一行：编号「C4」")
			app := wb.Application
			require.NotNil(t, app)
			assert.Equal(t, "北京外部工具测试有限公司", app.Company.Name)
			assert.Equal(t, 2022, app.Company.Year)
			assert.Equal(t, 2, app.Company.AppliedStars)
			assert.Equal(t, "", app.Company.Platform)

			require.Len(t, app.Staff, 3)
			p := app.Staff[1]
			assert.Equal(t, rating.Ref{Sheet: "人员名册", Row: 5}, p.Ref, "title row and blank row above the header")
			assert.Equal(t, "吴二", p.Name)
			assert.Equal(t, rating.EduBachelor, p.Education)
			assert.Equal(t, rating.Yes, p.OM)
			assert.Equal(t, "AZ-7", p.InstallerCert)
			assert.Equal(t, date(2021, 3, 1), p.Hired)
			assert.Equal(t, rating.Yes, p.NDA)
			assert.Equal(t, rating.EduCollege, app.Staff[0].Education)
			assert.Equal(t, date(2019, 5, 6), app.Staff[0].Hired)
			assert.Equal(t, date(2020, 9, 1), app.Staff[2].Hired)

			assert.Equal(t, "兼职", app.Declarations["M4"].Answer)
			assert.Equal(t, "否", app.Declarations["M9"].Answer)
			assert.NotContains(t, app.Declarations, "C4")

			require.Len(t, app.Trainings, 3)
			for _, tr := range app.Trainings {
				assert.Equal(t, date(2022, 4, 8), tr.Date)
				assert.Equal(t, rating.DecimalFromInt(8), tr.Hours)
				assert.Equal(t, rating.TrainingPostHire, tr.Kind)
			}

			require.Len(t, app.Contracts, 5)
			amounts := []rating.Decimal{20000000, 20000000, 15000000, 6000050, 3000000}
			for i, c := range app.Contracts {
				assert.Equal(t, amounts[i], c.Amount, c.Number)
			}
			assert.Equal(t, date(2022, 6, 1), app.Contracts[3].Start)
			assert.Equal(t, date(2023, 2, 28), app.Contracts[2].End)
			assert.Equal(t, date(2021, 12, 15), app.Contracts[1].Signed)

			require.Len(t, app.Surveys, 2)
			assert.Equal(t, rating.DecimalFromInt(94), app.Surveys[0].Total())
			assert.Equal(t, rating.DecimalFromInt(88), app.Surveys[1].Total())
			assert.Equal(t, date(2022, 11, 20), app.Surveys[1].Date)

			res := rating.Rate(app, rating.DefaultProfile())
			assert.Equal(t, 0, res.ProvisionalStars)
			for _, c := range res.Clauses {
				if c.ID == "5.1.2.1" {
					assert.Equal(t, "具有资格人员 2 人，一星要求不少于 5 人，差 3 人", c.Message)
				}
			}
		})
	}
}
