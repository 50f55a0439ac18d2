package selfcheck

//go:generate ../scripts/selfcheck-wasm.sh
