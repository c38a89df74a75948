package server

import (
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/charmbracelet/ssh"

	"github.com/sshblog/sshblog/posts"
)

// Exit statuses of the plain-text commands.
const (
	exitOK    = 0
	exitUsage = 2
)

// command runs a session that has no terminal, or asks for a command, and
// returns its exit status. Its output is plain text without escape sequences.
func (s *Server) command(sess ssh.Session) int {
	args := sess.Command()
	if len(args) == 0 {
		s.printPosts(sess)
		return exitOK
	}
	switch args[0] {
	case "help":
		s.printUsage(sess)
		return exitOK
	default:
		if status, ok := s.commentCommand(sess, args); ok {
			return status
		}
		fmt.Fprintf(sess.Stderr(), "sshblog: unknown command %q\n\n", posts.CleanLine(args[0]))
		s.printUsage(sess.Stderr())
		return exitUsage
	}
}

func (s *Server) printUsage(w io.Writer) {
	fmt.Fprintf(w, `%s over SSH.

  ssh -t HOST        read the blog in your terminal
  ssh HOST           list the posts as plain text
  ssh HOST help      this help

  ssh HOST comments SLUG                the comments under a post
  echo TEXT | ssh HOST comment SLUG     comment as your SSH key; prints its id
  echo TEXT | ssh HOST comment SLUG ID  reply to comment ID
  ssh HOST name [NEW-NAME]              show or change your display name
`, s.cfg.Blog.Name)
}

// printPosts writes the post list as a person would read it on paper.
func (s *Server) printPosts(w io.Writer) {
	list := s.cfg.Blog.Posts()
	now := time.Now()
	var b strings.Builder
	fmt.Fprintf(&b, "%s: %s\n", s.cfg.Blog.Name, posts.Count(len(list), "post"))
	for _, p := range list {
		fmt.Fprintf(&b, "\n%s\n  %s · %s · %s\n  %s\n",
			p.Title, p.Author, posts.RelativeTime(p.Published, now), posts.Count(p.Comments, "comment"), p.Summary)
	}
	io.WriteString(w, posts.CleanText(b.String()))
}
