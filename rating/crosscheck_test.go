package rating

import (
	"fmt"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func cellOf(r Ref, col string) string { return col + "@" + r.Sheet }

func TestCrossCheck(t *testing.T) {
	a, b, c := threeStar(), threeStar(), threeStar()
	b.Company.USCC, c.Company.USCC = "B", "C"
	for i := range b.Staff { // b and c: other people, other certificates
		b.Staff[i].ID, b.Staff[i].InstallerCert = "B"+b.Staff[i].ID[1:], "B"+b.Staff[i].InstallerCert
		c.Staff[i].ID, c.Staff[i].InstallerCert = "C"+c.Staff[i].ID[1:], "C"+c.Staff[i].InstallerCert
	}
	b.Staff[0].ID = a.Staff[5].ID         // one person on two rosters
	c.Staff[1].InstallerCert = " az0007 " // a's certificate, written otherwise
	c.Contracts[0].VIP = No               // a and b flag 甲单位 as VIP, c does not
	b.Staff = append(b.Staff, b.Staff[2]) // a duplicate within one application is not a cross finding
	a2 := threeStar()                     // and the same company applying twice
	a2.Staff, a2.Contracts = nil, nil
	keys := []Keys{KeysOf("a.xlsx", a, cellOf), KeysOf("b.xlsx", b, cellOf), KeysOf("c.xlsx", c, cellOf), KeysOf("a2.xlsx", a2, cellOf)}
	fs := CrossCheck(keys)
	kinds := map[string][]CrossFinding{}
	for _, f := range fs {
		kinds[f.Kind] = append(kinds[f.Kind], f)
	}
	require.Len(t, kinds[CrossUSCC], 1)
	assert.Equal(t, []string{"a.xlsx", "a2.xlsx"}, files(kinds[CrossUSCC][0]))
	require.Len(t, kinds[CrossID], 1)
	assert.Equal(t, a.Staff[5].ID, kinds[CrossID][0].Value)
	assert.Equal(t, []Seen{
		{"a.xlsx", a.Company.Name, "人员名册", "id@人员名册", "员工05"},
		{"b.xlsx", b.Company.Name, "人员名册", "id@人员名册", "员工00"},
	}, kinds[CrossID][0].Where)
	require.Len(t, kinds[CrossCertificate], 1)
	assert.Equal(t, []string{"a.xlsx", "c.xlsx"}, files(kinds[CrossCertificate][0]))
	require.Len(t, kinds[CrossVIPFlag], 1)
	assert.Equal(t, "甲单位", kinds[CrossVIPFlag][0].Value)
	// a and b say yes (and no, for the old contract), c says no.
	assert.Contains(t, kinds[CrossVIPFlag][0].Message, "在 2 份申报中标为重点保卫单位、在 3 份申报中标为非重点保卫单位")

	assert.Equal(t, fs, CrossCheck(keys), "stable order")
	assert.Empty(t, CrossCheck(keys[:1]), "one application alone has no cross findings")
}

func files(f CrossFinding) []string {
	var out []string
	for _, w := range f.Where {
		out = append(out, w.File)
	}
	return out
}

// Candidates picks out exactly the applications CrossCheck can find
// something in, and CrossCheck of them equals CrossCheck of all.
func TestCandidates(t *testing.T) {
	apps := make([]*Application, 6)
	for i := range apps {
		apps[i] = threeStar()
		apps[i].Company.USCC = fmt.Sprintf("U%d", i)
		for j := range apps[i].Staff {
			apps[i].Staff[j].ID = fmt.Sprintf("%d-%s", i, apps[i].Staff[j].ID)
			apps[i].Staff[j].InstallerCert = fmt.Sprintf("%d-%s", i, apps[i].Staff[j].InstallerCert)
		}
		for j := range apps[i].Contracts {
			apps[i].Contracts[j].Client = fmt.Sprintf("客户%d-%d", i, j)
		}
	}
	apps[1].Staff[0].ID = apps[4].Staff[7].ID                           // 1 and 4 share a person
	apps[2].Contracts[0].Client = "共同客户"                                // 2 says VIP …
	apps[2].Contracts[0].VIP = Yes                                      //
	apps[5].Contracts[0].Client, apps[5].Contracts[0].VIP = "共同 客户", No // … 5 says not
	var keys []Keys
	var ds []Digest
	for i, a := range apps {
		k := KeysOf(fmt.Sprintf("%d.xlsx", i), a, cellOf)
		keys = append(keys, k)
		ds = append(ds, k.Digest())
	}
	got := Candidates(ds)
	assert.Equal(t, []int{1, 2, 4, 5}, got)
	var subset []Keys
	for _, i := range got {
		subset = append(subset, keys[i])
	}
	assert.Equal(t, CrossCheck(keys), CrossCheck(subset))
	assert.Len(t, CrossCheck(keys), 2)
}
