package importer

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/bax/starrate/rating"
	"github.com/bax/starrate/templates"
)

// Each cap refuses with CodeLimit, naming the cap and what was found.
func TestCaps(t *testing.T) {
	data := roster(t, 30)
	long := strings.Repeat("长", 5000)
	withLong := rewriteStaff(t, data, func(x string) string {
		i := strings.Index(x, `<row r="4"`)
		j := i + strings.Index(x[i:], "</row>")
		return x[:j] + `<c r="Z4" t="inlineStr"><is><t>` + long + `</t></is></c>` + x[j:]
	})
	for _, tt := range []struct {
		name  string
		data  []byte
		o     Options
		sheet bool // on 人员名册, else on the file
		words []string
	}{
		{"shared strings", data, Options{MaxSharedStrings: 10}, false, []string{"共享字符串", "10 个的上限", "有 "}},
		{"shared text", data, Options{MaxSharedText: 100}, false, []string{"共享字符串", "100 字节 的上限"}},
		{"shared string length", data, Options{MaxCellLength: 5}, false, []string{"共享字符串", "字，超过单元格 5 字的上限"}},
		{"rows", data, Options{MaxRows: 10}, true, []string{"有 31 行", "10 行的上限"}},
		{"cells", data, Options{MaxCells: 100}, true, []string{"个单元格", "100 个的上限"}},
		{"inline cell", withLong, Options{MaxCellLength: 4000}, true, []string{"单元格 Z4 有 5000 字", "4000 字的上限"}},
		{"referred text", data, Options{MaxSheetText: 200}, true, []string{"共享字符串", "200 字节 的上限"}},
		{"unpacked size", data, Options{MaxUnzipSize: 10 << 10}, false, []string{"解压后超过"}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			wb := Read(context.Background(), tt.data, "test.xlsx", tt.o)
			require.NoError(t, wb.Internal)
			if !tt.sheet {
				onlyError(t, wb, rating.CodeLimit, tt.words...)
				return
			}
			staffFault(t, wb, rating.CodeLimit, tt.words...)
		})
	}
	wb := Read(context.Background(), withLong, "test.xlsx", Options{})
	require.NotNil(t, wb.Application)
	assert.Len(t, wb.Application.Staff, 30, "within the default caps")
}

// One long shared string that every cell refers to: refused before
// excelize copies it into each cell.
func TestLongSharedString(t *testing.T) {
	data, err := rewritePart(roster(t, 3), "xl/sharedStrings.xml", func(x string) string {
		return strings.Replace(x, "员工2", strings.Repeat("长", defaultMaxCellLength+1), 1)
	})
	require.NoError(t, err)
	onlyError(t, readBytes(t, data), rating.CodeLimit, fmt.Sprintf("有 %d 字", defaultMaxCellLength+1), "32767 字的上限")
}

func TestFileSizeCap(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "big.xlsx")
	data := roster(t, 3)
	require.NoError(t, os.WriteFile(path, data, 0o644))
	wb := ReadFile(context.Background(), path, "big.xlsx", Options{MaxFileSize: int64(len(data)) - 1})
	onlyError(t, wb, rating.CodeLimit, "超过上限", "字节")
	assert.Equal(t, "big.xlsx", wb.Problems[0].File)
	wb = ReadFile(context.Background(), path, "big.xlsx", Options{})
	require.NotNil(t, wb.Application)
	assert.Len(t, wb.Application.Staff, 3)
	onlyError(t, ReadFile(context.Background(), dir, "dir", Options{}), rating.CodeNotRegular, "不是普通文件")

	got, p := Load(context.Background(), path, "big.xlsx", 0)
	require.Nil(t, p)
	assert.Equal(t, data, got)
	_, p = Load(context.Background(), path, "big.xlsx", int64(len(data))-1)
	require.NotNil(t, p)
	assert.Equal(t, rating.CodeLimit, p.Code)
	assert.Equal(t, "big.xlsx", p.File)
	assert.Contains(t, p.Message, fmt.Sprintf("文件大小 %d 字节，超过上限 %d 字节", len(data), len(data)-1))
	_, p = Load(context.Background(), filepath.Join(dir, "missing.xlsx"), "missing.xlsx", 0)
	require.NotNil(t, p)
	assert.Equal(t, rating.CodeUnreadable, p.Code)
	assert.NotContains(t, p.Message, dir, "the path is not put in the message")
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	_, p = Load(ctx, path, "big.xlsx", 0)
	require.NotNil(t, p)
	assert.Equal(t, rating.CodeUnreadable, p.Code)
	assert.Contains(t, p.Message, "读取被中断")
}

func TestExcerpt(t *testing.T) {
	assert.Equal(t, "短", Excerpt("短"))
	exact := strings.Repeat("字", excerptRunes)
	assert.Equal(t, exact, Excerpt(exact))
	long := strings.Repeat("字", excerptRunes) + strings.Repeat("x", 800)
	got := Excerpt(long)
	assert.Equal(t, exact+"…（共 1000 字）", got)
	assert.True(t, utf8.ValidString(Excerpt(strings.Repeat("ab中", 300))))
}

// A bad value of any length is reported with a bounded excerpt.
func TestProblemValueIsExcerpted(t *testing.T) {
	f := filled(t)
	bad := strings.Repeat("不是日期", 5000)
	setRow(t, f, templates.SheetStaff, 2, 1, "张三", validID(1), "运维工程师", "是", "本科", "", "", "", bad, "是", "是")
	wb := readBytes(t, bytesOf(t, f))
	p := problemAt(t, wb.Problems, templates.SheetStaff, "J2")
	assert.Equal(t, rating.CodeBadValue, p.Code)
	assert.LessOrEqual(t, utf8.RuneCountInString(p.Value), excerptRunes+20)
	assert.Contains(t, p.Value, "（共 20000 字）")
}
