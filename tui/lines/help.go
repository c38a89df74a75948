package lines

import (
	"context"
	"fmt"

	"github.com/sshblog/sshblog/blog"
)

// help says everything the line mode takes, a screenful at a time.
func (s *session) help(ctx context.Context) (next string) {
	ls := []string{
		fmt.Sprintf("Help for the line mode of %s. Type a command and press Enter.", s.opts.Blog.Name),
		"On the list of posts:",
		"  a number, such as 3, reads that post.",
		"  n lists more posts, and p the ones before.",
		"  / and words searches the posts, such as /friends; / alone lists every post again.",
		"On a post:",
		"  n reads the next post, p the previous one, and b goes back to the list.",
	}
	if s.opts.Threads != nil {
		ls = append(ls, "  c lists its comments, numbered.")
		if s.opts.Viewer.Keyed() {
			ls = append(ls,
				"  w writes a comment, and r and a number replies to that comment, such as r 2.",
				"Writing a comment: type it line by line. A line holding only a dot sends it; a line holding only the word cancel stops without sending.",
				"A comment that could not be sent (too long, too soon after another) is kept: s sends it again, t shows it, and x throws it away.",
			)
			if s.opts.Echo {
				ls = append(ls, "Control C stops writing and keeps the text; control D on an empty line sends it, as the dot does.")
			}
		} else {
			ls = append(ls, "  "+blog.NoKey)
		}
	}
	ls = append(ls,
		"Long posts stop every screenful at a prompt saying more: Enter goes on, q stops, and any other command stops and runs.",
		"  page and a number sets how many lines a screenful holds, such as page 40; page 0 never stops.",
		"h shows this help, and q quits.",
	)
	switch {
	case s.opts.Viewer.Admin:
		ls = append(ls, "Moderation (hiding, deleting, banning) and editing or deleting comments are in the full-screen reader: ssh -t "+s.address())
	case s.opts.Threads != nil && s.opts.Viewer.Keyed():
		ls = append(ls, "To edit or delete your own comments, use the full-screen reader: ssh -t "+s.address())
	}
	var wrapped []string
	for _, l := range ls {
		wrapped = append(wrapped, s.out.wrapped(l)...)
	}
	return s.page(ctx, wrapped)
}
