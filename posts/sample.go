package posts

import (
	"embed"
	"io/fs"
	"path"
	"sort"
)

// sampleFS holds the sample blog a fresh install serves.
//
//go:embed sample/*.md
var sampleFS embed.FS

// Sample returns the embedded sample blog, newest first.
func Sample() ([]Post, error) {
	return ParseDir(sampleFS, "sample")
}

// ParseDir parses every *.md file in dir of fsys, newest first. It stops at
// the first bad file: the sample blog must be entirely valid.
func ParseDir(fsys fs.FS, dir string) ([]Post, error) {
	names, err := fs.Glob(fsys, path.Join(dir, "*.md"))
	if err != nil {
		return nil, err
	}
	list := make([]Post, 0, len(names))
	for _, name := range names {
		src, err := fs.ReadFile(fsys, name)
		if err != nil {
			return nil, err
		}
		p, err := Parse(name, src)
		if err != nil {
			return nil, err
		}
		list = append(list, p)
	}
	SortNewestFirst(list)
	return list, nil
}

// SortNewestFirst orders posts by publication time, newest first, then by slug
// so the order is stable.
func SortNewestFirst(list []Post) {
	sort.Slice(list, func(i, j int) bool {
		if !list[i].Published.Equal(list[j].Published) {
			return list[i].Published.After(list[j].Published)
		}
		return list[i].Slug < list[j].Slug
	})
}
