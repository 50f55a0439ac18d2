package rating

import (
	"fmt"
	"slices"
	"strings"
)

// Keys is what one application contributes to the checks across a round:
// the identities that must not appear in two applications, and the
// 重点保卫单位 flags that must agree. It is small, so a round keeps the keys
// of every company while it streams through their workbooks.
type Keys struct {
	File    string
	Company string
	USCC    Sighting
	IDs     []Sighting // 身份证号
	Certs   []Sighting // 安装维护员证书编号 and 安防服务供应商认证
	Clients []ClientFlag
}

// Sighting is a value and where it was seen.
type Sighting struct {
	Value string
	Ref   Ref
	Cell  string // column letter and row, such as "C7"; "" when unknown
	Name  string // the person's name, for IDs and certificates
}

// ClientFlag is how one application flags one client.
type ClientFlag struct {
	Client string // as written
	VIP    Tri
	Ref    Ref
	Cell   string
}

// KeysOf collects the cross-check keys of an application. cell maps a record
// to the cell of one of its columns ("id", "installer", "vendor", "vip") so
// findings point at cells; it may return "".
func KeysOf(file string, app *Application, cell func(Ref, string) string) Keys {
	k := Keys{File: file, Company: app.Company.Name}
	if app.Company.USCC != "" {
		k.USCC = Sighting{Value: app.Company.USCC, Ref: Ref{Sheet: "单位信息"}}
	}
	for _, p := range app.Staff {
		if p.ID != "" {
			k.IDs = append(k.IDs, Sighting{p.ID, p.Ref, cell(p.Ref, "id"), p.Name})
		}
		for _, c := range []struct{ v, col string }{{p.InstallerCert, "installer"}, {p.VendorCert, "vendor"}} {
			if v := strings.TrimSpace(c.v); v != "" {
				k.Certs = append(k.Certs, Sighting{v, p.Ref, cell(p.Ref, c.col), p.Name})
			}
		}
	}
	for _, c := range app.Contracts {
		if c.VIP != Unknown && c.Client != "" {
			k.Clients = append(k.Clients, ClientFlag{c.Client, c.VIP, c.Ref, cell(c.Ref, "vip")})
		}
	}
	return k
}

// The kinds of cross-check finding.
const (
	CrossID          = "id_number"   // one person on the rosters of several companies
	CrossCertificate = "certificate" // one certificate claimed by several companies
	CrossUSCC        = "uscc"        // one company applying in several files
	CrossVIPFlag     = "vip_flag"    // a client 重点保卫单位 in one application, not in another
)

// CrossFinding is one value seen in more than one application.
type CrossFinding struct {
	Kind    string
	Value   string // the value; an ID number here is not yet masked
	Where   []Seen
	Message string
}

// Seen is one place of a finding.
type Seen struct {
	File    string
	Company string
	Sheet   string
	Cell    string
	Detail  string // the person, or how the client was flagged
}

