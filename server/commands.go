package server

import (
	"context"
	"fmt"
	"io"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/charmbracelet/ssh"

	"github.com/sshblog/sshblog/posts"
)

// Exit statuses of the plain-text commands.
const (
	exitOK     = 0
	exitFailed = 1
	exitUsage  = 2
)

// command is one thing `ssh HOST NAME ARGS…` can do. Its output is plain text
// with no escape sequences unless the session has a terminal and asks for one.
type command struct {
	name  string
	args  string // as shown in the help: "SLUG", "WORDS…"
	about string
	// minArgs and maxArgs bound the arguments (maxArgs < 0: no bound).
	minArgs, maxArgs int
	run              func(s *Server, sess ssh.Session, args []string) int
}

// commands lists what the server answers, in the order the help shows them.
var commands = []command{
	{name: "ls", about: "the posts: slug, date and title, tab separated", run: (*Server).listPosts},
	{name: "read", args: "SLUG…", about: "posts' Markdown source (with ssh -t: the reader)", minArgs: 1, maxArgs: -1, run: (*Server).readPosts},
	{name: "search", args: "WORDS…", about: "posts holding every word, best first", minArgs: 1, maxArgs: -1, run: (*Server).searchPosts},
	{name: "feed", about: "an Atom feed of the latest posts", run: (*Server).printFeed},
	{name: "comments", args: "SLUG", about: "the comments under a post", minArgs: 1, maxArgs: 1, run: (*Server).printComments},
	{name: "comment", args: "SLUG [ID]", about: "post stdin as a comment (a reply to #ID); prints its id",
		minArgs: 1, maxArgs: 2, run: (*Server).postComment},
	{name: "name", args: "[NEW-NAME]", about: "show or change your display name", maxArgs: -1, run: (*Server).setName},
	{name: "publish", args: "[NAME.md]", about: "publish or update a post from stdin (admins)", maxArgs: 1, run: (*Server).publish},
	{name: "unpublish", args: "SLUG", about: "take a post down, keeping its comments (admins)", minArgs: 1, maxArgs: 1, run: (*Server).unpublish},
	{name: "drafts", about: "the drafts (admins)", run: (*Server).listDrafts},
	{name: "ban", args: "RANGE|KEY", about: "ban a key (SHA256:…) or address range (admins)", minArgs: 1, maxArgs: 1, run: banCommand(true)},
	{name: "unban", args: "RANGE|KEY", about: "lift that ban (admins)", minArgs: 1, maxArgs: 1, run: banCommand(false)},
}

// commandTimeout bounds the storage work of one command.
const commandTimeout = 30 * time.Second

// command runs a session that has no terminal, or asks for a command, and
// returns its exit status.
func (s *Server) command(sess ssh.Session) int {
	args, err := splitCommandLine(sess.RawCommand())
	switch {
	case err != nil:
		return fail(sess, exitUsage, "%v", err)
	case len(args) == 0:
		s.printPosts(sess, s.viewer(sess).Admin)
		return exitOK
	case args[0] == "help":
		s.printUsage(sess)
		return exitOK
	case isSCP(args):
		return s.scpSink(sess)
	case args[0] == "rsync":
		return fail(sess, exitFailed, "rsync is not supported here: publish posts with %s, or sftp; for a whole folder, lftp's mirror -R over sftp",
			scpCommand(s.address(), "*.md"))
	}
	for _, c := range commands {
		if c.name != args[0] {
			continue
		}
		if n := len(args) - 1; n < c.minArgs || (c.maxArgs >= 0 && n > c.maxArgs) {
			fmt.Fprintf(sess.Stderr(), "usage: %s\n", s.usage(c))
			return exitUsage
		}
		return c.run(s, sess, args[1:])
	}
	fmt.Fprintf(sess.Stderr(), "sshblog: unknown command %q\n\n", posts.CleanLine(args[0]))
	s.printUsage(sess.Stderr())
	return exitUsage
}

// usage is how to run c: ssh ADDRESS NAME ARGS.
func (s *Server) usage(c command) string {
	line := "ssh " + s.address() + " " + strings.TrimSpace(c.name+" "+c.args)
	if c.name == "publish" {
		line += " < FILE"
	}
	return line
}

// printUsage writes the help: how to read, then one command a line, then
// examples, all within 80 columns for an address of ordinary length.
func (s *Server) printUsage(w io.Writer) {
	addr := s.address()
	var b strings.Builder
	fmt.Fprintf(&b, "%s, over SSH. Read it in your terminal:\n\n  ssh -t %s\n\n", s.cfg.Blog.Name, addr)
	fmt.Fprintf(&b, "or, one command at a time, ssh %s [COMMAND]:\n\n", addr)
	tw := tabwriter.NewWriter(&b, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "  (no command)\tthe posts, as plain text")
	for _, c := range commands {
		fmt.Fprintf(tw, "  %s\t%s\n", strings.TrimSpace(c.name+" "+c.args), c.about)
	}
	fmt.Fprintln(tw, "  help\tthis help")
	tw.Flush()
	slug := "SLUG" // the examples name the shortest, to fit the lines
	for _, p := range s.cfg.Blog.Posts() {
		if slug == "SLUG" || len(p.Slug) < len(slug) {
			slug = p.Slug
		}
	}
	fmt.Fprintf(&b, "\nFor example:\n\n  ssh %s read %s | less\n", addr, slug)
	fmt.Fprintf(&b, "  ssh -t %s read %s\n", addr, slug)
	fmt.Fprintf(&b, "  echo 'Thank you!' | ssh %s comment %s\n", addr, slug)
	fmt.Fprintf(&b, "\nAdmins publish with %s (or sftp).\n", scpCommand(addr, "post.md"))
	io.WriteString(w, posts.CleanText(b.String()))
}

// printPosts writes the post list as a person would read it on paper.
func (s *Server) printPosts(w io.Writer, admin bool) {
	list := s.cfg.Blog.Posts()
	now := s.now()
	var b strings.Builder
	fmt.Fprintf(&b, "%s: %s\n", s.cfg.Blog.Name, posts.Count(len(list), "post"))
	for _, p := range list {
		fmt.Fprintf(&b, "\n%s\n  %s\n  %s\n", p.Title, posts.Byline(p, now, admin), p.Summary)
	}
	io.WriteString(w, posts.CleanText(b.String()))
}

// commandContext bounds a command's storage work by the session and a timeout.
func commandContext(sess ssh.Session) (context.Context, context.CancelFunc) {
	return context.WithTimeout(sess.Context(), commandTimeout)
}
