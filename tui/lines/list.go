package lines

import (
	"context"
	"fmt"
	"strings"

	"github.com/sshblog/sshblog/posts"
)

// welcome names the blog and how many posts it has, and lists the first.
func (s *session) welcome() {
	s.view = s.opts.Blog.Posts()
	count := posts.Count(len(s.view), "post")
	fresh := 0
	for _, p := range s.view {
		if s.isNew(p) {
			fresh++
		}
	}
	if fresh > 0 {
		count += fmt.Sprintf(", %d new since your last visit", fresh)
	}
	s.out.lines(fmt.Sprintf("%s: %s. This is the line mode; type h at any prompt for help.", s.opts.Blog.Name, count))
	s.showPage()
}

// showPage lists the page of the view that starts at s.first, numbered as
// in the whole view, so a number means one post whichever page shows it.
func (s *session) showPage() {
	if len(s.view) == 0 {
		s.out.lines("There are no posts yet.")
		return
	}
	last := min(s.first+listPage, len(s.view))
	ls := []string{"", fmt.Sprintf("Posts %d to %d of %d, newest first:", s.first+1, last, len(s.view))}
	switch {
	case s.query != "":
		ls[1] = fmt.Sprintf("Posts matching \"%s\", %d to %d of %d, best first:", s.query, s.first+1, last, len(s.view))
	case len(s.view) == 1:
		ls[1] = "The one post:"
	case s.first == 0 && last == len(s.view):
		ls[1] = fmt.Sprintf("All %d posts, newest first:", len(s.view))
	}
	for i := s.first; i < last; i++ {
		e := entry(s.view[i], s.opts.Viewer.Admin)
		if s.isNew(s.view[i]) {
			e = strings.TrimSuffix(e, ".") + ", new."
		}
		ls = append(ls, wrap(fmt.Sprintf("%d. ", i+1), "   ", e, s.width())...)
	}
	s.out.lines(ls...)
}

// isNew reports whether p appeared on this blog since the reader's last
// visit.
func (s *session) isNew(p posts.Post) bool {
	return !s.opts.NewSince.IsZero() && p.FirstSeen.After(s.opts.NewSince)
}

// entry is one post in the list: title, author, date and comments, in
// words and commas, which a speech synthesiser reads as pauses.
func entry(p posts.Post, admin bool) string {
	parts := []string{p.Title}
	if p.Author != "" {
		parts = append(parts, "by "+p.Author)
	}
	if !p.Published.IsZero() {
		parts = append(parts, spokenDate(p))
	}
	comments := commentCount(p.Comments)
	if admin && p.Hidden > 0 {
		comments += fmt.Sprintf(" and %d hidden", p.Hidden)
	}
	return strings.Join(append(parts, comments), ", ") + "."
}

// commentCount says how many comments a post has: "no comments",
// "1 comment", "3 comments".
func commentCount(n int) string {
	if n == 0 {
		return "no comments"
	}
	return posts.Count(n, "comment")
}

// spokenDate is a post's date with the month in full: "18 July 2022".
func spokenDate(p posts.Post) string { return p.Published.UTC().Format("2 January 2006") }

// listChoices are the list's choices, after c.
func (s *session) listChoices(c []string) []string {
	switch n := len(s.view); n {
	case 0:
	case 1:
		c = append(c, "1 read it")
	default:
		c = append(c, fmt.Sprintf("1 to %d read", n))
	}
	if s.first+listPage < len(s.view) {
		c = append(c, "n more posts")
	}
	if s.first > 0 {
		c = append(c, "p previous posts")
	}
	c = append(c, "/words search")
	if s.query != "" {
		c = append(c, "/ every post")
	}
	return c
}

func (s *session) nextPage() {
	if s.first+listPage >= len(s.view) {
		s.out.lines("No more posts.")
		return
	}
	s.first += listPage
	s.showPage()
}

func (s *session) previousPage() {
	if s.first == 0 {
		s.out.lines("This is the first page; there are no earlier posts.")
		return
	}
	s.first = max(s.first-listPage, 0)
	s.showPage()
}

// backToList leaves the post for the page of the list that holds it, or
// lists the page again.
func (s *session) backToList() {
	if s.query == "" { // the list as it is now, counts and all
		s.view = s.opts.Blog.Posts()
	}
	if s.open >= 0 {
		s.first = s.open / listPage * listPage
		s.leavePost()
		s.out.lines("Back to the list.")
	}
	s.first = min(s.first, max(len(s.view)-1, 0)/listPage*listPage)
	s.showPage()
}

// maxMatches bounds what one search lists.
const maxMatches = 50

// search makes the view the posts matching query, or every post again
// when the query is empty.
func (s *session) search(ctx context.Context, query string) {
	query = posts.CleanLine(query)
	if query == "" {
		s.view, s.query, s.first = s.opts.Blog.Posts(), "", 0
		s.leavePost()
		s.out.lines(fmt.Sprintf("Showing every post again: %s.", posts.Count(len(s.view), "post")))
		s.showPage()
		return
	}
	if len(posts.QueryTerms(query)) == 0 {
		s.out.lines("Search for words of letters or digits, such as /friends.")
		return
	}
	ctx, cancel := storage(ctx)
	defer cancel()
	matches, err := s.opts.Blog.Search(ctx, query, maxMatches)
	if err != nil {
		s.out.lines("Not searched: " + posts.Message(err))
		return
	}
	if len(matches) == 0 {
		s.out.lines(fmt.Sprintf("No post matches \"%s\". The list is as it was.", query))
		return
	}
	found := make([]posts.Post, len(matches))
	for i, m := range matches {
		found[i] = m.Post
	}
	s.view, s.query, s.first = found, query, 0
	s.leavePost()
	verb := "match"
	if len(found) == 1 {
		verb = "matches"
	}
	s.out.lines(fmt.Sprintf("%s %s \"%s\".", posts.Count(len(found), "post"), verb, query))
	s.showPage()
}
