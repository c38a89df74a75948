package posts

import (
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"
)

// Folder is what a folder of post files holds right now.
type Folder struct {
	Posts []Post
	// Slugs maps each good file's path to its post's slug.
	Slugs map[string]string
	// Problems are the files that could not be used, one error each, naming
	// the file (and the line, where there is one).
	Problems []error
}

// LoadFolder reads every *.md file in dir (not its subfolders). A bad file is
// reported in Problems and the rest still load. Two files with one slug: the
// first by name wins and the other is a problem.
func LoadFolder(dir string) (Folder, error) {
	names, err := filepath.Glob(filepath.Join(dir, "*.md"))
	if err != nil {
		return Folder{}, err
	}
	if _, err := os.Stat(dir); err != nil {
		return Folder{}, fmt.Errorf("posts folder: %w", err)
	}
	sort.Strings(names)
	f := Folder{Slugs: map[string]string{}}
	owner := map[string]string{} // slug → path
	for _, name := range names {
		if !IsPostFile(name) {
			continue
		}
		p, err := ParseFile(name)
		if err != nil {
			f.Problems = append(f.Problems, err)
			continue
		}
		if other, taken := owner[p.Slug]; taken {
			f.Problems = append(f.Problems, &ParseError{Path: name, Line: 1,
				Msg: fmt.Sprintf("slug %q is already used by %s", p.Slug, filepath.Base(other))})
			continue
		}
		owner[p.Slug] = name
		f.Slugs[name] = p.Slug
		f.Posts = append(f.Posts, p)
	}
	SortNewestFirst(f.Posts)
	return f, nil
}

// ParseFile reads and parses one post file.
func ParseFile(path string) (Post, error) {
	info, err := os.Stat(path)
	switch {
	case err != nil:
		return Post{}, &ParseError{Path: path, Msg: "cannot read: " + UnwrapPath(err).Error()}
	case !info.Mode().IsRegular():
		return Post{}, &ParseError{Path: path, Msg: "not a regular file"}
	case info.Size() > MaxFileSize:
		return Post{}, &ParseError{Path: path, Msg: fmt.Sprintf("%d bytes is over the %d-byte limit for a post", info.Size(), MaxFileSize)}
	}
	src, err := os.ReadFile(path)
	if err != nil {
		return Post{}, &ParseError{Path: path, Msg: "cannot read: " + UnwrapPath(err).Error()}
	}
	p, err := ParseUpload(path, src)
	if err == nil && p.Published.IsZero() {
		// An undated file is dated by when it was last written: stable
		// across syncs, and right for a post just dropped in.
		p.Published = info.ModTime().UTC().Truncate(time.Second)
	}
	return p, err
}

// IsPostFile reports whether name is one LoadFolder reads: editors' hidden
// lock and backup files are not.
func IsPostFile(name string) bool {
	return strings.HasSuffix(name, ".md") && !strings.HasPrefix(filepath.Base(name), ".")
}
