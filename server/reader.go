package server

import (
	"github.com/charmbracelet/ssh"

	"github.com/sshblog/sshblog/tui"
)

// route sends terminal sessions without a command to the reader, and
// everything else to the plain-text commands.
func (s *Server) route(ssh.Handler) ssh.Handler {
	return func(sess ssh.Session) {
		if _, _, isPty := sess.Pty(); isPty && len(sess.Command()) == 0 {
			s.read(sess)
			return
		}
		sess.Exit(s.command(sess))
	}
}

// read runs the reader on the session's terminal until the reader quits, the
// client goes away or the server stops.
func (s *Server) read(sess ssh.Session) {
	ctx, cancel := s.sessionContext(sess)
	defer cancel()
	pty, windows, _ := sess.Pty()
	look, in := detectLook(sess, pty.Term)
	opts := tui.Options{Look: look, Width: pty.Window.Width, Height: pty.Window.Height, Viewer: s.viewer(sess)}
	if s.cfg.Threads != nil {
		opts.Threads = s.cfg.Threads
		opts.Listener = s.cfg.Threads.Hub().Listen()
		defer opts.Listener.Close()
	}
	model := tui.New(s.cfg.Blog, opts)
	reader := tui.NewSession(ctx, model, in, sess, pty.Window.Width, pty.Window.Height)
	reader.OnStall(stallLimit, func() { s.dropStalled(sess) })
	// Window changes are taken until the SSH library closes the channel, not
	// only while the reader runs: it hands them over one at a time, and one
	// left waiting stops the whole connection from reading, even its close.
	go func() {
		for w := range windows {
			reader.Resize(w.Width, w.Height)
		}
	}()
	if err := reader.Run(); err != nil && ctx.Err() == nil {
		s.cfg.Log.Warn("reader ended with an error", "session", sessionID(sess), "err", err)
	}
	sess.Exit(0)
}
