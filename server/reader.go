package server

import (
	"context"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/ssh"

	"github.com/sshblog/sshblog/blog"
	"github.com/sshblog/sshblog/posts"
	"github.com/sshblog/sshblog/tui"
)

// route sends sessions that ask for the line mode to it, terminal sessions
// without a command to the reader, and everything else to the plain-text
// commands.
func (s *Server) route(ssh.Handler) ssh.Handler {
	return func(sess ssh.Session) {
		switch sessionModeOf(sess) {
		case modeLines:
			sess.Exit(s.lineMode(sess, nil))
		case modeReader:
			sess.Exit(s.read(sess))
		default:
			sess.Exit(s.command(sess))
		}
	}
}

// read runs the reader on the session's terminal until the reader quits, the
// client goes away or the server stops, and returns the exit status: 75
// when the server ended it (a restart, a timeout), 1 for an internal error.
// With `read SLUG…` it opens on the first post.
func (s *Server) read(sess ssh.Session) int {
	started := time.Now()
	var slug string
	if args := sess.Command(); len(args) > 1 {
		slug = args[1]
		if _, ok := publishedTitle(s.cfg.Blog, slug); !ok {
			x := s.newCall(sess)
			defer x.flush()
			return x.reply(s.cmds.noPost(slug))
		}
	}
	ctx, cancel := s.sessionContext(sess)
	defer cancel()
	var err error
	pty, _, _ := sess.Pty()
	arrival := s.arrive(ctx, sess)
	if arrival.Settings.Plain { // chosen for every visit (settings plain=on): asked before any colour query
		return s.lineMode(sess, &arrival)
	}
	look, keys := detectLook(sess, pty.Term)
	in := newBoundedInput(keys)
	opts := tui.Options{Look: look, Width: pty.Window.Width, Height: pty.Window.Height, Viewer: arrival.Viewer}
	opts.Settings = tui.SettingsFrom(arrival.Settings, pty.Term)
	opts.Look = themed(opts.Look, arrival.Settings.Theme)
	if s.cfg.Threads != nil {
		opts.Threads, opts.Accounts, opts.Inbox = s.cfg.Threads, s.cfg.Accounts, s.cfg.Inbox
		opts.Listener = s.cfg.Threads.Hub().Listen()
		defer opts.Listener.Close()
		if s.cfg.Inbox != nil {
			opts.Listener.HearInbox(opts.Viewer.Fingerprint)
		}
	}
	opts.NewSince = arrival.LastVisit
	if s.cfg.Reading != nil {
		opts.Reading = s.cfg.Reading
		if opts.ReadingState, err = s.cfg.Reading.Load(ctx, opts.Viewer, opts.NewSince); err != nil {
			s.cfg.Log.Warn("loading reading positions", "session", sessionID(sess), "err", err)
		}
	}
	m := tui.New(s.cfg.Reader, opts)
	var model tea.Model = m
	if slug != "" {
		model, _ = tui.OpenOn(m, slug)
	}
	reader := tui.NewSession(ctx, model, in, sess, pty.Window.Width, pty.Window.Height)
	reader.OnStall(s.stallLimit(), func() { s.dropStalled(sess) })
	reader.OnFrame(s.metrics.frameTimer(started))
	reader.Follow(opts.Listener)
	// The request filter hands window changes over as they come, without
	// a goroutine of ours; Resize only stores the newest and wakes the model.
	if ch := channelOf(sess); ch != nil {
		resize := func(w ssh.Window) { reader.Resize(w.Width, w.Height) }
		if w, changed := ch.watchWindow(resize); changed && w != pty.Window {
			resize(w)
		}
		defer ch.watchWindow(nil)
	}
	err = reader.Run()
	m.LeaveSession()
	switch {
	case ctx.Err() != nil:
		return exitTempFail
	case err != nil:
		s.readerFailed(sess, err)
		return exitFailed
	}
	return exitOK
}

// lastVisit records a keyed reader's visit and returns when they came
// before, so the list can mark what is new to them; zero on a first visit,
// for keyless readers, or if the store fails (marks are a nicety).
func (s *Server) lastVisit(ctx context.Context, sess ssh.Session, v blog.Viewer) time.Time {
	if s.cfg.Visits == nil {
		return time.Time{}
	}
	last, err := s.cfg.Visits.Came(ctx, v)
	s.visitFailed(sess, err)
	return last
}

// visitFailed logs the failure to record a visit, if err is one. A full
// disk is logged, once a minute, where the store reports it.
func (s *Server) visitFailed(sess ssh.Session, err error) {
	if err != nil && !posts.IsDiskFull(err) {
		s.cfg.Log.Warn("recording a visit", "session", sessionID(sess), "err", err)
	}
}
