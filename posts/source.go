package posts

import (
	"fmt"
	"strconv"
	"strings"
	"time"
)

// Source writes p back as a post file: front matter, then the Markdown body.
// Parse(Source(p)) gives p again.
func Source(p Post) string {
	var b strings.Builder
	b.WriteString("---\n")
	fmt.Fprintf(&b, "title: %s\n", strconv.Quote(p.Title))
	fmt.Fprintf(&b, "slug: %s\n", p.Slug)
	if p.Author != "" {
		fmt.Fprintf(&b, "author: %s\n", strconv.Quote(p.Author))
	}
	// RFC3339Nano keeps fractions of a second, which Parse reads back.
	date := p.Published.UTC().Format(time.RFC3339Nano)
	if p.DateOnly {
		date = p.Published.UTC().Format(dateOnlyLayout)
	}
	fmt.Fprintf(&b, "date: %s\n", date)
	if len(p.Tags) > 0 {
		tags := make([]string, len(p.Tags))
		for i, t := range p.Tags {
			tags[i] = plainOrQuoted(t)
		}
		fmt.Fprintf(&b, "tags: [%s]\n", strings.Join(tags, ", "))
	}
	if p.Summary != "" && p.Summary != Summarize(p.Body) {
		fmt.Fprintf(&b, "summary: %s\n", strconv.Quote(p.Summary))
	}
	if p.Draft {
		b.WriteString("draft: true\n")
	}
	if p.Excerpt {
		b.WriteString("excerpt: true\n")
	}
	b.WriteString("---\n\n")
	b.WriteString(p.Body)
	b.WriteString("\n")
	return b.String()
}

// plainOrQuoted leaves a word that YAML reads as itself bare, and quotes
// anything else (brackets, commas, # and the like would break the list).
func plainOrQuoted(s string) string {
	if slugPattern.MatchString(s) {
		return s
	}
	return strconv.Quote(s)
}
