package templates

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/bax/starrate/rating"
)

// Each synthetic level rates as that level under the default profile, and
// pending evidence leaves it provisional.
func TestSampleLevels(t *testing.T) {
	for level := 0; level <= 3; level++ {
		for _, pending := range []bool{false, true} {
			app := Sample(SampleSpec{Seed: 7, Index: level, Year: 2022, Level: level, Pending: pending})
			res := rating.Rate(app, rating.DefaultProfile())
			var failing []string
			for _, g := range res.Next {
				for _, c := range g.Clauses {
					failing = append(failing, c.ID+" "+c.Message)
				}
			}
			assert.Equal(t, level, res.ProvisionalStars, "level %d pending %v: %v", level, pending, failing)
			if !pending || level < 2 {
				assert.Equal(t, level, res.Stars, "level %d pending %v: %v", level, pending, failing)
			} else {
				assert.Less(t, res.Stars, level, "pending evidence holds back level %d", level)
			}
			assert.Len(t, app.Staff, 200)
			assert.Len(t, app.Trainings, 1000)
			assert.Len(t, app.Contracts, 60)
			assert.Len(t, app.Surveys, 20)
		}
	}
}

func TestSampleIsDeterministic(t *testing.T) {
	a := Sample(SampleSpec{Seed: 1, Index: 3, Year: 2022, Level: 2})
	b := Sample(SampleSpec{Seed: 1, Index: 3, Year: 2022, Level: 2})
	assert.Equal(t, a, b)
	c := Sample(SampleSpec{Seed: 2, Index: 3, Year: 2022, Level: 2})
	assert.NotEqual(t, a.Staff[0].Name+a.Company.Name, c.Staff[0].Name+c.Company.Name)
}

func TestSampleIDsAreValid(t *testing.T) {
	seen := map[string]bool{}
	for c := range 50 {
		for p := range 300 {
			id := SampleID(c, p)
			require.Len(t, id, 18)
			require.False(t, seen[id], "duplicate %s", id)
			seen[id] = true
		}
	}
}
