package lines

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/sshblog/sshblog/posts"
)

// maxThread bounds the comments one listing prints; the rest are told of.
const maxThread = 200

// comments prints the open post's comments as numbered entries, a
// screenful at a time, and keeps them so that a number can be replied to.
func (s *session) comments(ctx context.Context) (next string) {
	p := s.view[s.open]
	sctx, cancel := storage(ctx)
	thread, err := s.opts.Threads.Page(sctx, p.Slug, posts.Comment{}, maxThread+1)
	cancel()
	if err != nil {
		s.out.lines("The comments could not be read: " + posts.Message(err))
		return ""
	}
	more := len(thread) > maxThread
	thread = s.shown(thread[:min(len(thread), maxThread)])
	s.thread = thread
	number := map[int64]int{}
	for i, c := range thread {
		number[c.ID] = i + 1
	}
	visible := 0
	for _, c := range thread {
		if c.Visible() {
			visible++
		}
	}
	if len(thread) == 0 {
		s.out.lines(fmt.Sprintf("No comments on %s yet.", p.Title))
		return ""
	}
	ls := []string{fmt.Sprintf("%s on %s, oldest first:", posts.Count(visible, "comment"), p.Title)}
	now := s.opts.Blog.Now()
	for i, c := range thread {
		ls = append(ls, s.commentLines(i+1, c, number, now)...)
	}
	if more {
		ls = append(ls, fmt.Sprintf("Only the first %d comments are listed here; the full-screen reader shows them all: ssh -t %s", maxThread, s.address()))
	}
	ls = append(ls, "End of the comments.")
	if s.opts.Viewer.Admin {
		ls = append(ls, "Hiding, deleting and banning are in the full-screen reader: ssh -t "+s.address())
	}
	return s.page(ctx, ls)
}

// commentLines is one numbered entry: who, when, what it answers, and its
// text indented under it.
func (s *session) commentLines(n int, c posts.Comment, number map[int64]int, now time.Time) []string {
	if !c.Visible() {
		what := "deleted"
		if !c.Deleted {
			what = "hidden by a moderator"
		}
		if s.opts.Viewer.Admin && !c.Deleted {
			what += fmt.Sprintf("; by %s, shown to you as an admin", c.AuthorName)
			return append([]string{fmt.Sprintf("%d. A comment %s%s:", n, what, replyTo(c, number))}, s.body(c.Body)...)
		}
		return []string{fmt.Sprintf("%d. A comment %s%s.", n, what, replyTo(c, number))}
	}
	head := fmt.Sprintf("%d. %s%s, %s", n, c.AuthorName, replyTo(c, number), posts.RelativeTime(c.Created, now))
	if !c.Edited.IsZero() {
		head += ", edited"
	}
	return append([]string{head + ":"}, s.body(c.Body)...)
}

// shown is what of a thread is listed: the comments a reader may see, and
// where a removed one has replies, a line saying so; an admin sees hidden
// comments too.
func (s *session) shown(thread []posts.Comment) []posts.Comment {
	var out []posts.Comment
	for _, c := range thread {
		if c.Visible() || c.Replies > 0 || s.opts.Viewer.Admin && !c.Deleted {
			out = append(out, c)
		}
	}
	return out
}

// replyTo says what a reply answers: its entry's number when listed.
func replyTo(c posts.Comment, number map[int64]int) string {
	if c.ParentID == 0 {
		return ""
	}
	if n, ok := number[c.ParentID]; ok {
		return fmt.Sprintf(", replying to %d", n)
	}
	return ", a reply"
}

// body is a comment's text as indented lines, wrapped.
func (s *session) body(text string) []string {
	var ls []string
	for _, l := range strings.Split(text, "\n") {
		ls = append(ls, wrap("   ", "   ", l, s.width())...)
	}
	return ls
}
