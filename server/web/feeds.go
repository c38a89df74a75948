package web

import (
	"bytes"
	"context"
	"encoding/xml"
	"fmt"
	"net/http"
	"net/url"

	"github.com/sshblog/sshblog/blog"
	"github.com/sshblog/sshblog/posts"
)

// feed is the blog's Atom feed: the latest posts, with the ids `ssh HOST
// feed` gives.
func (s *Site) feed(w http.ResponseWriter, r *http.Request) {
	s.atom(w, r, "/feed.xml", s.cfg.Blog.Posts(), "")
}

// tagFeed is a tag's Atom feed.
func (s *Site) tagFeed(w http.ResponseWriter, r *http.Request) {
	tag := r.PathValue("tag")
	list := s.cfg.Blog.Tagged(tag)
	if len(list) == 0 {
		s.notFound(w, r)
		return
	}
	s.atom(w, r, tagPath(tag)+"/feed.xml", list, tag)
}

func (s *Site) atom(w http.ResponseWriter, r *http.Request, path string, list []posts.Post, tag string) {
	origin := s.origin(r)
	s.servePage(w, r, place{path: path, origin: origin}, uses{}, func() (*page, error) {
		ctx, cancel := context.WithTimeout(r.Context(), storageTimeout)
		defer cancel()
		list := list[:min(len(list), blog.FeedSize)]
		full := make([]posts.Post, 0, len(list))
		for _, p := range list {
			withBody, err := s.cfg.Blog.Post(ctx, p.Slug)
			if err != nil {
				return nil, err
			}
			full = append(full, withBody)
		}
		feed := s.cfg.Blog.Feed(origin, path)
		if tag != "" {
			feed.Title += ": " + tag
			feed.Entries = feed.ID
			feed.ID += ":tag:" + url.PathEscape(tag) // an IRI holds no spaces or <
		}
		var out bytes.Buffer
		if err := posts.WriteAtom(&out, feed, full); err != nil {
			return nil, err
		}
		return newPage(http.StatusOK, "application/atom+xml; charset=utf-8", out.Bytes(), s.cfg.Blog.Now()), nil
	})
}

type urlset struct {
	XMLName xml.Name  `xml:"http://www.sitemaps.org/schemas/sitemap/0.9 urlset"`
	URLs    []siteURL `xml:"url"`
}

type siteURL struct {
	Loc     string `xml:"loc"`
	LastMod string `xml:"lastmod,omitempty"`
}

// sitemap lists the front page, every post and every tag.
func (s *Site) sitemap(w http.ResponseWriter, r *http.Request) {
	origin := s.origin(r)
	s.servePage(w, r, place{path: "/sitemap.xml", origin: origin}, uses{}, func() (*page, error) {
		list := s.cfg.Blog.Posts()
		set := urlset{URLs: []siteURL{{Loc: origin + "/"}, {Loc: origin + "/tags"}}}
		if t := newest(list); !t.IsZero() {
			set.URLs[0].LastMod = t.UTC().Format("2006-01-02")
		}
		tags := map[string]bool{}
		for _, p := range list {
			set.URLs = append(set.URLs, siteURL{Loc: origin + postPath(p.Slug), LastMod: latest(p.Published, p.Updated).UTC().Format("2006-01-02")})
			for _, t := range p.Tags {
				if !tags[t] {
					tags[t] = true
					set.URLs = append(set.URLs, siteURL{Loc: origin + tagPath(t)})
				}
			}
		}
		var out bytes.Buffer
		out.WriteString(xml.Header)
		if err := xml.NewEncoder(&out).Encode(set); err != nil {
			return nil, err
		}
		return newPage(http.StatusOK, "application/xml; charset=utf-8", out.Bytes(), s.cfg.Blog.Now()), nil
	})
}

// robots lets every crawler read the posts, not run searches, and names
// the sitemap.
func (s *Site) robots(w http.ResponseWriter, r *http.Request) {
	origin := s.origin(r)
	s.servePage(w, r, place{path: "/robots.txt", origin: origin}, uses{}, func() (*page, error) {
		body := fmt.Sprintf("User-agent: *\nAllow: /\nDisallow: /search\nDisallow: /posts/*/events\n\nSitemap: %s/sitemap.xml\n", origin)
		return newPage(http.StatusOK, "text/plain; charset=utf-8", []byte(body), s.cfg.Blog.Now()), nil
	})
}
