//go:build windows

package round

import (
	"errors"
	"os"

	"golang.org/x/sys/windows"
)

// openLock opens the lock file, refusing a symlink (Windows has no
// O_NOFOLLOW: the link is looked at first, and the handle checked after).
func openLock(path string) (*os.File, error) {
	if st, err := os.Lstat(path); err == nil && !st.Mode().IsRegular() {
		return nil, errors.New("not a regular file")
	}
	return os.OpenFile(path, os.O_RDWR|os.O_CREATE, 0o644)
}

// lockRange is where the lock is taken: one byte far past the holder text,
// so that another run can still read who holds the folder.
var lockRange = windows.Overlapped{OffsetHigh: 0x40000000}

// lockFile takes a lock that Windows drops when the process dies.
func lockFile(f *os.File) error {
	ol := lockRange
	err := windows.LockFileEx(windows.Handle(f.Fd()), windows.LOCKFILE_EXCLUSIVE_LOCK|windows.LOCKFILE_FAIL_IMMEDIATELY, 0, 1, 0, &ol)
	if errors.Is(err, windows.ERROR_LOCK_VIOLATION) {
		return errWouldBlock
	}
	return err
}

func unlockFile(f *os.File) {
	ol := lockRange
	_ = windows.UnlockFileEx(windows.Handle(f.Fd()), 0, 1, 0, &ol)
}
