package server

import (
	"context"
	"fmt"
	"sync"
	"time"

	"github.com/charmbracelet/ssh"

	"github.com/sshblog/sshblog/blog"
	"github.com/sshblog/sshblog/posts"
)

// exitTempFail is the exit status of a session turned away for now
// (EX_TEMPFAIL): a script can tell "try again later" from a failure.
const exitTempFail = 75

// restartNotice is what every open session is told on shutdown.
const restartNotice = "sshblog: the blog is restarting; come back in a minute."

func idleNotice(d time.Duration) string {
	return fmt.Sprintf("sshblog: closed after %s without a key press.", posts.Duration(d))
}

func lengthNotice(d time.Duration) string {
	return fmt.Sprintf("sshblog: sessions last at most %s; connect again to go on reading.", posts.Duration(d))
}

// trackedSession is a session the server can end: on shutdown, or when its
// connection's time is up. It is what every middleware inside track sees.
type trackedSession struct {
	ssh.Session
	id     string
	conn   *guardedConn
	ctx    context.Context // ends when the server ends the session
	cancel context.CancelFunc
	// input is what a command may still read; nil for the reader, whose
	// keys are not bounded.
	input *inputLimit
	// args is the command line, split once: the embedded session splits it
	// anew (and allocates a lexer) on every call; argsErr is why it could
	// not be split, which the command tells the person.
	args    []string
	argsErr error
	mode    sessionMode // what the session gets, decided from args and the terminal
	// channel is the session's filtered channel; nil for a session that
	// did not come through the filter.
	channel *sessionChannel
	// started is when the session was admitted: what its length and a
	// command's duration are timed from.
	started time.Time

	mu       sync.Mutex
	notice   string // told when the session exits
	exitCode int
	exited   bool
}

// commandLine is the session's command line split into words, or why it
// cannot be: split once, when the session starts.
func commandLine(sess ssh.Session) ([]string, error) {
	if ts, ok := sess.(*trackedSession); ok {
		return ts.args, ts.argsErr
	}
	return splitCommandLine(sess.RawCommand())
}

// Pty is the session's terminal, sized by the latest window change: the
// request filter keeps window changes from the library, which would
// otherwise write the size while this reads it. The channel of changes the
// library returns carries only the first size; watch the session's channel
// for the others.
func (ts *trackedSession) Pty() (ssh.Pty, <-chan ssh.Window, bool) {
	pty, windows, ok := ts.Session.Pty()
	if ts.channel != nil {
		if w, changed := ts.channel.latestWindow(); changed {
			pty.Window = w
		}
	}
	return pty, windows, ok
}

// Command is the command line the client asked for, split into words.
func (ts *trackedSession) Command() []string {
	return append([]string(nil), ts.args...)
}

// end asks the session to finish, with notice as its last line.
func (ts *trackedSession) end(notice string) {
	ts.mu.Lock()
	if ts.notice == "" {
		ts.notice = notice
	}
	ts.mu.Unlock()
	ts.cancel()
}

// Exit tells the person why the server ended the session, if it did, and
// sends the exit status. The reader has given the terminal back by now, so
// the line stays in the person's scrollback. On a terminal it goes out with
// the screen's own output, so that no client can show it before the reader
// has left the screen; a command's goes to its standard error.
func (ts *trackedSession) Exit(code int) error {
	ts.mu.Lock()
	notice, first := ts.notice, !ts.exited
	ts.notice, ts.exited = "", true
	if first {
		ts.exitCode = code
	}
	ts.mu.Unlock()
	if notice != "" {
		out := ts.Stderr()
		if _, _, isPty := ts.Pty(); isPty {
			out = ts.Session
		}
		fmt.Fprintf(out, "\r\n%s\r\n", notice)
	}
	return ts.Session.Exit(code)
}

// Read bounds what a command reads from its standard input.
func (ts *trackedSession) Read(p []byte) (int, error) {
	if ts.input == nil {
		return ts.Session.Read(p)
	}
	return ts.input.read(ts.Session, p)
}

// channelOf is the filtered channel of a tracked session; nil for others.
func channelOf(sess ssh.Session) *sessionChannel {
	if ts, ok := sess.(*trackedSession); ok {
		return ts.channel
	}
	return nil
}

// sessionID is the short id that ties a session's log lines together.
func sessionID(sess ssh.Session) string {
	if ts, ok := sess.(*trackedSession); ok {
		return ts.id
	}
	return ""
}

// sessionMode is what a session gets: a plain-text command, the reader, or
// the line mode.
type sessionMode int

const (
	modeCommand sessionMode = iota
	modeReader
	modeLines
)

// modeOf decides what sess gets from its command line (args, or argsErr
// when it could not be split) and its terminal: the line mode for `plain`,
// and for a reader on TERM=dumb or with SSHBLOG_MODE=plain; the reader on a
// terminal with no command or `read SLUG…`; else a command, which also
// tells the person why a command line cannot run.
func modeOf(sess ssh.Session, args []string, argsErr error) sessionMode {
	if argsErr != nil {
		return modeCommand
	}
	if len(args) > 0 && args[0] == "plain" {
		return modeLines
	}
	pty, _, isPty := sess.Pty()
	switch {
	case !isPty || !readerCommand(args):
		return modeCommand
	case pty.Term == "dumb" || envValue(sess.Environ(), "SSHBLOG_MODE") == "plain":
		return modeLines
	}
	return modeReader
}

