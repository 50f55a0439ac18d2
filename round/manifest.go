package round

import (
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"
)

// ManifestFile is the index of the incremental cache in an output folder;
// the records it points to are in the file it names
// (.starrate-cache-<n>.gob), written by a Store.
const ManifestFile = ".starrate-manifest.json"

const (
	cachePrefix = ".starrate-cache-"
	cacheExt    = ".gob"
	// manifestVersion changes when the shape of cached records changes: an
	// old cache is then ignored, never misread.
	manifestVersion = 3
	// maxManifest bounds the index read.
	maxManifest = 64 << 20
)

// Manifest remembers each input's outcome by its content, so that a
// scheduled run (--incremental) re-reads only files that changed. It is
// valid for one key: starrate's version and the rule profile's hash, so a
// new release or a tailored profile rates every file again. The records
// stay on disk; Record reads one when it is needed, checking it first.
type Manifest struct {
	Version int              `json:"version"`
	Key     string           `json:"key"`
	Records string           `json:"records"`
	Entries map[string]Entry `json:"entries"` // by input name

	f    *os.File
	size int64
}

// Entry is one input's cached outcome.
type Entry struct {
	SHA256 string `json:"sha256"`
	// FormsDigest identifies the survey forms attached to this application
	// (their sha256s); its cached result holds only for the same forms.
	FormsDigest string `json:"forms_digest,omitempty"`
	Off         int64  `json:"off"`
	Len         int32  `json:"len"`
}

// CacheKey is the key of a cache valid for this version of starrate and
// this profile.
func CacheKey(version, profileHash string, reviews ...string) string {
	key := version + "/" + profileHash
	// Any verdict can change any company's result: the review record
	// files' digests (in the order given, sorted by the caller) are part
	// of the key.
	for _, r := range reviews {
		key += "/" + r
	}
	return key
}

// LoadManifest opens dir's cache for key. A missing, unreadable or outdated
// cache gives an empty one: the run is then a full one.
func LoadManifest(dir, key string) *Manifest {
	empty := &Manifest{Version: manifestVersion, Key: key, Entries: map[string]Entry{}}
	f, err := os.Open(filepath.Join(dir, ManifestFile))
	if err != nil {
		return empty
	}
	data, err := io.ReadAll(io.LimitReader(f, maxManifest))
	f.Close()
	if err != nil {
		return empty
	}
	var m Manifest
	if json.Unmarshal(data, &m) != nil || m.Version != manifestVersion || m.Key != key || m.Entries == nil ||
		m.Records != filepath.Base(m.Records) || !strings.HasPrefix(m.Records, cachePrefix) {
		return empty
	}
	if m.f, err = os.Open(filepath.Join(dir, m.Records)); err != nil {
		return empty
	}
	if st, err := m.f.Stat(); err != nil || !st.Mode().IsRegular() {
		m.f.Close()
		return empty
	} else {
		m.size = st.Size()
	}
	return &m
}

// Lookup returns the entry of an input if its content and attached forms
// are unchanged.
func (m *Manifest) Lookup(name, sha, formsDigest string) (Entry, bool) {
	e, ok := m.Entries[name]
	return e, ok && m.f != nil && e.SHA256 == sha && e.FormsDigest == formsDigest
}

// Record reads the cached record of input name: its place must be inside
// the records file, and the record must be of that input and content.
func (m *Manifest) Record(name string, e Entry) (Record, error) {
	if m.f == nil {
		return Record{}, fmt.Errorf("no cache")
	}
	r, err := readRecord(m.f, span{e.Off, e.Len}, m.size)
	if err != nil {
		return r, err
	}
	if r.Company.File != name || r.Company.SHA256 != e.SHA256 {
		return Record{}, fmt.Errorf("cached record of %q (%.12s) filed under %q (%.12s)", r.Company.File, r.Company.SHA256, name, e.SHA256)
	}
	return r, nil
}

// Close closes the records file.
func (m *Manifest) Close() error {
	if m.f == nil {
		return nil
	}
	return m.f.Close()
}

// SaveManifest keeps store's records as dir's cache: the records file is
// synced and renamed, the index written atomically after it, and older
// records files removed. entry gives the name and entry of input i; its
// offsets are filled in here.
func SaveManifest(dir, key string, store *Store, entry func(i int) (string, Entry)) error {
	records := fmt.Sprintf("%s%d%s", cachePrefix, time.Now().UnixNano(), cacheExt)
	if err := store.keep(filepath.Join(dir, records)); err != nil {
		return err
	}
	m := Manifest{Version: manifestVersion, Key: key, Records: records, Entries: make(map[string]Entry, store.Len())}
	for i := range store.Len() {
		name, e := entry(i)
		e.Off, e.Len = store.at[i].off, store.at[i].n
		m.Entries[name] = e
	}
	err := WriteFile(filepath.Join(dir, ManifestFile), func(w io.Writer) error {
		enc := json.NewEncoder(w)
		enc.SetEscapeHTML(false)
		return enc.Encode(m)
	})
	if err != nil {
		return err
	}
	RemoveManifest(dir, records)
	return nil
}

// RemoveManifest deletes dir's cache, but for the records file named keep.
func RemoveManifest(dir, keep string) {
	if keep == "" {
		_ = os.Remove(filepath.Join(dir, ManifestFile))
	}
	old, _ := filepath.Glob(filepath.Join(dir, cachePrefix+"*"+cacheExt))
	for _, f := range old {
		if filepath.Base(f) != keep {
			_ = os.Remove(f)
		}
	}
}
