package server

import (
	"fmt"
	"runtime/debug"
	"time"

	"github.com/charmbracelet/ssh"
	gossh "golang.org/x/crypto/ssh"
)

// recoverPanics keeps a panic in one session from taking the server down:
// it is logged with its stack and that session ends with status 1.
func (s *Server) recoverPanics(next ssh.Handler) ssh.Handler {
	return func(sess ssh.Session) {
		defer func() {
			if r := recover(); r != nil {
				s.cfg.Log.Error("session panicked", "session", sessionID(sess), "panic", fmt.Sprint(r), "stack", string(debug.Stack()))
				fmt.Fprintln(sess.Stderr(), "sshblog hit an internal error and closed this session; it has been logged.")
				sess.Exit(1)
			}
		}()
		next(sess)
	}
}

// sessionIDKey holds a short id that ties a session's log lines together.
var sessionIDKey = &struct{ name string }{"session-id"}

func sessionID(sess ssh.Session) string {
	id, _ := sess.Context().Value(sessionIDKey).(string)
	return id
}

// logSessions logs each session's start and end with who and how long.
func (s *Server) logSessions(next ssh.Handler) ssh.Handler {
	return func(sess ssh.Session) {
		id := fmt.Sprintf("%06x", s.nextID.Add(1))
		sess.Context().SetValue(sessionIDKey, id)
		start := time.Now()
		_, _, pty := sess.Pty()
		log := s.cfg.Log.With("session", id, "remote", sess.RemoteAddr().String(), "user", sess.User())
		if fp := fingerprint(sess); fp != "" {
			log = log.With("key", fp)
		}
		log.Info("session start", "pty", pty, "command", sess.RawCommand())
		s.active.Add(1)
		defer s.active.Add(-1)
		next(sess)
		log.Info("session end", "duration", time.Since(start).Round(time.Millisecond).String())
	}
}

// fingerprint is the SHA256 fingerprint of the key that authenticated the
// session, as ssh-keygen -lf prints it; "" for a keyless reader.
func fingerprint(sess ssh.Session) string {
	if k := sess.PublicKey(); k != nil {
		return gossh.FingerprintSHA256(k)
	}
	return ""
}
