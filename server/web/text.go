package web

import (
	"context"
	"net/http"
	"strings"

	"github.com/sshblog/sshblog/posts"
)

// source serves a post's Markdown, front matter and all, as `ssh HOST read
// SLUG` prints it: as text/markdown for /posts/SLUG.md, as text/plain for a
// client that asked for text.
func (s *Site) source(w http.ResponseWriter, r *http.Request, listed posts.Post, markdown bool) {
	path, contentType := "text:"+postPath(listed.Slug), "text/plain; charset=utf-8"
	if markdown {
		path, contentType = postPath(listed.Slug)+".md", "text/markdown; charset=utf-8"
	}
	s.servePage(w, r, place{path: path}, uses{revision: listed.Revision}, func() (*page, error) {
		ctx, cancel := context.WithTimeout(r.Context(), storageTimeout)
		defer cancel()
		p, err := s.cfg.Blog.Post(ctx, listed.Slug)
		if err != nil {
			return nil, err
		}
		return newPage(http.StatusOK, contentType, []byte(posts.CleanText(posts.Source(p))), latest(p.Published, p.Updated)), nil
	})
}

// prefersText reports whether the client's Accept puts plain text or
// Markdown before HTML: curl -H 'Accept: text/plain' gets the post as text,
// a browser and a bare curl (*/*) the page.
func prefersText(accept string) bool {
	for part := range strings.SplitSeq(accept, ",") {
		kind, _, _ := strings.Cut(part, ";")
		switch strings.ToLower(strings.TrimSpace(kind)) {
		case "text/plain", "text/markdown":
			return true
		case "text/html", "application/xhtml+xml", "*/*", "text/*":
			return false
		}
	}
	return false
}
