package server

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/charmbracelet/ssh"

	"github.com/sshblog/sshblog/blog"
	"github.com/sshblog/sshblog/posts"
)

// Exit statuses of the plain-text commands.
const (
	exitOK     = 0
	exitFailed = 1
	exitUsage  = 2
)

// commands answers `ssh HOST COMMAND…`: it holds the services the commands
// use and nothing of the server's, which only hands it each call.
type commands struct {
	blog      *blog.Blog                 // the posts, the address readers type, the clock
	catalog   Catalog                    // posts with their bodies, search
	threads   *blog.Threads              // nil: this blog takes no comments
	accounts  *blog.Accounts             // nil: each key is its own identity
	inbox     *blog.Inbox                // nil: no inboxes
	feedAt    func(secret string) string // the inbox feed's web address; nil: no web mirror
	publisher Publisher                  // nil: publishing over SSH is off
	table     []command                  // commandTable, which the help's own entry prints
}

// command is one thing `ssh HOST NAME ARGS…` can do.
type command struct {
	name  string
	args  string // as shown in the help: "SLUG", "WORDS…"
	about string // "" for what programs run, not people: not in the help
	// minArgs and maxArgs bound the arguments (maxArgs < 0: no bound).
	minArgs, maxArgs int
	// admin, if set, makes the command an admin's, and says what others
	// may not do: "publish", "see the drafts".
	admin string
	run   func(c *commands, x *call) error
}

// commandTable lists what the server answers, in the order the help shows
// them.
var commandTable = []command{
	{name: "ls", about: "the posts: slug, date and title, tab separated", run: (*commands).listPosts},
	{name: "read", args: "SLUG…", about: "posts' Markdown source (with ssh -t: the reader)", minArgs: 1, maxArgs: -1, run: (*commands).readPosts},
	{name: "search", args: "WORDS…", about: "posts holding every word, best first", minArgs: 1, maxArgs: -1, run: (*commands).searchPosts},
	{name: "feed", about: "an Atom feed of the latest posts", run: (*commands).printFeed},
	{name: "comments", args: "SLUG", about: "the comments under a post", minArgs: 1, maxArgs: 1, run: (*commands).printComments},
	{name: "comment", args: "SLUG [ID]", about: "post stdin as a comment (a reply to #ID); prints its id",
		minArgs: 1, maxArgs: 2, run: (*commands).postComment},
	{name: "name", args: "[NEW-NAME]", about: "show or change your display name", maxArgs: -1, run: (*commands).setName},
	{name: "link", args: "[CODE]", about: "a one-time code to add a key; with CODE: add this key", maxArgs: 1, run: (*commands).linkKey},
	{name: "keys", about: "your account's keys", run: (*commands).listKeys},
	{name: "unlink", args: "KEY", about: "remove one of your keys (SHA256:…)", minArgs: 1, maxArgs: 1, run: (*commands).unlinkKey},
	{name: "settings", args: "[K=V…]", about: "your theme, width, plain mode and bell, everywhere", maxArgs: -1, run: (*commands).settings},
	{name: "export", about: "everything kept about you, as JSON", run: (*commands).exportData},
	{name: "erase", args: "[--yes]", about: "erase your account (asks for the blog's name)", maxArgs: 1, run: (*commands).eraseAccount},
	{name: "inbox", args: "[--all]", about: "replies to you (inbox feed-url: its private feed)", maxArgs: 2, run: (*commands).printInbox},
	{name: "mute", args: "#ID|KEY", about: "keep a thread or someone out of your inbox", minArgs: 1, maxArgs: 1, run: muteCommand(true)},
	{name: "unmute", args: "#ID|KEY", about: "let them back in", minArgs: 1, maxArgs: 1, run: muteCommand(false)},
	{name: "publish", args: "[NAME.md]", about: "publish or update a post from stdin (admins)", maxArgs: 1, admin: "publish", run: (*commands).publish},
	{name: "unpublish", args: "SLUG", about: "take a post down, keeping its comments (admins)", minArgs: 1, maxArgs: 1, admin: "unpublish", run: (*commands).unpublish},
	{name: "drafts", about: "the drafts (admins)", admin: "see the drafts", run: (*commands).listDrafts},
	// The blog's moderation decides who may ban, as it does for the reader.
	{name: "ban", args: "RANGE|KEY", about: "ban a key (SHA256:…) or address range (admins)", minArgs: 1, maxArgs: 1, run: banCommand(true)},
	{name: "unban", args: "RANGE|KEY", about: "lift that ban (admins)", minArgs: 1, maxArgs: 1, run: banCommand(false)},
	{name: "help", about: "this help", maxArgs: -1, run: func(c *commands, x *call) error { c.printUsage(x.out); return nil }},
	{name: "scp", maxArgs: -1, run: (*commands).scpSink},
	{name: "rsync", maxArgs: -1, run: func(c *commands, _ *call) error {
		return refuse("rsync is not supported here: publish posts with %s, or sftp; for a whole folder, lftp's mirror -R over sftp",
			blog.ScpCommand(c.address(), "*.md"))
	}},
}

// commandTimeout bounds the storage work of one command.
const commandTimeout = 30 * time.Second

