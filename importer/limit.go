package importer

import (
	"fmt"

	"github.com/bax/starrate/rating"
)

// TooLarge is the problem of a file of size bytes over the cap of limit
// bytes, left unread: the same words in rate, validate and the self-check
// page, which refuse a file before reading it.
func TooLarge(file string, size, limit int64) rating.Problem {
	return rating.Problem{Severity: rating.SeverityError, Code: rating.CodeLimit, File: file, Cause: ErrTooLarge,
		Message: fmt.Sprintf("文件大小 %d 字节，超过 %d MB 的上限，未读取", size, limit>>20)}
}
