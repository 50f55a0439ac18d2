package round

import (
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"
)

// LockFile is the name of the lock in an output folder. It stays in the
// folder: removing it would let a third run lock a new file while a second
// still holds the old one.
const LockFile = ".starrate.lock"

// LockedError says which run holds an output folder.
type LockedError struct {
	Dir    string
	Holder string // what the lock file says: pid, host and start time
}

func (e *LockedError) Error() string {
	return fmt.Sprintf("输出目录 %s 正被另一个 starrate 运行占用（%s）；请等待其结束后再运行", shown(e.Dir), e.Holder)
}

// Unwrap returns ErrLocked.
func (e *LockedError) Unwrap() error { return ErrLocked }

// Lock is a held output-folder lock.
type Lock struct {
	f *os.File
	// Stale tells what a lock left by a run that died said, if there was one.
	Stale string
}

// holderText is what a lock file says of its run.
func holderText() string {
	host, _ := os.Hostname()
	return fmt.Sprintf("pid %d, host %s, since %s", os.Getpid(), host, time.Now().Format(time.RFC3339))
}

// errWouldBlock: another process holds the lock.
var errWouldBlock = errors.New("lock held")

// AcquireLock takes the lock of dir, creating dir if needed. It fails with a
// *LockedError when another live run holds it. The lock file is opened
// without following a symlink and must be a regular file: anything else is
// left alone and the run refused. A lock file left by a run that died (it
// still names its holder; a clean release empties it) is taken over, and
// reported in Lock.Stale.
func AcquireLock(dir string) (*Lock, error) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, withKind(ErrOutput, err)
	}
	path := filepath.Join(dir, LockFile)
	refuse := func(why string) error {
		return withKind(ErrUsage, fmt.Errorf("锁文件 %s %s，未使用也未改动；请检查后删除它再运行", shown(path), why))
	}
	f, err := openLock(path)
	if err != nil {
		if isSymlink(path) {
			return nil, refuse("是符号链接")
		}
		return nil, withKind(ErrOutput, fmt.Errorf("无法打开锁文件：%s", errText(err)))
	}
	if st, err := f.Stat(); err != nil || !st.Mode().IsRegular() {
		f.Close()
		return nil, refuse("不是普通文件")
	}
	before := holder(f)
	if err := lockFile(f); err != nil {
		f.Close()
		if errors.Is(err, errWouldBlock) {
			return nil, &LockedError{Dir: dir, Holder: before}
		}
		return nil, withKind(ErrOutput, fmt.Errorf("无法锁定输出目录：%w", err))
	}
	l := &Lock{f: f, Stale: holder(f)}
	if err := f.Truncate(0); err == nil {
		_, _ = f.WriteAt([]byte(holderText()+"\n"), 0)
	}
	return l, nil
}

// holder is what a lock file says, a line at most.
func holder(f *os.File) string {
	b, _ := io.ReadAll(io.NewSectionReader(f, 0, 256))
	return shown(strings.TrimSpace(string(b)))
}

func isSymlink(path string) bool {
	st, err := os.Lstat(path)
	return err == nil && st.Mode()&os.ModeSymlink != 0
}

// Release empties the lock file (a clean end) and gives the lock up. The
// file stays.
func (l *Lock) Release() error {
	if l == nil || l.f == nil {
		return nil
	}
	err := l.f.Truncate(0)
	unlockFile(l.f)
	if cerr := l.f.Close(); err == nil {
		err = cerr
	}
	l.f = nil
	return err
}
