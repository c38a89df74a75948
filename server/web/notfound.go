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
//
// Anyone may ask for any number of addresses, so that page, made for one
// request, counts against the address's searches (it is one, offered).
// Over the allowance the asker gets the one 404 page kept for everyone,
// without the address's words, rather than a 429: a crawler must still
// see that the page is not there, not that the site is busy.
func (s *Site) notFound(w http.ResponseWriter, r *http.Request) {
	slug := strings.Trim(r.URL.Path, "/")
	list, at := s.cfg.Blog.Listed(slug)
	if at >= 0 {
		http.Redirect(w, r, postPath(slug), http.StatusMovedPermanently)
		return
	}
	latest := list[:min(len(list), 5)]
	if !s.searches.allow(s.clientAddr(r)) {
		s.servePage(w, r, place{path: "404"}, uses{}, func() (*page, error) {
			return s.html(http.StatusNotFound, "notfound", s.notFoundLayout(notFoundBody{}, latest))
		})
		return
	}
	path := posts.CleanLine(r.URL.Path)
	if len(path) > 200 {
		path = path[:200] + "…"
	}
	body := notFoundBody{Path: path, Query: strings.Join(posts.QueryTerms(r.URL.Path), " ")}
	p, err := htmlOnce(http.StatusNotFound, "notfound", s.notFoundLayout(body, latest))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	p.serve(w, r)
}

func (s *Site) notFoundLayout(body notFoundBody, latest []posts.Post) layout {
	for _, p := range latest {
		body.Entries = append(body.Entries, entryOf(p))
	}
	l := s.frame("Nothing here", "There is no page at this address.", "", body)
	l.NoIndex = true
	return l
}
