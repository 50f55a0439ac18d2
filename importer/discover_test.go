package importer

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestDiscover(t *testing.T) {
	root := t.TempDir()
	for _, f := range []string{"a/x.xlsx", "a/sub/y.XLSX", "a/~$x.xlsx", "a/.hidden/z.xlsx", "a/notes.txt", "a/old.xls", "b/x.xlsx", "c.xlsx"} {
		p := filepath.Join(root, f)
		require.NoError(t, os.MkdirAll(filepath.Dir(p), 0o755))
		require.NoError(t, os.WriteFile(p, nil, 0o644))
	}
	names := func(in []Input) []string {
		var out []string
		for _, i := range in {
			out = append(out, i.Name)
		}
		return out
	}
	one, err := Discover([]string{filepath.Join(root, "a")})
	require.NoError(t, err)
	assert.Equal(t, []string{"old.xls", "sub/y.XLSX", "x.xlsx"}, names(one), "relative to the folder; lock, hidden and other files skipped")

	// Two folders with a same-named file: outputs must not collide.
	two, err := Discover([]string{filepath.Join(root, "a"), filepath.Join(root, "b"), filepath.Join(root, "c.xlsx")})
	require.NoError(t, err)
	assert.Equal(t, []string{"a/old.xls", "a/sub/y.XLSX", "a/x.xlsx", "b/x.xlsx", "c.xlsx"}, names(two))

	same, err := Discover([]string{filepath.Join(root, "c.xlsx"), filepath.Join(root, "c.xlsx")})
	require.NoError(t, err)
	assert.Equal(t, []string{"c.xlsx", "c~2.xlsx"}, names(same))

	_, err = Discover([]string{filepath.Join(root, "missing")})
	assert.ErrorContains(t, err, "输入不存在")
}
