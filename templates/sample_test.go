package templates

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/bax/starrate/rating"
)

// Each synthetic level rates as that level under the default profile in
// self-check mode; in evaluation mode, with no review record yet, it is
// that level provisionally only (rating-model.md §2).
func TestSampleLevels(t *testing.T) {
	selfCheck := rating.DefaultProfile()
	selfCheck.Parameters.RequireReview = false
	for level := 0; level <= 3; level++ {
		app := Sample(SampleSpec{Seed: 7, Index: level, Year: 2022, Level: level})
		app.Company.AppliedStars = 3
		res := rating.Rate(app, selfCheck)
		var failing []string
		for _, g := range res.Next {
			if g.Level == level+1 {
				for _, c := range g.Clauses {
					failing = append(failing, c.ID+" "+c.Message)
				}
			}
		}
		assert.Equal(t, level, res.Stars, "level %d: %v", level, failing)
		assert.Equal(t, level, res.ProvisionalStars, "level %d", level)

		res = rating.Rate(app, rating.DefaultProfile())
		assert.Equal(t, 0, res.Stars, "level %d in evaluation mode", level)
		assert.Equal(t, level, res.ProvisionalStars, "level %d in evaluation mode", level)
		assert.Len(t, app.Staff, 200)
		assert.Len(t, app.Trainings, 1000)
		assert.Len(t, app.Contracts, 60)
		assert.Len(t, app.Surveys, 20)
		left := 0
		for _, p := range app.Staff {
			if !p.Left.IsZero() {
				left++
			}
		}
		assert.Equal(t, 1-level%2, left, "every other company has a leaver")
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

// A company with fewer contracts than its level has clients still gets its
// surveys, from the clients it has.
func TestSampleFewContracts(t *testing.T) {
	app := Sample(SampleSpec{Seed: 7, Index: 3, Year: 2022, Level: 3, Staff: 12, TrainingPerPerson: 2, Contracts: 6, Surveys: 4})
	assert.Len(t, app.Contracts, 6)
	require.Len(t, app.Surveys, 4)
	clients := map[string]bool{}
	for _, c := range app.Contracts {
		clients[c.Client] = true
	}
	for _, s := range app.Surveys {
		assert.True(t, clients[s.Client], s.Client)
	}
}
