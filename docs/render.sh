#!/bin/sh
# Renders the pictures of docs/notes-exporter.md (and the README) from the
# committed sample round, through LibreOffice (libreoffice-calc-nogui) and
# pdftoppm (poppler-utils), with fonts-noto-cjk for the Chinese.
#
# The workbooks are the golden ones of exporter's tests: the sample round
# rated, with a previous run in which 005 had one star and 009 existed, so
# that 变化 has something to show.
set -e
cd "$(dirname "$0")/.."
root=$(pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
go test ./exporter -run 'Golden' -count=1 -args -render "$tmp" >/dev/null
cd "$tmp"
soffice --headless --convert-to pdf results.xlsx >/dev/null 2>&1
soffice --headless --convert-to pdf annotated.xlsx >/dev/null 2>&1

# page NAME TEXT: the first page of results.pdf that shows TEXT.
page() {
	n=$(pdfinfo "$1" | awk '/^Pages/ {print $2}')
	i=1
	while [ "$i" -le "$n" ]; do
		if pdftotext -f "$i" -l "$i" "$1" - | grep -q "$2"; then
			echo "$i"
			return
		fi
		i=$((i + 1))
	done
	echo "no page of $1 shows $2" >&2
	exit 1
}

# shot PDF PAGE OUT DPI HEIGHT: the top of a page, HEIGHT inches tall.
shot() {
	w=$(pdfinfo -f "$2" -l "$2" "$1" | awk '/^Page.*size/ {print $4; exit}')
	pdftoppm -r "$4" -png -singlefile -f "$2" -l "$2" -x 0 -y 0 \
		-W "$(awk "BEGIN {print int($w * $4 / 72)}")" -H "$(awk "BEGIN {print int($5 * $4)}")" "$1" "$3"
}

shot results.pdf "$(page results.pdf 结果汇总)" summary 110 4.2
shot results.pdf "$(page results.pdf 与上次评定结果相比的变化)" changes 110 3.2
shot results.pdf "$(page results.pdf 一、申报与评定)" stats 100 11.6
shot annotated.pdf 1 annotated 100 11.7
cp summary.png "$root/docs/results-summary.png"
cp changes.png "$root/docs/results-changes.png"
cp stats.png "$root/docs/results-stats.png"
cp annotated.png "$root/docs/annotated-verdict.png"
