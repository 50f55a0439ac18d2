package round

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/bax/starrate/templates"
)

func TestSampleWritesTheRoundAndItsRecord(t *testing.T) {
	dir := t.TempDir()
	files, sum, err := Sample(context.Background(), SampleConfig{Dir: dir, Seed: 7, N: 3, Size: templates.Small, Year: 2022})
	require.NoError(t, err)
	assert.Equal(t, 5, files, "three applications, the form and the unreadable file")
	assert.Equal(t, 3, sum.Companies)
	entries, err := os.ReadDir(dir)
	require.NoError(t, err)
	assert.Len(t, entries, files+1, "the files and the record, no temporary left")
	assert.FileExists(t, filepath.Join(dir, SampleRecord))

	blocker := filepath.Join(t.TempDir(), "file")
	require.NoError(t, os.WriteFile(blocker, nil, 0o644))
	_, _, err = Sample(context.Background(), SampleConfig{Dir: filepath.Join(blocker, "x"), Seed: 7, N: 2, Size: templates.Small, Year: 2022})
	require.ErrorIs(t, err, ErrOutput)
}
