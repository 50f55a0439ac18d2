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
			require.NoError(t, f.SetCellValue(templates.SheetCompany, fmt.Sprintf("B%d", i+2), v))
		}
	}
}

// answerAll fills every declaration with 是 (专职 for M4) and evidence.
func answerAll(t testing.TB, f *excelize.File, review string) {
	t.Helper()
	for i, it := range templates.Items {
		ans := "是"
		if it.ID == "M4" {
			ans = "专职"
		}
		row := i + 2
		require.NoError(t, f.SetCellValue(templates.SheetDeclarations, fmt.Sprintf("C%d", row), ans))
		require.NoError(t, f.SetCellValue(templates.SheetDeclarations, fmt.Sprintf("D%d", row), "附件"+it.ID))
		if review != "" {
			require.NoError(t, f.SetCellValue(templates.SheetDeclarations, fmt.Sprintf("E%d", row), review))
		}
	}
}

// validID makes an 18-digit 身份证号 with a correct check digit.
func validID(seq int) string {
	base := fmt.Sprintf("11010519800101%03d", seq%1000)
	weights := [17]int{7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2}
	sum := 0
	for i, w := range weights {
		sum += int(base[i]-'0') * w
	}
	return base + string("10X98765432"[sum%11])
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

func readBytes(t testing.TB, data []byte) Workbook {
	t.Helper()
	return Read(context.Background(), data, "test.xlsx", Options{})
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
