#!/bin/sh
# Builds the self-check page's engine (cmd/selfcheck-wasm) for the browser
# and writes what package selfcheck embeds:
#   selfcheck/starrate.wasm.gz  the WebAssembly, gzip -9 without name or time
#   selfcheck/wasm_exec.js      Go's loader for it, from the same toolchain
# Deterministic: -trimpath, no VCS stamp, no symbols, so the same sources and
# Go version give the same bytes. Run by `go generate ./selfcheck`; an output
# directory other than selfcheck/ may be given (the freshness check uses one).
set -eu
cd "$(dirname "$0")/.."
out=${1:-selfcheck}
mkdir -p "$out"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
GOOS=js GOARCH=wasm CGO_ENABLED=0 go build -trimpath -buildvcs=false -ldflags='-s -w' \
  -o "$tmp/starrate.wasm" ./cmd/selfcheck-wasm
gzip -9 -n -c "$tmp/starrate.wasm" >"$tmp/starrate.wasm.gz"
root=$(go env GOROOT)
loader=$root/lib/wasm/wasm_exec.js
[ -f "$loader" ] || loader=$root/misc/wasm/wasm_exec.js # before Go 1.24
cp "$loader" "$tmp/wasm_exec.js"
mv "$tmp/starrate.wasm.gz" "$out/starrate.wasm.gz"
mv "$tmp/wasm_exec.js" "$out/wasm_exec.js"
echo "selfcheck-wasm: $(wc -c <"$tmp/starrate.wasm") bytes raw, $(wc -c <"$out/starrate.wasm.gz") gzipped, $(go env GOVERSION)"
