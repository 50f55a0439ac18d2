package importer

import (
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
)

// Input is one workbook file of a round.
type Input struct {
	Path string // to open
	// Name is how outputs name the file: its path relative to the folder
	// given on the command line, with '/' separators. When several inputs
	// are given it starts with the base name of the input it came from, so
	// that same-named files of different folders stay apart.
	Name string
}

// workbookExts are the endings taken from folders: .xlsx/.xlsm are read;
// .xls and .et are taken too so that the round reports them instead of
// skipping them silently.
var workbookExts = []string{".xlsx", ".xlsm", ".xls", ".et"}

// Discover lists the workbooks named by args (files, or folders searched
// recursively), in a stable order. Files given by name are taken whatever
// their ending. Office lock files (~$…) and hidden files are skipped.
func Discover(args []string) ([]Input, error) {
	var inputs []Input
	prefix := len(args) > 1
	for _, arg := range args {
		info, err := os.Stat(arg)
		if err != nil {
			return nil, fmt.Errorf("输入不存在或无法访问：%s", arg)
		}
		if !info.IsDir() {
			inputs = append(inputs, Input{Path: arg, Name: filepath.ToSlash(filepath.Base(arg))})
			continue
		}
		base := filepath.Base(filepath.Clean(arg))
		err = filepath.WalkDir(arg, func(path string, d fs.DirEntry, err error) error {
			if err != nil {
				return err
			}
			name := d.Name()
			if path != arg && strings.HasPrefix(name, ".") {
				if d.IsDir() {
					return filepath.SkipDir
				}
				return nil
			}
			if d.IsDir() || strings.HasPrefix(name, "~$") || !slices.Contains(workbookExts, strings.ToLower(filepath.Ext(name))) {
				return nil
			}
			rel, err := filepath.Rel(arg, path)
			if err != nil {
				return err
			}
			rel = filepath.ToSlash(rel)
			if prefix {
				rel = base + "/" + rel
			}
			inputs = append(inputs, Input{Path: path, Name: rel})
			return nil
		})
		if err != nil {
			return nil, fmt.Errorf("无法读取文件夹 %s：%w", arg, err)
		}
	}
	slices.SortStableFunc(inputs, func(a, b Input) int { return strings.Compare(a.Name, b.Name) })
	// Two inputs of one name (the same file given twice, or a.xlsx in two
	// folders of one base name) get a suffix rather than one overwriting
	// the other's outputs.
	seen := map[string]int{}
	for i := range inputs {
		n := inputs[i].Name
		if k := seen[n]; k > 0 {
			ext := filepath.Ext(n)
			inputs[i].Name = fmt.Sprintf("%s~%d%s", strings.TrimSuffix(n, ext), k+1, ext)
		}
		seen[n]++
	}
	return inputs, nil
}
