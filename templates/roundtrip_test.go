package templates_test

import (
	"bytes"
	"context"
	"io"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/xuri/excelize/v2"

	"github.com/bax/starrate/importer"
	"github.com/bax/starrate/rating"
	"github.com/bax/starrate/templates"
)

// withoutRefs drops where each record was found, which only the reader
// knows, so that a written application compares with the one read back.
func withoutRefs(app *rating.Application) *rating.Application {
	a := *app
	a.Staff = append([]rating.Person(nil), app.Staff...)
	for i := range a.Staff {
		a.Staff[i].Ref, a.Staff[i].Bad = rating.Ref{}, nil
	}
	a.Trainings = append([]rating.Training(nil), app.Trainings...)
	for i := range a.Trainings {
		a.Trainings[i].Ref, a.Trainings[i].Bad = rating.Ref{}, nil
	}
	a.Contracts = append([]rating.Contract(nil), app.Contracts...)
	for i := range a.Contracts {
		a.Contracts[i].Ref, a.Contracts[i].Bad = rating.Ref{}, nil
	}
	a.Surveys = append([]rating.Survey(nil), app.Surveys...)
	for i := range a.Surveys {
		a.Surveys[i].Ref, a.Surveys[i].Bad = rating.Ref{}, nil
	}
	a.Declarations = map[string]rating.Declaration{}
	for k, d := range app.Declarations {
		d.Ref = rating.Ref{}
		a.Declarations[k] = d
	}
	return &a
}

// What WriteFilled writes, the importer reads back as it was: the filler
// and the reader share one schema.
func TestWriteFilledRoundTrip(t *testing.T) {
	for level := 0; level <= 3; level++ {
		app := templates.Sample(templates.SampleSpec{Seed: 7, Index: level, Year: 2022, Level: level, Staff: 30, TrainingPerPerson: 3, Contracts: 20, Surveys: 6})
		var b bytes.Buffer
		require.NoError(t, templates.WriteFilled(&b, app))
		wb := importer.Read(context.Background(), b.Bytes(), "申报表.xlsx", importer.DefaultOptions())
		require.Empty(t, wb.Problems, "level %d", level)
		require.NotNil(t, wb.Application)
		assert.Equal(t, withoutRefs(app), withoutRefs(wb.Application), "level %d", level)
	}
}

func TestWriteSurveyFilledRoundTrip(t *testing.T) {
	app := templates.Sample(templates.SampleSpec{Seed: 3, Year: 2022, Level: 2, Staff: 5, TrainingPerPerson: 1, Contracts: 3, Surveys: 2})
	s := app.Surveys[1]
	var b bytes.Buffer
	require.NoError(t, templates.WriteSurveyFilled(&b, app.Company.Name, app.Company.USCC, s))
	assert.Equal(t, importer.KindSurveyForm, importer.Classify(b.Bytes()))
	wb := importer.Read(context.Background(), b.Bytes(), "表A1.xlsx", importer.DefaultOptions())
	require.Empty(t, wb.Problems)
	require.NotNil(t, wb.Form)
	assert.Nil(t, wb.Application)
	assert.Equal(t, app.Company.Name, wb.Form.Company)
	assert.Equal(t, app.Company.USCC, wb.Form.USCC)
	assert.Equal(t, s.Client, wb.Form.Survey.Client)
	assert.Equal(t, s.Date, wb.Form.Survey.Date)
	assert.Equal(t, s.Items, wb.Form.Survey.Items)
}

// The blank survey form is a 表A.1 to the importer, with nothing filled in.
func TestWriteSurveyIsAForm(t *testing.T) {
	var b bytes.Buffer
	require.NoError(t, templates.WriteSurvey(&b))
	assert.Equal(t, importer.KindSurveyForm, importer.Classify(b.Bytes()))
}

// A sample round of n applications is n applications, then the standalone
// form, then the unreadable file; the same seed gives the same bytes.
func TestSampleRoundShape(t *testing.T) {
	files := func(n int) (names []string, data map[string][]byte) {
		data = map[string][]byte{}
		require.NoError(t, templates.SampleRound(5, n, templates.Small, 2022, func(name string, write func(io.Writer) error) error {
			var b bytes.Buffer
			if err := write(&b); err != nil {
				return err
			}
			names = append(names, name)
			data[name] = b.Bytes()
			return nil
		}))
		return names, data
	}
	for _, n := range []int{2, 7} {
		names, data := files(n)
		require.Len(t, names, n+2, "n=%d", n)
		withErrors := 0
		for _, name := range names[:n] {
			require.Equal(t, importer.KindApplication, importer.Classify(data[name]), name)
			wb := importer.Read(context.Background(), data[name], name, importer.DefaultOptions())
			require.NotNil(t, wb.Application, name)
			if strings.Contains(name, "有错误") {
				withErrors++
				assert.True(t, rating.HasErrors(wb.Problems), "%s has the errors its name promises", name)
			} else {
				assert.False(t, rating.HasErrors(wb.Problems), "%s: %v", name, wb.Problems)
			}
		}
		assert.Equal(t, n/7, withErrors, "n=%d: every seventh from the sixth holds errors", n)
		assert.Equal(t, importer.KindSurveyForm, importer.Classify(data[names[n]]), names[n])
		assert.Contains(t, names[n+1], "无法读取")
		assert.Equal(t, importer.KindOther, importer.Classify(data[names[n+1]]))

		again, data2 := files(n)
		require.Equal(t, names, again)
		for _, name := range names {
			assert.Equal(t, data[name], data2[name], "%s is the same for the same seed", name)
		}
	}
	names, _ := files(1)
	assert.Len(t, names, 1, "one application alone has no form to match and no unreadable file")
}

func TestFitToWidth(t *testing.T) {
	for _, landscape := range []bool{false, true} {
		f := excelize.NewFile()
		require.NoError(t, templates.FitToWidth(f, "Sheet1", landscape))
		props, err := f.GetSheetProps("Sheet1")
		require.NoError(t, err)
		require.NotNil(t, props.FitToPage)
		assert.True(t, *props.FitToPage)
		layout, err := f.GetPageLayout("Sheet1")
		require.NoError(t, err)
		assert.Equal(t, 9, *layout.Size, "A4")
		assert.Equal(t, 1, *layout.FitToWidth)
		assert.Equal(t, 0, *layout.FitToHeight)
		want := "portrait"
		if landscape {
			want = "landscape"
		}
		assert.Equal(t, want, *layout.Orientation)
		require.Error(t, templates.FitToWidth(f, "无此表", landscape))
		require.NoError(t, f.Close())
	}
}
