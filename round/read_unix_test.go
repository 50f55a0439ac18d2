//go:build unix

package round

import (
	"os"
	"path/filepath"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/bax/starrate/templates"
)

// A FIFO named like a workbook, a symlink to it and a symlink to a device
// are listed as problems and skipped: the round neither hangs nor reads
// forever, and the rest is rated.
func TestRunSkipsFilesThatAreNotRegular(t *testing.T) {
	in, out := t.TempDir(), t.TempDir()
	writeApp(t, filepath.Join(in, "a.xlsx"), templates.SampleSpec{Seed: 3, Level: 1})
	require.NoError(t, syscall.Mkfifo(filepath.Join(in, "fifo.xlsx"), 0o644))
	require.NoError(t, os.Symlink(filepath.Join(in, "fifo.xlsx"), filepath.Join(in, "link-to-fifo.xlsx")))
	require.NoError(t, os.Symlink("/dev/zero", filepath.Join(in, "zero.xlsx")))
	done := make(chan testRun, 1)
	go func() { done <- rate(t, config(out, nil), in) }()
	var r testRun
	select {
	case r = <-done:
	case <-time.After(30 * time.Second):
		t.Fatal("the round hangs on a FIFO")
	}
	require.ErrorIs(t, r.err, ErrInput)
	assert.Equal(t, 4, r.sum.Files)
	assert.Equal(t, 3, r.sum.Unreadable)
	res := readResults(t, out)
	for _, c := range res.Companies[1:] {
		assert.Equal(t, "unreadable", c.Kind, c.File)
		require.Len(t, c.Problems, 1)
		assert.Contains(t, c.Problems[0].Message, "不是普通文件", c.File)
	}
}

func TestLockFIFOIsLeftAlone(t *testing.T) {
	dir := t.TempDir()
	require.NoError(t, syscall.Mkfifo(filepath.Join(dir, LockFile), 0o644))
	_, err := AcquireLock(dir)
	require.ErrorIs(t, err, ErrUsage)
	assert.Contains(t, err.Error(), "不是普通文件")
}
