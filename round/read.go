package round

import (
	"context"

	"github.com/bax/starrate/importer"
	"github.com/bax/starrate/rating"
)

// MaxFileSize is the largest input any command reads: one cap for rate,
// validate, review and the self-check page, the importer's.
var MaxFileSize = importer.DefaultOptions().MaxFileSize

// files is how a round opens its inputs: importer.Load and
// importer.ClassifyFile, the one way every command reads a file (only
// regular files, opened without blocking, checked on the open handle, at
// most MaxFileSize bytes, stopping when ctx is done). Tests count the opens
// through it.
type files struct {
	load     func(ctx context.Context, path, display string, maxSize int64) ([]byte, *rating.Problem)
	classify func(path string, maxSize int64) importer.Kind
}

var diskFiles = files{load: importer.Load, classify: importer.ClassifyFile}

// readInput reads one input whole, or says why not as a problem of the file.
func readInput(ctx context.Context, fs files, in Input) ([]byte, *rating.Problem) {
	if in.Problem != nil {
		return nil, in.Problem
	}
	return fs.load(ctx, in.Path, in.Name, MaxFileSize)
}

// classify peeks at an input's sheet names. What cannot be peeked at is
// read with the forms, where its problem is reported.
func classify(ctx context.Context, fs files, in Input) importer.Kind {
	if in.Problem != nil || ctx.Err() != nil {
		return importer.KindOther
	}
	return fs.classify(in.Path, MaxFileSize)
}
