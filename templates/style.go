package templates

import "github.com/xuri/excelize/v2"

// Thin grey borders on all four sides, as every starrate table has them.
var ThinBorder = []excelize.Border{
	{Type: "left", Color: "BFBFBF", Style: 1}, {Type: "right", Color: "BFBFBF", Style: 1},
	{Type: "top", Color: "BFBFBF", Style: 1}, {Type: "bottom", Color: "BFBFBF", Style: 1},
}

// Fill is a solid fill of one colour (RRGGBB).
func Fill(color string) excelize.Fill {
	return excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{color}}
}

// FitToWidth prints a sheet one page wide on A4, as many pages tall as it
// takes. On a streamed sheet, call it before NewStreamWriter.
func FitToWidth(f *excelize.File, sheet string, landscape bool) error {
	one, zero, a4, fit := 1, 0, 9, true
	orientation := "portrait"
	if landscape {
		orientation = "landscape"
	}
	if err := f.SetSheetProps(sheet, &excelize.SheetPropsOptions{FitToPage: &fit}); err != nil {
		return err
	}
	return f.SetPageLayout(sheet, &excelize.PageLayoutOptions{Size: &a4, Orientation: &orientation, FitToWidth: &one, FitToHeight: &zero})
}
