package server

import (
	"fmt"
	"log/slog"
	"net"
	"sync"
	"time"
	"unicode/utf8"

	"github.com/charmbracelet/ssh"
)

// What a client sends reaches the log only as a bounded prefix, and each
// address has a bounded share of log lines: one connection once wrote 91 MiB
// of log in 17 s, with long command lines on many sessions.

// maxLoggedBytes bounds each piece of client text in a log line.
const maxLoggedBytes = 256

// clientText is s as the log shows it: at most maxLoggedBytes of it, cut at a
// character, saying how long it was when cut.
func clientText(s string) string {
	if len(s) <= maxLoggedBytes {
		return s
	}
	cut := maxLoggedBytes
	for cut > 0 && !utf8.RuneStart(s[cut]) {
		cut--
	}
	return fmt.Sprintf("%s…(%d bytes)", s[:cut], len(s))
}

// An address may cause logBurst lines at once, then one each logEvery.
const (
	logBurst = 20
	logEvery = time.Second
	// maxLogAddrs bounds the table; past it, addresses whose share is
	// whole again are forgotten.
	maxLogAddrs = 4096
)

// logLimiter is the server's one table of log shares by address. It needs
// no timer: a share refills by the time that passed when it is next asked.
type logLimiter struct {
	mu    sync.Mutex
	now   func() time.Time
	addrs map[string]*logShare
}

type logShare struct {
	tokens  float64
	at      time.Time
	dropped int // lines refused since the last one let through
}

func newLogLimiter() *logLimiter {
	return &logLimiter{now: time.Now, addrs: map[string]*logShare{}}
}

// allow reports whether a line caused by addr may be logged, and how many
// lines of that address were left out before it.
func (l *logLimiter) allow(addr net.Addr) (ok bool, dropped int) {
	key := addr.String()
	if host, _, err := net.SplitHostPort(key); err == nil {
		key = host
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	now := l.now()
	sh := l.addrs[key]
	if sh == nil {
		if len(l.addrs) >= maxLogAddrs {
			l.forgetWhole(now)
		}
		sh = &logShare{tokens: logBurst, at: now}
		l.addrs[key] = sh
	}
	sh.refill(now)
	if sh.tokens < 1 {
		sh.dropped++
		return false, 0
	}
	sh.tokens--
	dropped, sh.dropped = sh.dropped, 0
	return true, dropped
}

func (sh *logShare) refill(now time.Time) {
	sh.tokens = min(logBurst, sh.tokens+float64(now.Sub(sh.at))/float64(logEvery))
	sh.at = now
}

// forgetWhole drops the addresses whose share has refilled and that have
// nothing left untold.
func (l *logLimiter) forgetWhole(now time.Time) {
	for key, sh := range l.addrs {
		if sh.refill(now); sh.tokens >= logBurst && sh.dropped == 0 {
			delete(l.addrs, key)
		}
	}
}

// clientLog is the logger for a line that a session's client causes, or nil
// when its address has had its share; a line after some were left out says
// how many.
func (s *Server) clientLog(sess ssh.Session) *slog.Logger {
	if s.logLimit == nil {
		return s.cfg.Log
	}
	ok, dropped := s.logLimit.allow(sess.RemoteAddr())
	switch {
	case !ok:
		return nil
	case dropped > 0:
		return s.cfg.Log.With("lines_left_out", dropped)
	}
	return s.cfg.Log
}
