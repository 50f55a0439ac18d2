#!/bin/sh
# Round-scale benchmarks of BENCHMARKS.md: the floor (excelize alone reading
# every cell), import + rate, the full `starrate rate`, `rate --review` with a
# record filled part-way, and `starrate review` creating and updating that
# record, for 100 and 1,000 typical applications (generated once into
# $TMPDIR/starrate-bench/), each job in its own process so that its CPU time
# and peak RSS are its own. Then the per-workbook micro-benchmarks.
#
#	scripts/bench.sh          all sizes (about 20 minutes on 2 idle cores)
#	scripts/bench.sh 100      only the 100-application round
#	COUNT=3 scripts/bench.sh 100   each job three times (BENCHMARKS.md's n=100 rows)
set -e
cd "$(dirname "$0")/.."
go version
uptime
go test ./cmd/starrate -run '^$' -bench "Round${1:+/.*/n=$1\$}" -benchtime 1x -count "${COUNT:-1}" -timeout 90m
go test ./importer -run '^$' -bench ReadTypical -benchmem
go test ./exporter -run '^$' -bench AnnotateTypical -benchmem
go test ./rating -run '^$' -bench 'RateTypical|ApplyReview' -benchmem
uptime
