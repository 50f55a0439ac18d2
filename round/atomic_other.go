//go:build !unix

package round

// syncDir: Windows cannot open a folder to flush it; NTFS journals the
// rename itself.
func syncDir(string) error { return nil }
