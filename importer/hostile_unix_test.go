//go:build unix

package importer

import (
	"context"
	"os"
	"path/filepath"
	"syscall"
	"testing"

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
