package server

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/charmbracelet/ssh"

	"github.com/sshblog/sshblog/blog"
	"github.com/sshblog/sshblog/tui/lines"
)

// The line mode (package tui/lines) is for screen readers and braille
// displays: `ssh HOST plain` without a terminal (the client's terminal
// edits lines), `ssh -t HOST plain`, or any session that would get the
// reader on TERM=dumb or with SSHBLOG_MODE=plain (ssh -o SetEnv=...).

// plainUsage is the line mode's command line, for the help and its errors.
const plainUsage = "plain [LINES]"

// envValue is the value of the variable name in environ, "" if unset.
func envValue(environ []string, name string) string {
	for _, kv := range environ {
		if v, ok := strings.CutPrefix(kv, name+"="); ok {
			return v
		}
	}
	return ""
}

// lineMode holds the line mode's conversation until the person quits or
// goes, and returns the exit status: 75 when the server ended it, 2 for a
// wrong command line. arrival is the session's when the caller has it (the
// reader, for a reader who chose the plain mode); nil has the line mode
// arrive once the command line is known good.
func (s *Server) lineMode(sess ssh.Session, arrival *blog.Arrival) int {
	args, _ := commandLine(sess)
	opts := lines.Options{Blog: s.cfg.Blog, Threads: s.cfg.Threads, Plain: s.cfg.Reader.PlainPost}
	if len(args) > 0 && args[0] == "plain" {
		n, err := pageArg(args[1:])
		if err != nil {
			x := s.newCall(sess)
			defer x.flush()
			fmt.Fprintf(x.errOut, "usage: ssh %s %s (LINES: how many lines a screenful holds; 0 for no stops)\n", s.cmds.address(), plainUsage)
			return exitUsage
		}
		opts.PageLines = n
	} else if len(args) > 1 { // read SLUG on a dumb terminal
		opts.Open = args[1]
	}
	if _, _, isPty := sess.Pty(); isPty {
		opts.Echo = true
		opts.Window = func() (int, int) {
			pty, _, _ := sess.Pty()
			return pty.Window.Width, pty.Window.Height
		}
	}
	ctx, cancel := s.sessionContext(sess)
	defer cancel()
	if arrival == nil {
		a := s.arrive(ctx, sess)
		arrival = &a
	}
	opts.Viewer, opts.NewSince = arrival.Viewer, arrival.LastVisit
	if s.cfg.Threads != nil {
		opts.Listener = s.cfg.Threads.Hub().Listen()
		defer opts.Listener.Close()
	}
	err := lines.Run(ctx, newBoundedInput(sess), sess, opts)
	switch {
	case ctx.Err() != nil:
		return exitTempFail
	case err != nil:
		s.cfg.Log.Debug("line mode ended with an error", "session", sessionID(sess), "err", err)
	}
	return exitOK
}

// pageArg reads plain's optional LINES: 0 for no stops (a negative page to
// the line mode), nothing for the default.
func pageArg(args []string) (int, error) {
	switch len(args) {
	case 0:
		return 0, nil
	case 1:
		n, err := strconv.Atoi(args[0])
		if err != nil || n < 0 || n > 10000 {
			return 0, fmt.Errorf("LINES must be a number from 0 to 10000")
		}
		if n == 0 {
			return -1, nil
		}
		return n, nil
	}
	return 0, fmt.Errorf("too many arguments")
}
