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

func TestReadInputCancelled(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "a.xlsx")
	require.NoError(t, os.WriteFile(path, []byte("PK"), 0o644))
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	_, p := readInput(ctx, diskFiles, Input{Path: path, Name: "a.xlsx"})
	require.NotNil(t, p)
	assert.Contains(t, p.Message, "中断")
}

func TestReadInputMissing(t *testing.T) {
	_, p := readInput(context.Background(), diskFiles, Input{Path: filepath.Join(t.TempDir(), "gone.xlsx"), Name: "gone.xlsx"})
	require.NotNil(t, p)
	assert.Equal(t, rating.CodeUnreadable, p.Code)
}
