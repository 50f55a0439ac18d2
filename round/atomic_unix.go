//go:build unix

package round

import "os"

// syncDir flushes a folder's entries, so that a rename survives a crash.
func syncDir(dir string) error {
	d, err := os.Open(dir)
	if err != nil {
		return err
	}
	defer d.Close()
	return d.Sync()
}
