// Package exporter writes rating results out: results.json, results.xlsx,
// results.csv and each applicant's annotated workbook. Every file is written
// to a temporary file beside its destination and renamed into place, so an
// interrupted run leaves the previous outputs whole.
package exporter

import (
	"bufio"
	"io"
	"os"
	"path/filepath"

	"github.com/google/renameio/v2"
)

// WriteFile writes path atomically: write fills a temporary file in the same
// folder, which replaces path only when write and the flush to disk succeed.
// On failure path is untouched and the temporary file removed.
func WriteFile(path string, write func(io.Writer) error) error {
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return err
	}
	t, err := renameio.TempFile(filepath.Dir(path), path)
	if err != nil {
		return err
	}
	defer t.Cleanup()
	if err := t.Chmod(0o644); err != nil {
		return err
	}
	bw := bufio.NewWriterSize(t, 64<<10)
	if err := write(bw); err != nil {
		return err
	}
	if err := bw.Flush(); err != nil {
		return err
	}
	return t.CloseAtomicallyReplace()
}