// CrossCheck finds the same 身份证号, certificate or 统一社会信用代码 in more
// than one application, and clients flagged 重点保卫单位 by one application
// but not by another. Findings come in a stable order.
func CrossCheck(round []Keys) []CrossFinding {
	var out []CrossFinding
	type seenAt struct {
		file int
		s    Sighting
	}
	group := func(kind, label string, pick func(Keys) []Sighting, norm func(string) string) {
		by := map[string][]seenAt{}
		for i, k := range round {
			for _, s := range pick(k) {
				key := norm(s.Value)
				by[key] = append(by[key], seenAt{i, s})
			}
		}
		for _, key := range sortedKeys(by) {
			list := by[key]
			files := map[int]bool{}
			for _, x := range list {
				files[x.file] = true
			}
			if len(files) < 2 {
				continue
			}
			f := CrossFinding{Kind: kind, Value: list[0].s.Value}
			for _, x := range list {
				k := round[x.file]
				f.Where = append(f.Where, Seen{k.File, k.Company, x.s.Ref.Sheet, x.s.Cell, x.s.Name})
			}
			f.Message = fmt.Sprintf("同一%s出现在 %d 份申报中", label, len(files))
			out = append(out, f)
		}
	}
	same := func(s string) string { return s }
	group(CrossUSCC, "统一社会信用代码", func(k Keys) []Sighting {
		if k.USCC.Value == "" {
			return nil
		}
		return []Sighting{k.USCC}
	}, same)
	group(CrossID, "身份证号", func(k Keys) []Sighting { return k.IDs }, strings.ToUpper)
	group(CrossCertificate, "证书编号", func(k Keys) []Sighting { return k.Certs }, NormalizeName)

	// 重点保卫单位 flags: per client, which applications say yes and which no
	// (an application is counted once per flag, at its first such row).
	flags := map[string]map[Tri][]Seen{}
	for _, k := range round {
		type flag struct {
			client string
			vip    Tri
		}
		seen := map[flag]bool{}
		for _, c := range k.Clients {
			key := NormalizeName(c.Client)
			if seen[flag{key, c.VIP}] {
				continue
			}
			seen[flag{key, c.VIP}] = true
			if flags[key] == nil {
				flags[key] = map[Tri][]Seen{}
			}
			detail := "否"
			if c.VIP == Yes {
				detail = "是"
			}
			flags[key][c.VIP] = append(flags[key][c.VIP], Seen{k.File, k.Company, c.Ref.Sheet, c.Cell, c.Client + " 是否重点保卫单位：" + detail})
		}
	}
	for _, key := range sortedKeys(flags) {
		yes, no := flags[key][Yes], flags[key][No]
		if len(yes) == 0 || len(no) == 0 || !differentFiles(yes, no) {
			continue
		}
		out = append(out, CrossFinding{Kind: CrossVIPFlag, Value: strings.TrimSuffix(yes[0].Detail, " 是否重点保卫单位：是"), Where: slices.Concat(yes, no),
			Message: fmt.Sprintf("同一用户单位在 %d 份申报中标为重点保卫单位、在 %d 份申报中标为非重点保卫单位", len(yes), len(no))})
	}
	return out
}

func differentFiles(a, b []Seen) bool {
	for _, x := range a {
		for _, y := range b {
			if x.File != y.File {
				return true
			}
		}
	}
	return false
}

// Digest stands in for an application's Keys in memory: 64-bit hashes of the
// values, a few bytes each. A round keeps every application's Digest to find
// which applications may share a value (Candidates), then runs CrossCheck on
// those applications' full keys alone, so a hash collision costs a look,
// never a false finding.
type Digest struct {
	USCC    string
	IDs     []uint64
	Certs   []uint64
	Clients []uint64 // hash of the client's name with the flag in bit 0
}

// Digest returns the digest of the keys, normalised as CrossCheck compares.
func (k Keys) Digest() Digest {
	d := Digest{USCC: k.USCC.Value}
	for _, s := range k.IDs {
		d.IDs = append(d.IDs, hash64(strings.ToUpper(s.Value)))
	}
	for _, s := range k.Certs {
		d.Certs = append(d.Certs, hash64(NormalizeName(s.Value)))
	}
	for _, c := range k.Clients {
		h := hash64(NormalizeName(c.Client)) &^ 1
		if c.VIP == Yes {
			h |= 1
		}
		d.Clients = append(d.Clients, h)
	}
	return d
}

func hash64(s string) uint64 {
	h := uint64(14695981039346656037) // FNV-1a
	for i := 0; i < len(s); i++ {
		h ^= uint64(s[i])
		h *= 1099511628211
	}
	return h
}

// Candidates returns, in order, the indices of the applications that share
// a value with another one by their digests: CrossCheck of these alone finds
// what CrossCheck of all would.
func Candidates(ds []Digest) []int {
	marked := make([]bool, len(ds))
	share := func(values func(Digest) []uint64) {
		first := map[uint64]int{}
		for i, d := range ds {
			for _, h := range values(d) {
				if j, seen := first[h]; !seen {
					first[h] = i
				} else if j != i {
					marked[i], marked[j] = true, true
				}
			}
		}
	}
	share(func(d Digest) []uint64 { return d.IDs })
	share(func(d Digest) []uint64 { return d.Certs })
	uscc := map[string]int{}
	for i, d := range ds {
		if d.USCC == "" {
			continue
		}
		if j, seen := uscc[d.USCC]; seen {
			marked[i], marked[j] = true, true
		} else {
			uscc[d.USCC] = i
		}
	}
	// A client flagged one way here and the other way elsewhere.
	firstFlag := map[uint64]int{}
	for i, d := range ds {
		for _, h := range d.Clients {
			if j, seen := firstFlag[h^1]; seen && j != i {
				marked[i], marked[j] = true, true
			}
			if _, seen := firstFlag[h]; !seen {
				firstFlag[h] = i
			}
		}
	}
	var out []int
	for i, m := range marked {
		if m {
			out = append(out, i)
		}
	}
	return out
}
