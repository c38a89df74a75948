package tui

import (
	"strings"
	"sync/atomic"

	"github.com/sshblog/sshblog/posts"
)

// The reader's gate for text from outside. What the store and the services
// hand the reader (posts' titles, authors, summaries and tags; comments and
// their authors' names; search results; the moderation log; bad file names)
// is made safe for a terminal here, where it enters the reader's view model,
// so that no draw site has to remember to. Rendered post bodies pass
// afterRender (gate.go) instead. Clean text, nearly all of it, comes back as
// it was: no copy.

// cleanShared is a list the blog shares (its posts, its bad files), cleaned
// once for each list the blog publishes and shared by every session.
type cleanShared[T any] struct {
	clean func(T) (T, bool)
	last  atomic.Pointer[cleanPair[T]]
}

type cleanPair[T any] struct{ from, clean []T }

func (c *cleanShared[T]) of(list []T) []T {
	if l := c.last.Load(); l != nil && len(l.from) == len(list) && (len(list) == 0 || &l.from[0] == &list[0]) {
		return l.clean
	}
	l := &cleanPair[T]{from: list}
	l.clean, _ = cleanEach(list, c.clean)
	c.last.Store(l)
	return l.clean
}

// cleanEach is list with clean applied to each element; list itself when
// nothing changed.
func cleanEach[T any](list []T, clean func(T) (T, bool)) (out []T, changed bool) {
	for i, v := range list {
		c, ch := clean(v)
		if ch && out == nil {
			out = append(make([]T, 0, len(list)), list[:i]...)
		}
		if out != nil {
			out = append(out, c)
		}
	}
	if out == nil {
		return list, false
	}
	return out, true
}

// line cleans one-line text into *s, reporting whether it changed.
func line(s *string) bool {
	c := posts.CleanLine(*s)
	changed := c != *s
	*s = c
	return changed
}

// cleanPost cleans what the reader draws of p; its body is rendered and
// passes afterRender.
func cleanPost(p posts.Post) (posts.Post, bool) {
	changed := line(&p.Title)
	changed = line(&p.Author) || changed
	if s := posts.CleanText(p.Summary); s != p.Summary {
		p.Summary, changed = s, true
	}
	if tags, ch := cleanEach(p.Tags, cleanString); ch {
		p.Tags, changed = tags, true
	}
	return p, changed
}

func cleanString(s string) (string, bool) { return s, line(&s) }

// cleanComment cleans what the reader draws of c: its text and its
// author's name.
func cleanComment(c posts.Comment) (posts.Comment, bool) {
	changed := line(&c.AuthorName)
	if b := posts.CleanText(c.Body); b != c.Body {
		c.Body, changed = b, true
	}
	return c, changed
}

func cleanComments(list []posts.Comment) []posts.Comment {
	list, _ = cleanEach(list, cleanComment)
	return list
}

func cleanOne(c posts.Comment) posts.Comment {
	c, _ = cleanComment(c)
	return c
}

// cleanMatch cleans a search result, keeping its match marks.
func cleanMatch(m posts.Match) (posts.Match, bool) {
	p, changed := cleanPost(m.Post)
	m.Post = p
	for _, s := range []*string{&m.Title, &m.Snippet} {
		if c := cleanMarked(*s); c != *s {
			*s, changed = c, true
		}
	}
	return m, changed
}

// cleanMarked cleans s between its match marks, which are control
// characters of ours.
func cleanMarked(s string) string {
	return cleanAround(s, posts.MatchStart, func(s string) string {
		return cleanAround(s, posts.MatchEnd, posts.CleanInline) // the spaces around a match stay
	})
}

func cleanAround(s, sep string, clean func(string) string) string {
	parts := strings.Split(s, sep)
	for i, p := range parts {
		parts[i] = clean(p)
	}
	return strings.Join(parts, sep)
}

// cleanAction cleans the names and targets of a moderation log entry.
func cleanAction(a posts.ModAction) (posts.ModAction, bool) {
	changed := line(&a.AdminName)
	changed = line(&a.TargetName) || changed
	changed = line(&a.Admin) || changed
	changed = line(&a.Target) || changed
	changed = line(&a.PostSlug) || changed
	return a, changed
}

func cleanIdentity(id posts.Identity) posts.Identity {
	line(&id.Name)
	line(&id.Fingerprint)
	return id
}
