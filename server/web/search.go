package web

import (
	"context"
	"html"
	"html/template"
	"net/http"
	"strings"

	"github.com/sshblog/sshblog/posts"
)

// searchLimit is how many results a search shows.
const searchLimit = 20

// maxQuery bounds a query, in bytes.
const maxQuery = 200

type searchBody struct {
	Query   string
	Refused string
	Count   string
	Results []result
}

type result struct {
	URL, Author, ISO, Date string
	Title, Snippet         template.HTML // escaped, with the matches in <mark>
}

// search runs the reader's full-text search: the same ranking and
// highlighting. Results are not cached; each address may search so often.
func (s *Site) search(w http.ResponseWriter, r *http.Request) {
	q := strings.TrimSpace(posts.CleanLine(r.URL.Query().Get("q")))
	body := searchBody{Query: q}
	status := http.StatusOK
	switch {
	case q == "":
	case len(q) > maxQuery:
		body.Refused, status = "That search is too long: keep it under 200 characters.", http.StatusBadRequest
	case !s.searches.allow(s.clientAddr(r)):
		body.Refused, status = "Too many searches from your address: wait a minute, then try again.", http.StatusTooManyRequests
		w.Header().Set("Retry-After", "60")
	default:
		ctx, cancel := context.WithTimeout(r.Context(), storageTimeout)
		defer cancel()
		found, err := s.cfg.Blog.Search(ctx, q, searchLimit)
		if err != nil {
			s.fail(w, r, err)
			return
		}
		body.Count = posts.Count(len(found), "post")
		for _, m := range found {
			d := dated(m.Post.Published, m.Post.DateOnly)
			body.Results = append(body.Results, result{URL: postPath(m.Post.Slug), Author: posts.CleanLine(m.Post.Author),
				ISO: d.ISO, Date: d.Date, Title: marked(m.Title), Snippet: marked(m.Snippet)})
		}
	}
	l := s.frame("Search", "Search the posts of "+posts.CleanLine(s.cfg.Blog.Name)+".", s.origin(r)+"/search", body)
	l.NoIndex = true
	p, err := htmlOnce(status, "search", l)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	p.serve(w, r)
}

// marked escapes a search result's text and turns its match marks into
// <mark> elements.
func marked(s string) template.HTML {
	var b strings.Builder
	for s != "" {
		before, rest, found := strings.Cut(s, posts.MatchStart)
		b.WriteString(html.EscapeString(posts.CleanInline(before)))
		if !found {
			break
		}
		match, after, _ := strings.Cut(rest, posts.MatchEnd)
		b.WriteString("<mark>" + html.EscapeString(posts.CleanInline(match)) + "</mark>")
		s = after
	}
	return template.HTML(b.String())
}
