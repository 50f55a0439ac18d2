package importer

import (
	"archive/zip"
	"bytes"
	"io"

	"github.com/bax/starrate/rating"
	"github.com/bax/starrate/templates"
)

// Kind is what an input looks like before it is read.
type Kind int

// The kinds Classify tells apart.
const (
	KindOther       Kind = iota // not an xlsx workbook, or neither of the two below
	KindApplication             // has a sheet 单位信息 or 人员名册: a 申报表
	KindSurveyForm              // has a sheet 表A.1 and no application sheet
	KindReview                  // has a sheet 核查清单 and no application sheet: a review record
)

// Classify looks at the sheet names in a workbook's workbook.xml, no
// further, so that a round can read the survey forms before the
// applications they belong to. Names are matched as Read matches them
// (Fold). Read has the last word: a workbook of another kind is still read.
func Classify(data []byte) Kind {
	return ClassifyReader(bytes.NewReader(data), int64(len(data)))
}

// ClassifyReader is Classify of a file of size bytes read through r: only
// the zip's directory and workbook.xml are read.
func ClassifyReader(r io.ReaderAt, size int64) Kind {
	zr, err := zip.NewReader(r, size)
	if err != nil {
		return KindOther
	}
	var wbPart *zip.File
	for _, f := range zr.File {
		if f.Name == "xl/workbook.xml" {
			wbPart = f
			break
		}
	}
	var wb struct {
		Sheets []struct {
			Name string `xml:"name,attr"`
		} `xml:"sheets>sheet"`
	}
	if decodePart(wbPart, &wb) != nil {
		return KindOther
	}
	kind := KindOther
	for _, s := range wb.Sheets {
		switch templates.Fold(s.Name) {
		case templates.Fold(templates.SheetCompany), templates.Fold(templates.SheetStaff):
			return KindApplication
		case templates.Fold(templates.SheetSurveyForm):
			kind = KindSurveyForm
		case templates.Fold(rating.ReviewSheetChecks):
			if kind == KindOther {
				kind = KindReview
			}
		}
	}
	return kind
}
