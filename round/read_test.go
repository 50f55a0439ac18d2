package round

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/bax/starrate/rating"
)

// What readInput adds to importer.Load (whose own tests cover FIFOs,
// devices, missing files, a cancelled read and the cap itself): the
// round's one cap, and the problem discovery already found.
func TestReadInputSizeCap(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "big.xlsx")
	require.NoError(t, os.WriteFile(path, []byte(strings.Repeat("x", 2048)), 0o644))
	defer func(old int64) { MaxFileSize = old }(MaxFileSize)
	MaxFileSize = 1024
	_, p := readInput(context.Background(), diskFiles, Input{Path: path, Name: "big.xlsx"})
	require.NotNil(t, p)
	assert.Equal(t, rating.CodeLimit, p.Code)
	assert.Equal(t, "big.xlsx", p.File)
}

func TestReadInputReportsDiscoverysProblem(t *testing.T) {
	found := &rating.Problem{Severity: rating.SeverityError, Code: rating.CodeUnreadable, File: "sub", Message: "文件夹无法读取"}
	read := files{load: func(context.Context, string, string, int64) ([]byte, *rating.Problem) {
		t.Fatal("an input with a problem is not opened")
		return nil, nil
	}}
	_, p := readInput(context.Background(), read, Input{Path: "sub", Name: "sub", Problem: found})
	assert.Same(t, found, p)
}
