package posts

import (
	"bytes"
	"encoding/xml"
	"fmt"
	"io"
	"time"

	"github.com/yuin/goldmark"
)

// Feed describes the blog for an Atom feed.
type Feed struct {
	Title string
	// ID is a stable IRI naming the feed; entry ids extend Entries with
	// the slug, or ID when Entries is "".
	ID string
	// Entries names the blog in a feed of some of its posts (a tag's), so
	// that a post has one id in every feed and a reader of two shows it
	// once.
	Entries string
	// Link is the blog's web address ("https://blog.example.com"), or ""
	// when it has none: then the feed and its entries carry no links.
	Link string
	// Self is where this feed is read from, on the web; "" for none.
	Self string
}

// FeedID names an install's feed: installID is random and made once per
// install, so no two blogs share entry ids, whatever their names.
func FeedID(installID string) string { return "urn:sshblog:" + installID }

type atomFeed struct {
	XMLName xml.Name    `xml:"http://www.w3.org/2005/Atom feed"`
	ID      string      `xml:"id"`
	Title   string      `xml:"title"`
	Updated string      `xml:"updated"`
	Links   []atomLink  `xml:"link"`
	Author  *atomPerson `xml:"author,omitempty"`
	Entries []atomEntry `xml:"entry"`
}

type atomPerson struct {
	Name string `xml:"name"`
}

type atomEntry struct {
	ID         string      `xml:"id"`
	Title      string      `xml:"title"`
	Published  string      `xml:"published"`
	Updated    string      `xml:"updated"`
	Links      []atomLink  `xml:"link"`
	Author     *atomPerson `xml:"author,omitempty"`
	Summary    string      `xml:"summary,omitempty"`
	Categories []atomTerm  `xml:"category"`
	Content    atomContent `xml:"content"`
}

type atomLink struct {
	Rel  string `xml:"rel,attr"`
	Type string `xml:"type,attr,omitempty"`
	Href string `xml:"href,attr"`
}

type atomTerm struct {
	Term string `xml:"term,attr"`
}

type atomContent struct {
	Type string `xml:"type,attr"`
	Body string `xml:",chardata"`
}

// WriteAtom writes list, which must carry bodies, as an Atom 1.0 feed. Bodies
// become HTML; raw HTML in the Markdown is left out, not passed through. The
// feed is read in terminals too (ssh HOST feed | less), so the HTML goldmark
// decodes character references into is cleaned like any text.
func WriteAtom(w io.Writer, feed Feed, list []Post) error {
	out := atomFeed{ID: feed.ID, Title: CleanLine(feed.Title), Updated: time.Unix(0, 0).UTC().Format(time.RFC3339)}
	if feed.Self != "" {
		out.Links = append(out.Links, atomLink{Rel: "self", Type: "application/atom+xml", Href: feed.Self})
	}
	if feed.Link != "" {
		out.Links = append(out.Links, atomLink{Rel: "alternate", Type: "text/html", Href: feed.Link + "/"})
	}
	entries := feed.Entries
	if entries == "" {
		entries = feed.ID
	}
	var newest time.Time
	for _, p := range list {
		var html bytes.Buffer
		if err := goldmark.Convert([]byte(DefuseEntities(p.Body)), &html); err != nil {
			return err
		}
		updated := p.Updated
		if updated.Before(p.Published) {
			updated = p.Published
		}
		if updated.After(newest) {
			newest = updated
		}
		e := atomEntry{
			ID:        entries + ":" + p.Slug,
			Title:     CleanLine(p.Title),
			Published: p.Published.UTC().Format(time.RFC3339),
			Updated:   updated.UTC().Format(time.RFC3339),
			Summary:   CleanLine(p.Summary),
			Content:   atomContent{Type: "html", Body: CleanText(html.String())},
		}
		if feed.Link != "" {
			e.Links = []atomLink{{Rel: "alternate", Type: "text/html", Href: PostURL(feed.Link, p.Slug)}}
		}
		if p.Author != "" {
			e.Author = &atomPerson{Name: CleanLine(p.Author)}
		}
		for _, t := range p.Tags {
			e.Categories = append(e.Categories, atomTerm{Term: CleanLine(t)})
		}
		out.Entries = append(out.Entries, e)
	}
	if !newest.IsZero() {
		out.Updated = newest.UTC().Format(time.RFC3339)
	}
	// Atom requires an author on the feed or on every entry.
	if len(list) == 0 || list[0].Author == "" {
		out.Author = &atomPerson{Name: CleanLine(feed.Title)}
	}
	return encodeAtom(w, out)
}

// WriteInboxAtom writes a reader's inbox as an Atom 1.0 feed: one entry a
// comment, its text as plain text.
func WriteInboxAtom(w io.Writer, feed Feed, items []InboxItem) error {
	out := atomFeed{ID: feed.ID + ":inbox", Title: "Replies for you on " + feed.Title,
		Updated: time.Unix(0, 0).UTC().Format(time.RFC3339), Author: &atomPerson{Name: feed.Title}}
	for i, it := range items {
		at := it.Created.UTC().Format(time.RFC3339)
		if i == 0 {
			out.Updated = at
		}
		name := it.AuthorName
		if name == "" {
			name = "someone"
		}
		out.Entries = append(out.Entries, atomEntry{
			ID:        fmt.Sprintf("%s:%s:comment-%d", feed.ID, it.PostSlug, it.ID),
			Title:     fmt.Sprintf("%s under “%s”", name, it.PostTitle),
			Published: at, Updated: at,
			Author:  &atomPerson{Name: name},
			Content: atomContent{Type: "text", Body: CleanText(it.Body)},
		})
	}
	return encodeAtom(w, out)
}

// encodeAtom writes a feed as an XML document.
func encodeAtom(w io.Writer, out atomFeed) error {
	if _, err := io.WriteString(w, xml.Header); err != nil {
		return err
	}
	enc := xml.NewEncoder(w)
	enc.Indent("", "  ")
	if err := enc.Encode(out); err != nil {
		return err
	}
	_, err := io.WriteString(w, "\n")
	return err
}

// PostURL is where a post is read on the web under base
// ("https://blog.example.com"); "" when base is.
func PostURL(base, slug string) string {
	if base == "" {
		return ""
	}
	return base + "/posts/" + slug
}
