// Package lines is the blog's line mode, for screen readers and braille
// displays: a conversation appended line by line, with no cursor movement,
// no alternate screen, no colour and no escape sequence of any kind. The
// reader types a line at each prompt, and each prompt names what it may be.
// It reads and writes through package blog's services, as the full-screen
// reader (package tui) does, and knows nothing of SSH: package server hands
// it a session's input and output.
package lines

import (
	"context"
	"fmt"
	"io"
	"time"

	"github.com/sshblog/sshblog/blog"
	"github.com/sshblog/sshblog/posts"
)

// Options are what one session of the line mode reads with.
type Options struct {
	Blog *blog.Blog
	// Threads serves comments; nil: this blog takes none.
	Threads *blog.Threads
	Viewer  blog.Viewer
	// Listener hears of comments and posts as they change, to say so at
	// the next prompt; nil says nothing.
	Listener *blog.Listener
	// Echo: the session has a terminal of ours (ssh -t), so the client
	// sends keys as typed and the line mode echoes and edits each line, and
	// ends lines with \r\n. Without it the client's own terminal does both.
	Echo bool
	// Window is the terminal's current size (0 when unknown); nil: no terminal.
	Window func() (width, height int)
	// NewSince marks the posts that appeared on this blog after it as new
	// to this reader (their last visit); zero marks none.
	NewSince time.Time
	// Open is the slug of a post to open first (ssh -t HOST read SLUG on a
	// dumb terminal); "" opens none.
	Open string
	// PageLines is how many lines make a screenful without a terminal
	// (or when one is asked for); 0 means 24, a negative count no stops.
	PageLines int
	// Plain is a post's text as PlainPost makes it at width, from a cache
	// shared by sessions (tui.Blog.PlainPost); nil makes it each time.
	Plain func(p posts.Post, width int) []string
}

// defaults for a session that knows nothing of its terminal.
const (
	defaultWidth = 80
	defaultPage  = 24
	listPage     = 9 // posts at a time: one digit each on the first page
)

// storageTimeout bounds one storage call a person waits on.
const storageTimeout = 30 * time.Second

// session is one person's conversation with the blog.
type session struct {
	opts Options
	out  *printer
	in   *lineReader

	view  []posts.Post // the list as last shown: every post, or a search's
	query string       // the search that made view; "" for every post
	first int          // the index in view of the first post on the page shown
	open  int          // the index in view of the post being read; -1 on the list
	// thread is the open post's comments as last shown, numbered from 1.
	thread []posts.Comment
	draft  *draft // a comment not yet posted, kept until sent or thrown away
}

// Run holds the conversation until the person quits or their input ends
// (nil), or ctx ends (its error).
func Run(ctx context.Context, in io.Reader, out io.Writer, opts Options) error {
	p := &printer{w: out, crlf: opts.Echo}
	s := &session{opts: opts, out: p, in: newLineReader(ctx, in, opts.Echo, p), open: -1}
	p.width = s.width
	s.welcome()
	next := s.openFirst(ctx)
	for p.err == nil {
		line := next
		if next == "" {
			var cut bool
			var ev event
			s.tellChanges()
			p.prompt(s.choices())
			line, cut, ev = s.in.read(ctx)
			switch ev {
			case gone:
				return ctx.Err()
			case ended:
				p.lines("Goodbye.")
				return p.err
			case interrupted:
				p.lines("Nothing done. Type q to quit.")
				continue
			}
			if cut {
				p.lines("That line was too long, so it was not read.")
				continue
			}
		}
		var quit bool
		next, quit = s.do(ctx, line)
		if quit {
			p.lines("Goodbye.")
			return p.err
		}
	}
	return p.err
}

// openFirst opens the post Options.Open names, if any.
func (s *session) openFirst(ctx context.Context) (next string) {
	if s.opts.Open == "" {
		return ""
	}
	for i, p := range s.view {
		if p.Slug == s.opts.Open {
			return s.read(ctx, i)
		}
	}
	s.out.lines(fmt.Sprintf("There is no post %q; the list above has them all.", posts.CleanLine(s.opts.Open)))
	return ""
}

// width is how wide lines are wrapped: the terminal's width, else 80.
func (s *session) width() int {
	if s.opts.Window != nil {
		if w, _ := s.opts.Window(); w > 0 {
			return w
		}
	}
	return defaultWidth
}

// pageLines is how many lines a screenful holds, prompt included; 0: no
// stops.
func (s *session) pageLines() int {
	switch {
	case s.opts.PageLines < 0:
		return 0
	case s.opts.PageLines > 0:
		return max(s.opts.PageLines, 3)
	}
	if s.opts.Window != nil {
		if _, h := s.opts.Window(); h > 0 {
			return max(h, 3)
		}
	}
	return defaultPage
}

// plain is p's text at the session's width.
func (s *session) plain(p posts.Post) []string {
	if s.opts.Plain == nil {
		return PlainPost(p.Body, s.width())
	}
	return s.opts.Plain(p, s.width())
}

// storage bounds a storage call by the session and a timeout.
func storage(ctx context.Context) (context.Context, context.CancelFunc) {
	return context.WithTimeout(ctx, storageTimeout)
}

// address is what the person types after ssh to reach this blog.
func (s *session) address() string { return s.opts.Blog.Address }
