package round

import (
	"encoding/json"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/bax/starrate/exporter"
	"github.com/bax/starrate/rating"
)

func record(file, sha string) Record {
	return Record{Company: exporter.Company{File: file, SHA256: sha, Kind: exporter.KindApplication, Name: "甲公司"},
		Keys: rating.Keys{File: file}}
}

func TestStorePutGetEach(t *testing.T) {
	dir := t.TempDir()
	s, err := NewStore(dir, 3)
	require.NoError(t, err)
	// Out of order, and one replaced: read back in input order, the last put.
	require.NoError(t, s.Put(2, record("c.xlsx", "3")))
	require.NoError(t, s.Put(0, record("a.xlsx", "0")))
	require.NoError(t, s.Put(1, record("b.xlsx", "1")))
	require.NoError(t, s.Put(0, record("a.xlsx", "2")))
	r, err := s.Get(0)
	require.NoError(t, err)
	assert.Equal(t, "2", r.Company.SHA256)
	var files []string
	require.NoError(t, s.Each(func(c exporter.Company) error { files = append(files, c.File); return nil }))
	assert.Equal(t, []string{"a.xlsx", "b.xlsx", "c.xlsx"}, files)
	_, err = s.Get(3)
	assert.Error(t, err)
	require.NoError(t, s.Close())
	entries, _ := os.ReadDir(dir)
	assert.Empty(t, entries, "the store's file is removed")
}

func TestStoreMissingRecord(t *testing.T) {
	s, err := NewStore(t.TempDir(), 2)
	require.NoError(t, err)
	defer s.Close()
	require.NoError(t, s.Put(0, record("a.xlsx", "0")))
	assert.ErrorContains(t, s.Each(func(exporter.Company) error { return nil }), "no record 1")
}

// saved makes a cache of two records in dir and returns its manifest.
func saved(t *testing.T, dir, key string) {
	t.Helper()
	s, err := NewStore(dir, 2)
	require.NoError(t, err)
	require.NoError(t, s.Put(0, record("a.xlsx", "sha-a")))
	require.NoError(t, s.Put(1, record("b.xlsx", "sha-b")))
	names := []string{"a.xlsx", "b.xlsx"}
	require.NoError(t, SaveManifest(dir, key, s, func(i int) (string, Entry) {
		return names[i], Entry{SHA256: "sha-" + names[i][:1]}
	}))
	require.NoError(t, s.Close())
}

func TestManifestRoundTrip(t *testing.T) {
	dir := t.TempDir()
	key := CacheKey("v1", "hash")
	saved(t, dir, key)
	m := LoadManifest(dir, key)
	defer m.Close()
	e, ok := m.Lookup("b.xlsx", "sha-b", "")
	require.True(t, ok)
	r, err := m.Record("b.xlsx", e)
	require.NoError(t, err)
	assert.Equal(t, "b.xlsx", r.Company.File)
	_, ok = m.Lookup("b.xlsx", "changed", "")
	assert.False(t, ok)
	_, ok = m.Lookup("b.xlsx", "sha-b", "forms")
	assert.False(t, ok, "other forms, another result")

	// Saving again leaves one records file.
	saved(t, dir, key)
	old, _ := filepath.Glob(filepath.Join(dir, cachePrefix+"*"))
	assert.Len(t, old, 1)
}

func TestManifestOfAnotherKeyIsEmpty(t *testing.T) {
	dir := t.TempDir()
	saved(t, dir, CacheKey("v1", "hash"))
	for _, key := range []string{CacheKey("v2", "hash"), CacheKey("v1", "other")} {
		m := LoadManifest(dir, key)
		assert.Empty(t, m.Entries, "another version or profile: nothing cached")
		m.Close()
	}
}

// A damaged or forged index never panics and never yields another input's
// record: each odd entry is an error, and the input is read again.
func TestManifestRecordIsChecked(t *testing.T) {
	dir := t.TempDir()
	key := CacheKey("v1", "hash")
	saved(t, dir, key)
	m := LoadManifest(dir, key)
	defer m.Close()
	a, b := m.Entries["a.xlsx"], m.Entries["b.xlsx"]
	for name, e := range map[string]Entry{
		"negative length":  {SHA256: a.SHA256, Off: a.Off, Len: -5},
		"zero length":      {SHA256: a.SHA256, Off: a.Off, Len: 0},
		"huge length":      {SHA256: a.SHA256, Off: a.Off, Len: 1<<31 - 1},
		"negative offset":  {SHA256: a.SHA256, Off: -1, Len: a.Len},
		"past the end":     {SHA256: a.SHA256, Off: b.Off + int64(b.Len), Len: a.Len},
		"mid-record":       {SHA256: a.SHA256, Off: a.Off + 3, Len: a.Len},
		"another's record": {SHA256: a.SHA256, Off: b.Off, Len: b.Len},
		"another content":  {SHA256: "forged", Off: a.Off, Len: a.Len},
	} {
		t.Run(name, func(t *testing.T) {
			_, err := m.Record("a.xlsx", e)
			assert.Error(t, err)
		})
	}
}

func TestLoadManifestRejectsOddIndex(t *testing.T) {
	key := CacheKey("v1", "hash")
	for name, index := range map[string]any{
		"not JSON":          "{",
		"records elsewhere": Manifest{Version: manifestVersion, Key: key, Records: "../x" + cacheExt, Entries: map[string]Entry{}},
		"records missing":   Manifest{Version: manifestVersion, Key: key, Records: cachePrefix + "1" + cacheExt, Entries: map[string]Entry{}},
		"old version":       Manifest{Version: 2, Key: key, Records: cachePrefix + "1" + cacheExt, Entries: map[string]Entry{}},
	} {
		t.Run(name, func(t *testing.T) {
			dir := t.TempDir()
			data, _ := json.Marshal(index)
			if s, ok := index.(string); ok {
				data = []byte(s)
			}
			require.NoError(t, os.WriteFile(filepath.Join(dir, ManifestFile), data, 0o644))
			m := LoadManifest(dir, key)
			assert.Empty(t, m.Entries)
			assert.NoError(t, m.Close())
		})
	}
}
