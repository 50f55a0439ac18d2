package importer

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"

	"github.com/bax/starrate/rating"
)

// Load reads an input file whole, the one way every command reads one: a
// regular file of at most maxSize bytes (MaxFileSize when 0 or less),
// read until ctx is done. Otherwise it returns the problem to report for
// the file, with code not_regular, limit or unreadable; display names the
// file in it (the path itself is never put in a message).
func Load(ctx context.Context, path, display string, maxSize int64) ([]byte, *rating.Problem) {
	if maxSize <= 0 {
		maxSize = MaxFileSize
	}
	data, fe := load(ctx, path, maxSize)
	if fe != nil {
		p := fileProblem(display, fe)
		return nil, &p
	}
	return data, nil
}

// load opens the file once and checks it on the open handle, so what is
// read is what was checked: a FIFO swapped in after a path check cannot
// block the read, and a file that grows while read cannot pass the limit.
// The path is looked at first too, so that a device is refused without
// being opened at all (opening some has effects).
func load(ctx context.Context, path string, limit int64) ([]byte, *fileError) {
	if st, err := os.Stat(path); err != nil {
		return nil, &fileError{"无法打开文件（" + pathErrText(err) + "）", rating.CodeUnreadable}
	} else if fe := checkMode(st, limit); fe != nil {
		return nil, fe
	}
	f, st, fe := openChecked(path, limit)
	if fe != nil {
		return nil, fe
	}
	defer f.Close()
	// Sized from the handle's stat, as os.ReadFile does: no regrowth.
	buf := bytes.NewBuffer(make([]byte, 0, st.Size()+bytes.MinRead))
	_, err := buf.ReadFrom(io.LimitReader(ctxReader{ctx, f}, limit+1))
	switch {
	case errors.Is(err, context.Canceled), errors.Is(err, context.DeadlineExceeded):
		return nil, &fileError{"读取被中断，文件未读完", rating.CodeUnreadable}
	case err != nil:
		return nil, &fileError{"无法读取文件（" + pathErrText(err) + "）", rating.CodeUnreadable}
	case int64(buf.Len()) > limit:
		return nil, &fileError{fmt.Sprintf("文件在读取时变大，超过上限 %s，未读取", size(limit)), rating.CodeLimit}
	}
	return buf.Bytes(), nil
}

// openChecked opens path without blocking and checks the open handle: what
// is read is what was checked, whatever the path names by now.
func openChecked(path string, limit int64) (*os.File, fs.FileInfo, *fileError) {
	// openFlags: without O_NONBLOCK, opening a FIFO for reading waits for
	// a writer, deaf to ctx.
	f, err := os.OpenFile(path, os.O_RDONLY|openFlags, 0)
	if err != nil {
		return nil, nil, &fileError{"无法打开文件（" + pathErrText(err) + "）", rating.CodeUnreadable}
	}
	st, err := f.Stat()
	if err != nil {
		f.Close()
		return nil, nil, &fileError{"无法读取文件（" + pathErrText(err) + "）", rating.CodeUnreadable}
	}
	if fe := checkMode(st, limit); fe != nil {
		f.Close()
		return nil, nil, fe
	}
	return f, st, nil
}

// checkMode refuses what is not a regular file of at most limit bytes.
func checkMode(st fs.FileInfo, limit int64) *fileError {
	if m := st.Mode(); !m.IsRegular() {
		return &fileError{fmt.Sprintf("不是普通文件（%s），未读取：只读取普通的工作簿文件", modeName(m)), rating.CodeNotRegular}
	}
	if st.Size() > limit {
		return fileTooLarge(st.Size(), limit)
	}
	return nil
}

func modeName(m fs.FileMode) string {
	switch {
	case m&fs.ModeNamedPipe != 0:
		return "命名管道"
	case m&fs.ModeSocket != 0:
		return "套接字"
	case m&fs.ModeDevice != 0:
		return "设备文件"
	case m.IsDir():
		return "文件夹"
	}
	return "特殊文件"
}

// pathErrText is an error without the path it names: the problem names
// the file already, by its display name, and a path may hold anything.
func pathErrText(err error) string {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err.Error()
	}
	return err.Error()
}

// ctxReader stops reading once its context is done, so that a cancelled
// run does not finish reading a large file first.
type ctxReader struct {
	ctx context.Context
	r   io.Reader
}

func (c ctxReader) Read(p []byte) (int, error) {
	if err := c.ctx.Err(); err != nil {
		return 0, err
	}
	return c.r.Read(p[:min(len(p), 1<<20)])
}

// ClassifyFile peeks at the sheet names of the input at path, opened as
// Load opens it (never blocking, only a regular file of at most maxSize
// bytes), to sort a round's inputs before any is read. KindOther when it
// cannot be opened: reading it later reports why.
func ClassifyFile(path string, maxSize int64) Kind {
	if maxSize <= 0 {
		maxSize = MaxFileSize
	}
	f, st, fe := openChecked(path, maxSize)
	if fe != nil {
		return KindOther
	}
	defer f.Close()
	return ClassifyReader(f, st.Size())
}
