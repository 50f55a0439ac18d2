package exporter

import (
	"bytes"
	"encoding/gob"
	"fmt"
	"os"
	"sync"

	"github.com/bax/starrate/rating"
)

// Companies is a round's companies in input order, read as often as a
// writer needs them.
type Companies interface {
	// Each calls fn with every company in input order.
	Each(fn func(Company) error) error
}

// CompanySlice holds companies in memory.
type CompanySlice []Company

// Each calls fn with every company in order.
func (s CompanySlice) Each(fn func(Company) error) error {
	for _, c := range s {
		if err := fn(c); err != nil {
			return err
		}
	}
	return nil
}

// Record is what a round keeps of one input: its outcome and the keys of
// the checks across applications.
type Record struct {
	Company Company
	Keys    rating.Keys
	// Form is the survey of a standalone 表A.1 input.
	Form *Form
}

// Form is a standalone survey as the round needs it: whose it is, and the
// survey.
type Form struct {
	Company string
	USCC    string
	Survey  rating.Survey
}

// Store keeps a round's records in a temporary file instead of memory, so
// that a round of thousands of companies runs in the memory of a few: each
// record is written when its input is done and read back when an output is
// written. Records may be put in any order and from several goroutines;
// they are read back in input order.
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
	if s.at[i].n == 0 {
		return Record{}, fmt.Errorf("store: no record %d", i)
	}
	return readRecord(s.f, s.at[i])
}

func readRecord(f *os.File, sp span) (Record, error) {
	var r Record
	buf := make([]byte, sp.n)
	if _, err := f.ReadAt(buf, sp.off); err != nil {
		return r, err
	}
	err := gob.NewDecoder(bytes.NewReader(buf)).Decode(&r)
	return r, err
}

// keep syncs the records to disk and moves the file to path, where Close
// leaves it.
func (s *Store) keep(path string) error {
	if err := s.f.Sync(); err != nil {
		return err
	}
	if err := os.Rename(s.path, path); err != nil {
		return err
	}
	s.path, s.kept = path, true
	return nil
}

// Len is the number of inputs.
func (s *Store) Len() int { return len(s.at) }

// Each calls fn with every company in input order.
func (s *Store) Each(fn func(Company) error) error {
	for i := range s.at {
		r, err := s.Get(i)
		if err != nil {
			return err
		}
		if err := fn(r.Company); err != nil {
			return err
		}
	}
	return nil
}

// Close closes the store and removes its file, unless it was kept.
func (s *Store) Close() error {
	err := s.f.Close()
	if !s.kept {
		if rerr := os.Remove(s.path); err == nil {
			err = rerr
		}
	}
	return err
}
