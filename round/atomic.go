package round

import (
	"bufio"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
)

// WriteFile writes path atomically: write fills a temporary file in the same
// folder, which replaces path only when write and the flush to disk succeed.
// On failure path is untouched and the temporary file removed.
func WriteFile(path string, write func(io.Writer) error) error {
	tmp, err := stage(path, write)
	if err != nil {
		return err
	}
	if err := replace(tmp, path); err != nil {
		_ = os.Remove(tmp)
		return err
	}
	return nil
}

// stage writes a temporary file beside path (named for tempName), flushed
// to disk and closed, and returns its name: replace puts it in place, at
// once or when the whole round's outputs are ready.
func stage(path string, write func(io.Writer) error) (tmp string, err error) {
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return "", err
	}
	f, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".tmp-*")
	if err != nil {
		return "", err
	}
	defer func() {
		if err != nil {
			f.Close()
			_ = os.Remove(f.Name())
		}
	}()
	if err := f.Chmod(0o644); err != nil {
		return "", err
	}
	bw := bufio.NewWriterSize(f, 64<<10)
	if err := write(bw); err != nil {
		return "", err
	}
	if err := bw.Flush(); err != nil {
		return "", err
	}
	if err := f.Sync(); err != nil {
		return "", err
	}
	return f.Name(), f.Close()
}

// replace renames tmp over path (on Windows os.Rename is MoveFileEx with
// MOVEFILE_REPLACE_EXISTING) and makes the rename durable where the system
// allows it.
func replace(tmp, path string) error {
	if err := os.Rename(tmp, path); err != nil {
		return err
	}
	return syncDir(filepath.Dir(path))
}

// tempName matches the temporary files stage makes, those of earlier
// versions (renameio's "." + name + digits), the store's, the exporter's
// spooled rows (exporter.TempPrefix + digits) and excelize's own, which a
// sheet over 16 MiB would put beside them (excelize- + digits).
var tempName = regexp.MustCompile(`^(\..+\.(xlsx|xlsm|json|csv|xml)(-?[0-9]+|\.tmp-[0-9]+)|excelize-[0-9]+)$`)

// RemoveTemps deletes temporary files that a run killed mid-write left in
// dir and below. Call it only while holding dir's lock.
func RemoveTemps(dir string) (removed []string) {
	_ = filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err == nil && d.Type().IsRegular() && tempName.MatchString(d.Name()) && os.Remove(path) == nil {
			removed = append(removed, path)
		}
		return nil
	})
	return removed
}
