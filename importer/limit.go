package importer

import (
	"fmt"

	"github.com/bax/starrate/rating"
)

// tooLarge is the fault of a file of n bytes over the cap of limit bytes,
// left unread.
func fileTooLarge(n, limit int64) *fileError {
	return &fileError{fmt.Sprintf("文件大小 %s，超过上限 %s，未读取", size(n), size(limit)), rating.CodeLimit}
}

// TooLarge is the problem of a file of n bytes over the cap of limit bytes:
// the same words in rate, validate and the self-check page, which refuse a
// file before reading it.
func TooLarge(file string, n, limit int64) rating.Problem {
	p := fileTooLarge(n, limit).problem()
	p.File = file
	return p
}
