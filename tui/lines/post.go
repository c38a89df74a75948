package lines

import (
	"context"
	"fmt"
	"strings"

	"github.com/sshblog/sshblog/posts"
)

// read opens the post at index i of the view and prints it, a screenful
// at a time. It returns what the person typed at a "more" prompt instead
// of Enter or q, to run next.
func (s *session) read(ctx context.Context, i int) (next string) {
	switch {
	case len(s.view) == 0:
		s.out.lines("There are no posts to read.")
		return ""
	case (i < 0 || i >= len(s.view)) && len(s.view) == 1:
		s.out.lines(fmt.Sprintf("There is no post %d: there is one post, 1.", i+1))
		return ""
	case i < 0 || i >= len(s.view):
		s.out.lines(fmt.Sprintf("There is no post %d: type a number from 1 to %d.", i+1, len(s.view)))
		return ""
	}
	if !s.published(s.view[i].Slug) {
		s.out.lines(fmt.Sprintf("%s was taken down since the list was shown. Type b for the list as it is now.", s.view[i].Title))
		return ""
	}
	sctx, cancel := storage(ctx)
	p, err := s.opts.Blog.Post(sctx, s.view[i].Slug)
	cancel()
	if err != nil {
		s.out.lines("Not opened: " + posts.Message(err))
		return ""
	}
	s.open, s.thread = i, nil
	s.follow()
	return s.page(ctx, s.postLines(p, i))
}

// published reports whether the post with slug is on the blog now: the
// store keeps drafts and posts taken down, which no reader may open.
func (s *session) published(slug string) bool {
	_, at := s.opts.Blog.Listed(slug)
	return at >= 0
}

// postLines is a post as it is printed: where it is in the list, its
// title and byline, its text, and how it ends.
func (s *session) postLines(p posts.Post, i int) []string {
	ls := []string{"", fmt.Sprintf("Post %d of %d: %s", i+1, len(s.view), p.Title)}
	var about []string
	if p.Author != "" {
		about = append(about, "By "+p.Author)
	}
	if !p.Published.IsZero() {
		about = append(about, spokenDate(p))
	}
	if len(p.Tags) > 0 {
		about = append(about, "tags "+strings.Join(p.Tags, ", "))
	}
	about = append(about, commentCount(p.Comments))
	ls = append(ls, wrap("", "", strings.Join(about, "; ")+".", s.width())...)
	ls = append(ls, "")
	ls = append(ls, s.plain(p)...)
	ls = append(ls, "")
	if p.Excerpt {
		ls = append(ls, "This is an excerpt: the original post continues beyond it.")
	}
	return append(ls, fmt.Sprintf("End of the post %s.", p.Title))
}

// page prints ls a screenful at a time, stopping before each next one with
// a "more" prompt. Enter goes on, q stops, and anything else stops and is
// returned, to run as a command.
func (s *session) page(ctx context.Context, ls []string) (next string) {
	per := s.pageLines() - 1 // a line for the prompt
	if per <= 0 {
		s.out.lines(ls...)
		return ""
	}
	for len(ls) > 0 {
		n := min(per, len(ls))
		if len(ls) == n+1 {
			n++ // the last line would be all the next screenful held
		}
		s.out.lines(ls[:n]...)
		ls = ls[n:]
		if len(ls) == 0 || s.out.err != nil {
			return ""
		}
		s.out.prompt(fmt.Sprintf("more, %s to go — Enter to continue, q to stop:", posts.Count(len(ls), "line")))
		line, cut, ev := s.in.read(ctx)
		line = strings.TrimSpace(line)
		switch {
		case ev == gone:
			return ""
		case ev == ended:
			return "q"
		case ev == interrupted || strings.EqualFold(line, "q"):
			s.out.lines("Stopped.")
			return ""
		case cut:
			s.out.lines("That line was too long, so it was not read. Stopped.")
			return ""
		case line != "":
			return line
		}
	}
	return ""
}
