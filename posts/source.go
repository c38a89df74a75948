package posts

import (
	"fmt"
	"strconv"
	"strings"
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
	fmt.Fprintf(&b, "date: %s\n", p.Published.UTC().Format(dateLayouts[0]))
	if len(p.Tags) > 0 {
		fmt.Fprintf(&b, "tags: [%s]\n", strings.Join(p.Tags, ", "))
	}
	if p.Summary != "" && p.Summary != Summarize(p.Body) {
		fmt.Fprintf(&b, "summary: %s\n", strconv.Quote(p.Summary))
	}
	if p.Draft {
		b.WriteString("draft: true\n")
	}
	b.WriteString("---\n\n")
	b.WriteString(p.Body)
	b.WriteString("\n")
	return b.String()
}
