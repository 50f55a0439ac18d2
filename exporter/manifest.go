package exporter

import (
	"encoding/json"
	"io"
	"os"
	"path/filepath"

	"github.com/bax/starrate/rating"
)

// ManifestFile is the name of the incremental cache in an output folder.
const ManifestFile = ".starrate-manifest.json"

// manifestVersion changes when the shape of cached results changes: an old
// manifest is then ignored, never misread.
const manifestVersion = 1

// Manifest remembers each input's outcome by its content, so that a
// scheduled run (--incremental) re-reads only files that changed. It is
// valid for one rule profile and set of options (Key).
type Manifest struct {
	Version int              `json:"version"`
	Key     string           `json:"key"`
	Entries map[string]Entry `json:"entries"` // by input name
}

// Entry is one input's cached outcome.
type Entry struct {
	SHA256  string      `json:"sha256"`
	Company Company     `json:"company"`
	Keys    rating.Keys `json:"keys"`
	// Form is the survey of a standalone 表A.1 input.
	Form *Form `json:"form,omitempty"`
	// FormsDigest identifies the survey forms attached to this application
	// (their sha256s); its cached result holds only for the same forms.
	FormsDigest string `json:"forms_digest,omitempty"`
}

// Form is a standalone survey as the round needs it: whose it is, and the
// survey.
type Form struct {
	Company string        `json:"company"`
	USCC    string        `json:"uscc"`
	Survey  rating.Survey `json:"survey"`
}

// LoadManifest reads dir's manifest for key. A missing, unreadable or
// outdated manifest gives an empty one: the run is then a full one.
func LoadManifest(dir, key string) *Manifest {
	m := &Manifest{Version: manifestVersion, Key: key, Entries: map[string]Entry{}}
	data, err := os.ReadFile(filepath.Join(dir, ManifestFile))
	if err != nil {
		return m
	}
	var old Manifest
	if json.Unmarshal(data, &old) != nil || old.Version != manifestVersion || old.Key != key || old.Entries == nil {
		return m
	}
	return &old
}

// Write writes the manifest into dir atomically.
func (m *Manifest) Write(dir string) error {
	return WriteFile(filepath.Join(dir, ManifestFile), func(w io.Writer) error {
		enc := json.NewEncoder(w)
		enc.SetEscapeHTML(false)
		return enc.Encode(m)
	})
}
