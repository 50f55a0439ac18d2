package testtree

import (
	"fmt"
	"os"
	"path/filepath"
	"sync"
	"testing"
)

func TestCopy(t *testing.T) {
	from := t.TempDir()
	if err := os.MkdirAll(filepath.Join(from, "a", "b"), 0o755); err != nil {
		t.Fatal(err)
	}
	for name, text := range map[string]string{"x.xlsx": "1", "a/b/y.xlsx": "2"} {
		if err := os.WriteFile(filepath.Join(from, filepath.FromSlash(name)), []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	to := Copy(t, from)
	for name, text := range map[string]string{"x.xlsx": "1", "a/b/y.xlsx": "2"} {
		got, err := os.ReadFile(filepath.Join(to, filepath.FromSlash(name)))
		if err != nil || string(got) != text {
			t.Errorf("%s: %q, %v; want %q", name, got, err, text)
		}
	}
	if err := os.WriteFile(filepath.Join(to, "x.xlsx"), []byte("changed"), 0o644); err != nil {
		t.Fatal(err)
	}
	if got, _ := os.ReadFile(filepath.Join(from, "x.xlsx")); string(got) != "1" {
		t.Errorf("the original changed: %q", got)
	}
}

func TestSyncBuffer(t *testing.T) {
	var b SyncBuffer
	var wg sync.WaitGroup
	for i := range 50 {
		wg.Add(1)
		go func() { defer wg.Done(); fmt.Fprintf(&b, "%02d\n", i) }()
		_ = b.String()
	}
	wg.Wait()
	if n := len(b.String()); n != 150 {
		t.Errorf("%d bytes, want 150", n)
	}
}
