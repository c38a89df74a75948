package web

import (
	"context"
	"encoding/json"
	"errors"
	"html/template"
	"net/http"
	"strings"
	"time"

	"github.com/sshblog/sshblog/posts"
)

// postBody is a post's page: the post, its neighbours and its thread.
type postBody struct {
	Slug, Title, Author, Reading string
	stamp
	Updated    *stamp
	Tags       []tagLink
	HTML       template.HTML
	Excerpt    bool
	Prev, Next *entry
	Count      string
	Threads    []thread
	Events     string
	SSH        string
}

type thread struct {
	Comment commentView
	Replies []commentView
}

type commentView struct {
	ID         int64
	Name, Body string
	Gone       string // why a comment shows no text: "[deleted]", "[hidden]"
	Edited     bool
	stamp
}

// post serves /posts/SLUG as HTML, or as Markdown for /posts/SLUG.md and
// for clients that prefer text (curl -H 'Accept: text/plain').
func (s *Site) post(w http.ResponseWriter, r *http.Request) {
	file := r.PathValue("file")
	slug, markdown := strings.CutSuffix(file, ".md")
	list, at := s.cfg.Blog.Listed(slug)
	if at < 0 {
		s.notFound(w, r)
		return
	}
	listed := list[at]
	if markdown || prefersText(r.Header.Get("Accept")) {
		s.source(w, r, listed, markdown)
		return
	}
	origin := s.origin(r)
	path := r.URL.Path // postPath(slug), decoded, without making it again
	if rest, _ := strings.CutPrefix(path, "/posts/"); rest != slug {
		path = postPath(slug)
	}
	kept, u := postPlace(path, origin, listed)
	s.servePage(w, r, kept, u, func() (*page, error) {
		ctx, cancel := context.WithTimeout(r.Context(), storageTimeout)
		defer cancel()
		p, err := s.cfg.Blog.Post(ctx, slug)
		if err != nil {
			return nil, err
		}
		comments, err := s.comments(ctx, slug)
		if err != nil {
			return nil, err
		}
		body := s.postBody(p, comments)
		if at > 0 {
			newer := entryOf(list[at-1])
			body.Next = &newer
		}
		if at+1 < len(list) {
			older := entryOf(list[at+1])
			body.Prev = &older
		}
		html, err := postHTML(p.Body)
		if err != nil {
			return nil, err
		}
		body.HTML = template.HTML(html) // goldmark's, without raw HTML, cleaned
		canonical := origin + postPath(slug)
		l := s.frame(body.Title, posts.CleanLine(p.Summary), canonical, body)
		l.OGType = "article"
		if l.JSONLD, err = blogPosting(p, canonical, len(comments)); err != nil {
			return nil, err
		}
		return s.html(http.StatusOK, "post", l)
	})
}

// postPlace is where the page of the post listed, served at path, is kept
// for origin, and what it shows that can change.
func postPlace(path, origin string, listed posts.Post) (place, uses) {
	return place{path: path, origin: origin}, uses{thread: listed.Slug, revision: listed.Revision}
}

func (s *Site) postBody(p posts.Post, comments []posts.Comment) postBody {
	body := postBody{Slug: p.Slug, Title: posts.CleanLine(p.Title), Author: posts.CleanLine(p.Author),
		Reading: readingTime(p), stamp: dated(p.Published, p.DateOnly), Tags: tagLinks(p.Tags),
		Excerpt: p.Excerpt, Events: postPath(p.Slug) + "/events", SSH: s.cfg.Blog.Address}
	if p.Updated.After(p.Published) && p.Updated.Sub(p.Published) > 24*time.Hour {
		u := dated(p.Updated, false)
		body.Updated = &u
	}
	body.Threads, body.Count = threads(comments)
	return body
}

// threads groups comments as the reader shows them: each top-level comment
// with its replies under it. Hidden comments are left out; one that has
// replies still showing stays as a "[hidden]" stub above them, as a deleted
// one stays as "[deleted]".
func threads(comments []posts.Comment) ([]thread, string) {
	var out []thread
	at := map[int64]int{}
	shown := 0
	for _, c := range comments {
		v := commentView{ID: c.ID, Name: posts.CleanLine(c.AuthorName), Body: posts.CleanText(c.Body),
			Edited: !c.Edited.IsZero() && !c.Deleted, stamp: dated(c.Created, false)}
		switch {
		case c.Deleted:
			v.Gone, v.Name, v.Body = "[deleted]", "", ""
		case c.Hidden:
			v.Gone, v.Name, v.Body = "[hidden]", "", ""
		default:
			shown++
		}
		if c.ParentID == 0 {
			at[c.ID] = len(out)
			out = append(out, thread{Comment: v})
			continue
		}
		if i, ok := at[c.ParentID]; ok && !c.Hidden {
			out[i].Replies = append(out[i].Replies, v)
		}
	}
	kept := out[:0]
	for _, t := range out {
		if t.Comment.Gone == "[hidden]" && len(t.Replies) == 0 {
			continue
		}
		kept = append(kept, t)
	}
	return kept, posts.Count(shown, "comment")
}

// commentsPage is how many comments one storage call reads.
const commentsPage = 500

// comments is the whole thread of a post, in thread order.
func (s *Site) comments(ctx context.Context, slug string) ([]posts.Comment, error) {
	var all []posts.Comment
	var after posts.Comment
	for {
		page, err := s.cfg.Threads.Page(ctx, slug, after, commentsPage)
		if err != nil && !errors.Is(err, posts.ErrNotFound) {
			return nil, err
		}
		all = append(all, page...)
		if len(page) < commentsPage {
			return all, nil
		}
		after = page[len(page)-1]
	}
}

// blogPosting is the post's JSON-LD for search engines. encoding/json
// escapes <, > and &, so no text can end the script element.
func blogPosting(p posts.Post, url string, comments int) (template.JS, error) {
	ld := map[string]any{
		"@context": "https://schema.org", "@type": "BlogPosting",
		"headline": posts.CleanLine(p.Title), "url": url, "mainEntityOfPage": url,
		"datePublished": p.Published.UTC().Format(time.RFC3339),
		"dateModified":  latest(p.Published, p.Updated).UTC().Format(time.RFC3339),
		"wordCount":     p.Words, "commentCount": comments,
	}
	if p.Author != "" {
		ld["author"] = map[string]any{"@type": "Person", "name": posts.CleanLine(p.Author)}
	}
	if p.Summary != "" {
		ld["description"] = posts.CleanLine(p.Summary)
	}
	if len(p.Tags) > 0 {
		ld["keywords"] = strings.Join(p.Tags, ", ")
	}
	b, err := json.Marshal(ld)
	return template.JS(b), err
}
