//go:build unix

package round

import (
	"errors"
	"os"

	"golang.org/x/sys/unix"
)

// openLock opens the lock file without following a symlink, and without
// blocking should it be a FIFO.
func openLock(path string) (*os.File, error) {
	return os.OpenFile(path, os.O_RDWR|os.O_CREATE|unix.O_NOFOLLOW|unix.O_NONBLOCK, 0o644)
}

// lockFile takes an advisory lock that the kernel drops when the process
// dies, so a killed run never leaves the folder locked.
func lockFile(f *os.File) error {
	err := unix.Flock(int(f.Fd()), unix.LOCK_EX|unix.LOCK_NB)
	if errors.Is(err, unix.EWOULDBLOCK) {
		return errWouldBlock
	}
	return err
}

func unlockFile(f *os.File) { _ = unix.Flock(int(f.Fd()), unix.LOCK_UN) }
