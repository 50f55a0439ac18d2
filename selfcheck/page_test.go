//go:build !(js && wasm)

package selfcheck

import (
	"bytes"
	"compress/gzip"
	"encoding/base64"
	"io"
	"regexp"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

// The page must work with no network: nothing in it may point outside it.
func TestPageIsSelfContained(t *testing.T) {
	var b bytes.Buffer
	require.NoError(t, Write(&b))
	page := b.String()
	require.Less(t, b.Len(), 10<<20, "the page must fit in an e-mail")
	require.NotContains(t, page, "{{", "a placeholder was left unfilled")
	for _, re := range []string{`<script[^>]+src=`, `<link[^>]+href=`, `<img[^>]+src="?http`, `@import`, `url\(\s*["']?http`, `<iframe`} {
		require.False(t, regexp.MustCompile(`(?i)`+re).MatchString(page), "page refers outside itself: %s", re)
	}
	require.Contains(t, page, "connect-src 'none'", "the CSP forbids connections")

	// The engine unpacks to WebAssembly.
	_, rest, ok := strings.Cut(page, `<script type="application/octet-stream" id="engine">`)
	require.True(t, ok)
	encoded, _, ok := strings.Cut(rest, "</script>")
	require.True(t, ok)
	gz, err := base64.StdEncoding.DecodeString(encoded)
	require.NoError(t, err)
	zr, err := gzip.NewReader(bytes.NewReader(gz))
	require.NoError(t, err)
	require.Empty(t, zr.Name, "no file name in the gzip header: the build is reproducible")
	require.True(t, zr.ModTime.IsZero(), "no time in the gzip header")
	head := make([]byte, 4)
	_, err = io.ReadFull(zr, head)
	require.NoError(t, err)
	require.Equal(t, []byte("\x00asm"), head)
}
