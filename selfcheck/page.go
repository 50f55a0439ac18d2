//go:build !(js && wasm)

// The page is assembled by the CLI; the engine itself (built from this
// package for js/wasm) must not embed the engine.

package selfcheck

import (
	"bytes"
	_ "embed"
	"encoding/base64"
	"errors"
	"io"
	"strings"
)

// The engine and its loader, as scripts/selfcheck-wasm.sh built them from
// this repository's sources (go generate ./selfcheck; CI checks they are
// fresh with scripts/check-selfcheck-fresh.sh).
var (
	//go:embed starrate.wasm.gz
	engine []byte
	//go:embed wasm_exec.js
	loader string
	//go:embed page.html
	page string
)

// The page's two holes: the loader's code, and the engine in base64.
const (
	loaderMark = "{{WASM_EXEC_JS}}"
	engineMark = "{{ENGINE}}"
)

// Write emits the self-check page: one HTML file with the compressed
// engine and its loader inline, which needs no network and nothing else.
func Write(w io.Writer) error {
	before, rest, ok1 := strings.Cut(page, loaderMark)
	middle, after, ok2 := strings.Cut(rest, engineMark)
	if !ok1 || !ok2 {
		return errors.New("selfcheck: page.html lacks its placeholders")
	}
	// Inline code ends at the first "</script": the loader must not hold one.
	if strings.Contains(strings.ToLower(loader), "</script") {
		return errors.New("selfcheck: wasm_exec.js cannot be inlined (contains </script)")
	}
	if !bytes.HasPrefix(engine, []byte{0x1f, 0x8b}) {
		return errors.New("selfcheck: starrate.wasm.gz is not gzip; run go generate ./selfcheck")
	}
	for _, s := range []string{before, loader, middle} {
		if _, err := io.WriteString(w, s); err != nil {
			return err
		}
	}
	enc := base64.NewEncoder(base64.StdEncoding, w)
	if _, err := enc.Write(engine); err != nil {
		return err
	}
	if err := enc.Close(); err != nil {
		return err
	}
	_, err := io.WriteString(w, after)
	return err
}
