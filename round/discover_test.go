package round

import (
	"context"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/bax/starrate/rating"
	"github.com/bax/starrate/templates"
)

func names(in []Input) []string {
	var out []string
	for _, i := range in {
		out = append(out, i.Name)
	}
	return out
}

func touch(t *testing.T, root string, files ...string) {
	t.Helper()
	for _, f := range files {
		p := filepath.Join(root, f)
		require.NoError(t, os.MkdirAll(filepath.Dir(p), 0o755))
		require.NoError(t, os.WriteFile(p, nil, 0o644))
	}
}

func TestDiscover(t *testing.T) {
	root := t.TempDir()
	touch(t, root, "a/x.xlsx", "a/sub/y.XLSX", "a/~$x.xlsx", "a/.hidden/z.xlsx", "a/notes.txt", "a/old.xls", "b/x.xlsx", "c.xlsx")
	one, err := Discover([]string{filepath.Join(root, "a")}, "")
	require.NoError(t, err)
	assert.Equal(t, []string{"old.xls", "sub/y.XLSX", "x.xlsx"}, names(one), "relative to the folder; lock, hidden and other files skipped")

	// Relative to the common root: same-named files of two folders apart.
	two, err := Discover([]string{filepath.Join(root, "a"), filepath.Join(root, "b"), filepath.Join(root, "c.xlsx")}, "")
	require.NoError(t, err)
	assert.Equal(t, []string{"a/old.xls", "a/sub/y.XLSX", "a/x.xlsx", "b/x.xlsx", "c.xlsx"}, names(two))

	same, err := Discover([]string{filepath.Join(root, "c.xlsx"), filepath.Join(root, "c.xlsx")}, "")
	require.NoError(t, err)
	assert.Equal(t, []string{"c.xlsx"}, names(same), "one file given twice is one input")

	_, err = Discover([]string{filepath.Join(root, "missing")}, "")
	assert.ErrorContains(t, err, "输入不存在")
	assert.ErrorIs(t, err, ErrUsage)
}

func TestDiscoverOutputFolder(t *testing.T) {
	root := t.TempDir()
	touch(t, root, "in/a.xlsx", "in/out/results.xlsx", "in/out/annotated/a.xlsx")
	in, err := Discover([]string{filepath.Join(root, "in")}, filepath.Join(root, "in", "out"))
	require.NoError(t, err)
	assert.Equal(t, []string{"a.xlsx"}, names(in), "the output folder is never entered")

	for _, arg := range []string{filepath.Join(root, "in", "out", "annotated"), filepath.Join(root, "in", "out", "annotated", "a.xlsx"), filepath.Join(root, "in", "out")} {
		_, err = Discover([]string{arg}, filepath.Join(root, "in", "out"))
		assert.ErrorIs(t, err, ErrUsage, arg)
	}
}

func TestDiscoverMasksIDsInNames(t *testing.T) {
	root := t.TempDir()
	id := templates.SampleID(0, 1)
	touch(t, root, "张三"+id+".xlsx")
	in, err := Discover([]string{root}, "")
	require.NoError(t, err)
	require.Len(t, in, 1)
	assert.NotContains(t, in[0].Name, id)
	assert.Equal(t, rating.MaskIDs("张三"+id+".xlsx"), in[0].Name)
}

func TestDiscoverNonUTF8NamesStayDistinct(t *testing.T) {
	if runtime.GOOS != "linux" {
		t.Skip("file names of any bytes: Linux")
	}
	root := t.TempDir()
	touch(t, root, "a\xff.xlsx", "a\xfe.xlsx", "a\x1b[2J.xlsx")
	in, err := Discover([]string{root}, "")
	require.NoError(t, err)
	assert.Equal(t, []string{`a\u001b[2J.xlsx`, `a\xfe.xlsx`, `a\xff.xlsx`}, names(in))
	data, problem := readInput(context.Background(), diskFiles, in[2])
	assert.Nil(t, problem, "the escaped name is shown, the real path read")
	assert.Empty(t, data)
}

func TestDiscoverUnreadableSubfolderIsOneProblem(t *testing.T) {
	if os.Geteuid() == 0 || runtime.GOOS == "windows" {
		t.Skip("needs a folder this user cannot list")
	}
	root := t.TempDir()
	touch(t, root, "a.xlsx", "locked/b.xlsx")
	require.NoError(t, os.Chmod(filepath.Join(root, "locked"), 0))
	defer os.Chmod(filepath.Join(root, "locked"), 0o755)
	in, err := Discover([]string{root}, "")
	require.NoError(t, err)
	require.Equal(t, []string{"a.xlsx", "locked"}, names(in))
	require.NotNil(t, in[1].Problem)
	assert.Contains(t, in[1].Problem.Message, "无法读取文件夹")
	assert.Equal(t, "locked", in[1].Problem.File)
}

func TestCommonRoot(t *testing.T) {
	sep := string(filepath.Separator)
	r := sep + "r"
	assert.Equal(t, r, commonRoot([]string{r + sep + "a" + sep + "x", r + sep + "b" + sep + "x"}))
	assert.Equal(t, r+sep+"a", commonRoot([]string{r + sep + "a" + sep + "x"}))
	assert.Equal(t, "", commonRoot(nil))
	assert.True(t, strings.HasSuffix(annotatedPath("out", "a/b.xlsx"), filepath.Join("annotated", "a", "b.xlsx")))
	assert.Equal(t, filepath.Join("out", "annotated", ".._x.xlsx"), annotatedPath("out", "../x.xlsx"), "never outside annotated")
}

func TestDiscoverOutputFolderThroughSymlink(t *testing.T) {
	root := t.TempDir()
	touch(t, root, "in/a.xlsx", "in/out/results.xlsx")
	link := filepath.Join(root, "link")
	if err := os.Symlink(filepath.Join(root, "in", "out"), link); err != nil {
		t.Skip("no symlinks here:", err)
	}
	in, err := Discover([]string{filepath.Join(root, "in")}, link)
	require.NoError(t, err)
	assert.Equal(t, []string{"a.xlsx"}, names(in), "DIR named through a link is still DIR")
	_, err = Discover([]string{filepath.Join(root, "in", "out")}, link)
	assert.ErrorIs(t, err, ErrUsage)
}
