package round

import (
	"fmt"
	"os"

	"github.com/bax/starrate/rating"
	"github.com/bax/starrate/templates"
)

// LoadProfile returns the rule profile in the YAML file name, or the
// embedded one when name is "". Its declaration items must be rows the
// workbook has: a tailored profile that names one it has not would fail
// every company on it. Errors are rating.ErrProfile.
func LoadProfile(name string) (*rating.Profile, error) {
	if name == "" {
		return rating.DefaultProfile(), nil
	}
	f, err := os.Open(name)
	if err != nil {
		return nil, &rating.ProfileError{Source: name, Reasons: []string{err.Error()}}
	}
	defer f.Close()
	p, err := rating.LoadProfile(f, name)
	if err != nil {
		return nil, err
	}
	var unknown []string
	for _, item := range p.Items() {
		if _, ok := templates.ItemByID(item); !ok {
			unknown = append(unknown, fmt.Sprintf("declaration item %q is not a row of sheet %s (known: Q1–Q4, C1–C3, T1, M1–M12)", item, templates.SheetDeclarations))
		}
	}
	if len(unknown) > 0 {
		return nil, &rating.ProfileError{Source: name, Reasons: unknown}
	}
	return p, nil
}
