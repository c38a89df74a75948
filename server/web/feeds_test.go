package web

import (
	"encoding/xml"
	"html"
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/sshblog/sshblog/posts"
)

type atomFeed struct {
	XMLName xml.Name   `xml:"http://www.w3.org/2005/Atom feed"`
	ID      string     `xml:"id"`
	Title   string     `xml:"title"`
	Updated string     `xml:"updated"`
	Author  string     `xml:"author>name"`
	Links   []atomLink `xml:"link"`
	Entries []struct {
		ID        string     `xml:"id"`
		Title     string     `xml:"title"`
		Updated   string     `xml:"updated"`
		Published string     `xml:"published"`
		Author    string     `xml:"author>name"`
		Links     []atomLink `xml:"link"`
		Content   struct {
			Type string `xml:"type,attr"`
			Body string `xml:",chardata"`
		} `xml:"content"`
	} `xml:"entry"`
}

type atomLink struct {
	Rel  string `xml:"rel,attr"`
	Href string `xml:"href,attr"`
}

func linkTo(links []atomLink, rel string) string {
	for _, l := range links {
		if l.Rel == rel {
			return l.Href
		}
	}
	return ""
}

// The feed is Atom with everything RFC 4287 requires: ids under this
// install's id, titles, dates, authors, a self link where it is read from
// and alternate links to the posts' pages.
func TestFeedIsValidAtom(t *testing.T) {
	s := startSite(t)
	resp, body := s.get(t, "GET", "/feed.xml")
	var feed atomFeed
	if err := xml.Unmarshal([]byte(body), &feed); err != nil {
		t.Fatalf("the feed does not parse: %v", err)
	}
	id := "urn:sshblog:" + s.cfg.Blog.InstallID
	if feed.ID != id || feed.Title != "Test Blog" || !validTime(feed.Updated) || len(feed.Entries) != 7 {
		t.Fatalf("feed: id %q (want %q), title %q, updated %q, %d entries", feed.ID, id, feed.Title, feed.Updated, len(feed.Entries))
	}
	if linkTo(feed.Links, "self") != s.url+"/feed.xml" || linkTo(feed.Links, "alternate") != s.url+"/" {
		t.Errorf("feed links %+v", feed.Links)
	}
	seen := map[string]bool{}
	for _, e := range feed.Entries {
		slug := strings.TrimPrefix(e.ID, id+":")
		if seen[e.ID] || slug == e.ID || e.Title == "" || !validTime(e.Updated) || !validTime(e.Published) ||
			(e.Author == "" && feed.Author == "") || e.Content.Type != "html" || e.Content.Body == "" {
			t.Errorf("entry %+v", e)
		}
		seen[e.ID] = true
		if href := linkTo(e.Links, "alternate"); href != s.url+"/posts/"+slug {
			t.Errorf("entry %s links to %q", e.ID, href)
		}
	}
	if ct := resp.Header.Get("Content-Type"); ct != "application/atom+xml; charset=utf-8" {
		t.Errorf("Content-Type %q", ct)
	}
	// A tag's feed has its own id and only the tag's posts.
	_, body = s.get(t, "GET", "/tags/friendship/feed.xml")
	var tag atomFeed
	if err := xml.Unmarshal([]byte(body), &tag); err != nil {
		t.Fatal(err)
	}
	if tag.ID == feed.ID || len(tag.Entries) == 0 || len(tag.Entries) >= len(feed.Entries) ||
		linkTo(tag.Links, "self") != s.url+"/tags/friendship/feed.xml" {
		t.Errorf("tag feed: id %q, %d entries, links %+v", tag.ID, len(tag.Entries), tag.Links)
	}
	// An entry keeps its id in every feed, so a reader subscribed to both
	// shows the post once.
	for _, e := range tag.Entries {
		if !seen[e.ID] {
			t.Errorf("the tag feed's entry %q is in the blog's feed under another id", e.ID)
		}
	}
}

// With --base-url every absolute link names it, whatever Host the request
// gave; without, the request's host.
func TestBaseURLWins(t *testing.T) {
	s := startSite(t)
	_, page := s.get(t, "GET", "/posts/"+seedSlug)
	contains(t, "the page", page, `<link rel="canonical" href="`+s.url+`/posts/`+seedSlug+`">`)
	based := startSite(t, withBaseURL("https://blog.example.com"))
	_, page = based.get(t, "GET", "/posts/"+seedSlug)
	contains(t, "the page", page, `<link rel="canonical" href="https://blog.example.com/posts/`+seedSlug+`">`,
		`<meta property="og:url" content="https://blog.example.com/posts/`+seedSlug+`">`)
	_, feed := based.get(t, "GET", "/feed.xml")
	contains(t, "the feed", feed, `href="https://blog.example.com/feed.xml"`, `href="https://blog.example.com/posts/`+seedSlug+`"`)
}

