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
			require.Empty(t, wb.Problems, "%v", wb.Problems)
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
