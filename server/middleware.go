package server

import (
	"errors"
	"fmt"
	"runtime/debug"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/ssh"
	gossh "golang.org/x/crypto/ssh"

	"github.com/sshblog/sshblog/tui"
)

// panicNotice is what a person sees when their session panicked.
const panicNotice = "sshblog hit an internal error and closed this session; it has been logged."

// recoverPanics keeps a panic in one session from taking the server down:
// it is logged with its stack and that session ends with status 1.
func (s *Server) recoverPanics(next ssh.Handler) ssh.Handler {
	return func(sess ssh.Session) {
		defer func() {
			if r := recover(); r != nil {
				s.metrics.panics.Add(1)
				s.cfg.Log.Error("session panicked", "session", sessionID(sess), "panic", fmt.Sprint(r), "stack", string(debug.Stack()))
				fmt.Fprintln(sess.Stderr(), panicNotice)
				sess.Exit(1)
			}
		}()
		next(sess)
	}
}

// logSessions logs each session's start and end with who and how long, as
// far as the client's address has a share of log lines left.
func (s *Server) logSessions(next ssh.Handler) ssh.Handler {
	return func(sess ssh.Session) {
		start := time.Now()
		log := s.clientLog(sess)
		if log == nil { // this address has had its share of log lines
			next(sess)
			return
		}
		_, _, pty := sess.Pty()
		log = log.With("session", sessionID(sess), "remote", sess.RemoteAddr().String(), "user", clientText(sess.User()))
		if fp := fingerprint(sess); fp != "" {
			log = log.With("key", fp)
		}
		log.Info("session start", "pty", pty, "command", clientText(sess.RawCommand()))
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

// readerFailed logs why a reader ended with an error. A panic in the model
// or in one of its commands ends the reader with a tui.PanicError: it is
// logged with its stack, counted and told like any session's panic.
func (s *Server) readerFailed(sess ssh.Session, err error) {
	if !errors.Is(err, tea.ErrProgramPanic) {
		s.cfg.Log.Warn("reader ended with an error", "session", sessionID(sess), "err", err)
		return
	}
	s.metrics.panics.Add(1)
	log := s.cfg.Log.With("session", sessionID(sess))
	if p, ok := errors.AsType[*tui.PanicError](err); ok {
		log = log.With("panic", fmt.Sprint(p.Value), "stack", string(p.Stack))
	}
	log.Error("reader panicked", "err", err)
	fmt.Fprintln(sess.Stderr(), panicNotice)
}
