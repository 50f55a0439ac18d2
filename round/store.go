package round

import (
	"bytes"
	"encoding/gob"
	"errors"
	"fmt"
	"io"
	"os"
	"sync"

	"github.com/bax/starrate/exporter"
	"github.com/bax/starrate/rating"
)

// Record is what a round keeps of one input: its outcome and the keys of
// the checks across applications.
type Record struct {
	Company exporter.Company
	Keys    rating.Keys
	// Form is the survey of a standalone 表A.1 input.
	Form *Form
	// Review is what the review record did to an application (rate --review).
	Review *Verdicts
}

// Verdicts is one application's part of the review record: the verdicts
// applied (results.xlsx 评审) and every key it looked up (for the record's
// unknown keys).
type Verdicts struct {
	Applied []rating.AppliedVerdict
	Keys    []string
}

// Form is a standalone survey as the round needs it: whose it is, and the
// survey.
type Form struct {
	Company string
	USCC    string
	Survey  rating.Survey
}

// maxRecord bounds one stored record, so that a damaged cache index cannot
// make a read allocate gigabytes.
const maxRecord = 64 << 20

// Store keeps a round's records in a temporary file instead of memory, so
// that a round of thousands of companies runs in the memory of a few: each
// record is written when its input is done and read back when an output is
// written. Records may be put in any order and from several goroutines;
// they are read back in input order. It is the exporter's Companies.
type Store struct {
	mu   sync.Mutex
	f    *os.File
	end  int64
	at   []span // by input index
	path string
	kept bool // renamed into a cache: Close leaves it
}

type span struct {
	off int64
	n   int32
}

// NewStore makes a store for n records in dir (a hidden temporary file
// that Close removes, and RemoveTemps sweeps after a crash).
func NewStore(dir string, n int) (*Store, error) {
	f, err := os.CreateTemp(dir, ".records.json")
	if err != nil {
		return nil, err
	}
	return &Store{f: f, at: make([]span, n), path: f.Name()}, nil
}

// Put stores the record of input i, replacing any earlier one.
func (s *Store) Put(i int, r Record) error {
	var b bytes.Buffer
	if err := gob.NewEncoder(&b).Encode(&r); err != nil {
		return fmt.Errorf("store record %d: %w", i, err)
	}
	if b.Len() > maxRecord {
		return fmt.Errorf("store record %d: %d bytes, more than %d", i, b.Len(), maxRecord)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if _, err := s.f.WriteAt(b.Bytes(), s.end); err != nil {
		return err
	}
	s.at[i] = span{s.end, int32(b.Len())}
	s.end += int64(b.Len())
	return nil
}

// Get reads the record of input i.
func (s *Store) Get(i int) (Record, error) {
	if i < 0 || i >= len(s.at) || s.at[i].n == 0 {
		return Record{}, fmt.Errorf("store: no record %d", i)
	}
	s.mu.Lock()
	end := s.end
	s.mu.Unlock()
	return readRecord(s.f, s.at[i], end)
}

// readRecord reads the record at sp of a file of size bytes. Offsets are
// checked before anything is allocated, and the decoder's panics on a
// forged record are its errors.
func readRecord(f io.ReaderAt, sp span, size int64) (r Record, err error) {
	if sp.off < 0 || sp.n <= 0 || sp.n > maxRecord || sp.off > size-int64(sp.n) {
		return r, fmt.Errorf("record at %d+%d outside the %d-byte file", sp.off, sp.n, size)
	}
	buf := make([]byte, sp.n)
	if _, err := f.ReadAt(buf, sp.off); err != nil {
		return r, err
	}
	defer func() {
		if v := recover(); v != nil {
			err = fmt.Errorf("record undecodable: %v", v)
		}
	}()
	err = gob.NewDecoder(bytes.NewReader(buf)).Decode(&r)
	return r, err
}

// keep syncs the records to disk and moves the file to path, where Close
// leaves it.
func (s *Store) keep(path string) error {
	if err := s.f.Sync(); err != nil {
		return err
	}
	// Windows refuses to rename a file that is open: close it, rename it,
	// and open it again for the reads that may follow.
	if err := s.f.Close(); err != nil {
		return err
	}
	if err := os.Rename(s.path, path); err != nil {
		if f, rerr := os.Open(s.path); rerr == nil {
			s.f = f
		}
		return err
	}
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	s.f, s.path, s.kept = f, path, true
	return nil
}

// Len is the number of inputs.
func (s *Store) Len() int { return len(s.at) }

// Each calls fn with every company in input order.
func (s *Store) Each(fn func(exporter.Company) error) error {
	return s.EachRecord(func(r Record) error { return fn(r.Company) })
}

// EachRecord calls fn with every record in input order.
func (s *Store) EachRecord(fn func(Record) error) error {
	for i := range s.at {
		r, err := s.Get(i)
		if err != nil {
			return err
		}
		if err := fn(r); err != nil {
			return err
		}
	}
	return nil
}

// storedVerdicts are the verdicts applied to the round's applications, read back
// from the store: a record filled in full has one for each of its rows,
// more than a round should hold in memory.
type storedVerdicts struct {
	s *Store
	n int
}

func (v storedVerdicts) Len() int { return v.n }

func (v storedVerdicts) Each(fn func(rating.AppliedVerdict) error) error {
	return v.s.EachRecord(func(r Record) error {
		if r.Review == nil {
			return nil
		}
		for _, a := range r.Review.Applied {
			if err := fn(a); err != nil {
				return err
			}
		}
		return nil
	})
}

// Close closes the store and removes its file, unless it was kept.
func (s *Store) Close() error {
	err := s.f.Close()
	if !s.kept {
		if rerr := os.Remove(s.path); err == nil || errors.Is(err, os.ErrClosed) {
			err = rerr
		}
	}
	return err
}
