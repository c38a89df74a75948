package web

import (
	"net/http"
	"strings"

	"github.com/sshblog/sshblog/posts"
)

type notFoundBody struct {
	Path, Query string
	Entries     []entry
}

// notFound helps whoever lands on no page: a post's address without
// /posts/ is sent to the post; anything else gets a 404 page with a search
// for the words of the address and the latest posts.
func (s *Site) notFound(w http.ResponseWriter, r *http.Request) {
	slug := strings.Trim(r.URL.Path, "/")
	list, at := s.cfg.Blog.Listed(slug)
	if at >= 0 {
		http.Redirect(w, r, postPath(slug), http.StatusMovedPermanently)
		return
	}
	path := posts.CleanLine(r.URL.Path)
	if len(path) > 200 {
		path = path[:200] + "…"
	}
	body := notFoundBody{Path: path, Query: strings.Join(posts.QueryTerms(r.URL.Path), " ")}
	for _, p := range list[:min(len(list), 5)] {
		body.Entries = append(body.Entries, entryOf(p))
	}
	l := s.frame("Nothing here", "There is no page at this address.", "", body)
	l.NoIndex = true
	p, err := htmlOnce(http.StatusNotFound, "notfound", l)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	p.serve(w, r)
}
