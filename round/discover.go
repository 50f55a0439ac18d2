package round

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/bax/starrate/rating"
)

// Input is one file of a round.
type Input struct {
	Path string // to open
	// Name is how outputs, logs and the annotated copy name the file: its
	// path relative to the common root of all inputs, '/'-separated, with
	// bytes that are not UTF-8 escaped and ID numbers masked. Names are
	// unique within a round and never leave the folder they are joined to.
	Name string
	// Problem, when set, is why the input cannot be read at all (a folder
	// that could not be listed); it is reported instead of reading.
	Problem *rating.Problem
}

// workbookExts are the endings taken from folders: .xlsx/.xlsm are read;
// .xls and .et are taken too so that the round reports them instead of
// skipping them silently.
var workbookExts = []string{".xlsx", ".xlsm", ".xls", ".et"}

// Discover lists the workbooks named by args (files, or folders searched
// recursively), in a stable order. Files given by name are taken whatever
// their ending. Office lock files (~$…) and hidden files are skipped. out,
// when not "", is the output folder: it is never entered, and an input
// inside it is a usage error (its outputs would be read as inputs, or an
// input overwritten by its own annotated copy). A folder that cannot be
// listed is one input with a problem, not the end of the round.
func Discover(args []string, out string) ([]Input, error) {
	var outAbs string
	var outInfo os.FileInfo // to know DIR again through a symlink
	if out != "" {
		var err error
		if outAbs, err = filepath.Abs(out); err != nil {
			return nil, withKind(ErrUsage, err)
		}
		outInfo, _ = os.Stat(outAbs)
	}
	isOut := func(path string, info os.FileInfo) bool {
		return outAbs != "" && (path == outAbs || outInfo != nil && info != nil && os.SameFile(info, outInfo))
	}
	type found struct {
		abs     string
		problem *rating.Problem
	}
	var files []found
	for _, arg := range args {
		abs, err := filepath.Abs(arg)
		if err != nil {
			return nil, withKind(ErrUsage, err)
		}
		if outAbs != "" && (within(abs, outAbs) || within(resolved(abs), resolved(outAbs))) {
			return nil, withKind(ErrUsage, fmt.Errorf("输入 %s 位于输出目录 %s 之内：输出目录只归 starrate 所有，请换一个输出目录", shown(arg), shown(out)))
		}
		info, err := os.Stat(arg)
		if err != nil {
			if _, lerr := os.Lstat(arg); lerr == nil {
				// A dangling symlink or one to something unreadable: the
				// read reports it as a problem of that file.
				files = append(files, found{abs: abs})
				continue
			}
			return nil, withKind(ErrUsage, fmt.Errorf("输入不存在或无法访问：%s", shown(arg)))
		}
		if !info.IsDir() {
			files = append(files, found{abs: abs})
			continue
		}
		err = filepath.WalkDir(abs, func(path string, d fs.DirEntry, err error) error {
			if err != nil {
				if path == abs {
					return err
				}
				// One unreadable subfolder is one problem of the round.
				p := rating.Problem{Severity: rating.SeverityError, Code: rating.CodeUnreadable,
					Message: "无法读取文件夹（" + errText(err) + "），其中的文件未参加评定"}
				files = append(files, found{abs: path, problem: &p})
				if d != nil && d.IsDir() {
					return filepath.SkipDir
				}
				return nil
			}
			name := d.Name()
			if d.IsDir() {
				if info, _ := d.Info(); path != abs && (strings.HasPrefix(name, ".") || isOut(path, info)) {
					return filepath.SkipDir
				}
				return nil
			}
			if strings.HasPrefix(name, ".") || strings.HasPrefix(name, "~$") || !slices.Contains(workbookExts, strings.ToLower(filepath.Ext(name))) {
				return nil
			}
			files = append(files, found{abs: path})
			return nil
		})
		if err != nil {
			return nil, withKind(ErrUsage, fmt.Errorf("无法读取文件夹 %s：%s", shown(arg), errText(err)))
		}
	}
	// The same file given twice is one input.
	seen := map[string]bool{}
	files = slices.DeleteFunc(files, func(f found) bool {
		dup := seen[f.abs]
		seen[f.abs] = true
		return dup
	})
	paths := make([]string, len(files))
	for i, f := range files {
		paths[i] = f.abs
	}
	root := commonRoot(paths)
	inputs := make([]Input, len(files))
	for i, f := range files {
		rel, err := filepath.Rel(root, f.abs)
		if err != nil || !filepath.IsLocal(rel) {
			rel = filepath.Base(f.abs)
		}
		inputs[i] = Input{Path: f.abs, Name: shown(filepath.ToSlash(rel)), Problem: f.problem}
		if f.problem != nil {
			f.problem.File = inputs[i].Name
		}
	}
	slices.SortStableFunc(inputs, func(a, b Input) int { return strings.Compare(a.Name, b.Name) })
	// Names are distinct paths under one root, but escaping and masking
	// may make two alike: those get a suffix rather than sharing outputs.
	taken := map[string]bool{}
	for i := range inputs {
		n := inputs[i].Name
		for k := 2; taken[n]; k++ {
			ext := filepath.Ext(inputs[i].Name)
			n = fmt.Sprintf("%s~%d%s", strings.TrimSuffix(inputs[i].Name, ext), k, ext)
		}
		taken[n] = true
		if inputs[i].Name != n {
			inputs[i].Name = n
			if inputs[i].Problem != nil {
				inputs[i].Problem.File = n
			}
		}
	}
	return inputs, nil
}

