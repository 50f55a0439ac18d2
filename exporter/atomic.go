// Package exporter writes rating results out: results.json, results.xlsx,
// results.csv and each applicant's annotated workbook. Every file is written
// to a temporary file beside its destination and renamed into place, so an
// interrupted run leaves the previous outputs whole.
package exporter

import (
	"bufio"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"

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

// tempName matches the temporary files WriteFile makes: "." + the final
// name + digits.
var tempName = regexp.MustCompile(`^\..+\.(xlsx|xlsm|json|csv)-?[0-9]+$`)

// RemoveTemps deletes temporary files that a run killed mid-write left in
// dir and below. Call it only while holding dir's lock.
func RemoveTemps(dir string) (removed []string) {
	_ = filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() && tempName.MatchString(d.Name()) && os.Remove(path) == nil {
			removed = append(removed, path)
		}
		return nil
	})
	return removed
}
