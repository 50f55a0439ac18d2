package importer

import (
	"bytes"
	"context"
	"fmt"
	"testing"

	"github.com/stretchr/testify/require"
	"github.com/xuri/excelize/v2"

	"github.com/bax/starrate/rating"
	"github.com/bax/starrate/templates"
)

// filled opens a fresh template for filling from Go.
func filled(t testing.TB) *excelize.File {
	t.Helper()
	var b bytes.Buffer
	require.NoError(t, templates.Write(&b, 2022))
	f, err := excelize.OpenReader(&b)
	require.NoError(t, err)
	return f
}

// setRow writes values into a sheet row from column A.
func setRow(t testing.TB, f *excelize.File, sheet string, row int, values ...any) {
	t.Helper()
	cell, _ := excelize.CoordinatesToCellName(1, row)
	require.NoError(t, f.SetSheetRow(sheet, cell, &values))
}

func setCompany(t testing.TB, f *excelize.File, values map[string]any) {
	t.Helper()
	for i, fd := range templates.CompanyFields {
		if v, ok := values[fd.Label]; ok {
			require.NoError(t, f.SetCellValue(templates.SheetCompany, fmt.Sprintf("B%d", templates.CompanyRow(i)), v))
		}
	}
}

// answerAll fills every declaration with 是 (专职 for M4) and evidence.
func answerAll(t testing.TB, f *excelize.File) {
	t.Helper()
	for i, it := range templates.Items {
		ans := "是"
		if it.ID == "M4" {
			ans = "专职"
		}
		setDeclaration(t, f, itemRow(i), "answer", ans)
		setDeclaration(t, f, itemRow(i), "evidence", "附件"+it.ID)
	}
}

// itemRow is the template row of the i-th declaration item.
func itemRow(i int) int { return templates.Declarations.FirstRow() + i }

// rowOfItem is the template row of the item with that id.
func rowOfItem(t testing.TB, id string) int {
	t.Helper()
	for i, it := range templates.Items {
		if it.ID == id {
			return itemRow(i)
		}
	}
	require.Failf(t, "no item", id)
	return 0
}

// setDeclaration writes a value in a column of 制度与信用 by its key.
func setDeclaration(t testing.TB, f *excelize.File, row int, key string, v any) {
	t.Helper()
	c, _ := excelize.CoordinatesToCellName(templates.Declarations.Index(key)+1, row)
	require.NoError(t, f.SetCellValue(templates.SheetDeclarations, c, v))
}

// validID makes an 18-digit 身份证号 with a correct check digit.
func validID(seq int) string {
	base := fmt.Sprintf("11010519800101%03d", seq%1000)
	check, _ := templates.IDCheckDigit(base)
	return base + string(check)
}

// A valid 统一社会信用代码 (GB 32100 check character computed).
const testUSCC = "91110108MA01ABCD2H"

func bytesOf(t testing.TB, f *excelize.File) []byte {
	t.Helper()
	var b bytes.Buffer
	_, err := f.WriteTo(&b)
	require.NoError(t, err)
	return b.Bytes()
}

// readBytes reads a crafted workbook. Every test that reads through it
// also checks that each problem carries its code, so the whole corpus of
// crafted workbooks stands behind "every problem has a code".
func readBytes(t testing.TB, data []byte) Workbook {
	t.Helper()
	wb := Read(context.Background(), data, "test.xlsx", Options{})
	for _, p := range wb.Problems {
		if p.Code == "" {
			t.Errorf("problem without a code: %s", p.Error())
		}
	}
	return wb
}

func errorsOf(ps []rating.Problem) []rating.Problem {
	var out []rating.Problem
	for _, p := range ps {
		if p.Severity == rating.SeverityError {
			out = append(out, p)
		}
	}
	return out
}
