package round

import (
	"context"
	"io"
	"path/filepath"

	"github.com/bax/starrate/templates"
)

// SampleRecord is the name of a sample round's review record.
const SampleRecord = "评审记录.xlsx"

// SampleConfig is a synthetic round to write (templates.SampleRound).
type SampleConfig struct {
	Dir  string
	Seed uint64
	N    int // applications
	Size templates.SampleSize
	Year int
}

// Sample writes a synthetic round into cfg.Dir, each file atomically, then
// its review record SampleRecord filled in part (ReviewSample), so that
// the whole flow can be tried on it. It returns how many files it wrote
// besides the record.
func Sample(ctx context.Context, cfg SampleConfig) (files int, sum ReviewSummary, err error) {
	err = templates.SampleRound(cfg.Seed, cfg.N, cfg.Size, cfg.Year, func(name string, write func(io.Writer) error) error {
		files++
		return WriteFile(filepath.Join(cfg.Dir, name), write)
	})
	if err != nil {
		return files, sum, withKind(ErrOutput, err)
	}
	sum, err = ReviewSample(ctx, ReviewConfig{Out: filepath.Join(cfg.Dir, SampleRecord)}, cfg.Dir, cfg.Year)
	return files, sum, err
}
