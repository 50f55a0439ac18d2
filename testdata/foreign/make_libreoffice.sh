#!/bin/sh
# Re-saves openpyxl-filled.xlsx through LibreOffice Calc (Debian package
# libreoffice-calc-nogui), as an applicant who opens and saves a file would.
# LibreOffice computes and stores formula results and rewrites dates as
# serial numbers with its own number formats.
set -e
cd "$(dirname "$0")"
out=$(mktemp -d)
soffice --headless --convert-to xlsx:"Calc MS Excel 2007 XML" --outdir "$out" openpyxl-filled.xlsx
mv "$out/openpyxl-filled.xlsx" libreoffice-resaved.xlsx
rmdir "$out"
