package importer

import (
	"bytes"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/xuri/excelize/v2"

	"github.com/bax/starrate/templates"
)

func TestClassify(t *testing.T) {
	var app, form bytes.Buffer
	require.NoError(t, templates.Write(&app, 2022))
	require.NoError(t, templates.WriteSurvey(&form))
	renamed := func(from, to string) []byte {
		f, err := excelize.OpenReader(bytes.NewReader(app.Bytes()))
		require.NoError(t, err)
		defer f.Close()
		for _, s := range f.GetSheetList() {
			if s != from {
				require.NoError(t, f.DeleteSheet(s))
			}
		}
		require.NoError(t, f.SetSheetName(from, to))
		b, err := f.WriteToBuffer()
		require.NoError(t, err)
		return b.Bytes()
	}
	for _, tc := range []struct {
		name string
		data []byte
		want Kind
	}{
		{"application", app.Bytes(), KindApplication},
		{"survey form", form.Bytes(), KindSurveyForm},
		{"application sheet typed full-width", renamed(templates.SheetStaff, " 人员名册 "), KindApplication},
		{"neither", renamed(templates.SheetGuide, "Sheet1"), KindOther},
		{"not a zip", []byte("hello"), KindOther},
		{"empty", nil, KindOther},
	} {
		t.Run(tc.name, func(t *testing.T) { assert.Equal(t, tc.want, Classify(tc.data)) })
	}
}
