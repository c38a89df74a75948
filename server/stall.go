package server

import (
	"time"

	"github.com/charmbracelet/ssh"
	gossh "golang.org/x/crypto/ssh"
)

// defaultStallLimit is Config.StallLimit's default. A write blocks only once
// the client has stopped taking what was sent (the SSH window and the socket
// buffers are full): a person on a slow link still drains them, a stuck
// client never does. It holds up only that session; the hub never waits on
// a session.
const defaultStallLimit = 20 * time.Second

// stallLimit is how long one write to a reader's terminal may block before
// the session is dropped.
func (s *Server) stallLimit() time.Duration {
	if s.cfg.StallLimit > 0 {
		return s.cfg.StallLimit
	}
	return defaultStallLimit
}

// dropStalled closes the connection of a session whose terminal stopped
// reading. Closing the socket is the one thing that ends a write blocked on
// it: a close message on the channel would queue behind that write.
func (s *Server) dropStalled(sess ssh.Session) {
	s.cfg.Log.Warn("dropped a reader whose terminal stopped reading", "session", sessionID(sess))
	if conn, ok := sess.Context().Value(ssh.ContextKeyConn).(gossh.Conn); ok {
		conn.Close()
	}
}
