#!/bin/sh
# CI: fails when the committed self-check engine (selfcheck/starrate.wasm.gz,
# selfcheck/wasm_exec.js) is not what the sources build, i.e. someone changed
# importer, rating, templates, exporter or selfcheck and did not run
# `go generate ./selfcheck`. The WebAssembly is compared unpacked, so that a
# different gzip build cannot fail the check on identical code.
set -eu
cd "$(dirname "$0")/.."
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
scripts/selfcheck-wasm.sh "$tmp" >/dev/null
stale=""
gzip -dc selfcheck/starrate.wasm.gz >"$tmp/committed.wasm"
gzip -dc "$tmp/starrate.wasm.gz" >"$tmp/built.wasm"
cmp -s "$tmp/committed.wasm" "$tmp/built.wasm" || stale="selfcheck/starrate.wasm.gz"
cmp -s selfcheck/wasm_exec.js "$tmp/wasm_exec.js" || stale="$stale selfcheck/wasm_exec.js"
if [ -n "$stale" ]; then
  echo "STALE: $stale differs from what the sources build ($(go env GOVERSION))." >&2
  echo "Run: go generate ./selfcheck   and commit the result." >&2
  exit 1
fi
echo "selfcheck engine is fresh"
