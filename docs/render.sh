#!/bin/sh
# Renders the pictures of README.md from the committed sample round, through
# LibreOffice (libreoffice-calc-nogui) and pdftoppm (poppler-utils).
set -e
cd "$(dirname "$0")/.."
tmp=$(mktemp -d)
go run ./cmd/starrate rate -q -o "$tmp/out" testdata/sample-round || true
cd "$tmp"
soffice --headless --convert-to pdf out/results.xlsx >/dev/null 2>&1
cp "out/annotated/006-北京石景山安防运维服务有限公司005-有错误.xlsx" annotated.xlsx
soffice --headless --convert-to pdf annotated.xlsx >/dev/null 2>&1
pages=$(pdfinfo results.pdf | awk '/^Pages/ {print $2}')
pdftoppm -r 230 -png -singlefile -f 1 -l 1 -x 170 -y 200 -W 1900 -H 230 results.pdf summary
pdftoppm -r 80 -png -singlefile -f $((pages-1)) -l $((pages-1)) -x 50 -y 60 -W 900 -H 500 results.pdf stats
pdftoppm -r 110 -png -singlefile -f 1 -l 1 -x 40 -y 40 -W 1100 -H 700 annotated.pdf annotated
cd - >/dev/null
cp "$tmp/summary.png" docs/results-summary.png
cp "$tmp/stats.png" docs/results-stats.png
cp "$tmp/annotated.png" docs/annotated-verdict.png
rm -rf "$tmp"
