package lines

import (
	"context"
	"fmt"
	"strconv"
	"strings"
)

// do runs one line the person typed. It returns a line typed ahead (at a
// "more" prompt) to run next, and whether they asked to quit.
func (s *session) do(ctx context.Context, line string) (next string, quit bool) {
	line = strings.TrimSpace(line)
	word, arg, _ := strings.Cut(line, " ")
	word = strings.ToLower(word)
	if n, err := strconv.Atoi(line); err == nil {
		return s.read(ctx, n-1), false
	}
	switch {
	case line == "":
		return "", false // the prompt again, as a shell does
	case strings.HasPrefix(line, "/"):
		s.search(ctx, strings.TrimSpace(line[1:]))
		return "", false
	}
	switch word {
	case "q", "quit", "exit", "bye":
		return "", true
	case "h", "help", "?":
		return s.help(ctx), false
	case "n":
		switch {
		case s.open < 0:
			s.nextPage()
		case s.open+1 == len(s.view):
			s.out.lines("No more posts: this is the last one.")
		default:
			return s.read(ctx, s.open+1), false
		}
	case "p":
		switch {
		case s.open < 0:
			s.previousPage()
		case s.open == 0:
			s.out.lines("This is the first post; there is none before it.")
		default:
			return s.read(ctx, s.open-1), false
		}
	case "b", "l":
		s.backToList()
	case "page":
		s.setPage(arg)
	case "s", "t", "x":
		return s.onDraft(ctx, word), false
	case "c", "w", "r":
		return s.onPost(ctx, word, arg), false
	default:
		s.out.lines(fmt.Sprintf("There is no command %q; type h for help.", line))
	}
	return "", false
}

// onPost runs the commands that need an open post: the comments, and
// writing one.
func (s *session) onPost(ctx context.Context, word, arg string) (next string) {
	if s.open < 0 {
		s.out.lines("First open a post: type its number.")
		return ""
	}
	if s.opts.Threads == nil {
		s.out.lines("This blog takes no comments.")
		return ""
	}
	switch word {
	case "c":
		return s.comments(ctx)
	case "w":
		s.compose(ctx, 0, 0)
	case "r":
		s.reply(ctx, arg)
	}
	return ""
}

// setPage sets how many lines a screenful holds: page 40, or page 0 for no
// stops.
func (s *session) setPage(arg string) {
	n, err := strconv.Atoi(strings.TrimSpace(arg))
	switch {
	case err != nil || n < 0:
		s.out.lines("Type page and a number of lines, such as page 40, or page 0 to never stop for more.")
	case n == 0:
		s.opts.PageLines = -1
		s.out.lines("Posts and comments now print whole, without stopping for more.")
	default:
		s.opts.PageLines = max(n, 3)
		s.out.lines(fmt.Sprintf("A screenful is now %d lines.", s.opts.PageLines))
	}
}

// choices is the prompt: what the person may type where they are, tersely,
// as it is heard at every turn (h says it all in full).
func (s *session) choices() string {
	var c []string
	if s.draft != nil {
		c = append(c, "s send your kept comment", "t show it", "x throw it away")
	}
	if s.open < 0 {
		c = s.listChoices(c)
	} else {
		c = s.postChoices(c)
	}
	return strings.Join(append(c, "h help", "q quit:"), ", ")
}

// postChoices are a post's choices, after c.
func (s *session) postChoices(c []string) []string {
	if s.opts.Threads != nil {
		c = append(c, "c comments")
		if len(s.thread) > 0 && s.opts.Viewer.Keyed() {
			c = append(c, "r and a number reply")
		}
		if s.opts.Viewer.Keyed() && s.draft == nil {
			c = append(c, "w write a comment")
		}
	}
	if s.open+1 < len(s.view) {
		c = append(c, "n next post")
	}
	if s.open > 0 {
		c = append(c, "p previous post")
	}
	return append(c, "b list")
}
