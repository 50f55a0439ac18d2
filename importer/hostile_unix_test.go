//go:build unix

package importer

import (
	"context"
	"os"
	"path/filepath"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/bax/starrate/rating"
)

// A FIFO, or a link to one, named *.xlsx is refused, not read forever.
func TestFIFOIsNotRead(t *testing.T) {
	dir := t.TempDir()
	fifo := filepath.Join(dir, "pipe.xlsx")
	require.NoError(t, syscall.Mkfifo(fifo, 0o600))
	link := filepath.Join(dir, "link.xlsx")
	require.NoError(t, os.Symlink(fifo, link))
	for _, p := range []string{fifo, link} {
		wb := ReadFile(context.Background(), p, filepath.Base(p), Options{})
		onlyError(t, wb, rating.CodeNotRegular, "不是普通文件")
	}
}

// Load refuses what is not a regular file, promptly: a FIFO (also when it
// is swapped in after the path was looked at, which openChecked meets on
// the open handle), and a link to an endless device.
func TestLoadRefusesSpecialFiles(t *testing.T) {
	dir := t.TempDir()
	fifo := filepath.Join(dir, "pipe.xlsx")
	require.NoError(t, syscall.Mkfifo(fifo, 0o600))
	zero := filepath.Join(dir, "zero.xlsx")
	require.NoError(t, os.Symlink("/dev/zero", zero))
	within := func(t *testing.T, fn func()) {
		t.Helper()
		done := make(chan struct{})
		go func() { fn(); close(done) }()
		select {
		case <-done:
		case <-time.After(5 * time.Second):
			t.Fatal("blocked")
		}
	}
	for _, path := range []string{fifo, zero} {
		t.Run(filepath.Base(path), func(t *testing.T) {
			within(t, func() {
				_, p := Load(context.Background(), path, "input.xlsx", 0)
				require.NotNil(t, p)
				assert.Equal(t, rating.CodeNotRegular, p.Code)
				assert.Equal(t, "input.xlsx", p.File)
				assert.NotContains(t, p.Message, dir, "the path is not put in the message")
			})
			within(t, func() {
				f, _, fe := openChecked(path, MaxFileSize)
				require.Nil(t, f)
				require.NotNil(t, fe)
				assert.Equal(t, rating.CodeNotRegular, fe.code)
			})
		})
	}
}
