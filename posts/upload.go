package posts

import (
	"fmt"
	"path"
	"strings"
	"time"
	"unicode/utf8"
)

// MaxFileSize bounds one post file: a post longer than this is a mistake.
const MaxFileSize = 1 << 20

// CheckFileName accepts the name of an uploaded post file: a plain file name
// ending in .md, nothing that names a folder or leaves one.
func CheckFileName(name string) error {
	switch {
	case name == "" || name == "." || name == "..":
		return Invalid("a post needs a file name like my-post.md")
	case strings.ContainsAny(name, `/\`) || strings.Contains(name, ".."):
		return Invalid(fmt.Sprintf("%q is not a plain file name; posts go in one folder", CleanLine(name)))
	case strings.HasPrefix(name, "."):
		return Invalid(fmt.Sprintf("%q is a hidden file name", CleanLine(name)))
	case !utf8.ValidString(name) || CleanLine(name) != name || len(name) > 200:
		return Invalid(fmt.Sprintf("%q is not a usable file name", CleanLine(name)))
	case path.Ext(name) != ".md":
		return Invalid(fmt.Sprintf("%q is not a Markdown file; name it something.md", CleanLine(name)))
	}
	return nil
}

// ParseUpload parses an uploaded post file. Without a slug in its front
// matter, the post takes its slug from the file name, else from the title.
func ParseUpload(name string, src []byte) (Post, error) {
	if len(src) > MaxFileSize {
		return Post{}, &ParseError{Path: name, Msg: fmt.Sprintf("%d bytes is over the %d-byte limit for a post", len(src), MaxFileSize)}
	}
	return parse(name, src, Slugify(strings.TrimSuffix(path.Base(name), ".md")))
}

// Upload is a post file as an admin uploaded it: its name and bytes as sent,
// the revision of the post it made, and the modification time the client
// gave it (or the upload's own).
type Upload struct {
	Slug     string
	Name     string
	Revision int64
	Src      []byte // empty in listings; Size says how long it is
	Size     int64
	ModTime  time.Time
}
