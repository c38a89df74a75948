package posts

import (
	"errors"
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

// ParsePiped parses a post sent without a file name, as
// `ssh HOST publish < FILE` sends it. With no file name to give, its errors
// name the post by its title, when a title line can be found.
func ParsePiped(src []byte) (Post, error) {
	name := pipedName(src)
	if len(src) > MaxFileSize {
		return Post{}, &pipedError{name: name, err: &ParseError{Msg: fmt.Sprintf("%d bytes is over the %d-byte limit for a post", len(src), MaxFileSize)}}
	}
	p, err := parse(name, src, "")
	var pe *ParseError
	if errors.As(err, &pe) {
		return p, &pipedError{name: name, err: pe}
	}
	return p, err
}

// pipedName names a post sent without a file name: “Its Title”, or "the post
// you sent" when no title line is in its front matter.
func pipedName(src []byte) string {
	lines := strings.Split(string(src[:min(len(src), 64<<10)]), "\n")
	if len(lines) == 0 || strings.TrimSpace(lines[0]) != "---" {
		return "the post you sent"
	}
	for _, line := range lines[1:] {
		line = strings.TrimSpace(line)
		if line == "---" {
			break
		}
		if title, ok := strings.CutPrefix(line, "title:"); ok {
			if title = strings.Trim(strings.TrimSpace(title), `"'`); title != "" && utf8.ValidString(title) {
				return "“" + CleanLine(title) + "”"
			}
		}
	}
	return "the post you sent"
}

// pipedError is a parse error in a post sent without a file name.
type pipedError struct {
	name string
	err  *ParseError
}

func (e *pipedError) Error() string {
	if e.err.Line > 0 {
		return fmt.Sprintf("%s, line %d: %s", e.name, e.err.Line, e.err.Msg)
	}
	return e.name + ": " + e.err.Msg
}

func (e *pipedError) Unwrap() error { return e.err }

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