// sessionModeOf is what sess gets: decided once, as it starts, for a
// tracked session.
func sessionModeOf(sess ssh.Session) sessionMode {
	if ts, ok := sess.(*trackedSession); ok {
		return ts.mode
	}
	args, err := commandLine(sess)
	return modeOf(sess, args, err)
}

// readerCommand reports whether args, on a terminal, ask for a reader: no
// command, or `read SLUG…`.
func readerCommand(args []string) bool {
	return len(args) == 0 || args[0] == "read" && len(args) > 1
}

// track is the outermost middleware: it admits the session against the
// caps, registers it so that shutdown and timeouts can end it, and counts it.
// It does no work that could panic, so recoverPanics can sit inside it and
// still see the session's id.
func (s *Server) track(next ssh.Handler) ssh.Handler {
	return func(sess ssh.Session) {
		c := connOf(sess.Context())
		if c == nil {
			next(sess)
			return
		}
		if r := s.gate.admitSession(c.addr); r != nil {
			s.turnAway(sess, r)
			return
		}
		defer s.gate.sessionEnded(c.addr)
		ctx, cancel := context.WithCancel(sess.Context())
		defer cancel()
		ts := &trackedSession{Session: sess, id: fmt.Sprintf("%06x", s.nextID.Add(1)), conn: c, ctx: ctx, cancel: cancel, channel: findChannel(sess), started: time.Now()}
		ts.args, ts.argsErr = splitCommandLine(sess.RawCommand())
		ts.mode = modeOf(ts, ts.args, ts.argsErr)
		interactive := ts.mode != modeCommand // a person reading, in the reader or the line mode
		// The reader's keys and a subsystem's protocol (sftp: its own
		// framing and limits) are not a command's input.
		if !interactive && sess.Subsystem() == "" && s.cfg.Limits.MaxInput > 0 {
			ts.input = &inputLimit{left: s.cfg.Limits.MaxInput, max: s.cfg.Limits.MaxInput}
		}
		if !c.addSession(ts) {
			return // the connection is closing
		}
		defer c.removeSession(ts)
		s.metrics.sessions.Add(1)
		next(ts)
		if interactive {
			s.metrics.readerSeconds.Observe(time.Since(ts.started).Seconds())
		} else {
			s.metrics.commandRan(commandLabel(ts), time.Since(ts.started))
		}
	}
}

// turnAway tells a session why it cannot open, in one line, and ends it.
func (s *Server) turnAway(sess ssh.Session, r *refusal) {
	s.rejected(r)
	s.cfg.Log.Debug("session refused", "remote", sess.RemoteAddr().String(), "reason", r.reason)
	fmt.Fprintf(sess.Stderr(), "%s\r\n", r.message)
	sess.Exit(exitTempFail)
}

// rejected counts a refusal, and warns, once a minute at most, when it
// means a global cap is reached: refusals one by one are debug lines, as
// scanners cause thousands.
func (s *Server) rejected(r *refusal) {
	s.metrics.rejections.inc(r.reason)
	if globalCaps[r.reason] && s.capWarnings.due(r.reason, time.Now()) {
		s.cfg.Log.Warn("a server-wide limit is reached; new clients are turned away", "reason", r.reason,
			"limits", fmt.Sprintf("%d logging in, %d sessions", s.cfg.Limits.MaxUnauthenticated, s.cfg.Limits.MaxSessions))
	}
}

// commandLabel names a finished command for the metrics. A command that
// ended with the usage status (unknown, or bad arguments) counts as
// "invalid", so that names made up by clients never become labels.
func commandLabel(ts *trackedSession) string {
	ts.mu.Lock()
	code := ts.exitCode
	ts.mu.Unlock()
	args := ts.Command()
	switch {
	case ts.Subsystem() != "":
		return ts.Subsystem() // only subsystems we serve get this far
	case code == exitUsage:
		return "invalid"
	case len(args) == 0:
		return "list"
	default:
		return args[0]
	}
}

// endAll refuses new logins and sessions and ends every open one with
// notice; connections without a session are ended at once. The channel is
// closed when every logged-in connection has gone.
func (s *Server) endAll(notice string) <-chan struct{} {
	s.gate.close()
	conns, drained := s.conns.close()
	for _, c := range conns {
		c.shutDown(notice)
	}
	return drained
}

// arrive is who an interactive session's reader is, their settings and when
// they came before, recording that they came now: one store read when the
// server keeps both accounts and visits. A store that fails to tell the
// identity leaves the session without a key, with the default settings.
func (s *Server) arrive(ctx context.Context, sess ssh.Session) blog.Arrival {
	if s.cfg.Accounts == nil || s.cfg.Visits == nil {
		v := s.viewer(sess)
		return blog.Arrival{Viewer: v, Settings: s.settingsOf(ctx, sess, v), LastVisit: s.lastVisit(ctx, sess, v)}
	}
	v := s.keyViewer(sess)
	a, err := s.cfg.Accounts.Arrive(ctx, v)
	if a == nil {
		return blog.Arrival{Viewer: s.keyless(sess, v, err), Settings: posts.DefaultSettings}
	}
	s.visitFailed(sess, err)
	return *a
}