// commonRoot is the deepest folder holding every path: the folder itself
// when one folder's files are given, the parent of a lone file.
func commonRoot(paths []string) string {
	if len(paths) == 0 {
		return ""
	}
	root := filepath.Dir(paths[0])
	for _, p := range paths[1:] {
		for !within(p, root) {
			parent := filepath.Dir(root)
			if parent == root {
				return root
			}
			root = parent
		}
	}
	return root
}

// resolved is path with its symlinks followed, as far as they exist.
func resolved(path string) string {
	if r, err := filepath.EvalSymlinks(path); err == nil {
		return r
	}
	if dir := filepath.Dir(path); dir != path {
		return filepath.Join(resolved(dir), filepath.Base(path))
	}
	return path
}

// within reports whether path is dir or below it (both absolute, clean).
func within(path, dir string) bool {
	rel, err := filepath.Rel(dir, path)
	return err == nil && filepath.IsLocal(rel) || err == nil && rel == "."
}

// escape shows a file name as written: bytes that are not UTF-8 become \xNN
// (and a backslash before one is doubled), so two names that differ only
// there stay apart and the terminal shows no mojibake.
func escape(s string) string {
	if utf8.ValidString(s) && !strings.ContainsFunc(s, isControl) {
		return s
	}
	var b strings.Builder
	for len(s) > 0 {
		r, n := utf8.DecodeRuneInString(s)
		switch {
		case r == utf8.RuneError && n == 1:
			fmt.Fprintf(&b, `\x%02x`, s[0])
		case r == '\\':
			b.WriteString(`\\`)
		case isControl(r):
			fmt.Fprintf(&b, `\u%04x`, r)
		default:
			b.WriteRune(r)
		}
		s = s[n:]
	}
	return b.String()
}

// shown is a name or message as logs and round-level outputs show it:
// escaped, and with ID numbers masked.
func shown(s string) string { return rating.MaskIDs(escape(s)) }

func isControl(r rune) bool { return r < 0x20 || r == 0x7f || r >= 0x80 && r < 0xa0 }

// errText is an error's message with the file names in it escaped.
func errText(err error) string {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Op + " " + shown(pe.Path) + ": " + pe.Err.Error()
	}
	return shown(err.Error())
}
