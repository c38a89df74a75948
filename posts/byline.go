package posts

import (
	"strings"
	"time"
)

// Byline is how a post is described under its title in lists:
// "Tushti · 18 Jul 2022 · 4 years ago · 3 comments · #friendship #career".
func Byline(p Post, now time.Time) string {
	parts := make([]string, 0, 4)
	if p.Author != "" {
		parts = append(parts, p.Author)
	}
	parts = append(parts, Dated(p.Published, p.DateOnly, now), Count(p.Comments, "comment"))
	if tags := TagList(p.Tags); tags != "" {
		parts = append(parts, tags)
	}
	return strings.Join(parts, " · ")
}

// TagList shows tags as "#a #b".
func TagList(tags []string) string {
	if len(tags) == 0 {
		return ""
	}
	return "#" + strings.Join(tags, " #")
}