// call is one command being answered: who asked, with what, and where its
// output goes.
type call struct {
	ctx    context.Context // ends with the session
	name   string          // the command's, once known: what its log lines say
	args   []string        // after the name
	viewer blog.Viewer
	in     io.Reader
	// out and errOut are the session's stdout and stderr through the
	// output gate (plainWriter).
	out, errOut *plainWriter
	// raw is stdout as it is, for the scp protocol, whose bytes are no text.
	raw     io.Writer
	session string              // the id that ties the session's log lines together
	log     func() *slog.Logger // the client's share of log lines; nil when spent
}

// storage bounds a command's storage work by the session and a timeout; it
// starts once the command has read what it reads.
func (x *call) storage() (context.Context, context.CancelFunc) {
	return context.WithTimeout(x.ctx, commandTimeout)
}

// flush sends what the output gate still holds, before the exit status.
func (x *call) flush() {
	x.out.Flush()
	x.errOut.Flush()
}

// address is what a reader types after `ssh` to reach this blog, for every
// hint that names a command.
func (c *commands) address() string { return c.blog.Address }

// run answers the command line, split into args or refused for err, and
// returns the exit status.
func (c *commands) run(x *call, args []string, err error) int {
	switch {
	case err != nil:
		return x.reply(usageError("%v", err))
	case len(args) == 0:
		c.printPosts(x.out, x.viewer.Admin)
		return exitOK
	}
	for _, cmd := range c.table {
		if cmd.name != args[0] {
			continue
		}
		x.name, x.args = cmd.name, args[1:]
		if n := len(x.args); n < cmd.minArgs || (cmd.maxArgs >= 0 && n > cmd.maxArgs) {
			fmt.Fprintf(x.errOut, "usage: %s\n", c.usage(cmd))
			return exitUsage
		}
		if cmd.admin != "" {
			if err := c.mayAdmin(x.viewer, cmd.admin); err != nil {
				return x.reply(err)
			}
		}
		return x.reply(cmd.run(c, x))
	}
	fmt.Fprintf(x.errOut, "sshblog: unknown command %q\n\n", args[0])
	c.printUsage(x.errOut)
	return exitUsage
}

// usage is how to run cmd: ssh ADDRESS NAME ARGS.
func (c *commands) usage(cmd command) string {
	line := "ssh " + c.address() + " " + strings.TrimSpace(cmd.name+" "+cmd.args)
	if cmd.name == "publish" {
		line += " < FILE"
	}
	return line
}

// printUsage writes the help: how to read, then one command a line, then
// examples, all within 80 columns for an address of ordinary length.
func (c *commands) printUsage(w io.Writer) {
	addr := c.address()
	var b strings.Builder
	fmt.Fprintf(&b, "%s, over SSH. Read it in your terminal:\n\n  ssh -t %s\n\n", c.blog.Name, addr)
	fmt.Fprintf(&b, "or, one command at a time, ssh %s [COMMAND]:\n\n", addr)
	tw := tabwriter.NewWriter(&b, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "  (no command)\tthe posts, as plain text")
	fmt.Fprintf(tw, "  %s\tthe line mode, for screen readers (a page is LINES lines)\n", plainUsage)
	for _, cmd := range c.table {
		if cmd.about != "" {
			fmt.Fprintf(tw, "  %s\t%s\n", strings.TrimSpace(cmd.name+" "+cmd.args), cmd.about)
		}
	}
	tw.Flush()
	slug := "SLUG" // the examples name the shortest, to fit the lines
	for _, p := range c.blog.Posts() {
		if slug == "SLUG" || len(p.Slug) < len(slug) {
			slug = p.Slug
		}
	}
	fmt.Fprintf(&b, "\nFor example:\n\n  ssh %s read %s | less\n", addr, slug)
	fmt.Fprintf(&b, "  ssh -t %s read %s\n", addr, slug)
	fmt.Fprintf(&b, "  echo 'Thank you!' | ssh %s comment %s\n", addr, slug)
	fmt.Fprintf(&b, "\nAdmins publish with %s (or sftp).\n", blog.ScpCommand(addr, "post.md"))
	io.WriteString(w, b.String())
}

// printPosts writes the post list as a person would read it on paper.
func (c *commands) printPosts(w io.Writer, admin bool) {
	list := c.blog.Posts()
	now := c.blog.Now()
	var b strings.Builder // one write to the client, not one a post
	fmt.Fprintf(&b, "%s: %s\n", c.blog.Name, posts.Count(len(list), "post"))
	for _, p := range list {
		fmt.Fprintf(&b, "\n%s\n  %s\n  %s\n", p.Title, posts.Byline(p, now, admin), p.Summary)
	}
	io.WriteString(w, b.String())
}

// command answers a session that asks for a command, or has no terminal,
// and returns its exit status.
func (s *Server) command(sess ssh.Session) int {
	x := s.newCall(sess)
	defer x.flush()
	args, err := commandLine(sess)
	return s.cmds.run(x, args, err)
}

// newCall is sess as the commands see it: who it is, its input, and its
// output through the output gate.
func (s *Server) newCall(sess ssh.Session) *call {
	return &call{
		ctx: sess.Context(), viewer: s.viewer(sess), in: sess, raw: sess,
		out: newPlainWriter(sess), errOut: newPlainWriter(sess.Stderr()),
		session: sessionID(sess), log: func() *slog.Logger { return s.clientLog(sess) },
	}
}