// X-Forwarded-Proto names the scheme of absolute links only when a
// trusted proxy sends it.
func TestForwardedProtoFromTrustedProxiesOnly(t *testing.T) {
	for _, c := range []struct {
		proxies []string
		want    string
	}{{nil, "http://"}, {[]string{"127.0.0.1/32"}, "https://"}} {
		s := startSite(t, withProxies(c.proxies...))
		host := strings.TrimPrefix(s.url, "http://")
		_, page := s.get(t, "GET", "/posts/"+seedSlug, "X-Forwarded-Proto", "https")
		contains(t, "the page", page, `<link rel="canonical" href="`+c.want+host+`/posts/`+seedSlug+`">`)
	}
}

func validTime(s string) bool {
	_, err := time.Parse(time.RFC3339, s)
	return err == nil
}

type sitemap struct {
	XMLName xml.Name `xml:"http://www.sitemaps.org/schemas/sitemap/0.9 urlset"`
	URLs    []struct {
		Loc     string `xml:"loc"`
		LastMod string `xml:"lastmod"`
	} `xml:"url"`
}

// The sitemap names every post and tag by absolute URL; robots.txt names
// the sitemap and keeps crawlers off search.
func TestSitemapAndRobots(t *testing.T) {
	s := startSite(t)
	_, body := s.get(t, "GET", "/sitemap.xml")
	var sm sitemap
	if err := xml.Unmarshal([]byte(body), &sm); err != nil {
		t.Fatalf("the sitemap does not parse: %v", err)
	}
	locs := map[string]bool{}
	for _, u := range sm.URLs {
		if parsed, err := url.Parse(u.Loc); err != nil || !parsed.IsAbs() {
			t.Errorf("sitemap location %q is not absolute", u.Loc)
		}
		locs[u.Loc] = true
	}
	for _, p := range s.cfg.Blog.Posts() {
		if !locs[s.url+"/posts/"+p.Slug] {
			t.Errorf("the sitemap lacks %s", p.Slug)
		}
	}
	if !locs[s.url+"/"] || !locs[s.url+"/tags/friendship"] {
		t.Errorf("the sitemap lacks the front page or a tag: %v", locs)
	}
	_, robots := s.get(t, "GET", "/robots.txt")
	contains(t, "robots.txt", robots, "User-agent: *", "Disallow: /search", "Sitemap: "+s.url+"/sitemap.xml")
}

// A tag may hold what a URL or an IRI may not: its links, its page, its
// feed's self link and its feed's id escape it, and every link to it
// leads to it, even when the name shown is cleaned of a control.
func TestOddTagsAreEscaped(t *testing.T) {
	odd, bell := "rock & roll <live> café", "\x07bell"
	p := posts.Post{Slug: "odd", Title: "Odd", Published: time.Date(2024, 1, 2, 0, 0, 0, 0, time.UTC), Tags: []string{odd, bell}, Body: "Hi."}
	s := startSite(t, withPosts(p))
	_, list := s.get(t, "GET", "/")
	var hrefs []string
	for _, m := range regexp.MustCompile(`href="(/tags/[^"]*)"`).FindAllStringSubmatch(list, -1) {
		hrefs = append(hrefs, html.UnescapeString(m[1]))
	}
	for _, tag := range []string{odd, bell} {
		path := "/tags/" + url.PathEscape(tag)
		if !slices.Contains(hrefs, path) {
			t.Errorf("the list does not link %q as %s: %q", tag, path, hrefs)
		}
		if resp, body := s.get(t, "GET", path); resp.StatusCode != http.StatusOK || !strings.Contains(body, html.EscapeString(posts.CleanLine(tag))) {
			t.Errorf("%s: %d", path, resp.StatusCode)
		}
	}

	path := "/tags/" + url.PathEscape(odd) + "/feed.xml"
	_, body := s.get(t, "GET", path)
	var feed atomFeed
	if err := xml.Unmarshal([]byte(body), &feed); err != nil {
		t.Fatalf("the tag's feed does not parse: %v", err)
	}
	prefix := "urn:sshblog:" + s.cfg.Blog.InstallID + ":tag:"
	escaped, ok := strings.CutPrefix(feed.ID, prefix)
	if unescaped, err := url.PathUnescape(escaped); !ok || err != nil || unescaped != odd || strings.ContainsAny(escaped, " <>") ||
		strings.IndexFunc(escaped, func(r rune) bool { return r > 0x7f }) >= 0 {
		t.Errorf("the tag's feed id %q is not %s and the tag escaped", feed.ID, prefix)
	}
	if self := linkTo(feed.Links, "self"); self != s.url+path {
		t.Errorf("the tag's feed says it is at %q, not %q", self, s.url+path)
	}
	if !strings.HasSuffix(feed.Title, ": "+odd) || len(feed.Entries) != 1 {
		t.Errorf("the tag's feed: title %q, %d entries", feed.Title, len(feed.Entries))
	}
}
