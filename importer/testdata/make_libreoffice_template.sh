#!/bin/sh
# Writes libreoffice-template.xlsx: the blank 2022.2 template (starrate
# template --year 2022) opened and saved by LibreOffice Calc headless, as an
# applicant who opens the template in LibreOffice and saves it would hand
# it back. It keeps the red 「*」 header runs as rich text and the 示例 rows.
# Made with LibreOffice 7.4.7.2 (Debian bookworm); read by
# importer/foreign_test.go (TestLibreOfficeSavedTemplate). It lives here, not
# in testdata/foreign, because `validate testdata/foreign` must find no errors
# and a blank template has its empty required values.
set -e
cd "$(dirname "$0")"
out=$(mktemp -d)
(cd ../.. && go run ./cmd/starrate template --year 2022 -o "$out/libreoffice-template.xlsx")
mkdir "$out/lo"
soffice --headless --convert-to xlsx:"Calc MS Excel 2007 XML" --outdir "$out/lo" "$out/libreoffice-template.xlsx"
mv "$out/lo/libreoffice-template.xlsx" libreoffice-template.xlsx
rm -r "$out"
