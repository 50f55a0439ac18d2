package round

import (
	"io"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/bax/starrate/exporter"
)

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
	assert.FileExists(t, filepath.Join(dir, LockFile), "never unlinked: a third run cannot lock a new file while a second holds the old")
	l, err = AcquireLock(dir)
	require.NoError(t, err)
	assert.Empty(t, l.Stale, "a released lock leaves nothing stale")
	require.NoError(t, l.Release())
	assert.NoError(t, l.Release(), "twice is harmless")
}

func TestLockLeftByADeadRunIsTakenOver(t *testing.T) {
	dir := t.TempDir()
	require.NoError(t, os.WriteFile(filepath.Join(dir, LockFile), []byte("pid 999999, host gone\n"), 0o644))
	l, err := AcquireLock(dir)
	require.NoError(t, err)
	defer l.Release()
	assert.Equal(t, "pid 999999, host gone", l.Stale)
}

// A lock file that is a symlink is not followed: its target is neither
// read into the log nor truncated, and the run is refused.
func TestLockSymlinkIsLeftAlone(t *testing.T) {
	dir := t.TempDir()
	target := filepath.Join(t.TempDir(), "precious.txt")
	require.NoError(t, os.WriteFile(target, []byte("secret content"), 0o644))
	if err := os.Symlink(target, filepath.Join(dir, LockFile)); err != nil {
		t.Skip("no symlinks here:", err)
	}
	_, err := AcquireLock(dir)
	require.ErrorIs(t, err, ErrUsage)
	assert.Contains(t, err.Error(), "符号链接")
	assert.NotContains(t, err.Error(), "secret")
	data, _ := os.ReadFile(target)
	assert.Equal(t, "secret content", string(data))
}

func TestLockThatIsAFolderIsRefused(t *testing.T) {
	dir := t.TempDir()
	require.NoError(t, os.Mkdir(filepath.Join(dir, LockFile), 0o755))
	_, err := AcquireLock(dir)
	assert.Error(t, err)
}

func TestWriteFileIsAtomic(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "results.json")
	require.NoError(t, WriteFile(path, func(w io.Writer) error { _, err := io.WriteString(w, "old"); return err }))
	err := WriteFile(path, func(w io.Writer) error {
		_, _ = io.WriteString(w, "half of the new")
		return os.ErrInvalid
	})
	require.Error(t, err)
	data, _ := os.ReadFile(path)
	assert.Equal(t, "old", string(data), "a failed write leaves the previous file")
	entries, _ := os.ReadDir(dir)
	assert.Len(t, entries, 1, "and no temporary file")
	st, err := os.Stat(path)
	require.NoError(t, err)
	assert.Equal(t, os.FileMode(0o644), st.Mode().Perm())
}

func TestRemoveTemps(t *testing.T) {
	dir := t.TempDir()
	for _, n := range []string{".results.json123456", "annotated/.a.xlsx987", ".results.xlsx.tmp-4242", ".starrate.lock",
		".starrate-manifest.json", "results.json", ".hidden.txt1", exporter.TempPrefix + "2718281828", "a.xml1", exporter.TempPrefix, "excelize-31415", "excelize-notes"} {
		require.NoError(t, os.MkdirAll(filepath.Dir(filepath.Join(dir, n)), 0o755))
		require.NoError(t, os.WriteFile(filepath.Join(dir, n), nil, 0o644))
	}
	removed := RemoveTemps(dir)
	assert.ElementsMatch(t, []string{filepath.Join(dir, ".results.json123456"), filepath.Join(dir, "annotated/.a.xlsx987"),
		filepath.Join(dir, ".results.xlsx.tmp-4242"), filepath.Join(dir, exporter.TempPrefix+"2718281828"), filepath.Join(dir, "excelize-31415")}, removed)
	assert.FileExists(t, filepath.Join(dir, ".starrate.lock"))
	assert.FileExists(t, filepath.Join(dir, ".starrate-manifest.json"))
}
