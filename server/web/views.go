package web

import (
	"bytes"
	"errors"
	"html/template"
	"net/http"
	"net/url"
	"time"

	"github.com/sshblog/sshblog/posts"
)

// layout is what every HTML page's frame shows; Body is the page's own.
type layout struct {
	Blog, Title, Description string
	Canonical                string // absolute, or "" for pages that have none (the 404)
	OGType                   string
	Feed, FeedTitle          string
	PrevPage, NextPage       string
	NoIndex                  bool
	JSONLD                   template.JS
	SSH                      string // what readers type after ssh
	Assets                   Assets
	Body                     any
}

// frame starts a page's layout with what every page shares.
func (s *Site) frame(title, description, canonical string, body any) layout {
	b := s.cfg.Blog
	name := posts.CleanLine(b.Name)
	if title == "" {
		title = name
	} else {
		title += " · " + name
	}
	return layout{Blog: name, Title: title, Description: description, Canonical: canonical, OGType: "website",
		Feed: "/feed.xml", FeedTitle: name, SSH: b.Address, Assets: assets, Body: body}
}

// html renders the page template name with l. It is dated when it is
// rendered, which is when what it shows was last seen to change: a
// comment deleted or hidden has no date of its own.
func (s *Site) html(status int, name string, l layout) (*page, error) {
	body, err := execute(name, l)
	if err != nil {
		return nil, err
	}
	return newPage(status, htmlType, body, s.cfg.Blog.Now()), nil
}

// htmlOnce renders the page template name with l for one request.
func htmlOnce(status int, name string, l layout) (*page, error) {
	body, err := execute(name, l)
	if err != nil {
		return nil, err
	}
	return oneOff(status, htmlType, body), nil
}

const htmlType = "text/html; charset=utf-8"

func execute(name string, l layout) ([]byte, error) {
	var out bytes.Buffer
	err := templates[name].ExecuteTemplate(&out, "layout", l)
	return out.Bytes(), err
}

// entry is a post as the list shows it.
type entry struct {
	URL, Title, Author, Summary string
	ISO, Date                   string
	Comments, Reading           string
	Tags                        []tagLink
}

type tagLink struct {
	URL, Name string
	Count     int
}

func postPath(slug string) string { return "/posts/" + slug }
func tagPath(tag string) string   { return "/tags/" + url.PathEscape(tag) }

// tagLinks link to the tags as they are, whatever their names show.
func tagLinks(tags []string) []tagLink {
	links := make([]tagLink, len(tags))
	for i, t := range tags {
		links[i] = tagLink{URL: tagPath(t), Name: posts.CleanLine(t)}
	}
	return links
}

// stamp is a moment as the pages show it: absolute, as a cached page must.
type stamp struct{ ISO, Date string }

func dated(t time.Time, dateOnly bool) stamp {
	if dateOnly {
		return stamp{ISO: t.Format("2006-01-02"), Date: t.Format("2 Jan 2006")}
	}
	return stamp{ISO: t.UTC().Format(time.RFC3339), Date: t.UTC().Format("2 Jan 2006")}
}

func entryOf(p posts.Post) entry {
	d := dated(p.Published, p.DateOnly)
	return entry{URL: postPath(p.Slug), Title: posts.CleanLine(p.Title), Author: posts.CleanLine(p.Author),
		Summary: posts.CleanLine(p.Summary), ISO: d.ISO, Date: d.Date,
		Comments: posts.Count(p.Comments, "comment"), Reading: readingTime(p), Tags: tagLinks(p.Tags)}
}

func readingTime(p posts.Post) string {
	return posts.Count(int(p.ReadingTime()/time.Minute), "minute") + " to read"
}

// newest is when the newest of list changed, for Last-Modified.
func newest(list []posts.Post) time.Time {
	var t time.Time
	for _, p := range list {
		t = latest(t, p.Published, p.Updated)
	}
	return t
}

func latest(ts ...time.Time) time.Time {
	var t time.Time
	for _, u := range ts {
		if u.After(t) {
			t = u
		}
	}
	return t
}

// servePage serves the cached page at at, built again when what it uses
// changed. A build for an origin whose pages are not kept counts against
// the address's searches, since anyone may send any Host.
func (s *Site) servePage(w http.ResponseWriter, r *http.Request, at place, u uses, build func() (*page, error)) {
	p, err := s.pages.get(at, u, func() bool { return s.searches.allow(s.clientAddr(r)) }, func() (*page, error) {
		s.metrics.builds.Inc()
		return build()
	})
	switch {
	case errors.Is(err, errTooMany):
		s.tooMany(w)
	case err != nil:
		s.fail(w, r, err)
	default:
		p.serve(w, r)
	}
}

// errTooMany is a request over its address's limit.
var errTooMany = errors.New("too many requests from this address")

// tooMany refuses a request over its address's limit.
func (s *Site) tooMany(w http.ResponseWriter) {
	w.Header().Set("Retry-After", "60")
	http.Error(w, "Too many requests from your address: wait a minute, then try again.", http.StatusTooManyRequests)
}
