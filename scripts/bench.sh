#!/bin/sh
# Round-scale benchmarks of BENCHMARKS.md: the floor (excelize alone reading
# every cell), import + rate, and the full `starrate rate`, for 100 and 1,000
# typical companies (generated once into $TMPDIR/starrate-bench/), each in
# its own process so that its CPU time and peak RSS are its own. Then the
# per-workbook micro-benchmarks. Takes about 5 minutes on 2 cores the first
# time (generating the rounds), 3 after.
set -e
cd "$(dirname "$0")/.."
go version
go test ./cmd/starrate -run '^$' -bench "Round${1:+/.*/n=$1\$}" -benchtime 1x -timeout 60m
go test ./importer -run '^$' -bench ReadTypical -benchmem
go test ./exporter -run '^$' -bench AnnotateTypical -benchmem
