package exporter

import (
	"errors"
	"io"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestWriteFileIsAtomic(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "results.json")
	require.NoError(t, WriteFile(path, func(w io.Writer) error { _, err := io.WriteString(w, "old"); return err }))
	err := WriteFile(path, func(w io.Writer) error {
		_, _ = io.WriteString(w, "half of the new")
		return errors.New("disk full")
	})
	require.Error(t, err)
	data, _ := os.ReadFile(path)
	assert.Equal(t, "old", string(data), "a failed write leaves the previous file")
	entries, _ := os.ReadDir(dir)
	assert.Len(t, entries, 1, "and no temporary file")
}

func TestRemoveTemps(t *testing.T) {
	dir := t.TempDir()
	for _, n := range []string{".results.json123456", "annotated/.a.xlsx987", ".starrate.lock", ".starrate-manifest.json", "results.json", ".hidden.txt1"} {
		require.NoError(t, os.MkdirAll(filepath.Dir(filepath.Join(dir, n)), 0o755))
		require.NoError(t, os.WriteFile(filepath.Join(dir, n), nil, 0o644))
	}
	removed := RemoveTemps(dir)
	assert.ElementsMatch(t, []string{filepath.Join(dir, ".results.json123456"), filepath.Join(dir, "annotated/.a.xlsx987")}, removed)
	assert.FileExists(t, filepath.Join(dir, ".starrate.lock"))
	assert.FileExists(t, filepath.Join(dir, ".starrate-manifest.json"))
}

func TestLock(t *testing.T) {
	dir := t.TempDir()
	l, err := AcquireLock(dir)
	require.NoError(t, err)
	_, err = AcquireLock(dir)
	var le *LockedError
	require.ErrorAs(t, err, &le)
	assert.ErrorIs(t, err, ErrLocked)
	assert.Contains(t, le.Holder, "pid")
	require.NoError(t, l.Release())
	l, err = AcquireLock(dir)
	require.NoError(t, err)
	assert.Empty(t, l.Stale, "a released lock leaves nothing stale")
	require.NoError(t, l.Release())
}
