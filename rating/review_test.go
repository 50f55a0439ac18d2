package rating

import (
	"fmt"
	"math/big"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestSampleSize(t *testing.T) {
	for _, tc := range []struct{ n, want int }{
		{0, 0}, {1, 1}, {3, 3}, // all when n ≤ 3
		{4, 3}, {9, 3}, // ⌈√n⌉ below sample_min
		{10, 4}, {16, 4}, {17, 5},
		{100, 10}, {101, 10}, {10000, 10}, // capped at sample_max
	} {
		assert.Equal(t, tc.want, SampleSize(tc.n, 3, 10), "n = %d", tc.n)
	}
	assert.Equal(t, 11, SampleSize(101, 3, 20), "⌈√101⌉ = 11 under a higher cap")
}

// evaluation is the default profile: require_review on.
func evaluationProfile() *Profile { return DefaultProfile() }

func keysOf(cs []ReviewCheck, code string) []string {
	var out []string
	for _, c := range cs {
		if c.Code == code {
			out = append(out, c.Key)
		}
	}
	return out
}

func TestReviewChecks(t *testing.T) {
	app := threeStar()
	app.Declarations["C3"] = Declaration{Item: "C3", Answer: "否"}
	p := evaluationProfile()
	cs := ReviewChecks(app, p, nil)
	uscc := app.Company.USCC

	items := keysOf(cs, CategoryItem)
	assert.NotContains(t, items, uscc+"-item-C3", "an item answered 否 is not checked")
	assert.Contains(t, items, uscc+"-item-M4", "专职 is checked")
	assert.Len(t, items, len(app.Declarations)-1)

	// 20 qualified persons: ⌈√20⌉ = 5; 8 contracts in the 5-year window: 3;
	// 3 surveys: all of them.
	assert.Len(t, keysOf(cs, CategoryStaff), 5)
	assert.Len(t, keysOf(cs, CategoryDegree), 5)
	assert.Len(t, keysOf(cs, CategoryInsurance), 5)
	assert.Len(t, keysOf(cs, CategoryNDA), 5)
	assert.Len(t, keysOf(cs, CategoryTraining), 5)
	assert.Len(t, keysOf(cs, CategoryContract), 3)
	assert.Len(t, keysOf(cs, CategorySurvey), 3)

	full := regexp.MustCompile(`[0-9]{17}[0-9Xx]`)
	for _, c := range cs {
		assert.False(t, full.MatchString(c.Key+c.Subject+c.Declared+c.Fingerprint), "no full ID in %+v", c)
		assert.True(t, strings.HasPrefix(c.Key, uscc+"-"+c.Code+"-"), c.Key)
	}
	staff := cs[slices.IndexFunc(cs, func(c ReviewCheck) bool { return c.Code == CategoryStaff })]
	assert.Regexp(t, `^员工\d\d（110105\*{8}\d{4}，人员名册 第 \d+ 行）$`, staff.Subject)
	assert.Equal(t, "5.1.2.1、5.2.2.1、5.3.2.1", staff.Clauses)

	t.Run("deterministic", func(t *testing.T) {
		assert.Equal(t, cs, ReviewChecks(threeStarNoC3(), p, nil))
		other := DefaultProfile()
		other.Parameters.SampleSeed = 7
		assert.NotEqual(t, keysOf(cs, CategoryStaff), keysOf(ReviewChecks(app, other, nil), CategoryStaff), "another seed, another sample")
	})
	t.Run("only three-star applicants have their NDAs checked", func(t *testing.T) {
		two := threeStar()
		two.Company.AppliedStars = 2
		assert.Empty(t, keysOf(ReviewChecks(two, p, nil), CategoryNDA))
	})
	t.Run("a subject in the record stays in the sample", func(t *testing.T) {
		drawn := keysOf(cs, CategoryStaff)
		var outside string
		for _, per := range app.Staff {
			k := ReviewKey(uscc, CategoryStaff, PersonSubject(per))
			if !slices.Contains(drawn, k) {
				outside = k
				break
			}
		}
		got := keysOf(ReviewChecks(app, p, func(k string) bool { return k == outside }), CategoryStaff)
		assert.Contains(t, got, outside)
		assert.Len(t, got, 5)
		assert.Subset(t, append(drawn, outside), got)
	})
	t.Run("a changed row changes its fingerprint only", func(t *testing.T) {
		changed := threeStarNoC3()
		changed.Contracts[2].Amount += 100
		after := ReviewChecks(changed, p, nil)
		require.Equal(t, len(cs), len(after))
		var differ []string
		for i := range cs {
			require.Equal(t, cs[i].Key, after[i].Key)
			if cs[i].Fingerprint != after[i].Fingerprint {
				differ = append(differ, cs[i].Key)
			}
		}
		want := uscc + "-contract-HT-2"
		if slices.Contains(keysOf(cs, CategoryContract), want) {
			assert.Equal(t, []string{want}, differ)
		} else {
			assert.Empty(t, differ)
		}
	})
}

func threeStarNoC3() *Application {
	app := threeStar()
	app.Declarations["C3"] = Declaration{Item: "C3", Answer: "否"}
	return app
}

// recordOf is a review record with a verdict on each of the checks, the way
// `review` writes it and a reviewer fills it in.
func recordOf(file string, cs []ReviewCheck, verdict func(ReviewCheck) (Verdict, string)) ReviewFile {
	f := ReviewFile{Name: file}
	for i, c := range cs {
		v, note := verdict(c)
		r := ReviewRow{Key: c.Key, Company: c.Company, USCC: c.USCC, Category: c.Category().Name, Subject: c.Subject,
			Fingerprint: c.Fingerprint, Verdict: v, Note: note, File: file, Sheet: ReviewSheetChecks,
			Row: i + 2, VerdictCell: fmt.Sprintf("I%d", i+2)}
		if v != VerdictNone {
			r.By, r.Date = "王评审", d(2023, 3, 1)
		}
		f.Rows = append(f.Rows, r)
	}
	return f
}

func allPass(ReviewCheck) (Verdict, string) { return VerdictPass, "" }

func apply(app *Application, p *Profile, files ...ReviewFile) (Result, ReviewOutcome, *ReviewRecord) {
	res := Rate(app, p)
	rec := NewReviewRecord(files...)
	out := ApplyReview(app, &res, rec, p)
	return res, out, rec
}

func clause(res Result, id string) ClauseResult {
	for _, c := range res.Clauses {
		if c.ID == id {
			return c
		}
	}
	panic("no clause " + id)
}

func TestApplyReview(t *testing.T) {
	p := evaluationProfile()
	app := threeStar()
	cs := ReviewChecks(app, p, nil)
	uscc := app.Company.USCC

	t.Run("no verdicts: provisional only", func(t *testing.T) {
		res, out, _ := apply(app, p)
		assert.Equal(t, 0, res.Stars)
		assert.Equal(t, 3, res.ProvisionalStars)
		assert.Equal(t, ReviewCounts{Checks: len(cs), Open: len(cs)}, out.Counts)
		v := clause(res, "5.3.2.1").Verification
		require.NotNil(t, v)
		assert.Equal(t, Unverified, v.State)
		assert.Len(t, v.Checks, 5)
	})
	t.Run("every check passed: confirmed", func(t *testing.T) {
		res, out, rec := apply(app, p, recordOf("r.xlsx", cs, allPass))
		assert.Empty(t, rec.Problems)
		assert.Equal(t, 3, res.Stars)
		assert.Equal(t, ReviewCounts{Checks: len(cs), Passed: len(cs)}, out.Counts)
		assert.Len(t, out.Applied, len(cs))
		for _, c := range res.Clauses {
			assert.Equal(t, Pass, c.Status, c.ID)
			if c.Verification != nil {
				assert.Equal(t, Verified, c.Verification.State, c.ID)
			}
		}
		assert.Equal(t, "r.xlsx 核查清单!I2", out.Applied[0].Source)
	})
	t.Run("one open spot check keeps its clauses in review", func(t *testing.T) {
		open := keysOf(cs, CategoryDegree)[2]
		res, out, _ := apply(app, p, recordOf("r.xlsx", cs, func(c ReviewCheck) (Verdict, string) {
			if c.Key == open {
				return VerdictMore, ""
			}
			return VerdictPass, ""
		}))
		assert.Equal(t, 1, out.Counts.Open)
		for _, id := range []string{"5.1.2.2", "5.2.2.2", "5.3.2.2"} {
			assert.Equal(t, Review, clause(res, id).Status, id)
		}
		assert.Equal(t, Pass, clause(res, "5.1.2.1").Status)
		assert.Equal(t, 0, res.Stars, "5.1.2.2 is in review")
		assert.Equal(t, 3, res.ProvisionalStars)
	})
	t.Run("declaration refused with the reviewer's reason", func(t *testing.T) {
		res, out, _ := apply(app, p, recordOf("r.xlsx", cs, func(c ReviewCheck) (Verdict, string) {
			if c.Key == uscc+"-item-M12" {
				return VerdictFail, "保密制度未盖章"
			}
			return VerdictPass, ""
		}))
		assert.Equal(t, 1, out.Counts.Failed)
		c := clause(res, "5.2.3.5")
		assert.Equal(t, Fail, c.Status)
		assert.Contains(t, c.Message, "评审核实不通过：保密制度未盖章")
		assert.Equal(t, Refuted, c.Verification.State)
		assert.Equal(t, 1, res.Stars)
	})
}

// TestSpotCheckFailure: a subject judged 不通过 lowers its metric by exactly
// that subject (exclude), or fails every clause of its category (fail_clause).
func TestSpotCheckFailure(t *testing.T) {
	app := threeStar()
	p := evaluationProfile()
	cs := ReviewChecks(app, p, nil)
	failOne := func(code string) (string, ReviewFile) {
		key := keysOf(cs, code)[0]
		return key, recordOf("r.xlsx", cs, func(c ReviewCheck) (Verdict, string) {
			if c.Key == key {
				return VerdictFail, "证书与本人不符"
			}
			return VerdictPass, ""
		})
	}
	before := Rate(app, p).Metrics

	t.Run("exclude: one person fewer qualified, staff unchanged", func(t *testing.T) {
		_, rec := failOne(CategoryStaff)
		res, out, _ := apply(app, p, rec)
		assert.Equal(t, before.QualifiedStaff-1, res.Metrics.QualifiedStaff)
		assert.Equal(t, before.StaffTotal, res.Metrics.StaffTotal)
		assert.Equal(t, before.DegreeRatio, res.Metrics.DegreeRatio)
		assert.Equal(t, 1, out.Counts.Failed)
		// 20 qualified were needed for three stars: 19 is two stars.
		c := clause(res, "5.3.2.1")
		assert.Equal(t, Fail, c.Status)
		assert.Contains(t, c.Message, "证书与本人不符")
		assert.Equal(t, Refuted, c.Verification.State)
		assert.Equal(t, Pass, clause(res, "5.2.2.1").Status, "decided: 不通过 under exclude counts as decided")
		assert.Equal(t, 2, res.Stars)
		assert.Len(t, app.Staff[0].InstallerCert, 6, "the caller's application is untouched")
	})
	t.Run("exclude: one contract's amount and nothing else", func(t *testing.T) {
		key, rec := failOne(CategoryContract)
		res, _, _ := apply(app, p, rec)
		_, _, subject, _ := ParseReviewKey(key)
		var gone Contract
		for i, s := range contractSubjects(app.Contracts) {
			if s == subject {
				gone = app.Contracts[i]
			}
		}
		cut := Rate(&Application{Company: app.Company, Contracts: []Contract{gone}}, p).Metrics.AmountInYear
		want := new(big.Rat).Sub(before.AmountInYear, cut)
		assert.Equal(t, want.String(), res.Metrics.AmountInYear.String())
	})
	t.Run("exclude: one degree holder fewer, denominator kept", func(t *testing.T) {
		_, rec := failOne(CategoryDegree)
		res, _, _ := apply(app, p, rec)
		assert.Equal(t, before.DegreeRatio.Num-1, res.Metrics.DegreeRatio.Num)
		assert.Equal(t, before.DegreeRatio.Den, res.Metrics.DegreeRatio.Den)
	})
	t.Run("exclude: one survey fewer", func(t *testing.T) {
		_, rec := failOne(CategorySurvey)
		res, _, _ := apply(app, p, rec)
		assert.Equal(t, before.SurveyCount-1, res.Metrics.SurveyCount)
	})
	t.Run("exclude: the person's training no longer counts", func(t *testing.T) {
		_, rec := failOne(CategoryTraining)
		res, _, _ := apply(app, p, rec)
		assert.Equal(t, Fail, clause(res, "5.1.2.3").Status)
	})
	t.Run("fail_clause: every clause of the category fails", func(t *testing.T) {
		fc := evaluationProfile()
		fc.Parameters.SpotCheckFailure = SpotFailClause
		_, rec := failOne(CategoryStaff)
		res, _, _ := apply(app, fc, rec)
		assert.Equal(t, before.QualifiedStaff, res.Metrics.QualifiedStaff, "nothing excluded")
		for _, id := range []string{"5.1.2.1", "5.2.2.1", "5.3.2.1"} {
			assert.Equal(t, Fail, clause(res, id).Status, id)
			assert.Contains(t, clause(res, id).Message, "抽查不通过")
		}
		assert.Equal(t, 0, res.Stars)
	})
}

func TestStaleVerdicts(t *testing.T) {
	app := threeStar()
	p := evaluationProfile()
	cs := ReviewChecks(app, p, nil)
	rec := recordOf("r.xlsx", cs, allPass)

	changed := threeStar()
	key := keysOf(cs, CategoryContract)[0]
	_, _, subject, _ := ParseReviewKey(key)
	for i, s := range contractSubjects(changed.Contracts) {
		if s == subject {
			changed.Contracts[i].Amount += 100
		}
	}
	res, out, _ := apply(changed, p, rec)
	assert.Equal(t, 1, out.Counts.Stale, "the changed contract's verdict no longer counts")
	assert.Equal(t, Review, clause(res, "5.1.4.1").Status)

	t.Run("marked 需复核 and untouched: still stale", func(t *testing.T) {
		marked := recordOf("r.xlsx", ReviewChecks(changed, p, nil), allPass)
		for i := range marked.Rows {
			if marked.Rows[i].Key == key {
				marked.Rows[i].Recheck = marked.Rows[i].VerdictMark()
			}
		}
		_, out, _ := apply(changed, p, marked)
		assert.Equal(t, 1, out.Counts.Stale)
		t.Run("a new date is a new verdict", func(t *testing.T) {
			for i := range marked.Rows {
				if marked.Rows[i].Key == key {
					marked.Rows[i].Date = d(2023, 4, 2)
				}
			}
			res, out, _ := apply(changed, p, marked)
			assert.Equal(t, 0, out.Counts.Stale)
			assert.Equal(t, 3, res.Stars)
		})
	})
}

func TestOverridesAndConflicts(t *testing.T) {
	app := threeStar()
	p := evaluationProfile()
	cs := ReviewChecks(app, p, nil)
	uscc := app.Company.USCC
	withOverride := func(verdict Verdict, note string) ReviewFile {
		f := recordOf("r.xlsx", cs, allPass)
		f.Rows = append(f.Rows, ReviewRow{Key: ReviewKey(uscc, CategoryClause, "5.3.1.2"), Verdict: verdict, By: "李组长",
			Date: d(2023, 3, 9), Note: note, File: "r.xlsx", Sheet: ReviewSheetChecks, Row: 99, VerdictCell: "I99"})
		return f
	}
	t.Run("override with a reason", func(t *testing.T) {
		res, out, _ := apply(app, p, withOverride(VerdictFail, "荣誉证书已过期"))
		c := clause(res, "5.3.1.2")
		assert.Equal(t, Fail, c.Status)
		require.NotNil(t, c.Verification)
		assert.Equal(t, Verification{State: Overridden, Checks: c.Verification.Checks, By: "李组长", Date: d(2023, 3, 9), Note: "荣誉证书已过期"}, *c.Verification)
		assert.Contains(t, c.Message, "人工认定「不通过」：荣誉证书已过期")
		assert.Equal(t, 2, res.Stars)
		assert.Contains(t, out.Keys, ReviewKey(uscc, CategoryClause, "5.3.1.2"))
	})
	t.Run("override without a reason changes nothing", func(t *testing.T) {
		res, _, _ := apply(app, p, withOverride(VerdictFail, " "))
		assert.Equal(t, Pass, clause(res, "5.3.1.2").Status)
	})
	t.Run("two files disagree: an error naming both cells, the key not checked", func(t *testing.T) {
		a := recordOf("甲.xlsx", cs, allPass)
		b := recordOf("乙.xlsx", cs, func(c ReviewCheck) (Verdict, string) {
			if c.Key == uscc+"-item-Q2" {
				return VerdictFail, "场所为临时租用"
			}
			return VerdictNone, ""
		})
		res, out, rec := apply(app, p, a, b)
		require.Len(t, rec.Problems, 1)
		pr := rec.Problems[0]
		assert.Equal(t, SeverityError, pr.Severity)
		assert.Equal(t, CodeReview, pr.Code)
		assert.Contains(t, pr.Message, "甲.xlsx 核查清单!I3")
		assert.Contains(t, pr.Message, "乙.xlsx 核查清单!I3")
		assert.Equal(t, Review, clause(res, "3.2.2").Status)
		assert.Equal(t, 1, out.Counts.Open)
	})
	t.Run("unknown keys are warnings", func(t *testing.T) {
		f := recordOf("r.xlsx", cs, allPass)
		f.Rows = append(f.Rows, ReviewRow{Key: "91110000000000000X-staff-abc", Verdict: VerdictPass, File: "r.xlsx", Sheet: ReviewSheetChecks, VerdictCell: "I50"})
		_, out, rec := apply(app, p, f)
		rec.Use(out.Keys)
		ps := rec.Unknown()
		require.Len(t, ps, 1)
		assert.Equal(t, SeverityWarning, ps[0].Severity)
		assert.Equal(t, "I50", ps[0].Cell)
	})
}

func TestParseReviewKey(t *testing.T) {
	u, c, s, ok := ParseReviewKey("91110108MA01TEST00-contract-HT-2022-01")
	assert.True(t, ok)
	assert.Equal(t, []string{"91110108MA01TEST00", "contract", "HT-2022-01"}, []string{u, c, s})
	for _, bad := range []string{"", "x", "91110108MA01TEST00-staff", "91110108MA01TEST00-bogus-1", "-item-Q1"} {
		_, _, _, ok := ParseReviewKey(bad)
		assert.False(t, ok, bad)
	}
}

func TestPlanReview(t *testing.T) {
	p := evaluationProfile()
	a, b := threeStar(), threeStar()
	b.Company.USCC, b.Company.Name = "91110108MA01TEST11", "乙公司"
	checks := append(ReviewChecks(a, p, nil), ReviewChecks(b, p, nil)...)

	fresh := PlanReview(checks, nil)
	assert.Equal(t, len(checks), fresh.Added)
	assert.Zero(t, fresh.Kept+fresh.Recheck+fresh.Retired)
	for _, r := range fresh.Rows {
		assert.Equal(t, StateUnchecked, r.State)
	}

	// A reviewer fills every row in and adds an override for 乙公司.
	old := ReviewFile{Name: "r.xlsx"}
	for _, r := range fresh.Rows {
		r.Verdict, r.By, r.Date = VerdictPass, "王评审", d(2023, 3, 1)
		old.Rows = append(old.Rows, r)
	}
	override := ReviewRow{Key: ReviewKey(b.Company.USCC, CategoryClause, "5.3.1.2"), Verdict: VerdictPass, Note: "已现场核验"}
	old.Rows = append([]ReviewRow{override}, old.Rows...)

	t.Run("unchanged: all kept, override after its company", func(t *testing.T) {
		plan := PlanReview(checks, &old)
		assert.Equal(t, len(checks), plan.Kept)
		assert.Zero(t, plan.Added+plan.Recheck+plan.Retired)
		require.Len(t, plan.Rows, len(checks)+1)
		assert.Equal(t, override.Key, plan.Rows[len(plan.Rows)-1].Key)
		assert.Equal(t, StateChecked, plan.Rows[0].State)
	})
	t.Run("a resubmission changes one contract: that row only is 需复核", func(t *testing.T) {
		changed := threeStar()
		key := keysOf(checks, CategoryContract)[0]
		_, _, subject, _ := ParseReviewKey(key)
		for i, s := range contractSubjects(changed.Contracts) {
			if s == subject {
				changed.Contracts[i].End = d(year, 11, 30)
			}
		}
		now := append(ReviewChecks(changed, p, old.has), ReviewChecks(b, p, nil)...)
		plan := PlanReview(now, &old)
		assert.Equal(t, 1, plan.Recheck)
		var marked []string
		for _, r := range plan.Rows {
			if r.State == StateRecheck {
				marked = append(marked, r.Key)
				assert.Equal(t, VerdictPass, r.Verdict, "the old verdict stays visible")
			}
		}
		assert.Equal(t, []string{key}, marked)

		// Applied, the marked row counts as stale; a new date re-checks it.
		next := ReviewFile{Name: "r.xlsx", Rows: plan.Rows}
		_, out, _ := apply(changed, p, next)
		assert.Equal(t, 1, out.Counts.Stale)
		for i := range next.Rows {
			if next.Rows[i].Key == key {
				next.Rows[i].Date = d(2023, 5, 1)
			}
		}
		again := PlanReview(now, &next)
		assert.Zero(t, again.Recheck)
		for _, r := range again.Rows {
			assert.NotEqual(t, StateRecheck, r.State, r.Key)
		}
	})
	t.Run("a company leaves: its rows move to 已失效 with their verdicts, and come back", func(t *testing.T) {
		onlyA := ReviewChecks(a, p, nil)
		plan := PlanReview(onlyA, &old)
		assert.Equal(t, len(checks)-len(onlyA)+1, plan.Retired, "乙公司's checks and its override")
		assert.Len(t, plan.Rows, len(onlyA))
		for _, r := range plan.Expired {
			assert.Equal(t, VerdictPass, r.Verdict)
		}
		back := PlanReview(checks, &ReviewFile{Rows: plan.Rows, Expired: plan.Expired})
		assert.Equal(t, len(checks)-len(onlyA)+1, back.Restored, "the override comes back too")
		assert.Zero(t, back.Added)
		assert.Empty(t, back.Expired)
		assert.Equal(t, override.Key, back.Rows[len(back.Rows)-1].Key)
	})
}

// has is the record's key lookup, as `review` passes it to ReviewChecks.
func (f ReviewFile) has(key string) bool {
	for _, r := range f.Rows {
		if r.Key == key {
			return true
		}
	}
	return false
}

func TestVerificationListsEachCheckOnce(t *testing.T) {
	app := threeStar()
	app.Declarations["C3"] = Declaration{Item: "C3", Answer: "否"}
	p := evaluationProfile()
	res, _, _ := apply(app, p)
	v := clause(res, "5.2.4.1").Verification // clients, amount and renewals: one category
	require.NotNil(t, v)
	assert.Len(t, v.Checks, 3)
	c3 := clause(res, "5.2.1.3")
	assert.Equal(t, Fail, c3.Status)
	assert.Nil(t, c3.Verification, "an item answered 否 has nothing to verify")
}

func TestSpotChecksDrawOnlyWhatMetricsCount(t *testing.T) {
	app := threeStar()
	app.Staff = app.Staff[:3]
	app.Staff[0].Left = d(year, 6, 30)       // not on staff on Y-12-31
	app.Staff[1].Bad = FieldSet{"installer"} // a certificate read with an error qualifies nobody
	app.Contracts = app.Contracts[:2]
	app.Contracts[1].Bad = FieldSet{"start"}
	cs := ReviewChecks(app, evaluationProfile(), nil)
	uscc := app.Company.USCC
	assert.Equal(t, []string{ReviewKey(uscc, CategoryStaff, PersonSubject(app.Staff[2]))}, keysOf(cs, CategoryStaff))
	assert.Len(t, keysOf(cs, CategoryInsurance), 2)
	assert.Equal(t, []string{ReviewKey(uscc, CategoryContract, "HT-0")}, keysOf(cs, CategoryContract))
}

func TestNoUSCCNoChecks(t *testing.T) {
	app := threeStar()
	app.Company.USCC = ""
	p := evaluationProfile()
	assert.Empty(t, ReviewChecks(app, p, nil))
	res, out, _ := apply(app, p, recordOf("r.xlsx", ReviewChecks(threeStar(), p, nil), allPass))
	assert.Zero(t, out.Counts.Checks)
	assert.Equal(t, 0, res.Stars, "nothing can be verified")
}

func TestUndrawnCategoryStaysOpen(t *testing.T) {
	app := threeStar()
	app.Company.AppliedStars = 2
	p := evaluationProfile()
	res, _, _ := apply(app, p, recordOf("r.xlsx", ReviewChecks(app, p, nil), allPass))
	c := clause(res, "5.3.3.5")
	assert.Equal(t, Review, c.Status, "保密协议 is not drawn below three stars: never verified")
	require.NotNil(t, c.Verification)
	assert.Equal(t, Unverified, c.Verification.State)
	assert.Equal(t, 2, res.Stars)
}

// Two persons without an ID and with one name are two subjects: a verdict
// of 不通过 on one excludes that one only.
func TestNamesakesWithoutIDAreSeparateSubjects(t *testing.T) {
	app := threeStar()
	a, b := &app.Staff[0], &app.Staff[1]
	a.ID, b.ID, b.Name = "", "", a.Name
	require.NotEqual(t, PersonSubject(*a), PersonSubject(*b))
	assert.Equal(t, PersonSubject(*a), PersonSubject(app.Staff[0]), "stable")
	require.True(t, app.Staff[0].Qualified() && app.Staff[1].Qualified())
	cut := withoutSubjects(app, map[string]map[string]bool{CategoryStaff: {PersonSubject(*a): true}})
	assert.False(t, cut.Staff[0].Qualified(), "the person judged 不通过")
	assert.True(t, cut.Staff[1].Qualified(), "the namesake keeps the qualification")
}
