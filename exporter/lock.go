package exporter

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"
)

// LockFile is the name of the lock in an output folder.
const LockFile = ".starrate.lock"

// ErrLocked is the cause of a LockedError.
var ErrLocked = errors.New("output folder locked by another run")

// LockedError says which run holds an output folder.
type LockedError struct {
	Dir    string
	Holder string // what the lock file says: pid, host and start time
}

func (e *LockedError) Error() string {
	return fmt.Sprintf("输出目录 %s 正被另一个 starrate 运行占用（%s）；请等待其结束后再运行", e.Dir, e.Holder)
}

// Unwrap returns ErrLocked.
func (e *LockedError) Unwrap() error { return ErrLocked }

// Lock is a held output-folder lock.
type Lock struct {
	f    *os.File
	path string
	// Stale tells what a lock left by a dead run said, if there was one.
	Stale string
}

// holderText is what a lock file says of its run.
func holderText() string {
	host, _ := os.Hostname()
	return fmt.Sprintf("pid %d, host %s, since %s", os.Getpid(), host, time.Now().Format(time.RFC3339))
}

// AcquireLock takes the lock of dir, creating dir if needed. It fails with a
// *LockedError when another live run holds it. A lock file left by a run that
// died is taken over, and reported in Lock.Stale.
func AcquireLock(dir string) (*Lock, error) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, err
	}
	path := filepath.Join(dir, LockFile)
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE, 0o644)
	if err != nil {
		return nil, err
	}
	before, _ := os.ReadFile(path)
	if err := lockFile(f); err != nil {
		f.Close()
		if errors.Is(err, errWouldBlock) {
			return nil, &LockedError{Dir: dir, Holder: strings.TrimSpace(string(before))}
		}
		return nil, err
	}
	l := &Lock{f: f, path: path, Stale: strings.TrimSpace(string(before))}
	if err := f.Truncate(0); err == nil {
		_, _ = f.WriteAt([]byte(holderText()+"\n"), 0)
	}
	return l, nil
}

// Release gives the lock up and removes its file.
func (l *Lock) Release() error {
	if l == nil || l.f == nil {
		return nil
	}
	// Remove before unlocking: a run that opens the path after this sees a
	// fresh file, never one we still hold.
	err := os.Remove(l.path)
	unlockFile(l.f)
	if cerr := l.f.Close(); err == nil {
		err = cerr
	}
	l.f = nil
	return err
}
