package posts

import (
	"strconv"
	"strings"
	"time"
)

// Byline is how a post is described under its title in lists:
// "Tushti · 18 Jul 2022 · 4 years ago · 3 comments · #friendship #career".
// An admin, who sees hidden comments, sees them counted: "3 comments · 1 hidden".
func Byline(p Post, now time.Time, admin bool) string {
	parts := make([]string, 0, 5)
	if p.Author != "" {
		parts = append(parts, p.Author)
	}
	parts = append(parts, Dated(p.Published, p.DateOnly, now))
	if admin && p.Hidden > 0 {
		parts = append(parts, Count(p.Comments+p.Hidden, "comment"), strconv.Itoa(p.Hidden)+" hidden")
	} else {
		parts = append(parts, Count(p.Comments, "comment"))
	}
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
