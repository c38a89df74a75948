package server

import (
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"

	"github.com/charmbracelet/ssh"

	"github.com/sshblog/sshblog/blog"
	"github.com/sshblog/sshblog/posts"
)

// maxCommentInput bounds what `comment` reads from stdin: enough for the
// longest comment in 4-byte characters, with room for the spaces around it.
// A longer input is refused whole, never cut.
const maxCommentInput = 4*posts.MaxCommentRunes + 1024

// threads is the comment service, or nil after telling the reader this blog
// takes no comments.
func (s *Server) threads(sess ssh.Session) *blog.Threads {
	if s.cfg.Threads == nil {
		fail(sess, exitFailed, "this blog does not take comments")
	}
	return s.cfg.Threads
}

// fail tells the reader why on stderr and returns the status.
func fail(sess ssh.Session, status int, format string, args ...any) int {
	fmt.Fprintf(sess.Stderr(), "sshblog: "+format+"\n", args...)
	return status
}

// postComment reads a comment from stdin and posts it as the session's key:
// echo "text" | ssh HOST comment SLUG [REPLY-TO-ID]. It prints the new id on
// stdout, for scripts, and what happened on stderr, for people.
func (s *Server) postComment(sess ssh.Session, args []string) int {
	threads := s.threads(sess)
	if threads == nil {
		return exitFailed
	}
	var parent int64
	if len(args) == 2 {
		id, err := strconv.ParseInt(strings.TrimPrefix(args[1], "#"), 10, 64)
		if err != nil || id <= 0 {
			return fail(sess, exitUsage, "%q is not a comment id (the number comments shows after #)", posts.CleanLine(args[1]))
		}
		parent = id
	}
	title, ok := s.publishedTitle(args[0])
	if !ok {
		return s.noPost(sess, args[0])
	}
	text, err := io.ReadAll(io.LimitReader(sess, maxCommentInput+1))
	if err != nil {
		return fail(sess, exitFailed, "reading the comment: %v", err)
	}
	if len(text) > maxCommentInput {
		return fail(sess, exitFailed, "the comment is over %d bytes, and the most is %d characters; nothing was posted",
			maxCommentInput, posts.MaxCommentRunes)
	}
	ctx, cancel := commandContext(sess)
	defer cancel()
	c, err := threads.Add(ctx, s.viewer(sess), args[0], parent, string(text))
	if errors.Is(err, posts.ErrNoName) {
		return fail(sess, exitFailed, "%s Set one with: ssh %s name YOUR-NAME, then send the comment again.", posts.Message(err), s.address())
	}
	if err != nil {
		s.logUnexpected(sess, "comment", err)
		return fail(sess, exitFailed, "%s", posts.Message(err))
	}
	fmt.Fprintln(sess, c.ID)
	under := fmt.Sprintf("under “%s”", posts.CleanLine(title))
	if parent != 0 {
		under = fmt.Sprintf("in reply to #%d %s", parent, under)
	}
	fmt.Fprintf(sess.Stderr(), "Posted comment #%d %s.\n", c.ID, under)
	return exitOK
}

// logUnexpected logs errors that are not the reader's doing.
func (s *Server) logUnexpected(sess ssh.Session, what string, err error) {
	var e *posts.Error
	if !errors.As(err, &e) && !errors.Is(err, posts.ErrLimited) {
		s.cfg.Log.Error(what+" failed", "session", sessionID(sess), "err", err)
	}
}

// printComments prints a post's thread as plain text, a page at a time.
func (s *Server) printComments(sess ssh.Session, args []string) int {
	threads := s.threads(sess)
	if threads == nil {
		return exitFailed
	}
	slug := args[0]
	title, ok := s.publishedTitle(slug)
	if !ok {
		return s.noPost(sess, slug)
	}
	ctx, cancel := commandContext(sess)
	defer cancel()
	now := s.now()
	fmt.Fprintf(sess, "Comments on %s\n", posts.CleanLine(title))
	var after posts.Comment
	printed := 0
	for {
		page, err := threads.Page(ctx, slug, after, 200)
		if err != nil {
			s.logUnexpected(sess, "comments", err)
			return fail(sess, exitFailed, "%s", posts.Message(err))
		}
		var b strings.Builder
		for _, c := range page {
			if plainComment(&b, c, now) {
				printed++
			}
		}
		io.WriteString(sess, b.String())
		if len(page) < 200 {
			break
		}
		after = page[len(page)-1]
	}
	if printed == 0 {
		fmt.Fprintln(sess, "\nNo comments yet.")
	}
	return exitOK
}

// publishedTitle is the title of the published post with slug.
func (s *Server) publishedTitle(slug string) (string, bool) {
	for _, p := range s.cfg.Blog.Posts() {
		if p.Slug == slug {
			return p.Title, true
		}
	}
	return "", false
}

// noPost tells the reader there is no post with slug, as every command does.
func (s *Server) noPost(sess ssh.Session, slug string) int {
	return fail(sess, exitFailed, "no post %q; `ssh %s ls` lists them", posts.CleanLine(slug), s.address())
}

// plainComment writes one comment for printComments and reports whether it
// did: removed comments only show where replies hang under them.
func plainComment(b *strings.Builder, c posts.Comment, now time.Time) bool {
	indent := "  "
	if c.ParentID != 0 {
		indent = "      "
	}
	if !c.Visible() {
		if c.ParentID != 0 || c.Replies == 0 {
			return false
		}
		note := "[deleted]"
		if !c.Deleted {
			note = "[hidden by a moderator]"
		}
		fmt.Fprintf(b, "\n#%d %s\n", c.ID, note)
		return false
	}
	head := fmt.Sprintf("#%d %s · %s", c.ID, posts.CleanLine(c.AuthorName), posts.RelativeTime(c.Created, now))
	if !c.Edited.IsZero() {
		head += " · edited"
	}
	if c.ParentID != 0 {
		head = "    ↳ " + head + fmt.Sprintf(" (reply to #%d)", c.ParentID)
	}
	b.WriteString("\n" + head + "\n")
	for _, l := range strings.Split(posts.CleanText(c.Body), "\n") {
		if l != "" {
			b.WriteString(indent + l)
		}
		b.WriteString("\n")
	}
	return true
}

// setName shows or sets the session key's display name: ssh HOST name [NEW].
// A name given as several words is checked as typed, so its rules are told.
func (s *Server) setName(sess ssh.Session, args []string) int {
	threads := s.threads(sess)
	if threads == nil {
		return exitFailed
	}
	v := s.viewer(sess)
	if !v.Keyed() {
		return fail(sess, exitFailed, "you connected without an SSH key, and display names come with a key. Make one with ssh-keygen -t ed25519, then connect again: ssh %s name YOUR-NAME", s.address())
	}
	ctx, cancel := commandContext(sess)
	defer cancel()
	if len(args) == 0 {
		me, registered, err := threads.Me(ctx, v)
		if err != nil {
			return fail(sess, exitFailed, "%s", posts.Message(err))
		}
		name := me.Name
		switch {
		case name == "":
			name = "(none yet: choose one with ssh " + s.address() + " name YOUR-NAME)"
		case !registered:
			name += " (given with your first comment)"
		}
		fmt.Fprintf(sess, "name  %s\nkey   %s\n", name, v.Fingerprint)
		return exitOK
	}
	name := strings.Join(args, " ")
	if err := threads.Rename(ctx, v, name); err != nil {
		s.logUnexpected(sess, "rename", err)
		return fail(sess, exitFailed, "%s", posts.Message(err))
	}
	fmt.Fprintf(sess, "Your comments now appear as %s.\n", name)
	return exitOK
}
