package lines

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"

	"github.com/sshblog/sshblog/blog"
	"github.com/sshblog/sshblog/posts"
)

// maxDraft bounds what writing one comment keeps: the longest comment in
// 4-byte characters, with room to spare. Lines past it are not kept, and
// the person is told; what they wrote before is.
const maxDraft = 4*posts.MaxCommentRunes + 1024

// draft is a comment written but not yet posted: it is kept through a
// refusal (a rate limit, a limit on its length, a name to choose), to send
// again or throw away.
type draft struct {
	slug, title string
	parent      int64 // the comment it replies to; 0 for none
	parentNo    int   // that comment's number in the listing
	text        string
}

// reply writes a reply to the comment numbered arg in the listing.
func (s *session) reply(ctx context.Context, arg string) {
	if len(s.thread) == 0 {
		s.out.lines("Type c to list the comments first; then r and a comment's number replies to it.")
		return
	}
	n, err := strconv.Atoi(strings.TrimPrefix(strings.TrimSpace(arg), "#"))
	if err != nil || n < 1 || n > len(s.thread) {
		s.out.lines(fmt.Sprintf("Type r and the number of the comment to reply to, from 1 to %d, such as r 1.", len(s.thread)))
		return
	}
	parent := s.thread[n-1]
	if !parent.Visible() {
		s.out.lines(fmt.Sprintf("Comment %d was removed, so it takes no replies.", n))
		return
	}
	s.compose(ctx, parent.Thread(), n)
}

// compose takes a comment on the open post (a reply to parent, the
// listing's comment parentNo, when not 0) line by line, up to a line
// holding only a dot, and posts it.
func (s *session) compose(ctx context.Context, parent int64, parentNo int) {
	v := s.opts.Viewer
	if !v.Keyed() {
		s.out.lines(blog.NoKey)
		return
	}
	if s.draft != nil {
		s.out.lines(fmt.Sprintf("You have a comment on %s that is not sent yet; it is kept. Type s to send it, t to show it, or x to throw it away before writing another.", s.draft.title))
		return
	}
	p := s.view[s.open]
	sctx, cancel := storage(ctx)
	me, _, err := s.opts.Threads.Me(sctx, v)
	cancel()
	if err != nil {
		s.out.lines("You cannot comment now: " + posts.Message(err))
		return
	}
	if me.Name == "" {
		if me.Name = s.chooseName(ctx, "Your first comment needs a display name."); me.Name == "" {
			return
		}
	}
	to := "on " + p.Title
	if parentNo > 0 {
		to = fmt.Sprintf("in reply to comment %d on %s", parentNo, p.Title)
	}
	s.out.lines(
		fmt.Sprintf("Writing a comment %s, as %s.", to, me.Name),
		fmt.Sprintf("Type it line by line, up to %d characters. To send it, type a line holding only a dot; to stop without sending, a line holding only the word cancel.", posts.MaxCommentRunes),
	)
	d := &draft{slug: p.Slug, title: p.Title, parent: parent, parentNo: parentNo}
	if s.takeLines(ctx, d) {
		s.draft = d
		s.send(ctx)
	}
}

// takeLines reads d's lines up to the dot and reports whether to send it.
// It says what happened when not: cancelled, stopped (ctrl+c, keeping the
// text), or nothing written.
func (s *session) takeLines(ctx context.Context, d *draft) bool {
	var b strings.Builder
	full := false
	for {
		line, cut, ev := s.in.read(ctx)
		switch ev {
		case gone:
			return false
		case ended:
			if b.Len() == 0 {
				s.out.lines("Nothing written, so nothing was sent.")
				return false
			}
			d.text = b.String()
			return true // ctrl+d ends the text, as the dot does
		case interrupted:
			if b.Len() == 0 {
				s.out.lines("Stopped writing; nothing was sent.")
				return false
			}
			d.text, s.draft = b.String(), d
			s.out.lines("Stopped writing; nothing was sent, and your text is kept: type s to send it, t to show it, or x to throw it away.")
			return false
		}
		switch strings.TrimSpace(line) {
		case ".":
			d.text = b.String()
			return true
		case "cancel":
			s.out.lines("Cancelled; nothing was sent.")
			return false
		}
		if cut || full || b.Len()+len(line)+1 > maxDraft {
			if !full {
				s.out.lines(fmt.Sprintf("That is more than a comment can hold (%d characters), so that line is not kept; what you wrote before it is. Type a line holding only a dot to end.", posts.MaxCommentRunes))
			}
			full = true
			continue
		}
		if b.Len() > 0 {
			b.WriteByte('\n')
		}
		b.WriteString(line)
	}
}

// send posts the kept comment. A refusal says why and keeps the text.
func (s *session) send(ctx context.Context) {
	d := s.draft
	sctx, cancel := storage(ctx)
	added, err := s.opts.Threads.Add(sctx, s.opts.Viewer, d.slug, d.parent, d.text)
	cancel()
	switch {
	case err == nil:
		s.draft = nil
		s.thread = nil
		what := "Comment"
		if d.parentNo > 0 {
			what = fmt.Sprintf("Reply to comment %d", d.parentNo)
		}
		s.out.lines(fmt.Sprintf("%s posted as %s.", what, added.AuthorName))
		return
	case errors.Is(err, posts.ErrNoName):
		s.out.lines("Not sent yet, and your text is kept.")
		if s.chooseName(ctx, posts.Message(err)) != "" {
			s.send(ctx)
			return
		}
		s.out.lines("Your text is kept: type s to send it once you have a name, t to show it, or x to throw it away.")
		return
	case errors.Is(err, posts.ErrInvalid) && strings.TrimSpace(d.text) == "":
		s.draft = nil
		s.out.lines("Not sent: " + posts.Message(err))
		return
	}
	s.out.lines("Not sent: "+posts.Message(err), "Your text is kept: type s to send it again, t to show it, or x to throw it away.")
}

// chooseName asks for a display name until one is taken, or the person
// types an empty line; it returns the name they have now, "" for none.
func (s *session) chooseName(ctx context.Context, why string) string {
	s.out.lines(why, "A name is 2 to 32 letters or digits, with . - _ or single spaces between words.")
	for {
		s.out.prompt("The name you want, or Enter alone to stop:")
		line, _, ev := s.in.read(ctx)
		name := strings.TrimSpace(line)
		if ev != typed || name == "" {
			if ev != gone {
				s.out.lines("No name chosen.")
			}
			return ""
		}
		sctx, cancel := storage(ctx)
		err := s.opts.Threads.Rename(sctx, s.opts.Viewer, name)
		cancel()
		if err == nil {
			s.out.lines("Your comments now appear as " + name + ".")
			return name
		}
		s.out.lines(posts.Message(err))
	}
}

// onDraft sends, shows or throws away the kept comment. It returns what
// was typed at a "more" prompt while showing it, to run next.
func (s *session) onDraft(ctx context.Context, word string) (next string) {
	if s.draft == nil {
		s.out.lines("There is no kept comment: every comment you wrote was sent or thrown away.")
		return ""
	}
	switch word {
	case "s":
		s.send(ctx)
	case "t":
		s.out.lines(fmt.Sprintf("Your kept comment on %s:", s.draft.title))
		return s.page(ctx, append(s.body(s.draft.text), "End of your kept comment."))
	case "x":
		s.draft = nil
		s.out.lines("Your kept comment is thrown away.")
	}
	return ""
}
