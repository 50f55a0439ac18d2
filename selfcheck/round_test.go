package selfcheck

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/xuri/excelize/v2"

	"github.com/bax/starrate/exporter"
	"github.com/bax/starrate/rating"
	"github.com/bax/starrate/round"
)

var sampleRound = filepath.Join("..", "testdata", "sample-round")

// sampleFiles are the committed sample round's files as the page hands
// them to the engine, named as validate names them.
func sampleFiles(t *testing.T) []File {
	t.Helper()
	inputs, err := round.Discover([]string{sampleRound}, "")
	require.NoError(t, err)
	var files []File
	for _, in := range inputs {
		data, err := os.ReadFile(in.Path)
		require.NoError(t, err)
		files = append(files, File{Name: in.Name, Size: int64(len(data)), Data: data})
	}
	return files
}

func fileNamed(t *testing.T, files []File, part string) File {
	t.Helper()
	for _, f := range files {
		if strings.Contains(f.Name, part) {
			return f
		}
	}
	t.Fatalf("no file named like %s", part)
	return File{}
}

// The page says of every file what `starrate validate` says of it, in the
// page's self-check mode.
func TestCheckSampleRoundSaysWhatValidateSays(t *testing.T) {
	ctx := context.Background()
	want, err := round.Validate(ctx, round.ValidateConfig{Profile: Profile()}, []string{sampleRound})
	require.NoError(t, err)
	got := Check(ctx, sampleFiles(t))
	require.Equal(t, want, got.Files)

	errs, warns := 0, 0
	for _, f := range want {
		errs += f.Errors
		warns += f.Warnings
	}
	assert.Equal(t, errs, got.Errors)
	assert.Equal(t, warns, got.Warnings)
	assert.Positive(t, got.Errors, "the sample round holds an unreadable file and a file with errors")
}

func TestCheckSampleRoundVerdicts(t *testing.T) {
	got := Check(context.Background(), sampleFiles(t))
	kinds := map[string]string{}
	for _, f := range got.Files {
		kinds[f.File] = f.Kind
	}
	apps, distinct := 0, map[int]bool{}
	for _, k := range kinds {
		if k == exporter.KindApplication {
			apps++
		}
	}
	require.Len(t, got.Verdicts, apps, "one verdict per application, none for the form or the unreadable file")
	require.Equal(t, 8, apps)
	forms := 0
	for _, v := range got.Verdicts {
		require.Equal(t, exporter.KindApplication, kinds[v.File])
		distinct[v.Stars] = true
		assert.Equal(t, v.AppliedStars > 0 && v.Stars >= v.AppliedStars, v.Reaches, v.File)
		assert.Equal(t, strings.Contains(v.File, "有错误"), v.HasErrors, v.File)
		require.Len(t, v.Gaps, 3-v.Stars, v.File)
		for i, g := range v.Gaps {
			assert.Equal(t, v.Stars+1+i, g.Level, v.File)
			assert.NotEmpty(t, g.Short, "a level not reached lacks at least one clause: %s level %d", v.File, g.Level)
			for _, s := range g.Short {
				assert.NotEqual(t, string(rating.Pass), s.Status)
			}
		}
		forms += len(v.Forms)
	}
	assert.Greater(t, len(distinct), 1, "the sample round shows more than one level")
	assert.Equal(t, 1, forms, "the standalone 表A.1 counts for one application")
}

// A standalone survey form counts for the application of its company, and
// for none when that application is not among the files chosen.
func TestCheckMatchesForms(t *testing.T) {
	files := sampleFiles(t)
	form := fileNamed(t, files, "表A1")
	all := Check(context.Background(), files)
	var target string
	for _, f := range all.Files {
		if f.File == form.Name {
			target = f.AttachedTo
		}
	}
	require.NotEmpty(t, target, "the sample form is about one of the sample applications")
	var owner Verdict
	for _, v := range all.Verdicts {
		if v.File == target {
			owner = v
		}
	}
	assert.Equal(t, []string{form.Name}, owner.Forms)

	alone := Check(context.Background(), []File{form})
	require.Len(t, alone.Files, 1)
	assert.Empty(t, alone.Files[0].AttachedTo)
	assert.Equal(t, exporter.KindSurveyForm, alone.Files[0].Kind)
	var codes []string
	for _, p := range alone.Files[0].Problems {
		codes = append(codes, p.Code)
	}
	assert.Contains(t, codes, string(rating.CodeUnmatched))
	assert.Empty(t, alone.Verdicts)
}

// A review record chosen by mistake is no input, as for validate.
func TestCheckIgnoresTheReviewRecord(t *testing.T) {
	files := sampleFiles(t)
	got := Check(context.Background(), []File{fileNamed(t, files, "评审记录")})
	assert.Empty(t, got.Files)
	assert.Empty(t, got.Verdicts)
}

// The annotated copy is the exporter's: the verdict sheet first, the
// applicant's sheets after it, ID numbers left whole on the applicant's
// own copy.
func TestAnnotatedSampleApplication(t *testing.T) {
	files := sampleFiles(t)
	for _, part := range []string{"有错误", "表A1"} {
		f := fileNamed(t, files, part)
		data, err := Annotated(context.Background(), files, f.Name)
		require.NoError(t, err, f.Name)
		book, err := excelize.OpenReader(bytes.NewReader(data))
		require.NoError(t, err)
		sheets := book.GetSheetList()
		require.NotEmpty(t, sheets)
		assert.Equal(t, exporter.SheetVerdict, sheets[0], f.Name)
		orig, err := excelize.OpenReader(bytes.NewReader(f.Data))
		require.NoError(t, err)
		assert.Subset(t, sheets, orig.GetSheetList(), "the applicant's sheets are kept")
		require.NoError(t, orig.Close())
		require.NoError(t, book.Close())
	}

	_, err := Annotated(context.Background(), files, fileNamed(t, files, "无法读取").Name)
	require.ErrorContains(t, err, "无法读取")
}
