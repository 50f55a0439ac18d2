package round

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os"

	"github.com/bax/starrate/importer"
	"github.com/bax/starrate/rating"
)

// MaxFileSize is the largest input any command reads: one cap for rate and
// validate alike, the importer's.
var MaxFileSize = importer.DefaultOptions().MaxFileSize

// opener opens an input for reading; tests count the opens through it.
type opener func(path string) (*os.File, error)

// openInput opens without blocking (openFlags): opening a FIFO for reading
// would otherwise wait for a writer, deaf to the context.
func openInput(path string) (*os.File, error) {
	return os.OpenFile(path, os.O_RDONLY|openFlags, 0)
}

// readInput reads one input whole, or says why not as a problem of the
// file. The file is opened once and checked on the open handle, so what is
// read is what was checked: only regular files are read (a FIFO, device or
// socket, or a link to one, is refused), at most MaxFileSize bytes, and the
// read stops when ctx is cancelled.
func readInput(ctx context.Context, open opener, in Input) ([]byte, *rating.Problem) {
	fail := func(code rating.Code, msg string) *rating.Problem {
		return &rating.Problem{Severity: rating.SeverityError, Code: code, File: in.Name, Message: msg}
	}
	if in.Problem != nil {
		return nil, in.Problem
	}
	f, err := open(in.Path)
	if err != nil {
		return nil, fail(rating.CodeUnreadable, "无法打开文件（"+errText(err)+"）")
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return nil, fail(rating.CodeUnreadable, "无法读取文件（"+errText(err)+"）")
	}
	if !st.Mode().IsRegular() {
		return nil, fail(rating.CodeNotRegular, fmt.Sprintf("不是普通文件（%s），未读取：只读取普通的工作簿文件", modeName(st.Mode())))
	}
	if st.Size() > MaxFileSize {
		p := importer.TooLarge(in.Name, st.Size(), MaxFileSize)
		return nil, &p
	}
	// Sized from the handle's stat, as os.ReadFile does: no regrowth.
	buf := bytes.NewBuffer(make([]byte, 0, st.Size()+bytes.MinRead))
	_, err = buf.ReadFrom(io.LimitReader(ctxReader{ctx, f}, MaxFileSize+1))
	data := buf.Bytes()
	switch {
	case errors.Is(err, context.Canceled), errors.Is(err, context.DeadlineExceeded):
		return nil, fail(rating.CodeUnreadable, "读取被中断")
	case err != nil:
		return nil, fail(rating.CodeUnreadable, "无法读取文件（"+errText(err)+"）")
	case int64(len(data)) > MaxFileSize:
		// It grew while being read.
		return nil, fail(rating.CodeLimit, fmt.Sprintf("文件超过 %d MB 的上限，未读取", MaxFileSize>>20))
	}
	return data, nil
}

func modeName(m os.FileMode) string {
	switch {
	case m&os.ModeNamedPipe != 0:
		return "命名管道"
	case m&os.ModeSocket != 0:
		return "套接字"
	case m&os.ModeDevice != 0:
		return "设备文件"
	case m.IsDir():
		return "文件夹"
	}
	return "特殊文件"
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
