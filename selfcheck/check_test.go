package selfcheck

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/bax/starrate/rating"
	"github.com/bax/starrate/round"
)

// A file over the cap is refused unread, in the words the CLI uses for the
// same file on disk.
func TestCheckRefusesWhatTheCLIRefuses(t *testing.T) {
	path := filepath.Join(t.TempDir(), "大文件.xlsx")
	size := Options().MaxFileSize + 1
	require.NoError(t, os.WriteFile(path, nil, 0o644))
	require.NoError(t, os.Truncate(path, size)) // sparse: no disk used
	want, err := round.Validate(context.Background(), round.ValidateConfig{}, []string{path})
	require.NoError(t, err)
	require.Len(t, want, 1)

	got := Check(context.Background(), []File{{Name: "大文件.xlsx", Size: size}})
	require.Len(t, got.Files, 1)
	require.Equal(t, want[0], got.Files[0])
	require.Equal(t, 1, got.Errors)
	require.Empty(t, got.Verdicts)

	_, err = Annotated(context.Background(), []File{{Name: "大文件.xlsx", Size: size}}, "大文件.xlsx")
	require.Error(t, err)
	_, err = Annotated(context.Background(), nil, "无此文件.xlsx")
	require.Error(t, err)
}

func TestProfileIsSelfCheckMode(t *testing.T) {
	require.False(t, Profile().Parameters.RequireReview)
	require.True(t, rating.DefaultProfile().Parameters.RequireReview, "the CLI's profile is left as it was")
}
