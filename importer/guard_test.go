package importer

import (
	"bytes"
	"context"
	"errors"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/xuri/excelize/v2"

	"github.com/bax/starrate/rating"
	"github.com/bax/starrate/templates"
)

// panicky is a context whose Err panics, as a bug deep inside reading
// would: the reader asks it every 1,024 rows.
type panicky struct{ context.Context }

func (panicky) Err() error { panic("a bug") }

// A panic inside Read is starrate's fault: it comes back as Internal, with
// its stack, and is not reported as a problem of the applicant's file.
func TestPanicIsInternal(t *testing.T) {
	data := roster(t, 1100)
	wb := Read(panicky{context.Background()}, data, "big.xlsx", Options{})
	require.Error(t, wb.Internal)
	assert.True(t, errors.Is(wb.Internal, ErrInternal))
	assert.Contains(t, wb.Internal.Error(), "a bug")
	assert.Contains(t, wb.Internal.Error(), "goroutine", "with its stack")
	assert.Nil(t, wb.Application)
	for _, p := range wb.Problems {
		assert.NotContains(t, p.Message, "无法读取", "the file is not blamed")
	}
	ok := Read(context.Background(), data, "big.xlsx", Options{})
	assert.NoError(t, ok.Internal)
	require.NotNil(t, ok.Application)
	assert.Len(t, ok.Application.Staff, 1100)
}

func workbookWith(t *testing.T, sheets ...string) []byte {
	t.Helper()
	f := excelize.NewFile()
	for i, s := range sheets {
		if i == 0 {
			require.NoError(t, f.SetSheetName("Sheet1", s))
		} else {
			_, err := f.NewSheet(s)
			require.NoError(t, err)
		}
		require.NoError(t, f.SetCellValue(s, "A1", "姓名"))
		require.NoError(t, f.SetCellValue(s, "B2", 42))
	}
	var b bytes.Buffer
	_, err := f.WriteTo(&b)
	require.NoError(t, err)
	return b.Bytes()
}

// A workbook that is neither a 申报表 nor a 表A.1 is unrecognised: no
// application (stars: null), not an application with 0 stars.
func TestUnrecognisedWorkbook(t *testing.T) {
	wb := readBytes(t, workbookWith(t, "Sheet1", "工资表"))
	onlyError(t, wb, rating.CodeUnrecognised, "既不是申报表也不是用户评价表")
	assert.Nil(t, wb.Form)

	// One sheet of a 申报表 makes it one, with the rest missing.
	wb = readBytes(t, workbookWith(t, templates.SheetContracts))
	require.NotNil(t, wb.Application)
	for _, p := range wb.Problems {
		assert.NotEqual(t, rating.CodeUnrecognised, p.Code)
	}
}
