package server

import (
	"errors"
	"net"
	"net/netip"
	"os"
	"sync"
	"time"

	"github.com/charmbracelet/ssh"
)

// Every connection's timeouts are deadlines on its socket, moved as the
// client sends: the runtime's poller keeps them, so an idle connection costs
// no goroutine or wake-up of ours. A deadline acts only on a pending read,
// though, so each connection also has a watchdog: one timer, armed for a
// while after the deadline, that closes the socket if the connection is
// still open by then (its reading stopped). Setting a deadline (at login,
// as sessions open and close, as one runs out) moves the timer with it, so
// it fires only when a deadline passed unread; a reader who keeps typing
// touches neither.

// refusalTimeout bounds the time a refused connection gets to hear why.
const refusalTimeout = 10 * time.Second

// goodbyeTimeout is how long a connection whose time is up gets for its
// sessions to say why and close.
const goodbyeTimeout = 5 * time.Second

// watchdogSlack is how long after its deadline a connection may still be
// open: long enough for a goodbye, which takes goodbyeTimeout at most.
const watchdogSlack = goodbyeTimeout + time.Second

// maxChannelsPerConn caps sessions open at once on one connection, as
// OpenSSH's MaxSessions does; the session caps count them as well.
const maxChannelsPerConn = 10

// connState is where a connection is in its life; may says where it can go
// from each.
type connState int

const (
	// handshaking: admitted, or refused and to be told why, and in the key
	// exchange, under the shorter key exchange grace.
	handshaking connState = iota
	// authenticating: the key exchange is over; the login grace (for a
	// refused connection, its time to hear why) applies.
	authenticating
	// timedOut: a grace passed before login; the connection is ending.
	timedOut
	// loggedIn: the idle timeout, the maximum session length and the time
	// allowed without a session apply, moved as the client sends.
	loggedIn
	// expiring: a logged-in connection's time is up; its sessions are told
	// why and end.
	expiring
	// shuttingDown: the server stops; the connection ends once its last
	// session has.
	shuttingDown
	closed
)

// loggedIn reports whether a connection in s had logged in.
func (s connState) loggedIn() bool {
	return s == loggedIn || s == expiring || s == shuttingDown
}

// may reports whether c can go from its state to next. A refused
// connection only finishes its key exchange and closes. The caller holds
// c.mu.
func (c *guardedConn) may(next connState) bool {
	from := c.state
	switch next {
	case authenticating:
		return from == handshaking
	case timedOut, loggedIn:
		return c.refusal == nil && (from == handshaking || from == authenticating)
	case expiring:
		return from == loggedIn
	case shuttingDown:
		return from == loggedIn || from == expiring
	case closed:
		return from != closed
	}
	return false
}

// to moves c to next if it may go there, and reports whether it did; the
// caller holds c.mu.
func (c *guardedConn) to(next connState) bool {
	if !c.may(next) {
		return false
	}
	c.state = next
	return true
}

// guardedConn is a client's socket with its place in the gate. It owns the
// socket's deadlines: the login grace until the client logs in, then the idle
// timeout and the maximum session length. charmbracelet/ssh's own deadline
// calls are ignored.
type guardedConn struct {
	net.Conn
	srv    *Server
	addr   netip.Addr // the source limits count it under
	opened time.Time
	// refusal, if set, is told to the client after the key exchange, and
	// then the connection is closed.
	refusal *refusal

	mu    sync.Mutex
	state connState
	// refusalAttempts counts the login attempts of a refused connection.
	refusalAttempts int
	deadline        time.Time // what the socket has now
	sessions        map[*trackedSession]struct{}
	channels        int
	// idleSince is when a logged-in connection last had no channel open.
	idleSince time.Time
	// watchdog fires a while after the deadline; nil until there is one.
	watchdog *time.Timer
	// drained, once the connection is expiring, is closed when its last
	// session has ended.
	drained chan struct{}
}

// guardKey holds a connection's *guardedConn in its ssh.Context.
var guardKey = &struct{ name string }{"guarded-conn"}

func connOf(ctx ssh.Context) *guardedConn {
	c, _ := ctx.Value(guardKey).(*guardedConn)
	return c
}

// accept runs on every new connection, before any SSH: it admits the
// connection, refuses it politely (told why after the key exchange) or
// closes it at once (a nil result).
func (s *Server) accept(ctx ssh.Context, conn net.Conn) net.Conn {
	if conn = s.proxied(conn); conn == nil {
		return nil
	}
	c := s.guard(conn, time.Now())
	if c == nil {
		return nil
	}
	ctx.SetValue(guardKey, c)
	return c
}

// guard puts conn through the gate; nil if it is to be closed at once.
func (s *Server) guard(conn net.Conn, now time.Time) *guardedConn {
	c := &guardedConn{Conn: conn, srv: s, addr: sourceOf(conn.RemoteAddr()), opened: now}
	s.metrics.connections.Add(1)
	r, polite := s.gate.admitConn(c.addr, now)
	if r != nil {
		s.rejected(r)
		s.cfg.Log.Debug("connection refused", "remote", conn.RemoteAddr().String(), "reason", r.reason, "told", polite)
		if !polite {
			return nil
		}
		c.refusal = r
	}
	c.setDeadline(c.unauthenticatedDeadline())
	return c
}

// unauthenticatedDeadline is the end of the login grace (for a refused
// connection, of its time to hear why), or before the key exchange is over,
// of the shorter key exchange grace: a connection that only holds its place
// cannot hold it for long.
func (c *guardedConn) unauthenticatedDeadline() time.Time {
	grace := c.srv.cfg.Limits.LoginGrace
	if c.refusal != nil {
		grace = refusalTimeout
	}
	if c.underKexGrace(grace) {
		grace = c.srv.cfg.Limits.KexGrace
	}
	if grace == 0 {
		return time.Time{}
	}
	return c.opened.Add(grace)
}

// underKexGrace reports whether the key exchange grace, shorter than grace,
// is what the connection has now.
func (c *guardedConn) underKexGrace(grace time.Duration) bool {
	kex := c.srv.cfg.Limits.KexGrace
	return c.state == handshaking && kex > 0 && (grace == 0 || kex < grace)
}

// keyExchanged is called once the client has finished the key exchange.
func (c *guardedConn) keyExchanged() {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.to(authenticating) {
		c.setDeadline(c.unauthenticatedDeadline())
	}
}

// setDeadline sets the socket's deadline and arms the watchdog for it; the
// caller holds c.mu or owns c.
func (c *guardedConn) setDeadline(t time.Time) {
	c.deadline = t
	c.Conn.SetDeadline(t)
	if t.IsZero() {
		return // an armed watchdog finds no deadline and stops
	}
	wait := time.Until(t.Add(watchdogSlack))
	if c.watchdog == nil {
		c.watchdog = time.AfterFunc(wait, c.watch)
		return
	}
	c.watchdog.Reset(wait)
}

// watch closes the connection if it outlived its deadline by the slack;
// otherwise it sleeps until the deadline as it is now, plus the slack.
func (c *guardedConn) watch() {
	c.mu.Lock()
	if c.state == closed || c.deadline.IsZero() {
		c.mu.Unlock()
		return
	}
	if at := c.deadline.Add(watchdogSlack); time.Now().Before(at) {
		c.watchdog.Reset(time.Until(at)) // moved while this one was on its way
		c.mu.Unlock()
		return
	}
	c.mu.Unlock()
	c.srv.metrics.timeouts.inc("watchdog")
	c.srv.cfg.Log.Warn("closed a connection that stopped reading past its deadline", "remote", c.RemoteAddr().String())
	c.Close()
}

// SetDeadline and its kin are ignored: c owns the socket's deadlines.
func (c *guardedConn) SetDeadline(time.Time) error      { return nil }
func (c *guardedConn) SetReadDeadline(time.Time) error  { return nil }
func (c *guardedConn) SetWriteDeadline(time.Time) error { return nil }

// Read moves the idle deadline when the client sends something, and says
// goodbye when a deadline has passed.
func (c *guardedConn) Read(p []byte) (int, error) {
	n, err := c.Conn.Read(p)
	if n > 0 {
		c.active()
	}
	if errors.Is(err, os.ErrDeadlineExceeded) {
		c.expire()
	}
	return n, err
}

// deadlineSlack is how far the idle deadline may lag behind the last read:
// a client typing fast moves it once a second, not once a keystroke.
func deadlineSlack(idle time.Duration) time.Duration { return min(time.Second, idle/10) }

func (c *guardedConn) active() {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.state != loggedIn {
		return
	}
	next := c.loggedInDeadline(time.Now())
	if !next.IsZero() && next.Sub(c.deadline) >= deadlineSlack(c.srv.cfg.Limits.IdleTimeout) {
		c.setDeadline(next)
	}
}

// loggedInDeadline is the deadline of a logged-in connection at now: the
// idle timeout from now, the end of the maximum session length, or while no
// channel is open the end of the time allowed without one, whichever is
// first; zero for none. The caller holds c.mu or owns c.
func (c *guardedConn) loggedInDeadline(now time.Time) time.Time {
	lim := c.srv.cfg.Limits
	var d time.Time
	earliest := func(end time.Time) {
		if d.IsZero() || end.Before(d) {
			d = end
		}
	}
	if lim.IdleTimeout > 0 {
		d = now.Add(lim.IdleTimeout)
	}
	if lim.MaxSessionLength > 0 {
		earliest(c.opened.Add(lim.MaxSessionLength))
	}
	if lim.NoSessionTimeout > 0 && c.channels == 0 {
		earliest(c.idleSince.Add(lim.NoSessionTimeout))
	}
	return d
}

// noSessionExpired reports whether a logged-in connection has been without
// a channel for the time allowed; the caller holds c.mu.
func (c *guardedConn) noSessionExpired(now time.Time) bool {
	lim := c.srv.cfg.Limits.NoSessionTimeout
	return lim > 0 && c.channels == 0 && !now.Before(c.idleSince.Add(lim))
}

// loggedIn is called when the client has authenticated by method.
func (c *guardedConn) loggedIn(method string) {
	c.mu.Lock()
	if !c.may(loggedIn) {
		c.mu.Unlock()
		return
	}
	if !c.srv.conns.add(c) {
		// The server is stopping: the login's answer fails to send.
		c.mu.Unlock()
		c.closeWrite()
		return
	}
	c.to(loggedIn)
	c.srv.gate.loggedIn(c.addr)
	c.idleSince = time.Now()
	c.setDeadline(c.loggedInDeadline(c.idleSince))
	c.mu.Unlock()
	c.srv.metrics.logins.inc(method)
}

// expire handles a passed deadline. Before login the connection just closes,
// as OpenSSH's does. After, its sessions are ended with a one-line reason,
// and the read that hit the deadline waits for them to say it.
func (c *guardedConn) expire() {
	c.mu.Lock()
	kind := "login"
	if c.underKexGrace(c.srv.cfg.Limits.LoginGrace) {
		kind = "key_exchange"
	}
	if c.to(timedOut) {
		c.mu.Unlock()
		c.srv.metrics.timeouts.inc(kind)
		c.srv.cfg.Log.Debug("login grace time passed", "remote", c.RemoteAddr().String(), "kind", kind)
		return
	}
	if !c.to(expiring) {
		c.mu.Unlock()
		return
	}
	kind, notice := "idle", idleNotice(c.srv.cfg.Limits.IdleTimeout)
	if lim := c.srv.cfg.Limits.MaxSessionLength; lim > 0 && !time.Now().Before(c.opened.Add(lim)) {
		kind, notice = "session_length", lengthNotice(lim)
	} else if c.noSessionExpired(time.Now()) {
		kind = "no_session" // no session to tell
	}
	c.setDeadline(time.Now().Add(goodbyeTimeout))
	ending := c.sessionList()
	if len(ending) > 0 {
		c.drained = make(chan struct{})
	}
	drained := c.drained
	c.mu.Unlock()

	c.srv.metrics.timeouts.inc(kind)
	for _, ts := range ending {
		ts.end(notice)
	}
	if drained != nil {
		t := time.NewTimer(goodbyeTimeout)
		defer t.Stop()
		select {
		case <-drained:
		case <-t.C:
		}
	}
}

func (c *guardedConn) sessionList() []*trackedSession {
	list := make([]*trackedSession, 0, len(c.sessions))
	for ts := range c.sessions {
		list = append(list, ts)
	}
	return list
}

// addSession registers a session on c; false if c's time is up.
func (c *guardedConn) addSession(ts *trackedSession) bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.state != loggedIn {
		return false
	}
	if c.sessions == nil {
		c.sessions = map[*trackedSession]struct{}{}
	}
	c.sessions[ts] = struct{}{}
	return true
}

func (c *guardedConn) removeSession(ts *trackedSession) {
	c.mu.Lock()
	defer c.mu.Unlock()
	delete(c.sessions, ts)
	if len(c.sessions) > 0 {
		return
	}
	if c.drained != nil {
		close(c.drained)
		c.drained = nil
	}
	if c.state == shuttingDown {
		c.closeWrite()
	}
}

// shutDown ends c's sessions with notice; c itself ends after the last.
func (c *guardedConn) shutDown(notice string) {
	c.mu.Lock()
	if !c.to(shuttingDown) {
		c.mu.Unlock()
		return
	}
	ending := c.sessionList()
	if len(ending) == 0 {
		c.closeWrite()
	}
	c.mu.Unlock()
	for _, ts := range ending {
		ts.end(notice)
	}
}

// openChannel counts a session channel on c; false past the cap.
func (c *guardedConn) openChannel() bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.channels >= maxChannelsPerConn {
		return false
	}
	c.channels++
	if c.channels == 1 && c.state == loggedIn {
		// The time allowed without a session no longer counts.
		c.setDeadline(c.loggedInDeadline(time.Now()))
	}
	return true
}

func (c *guardedConn) closeChannel() {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.channels--
	if c.channels == 0 && c.state == loggedIn {
		c.idleSince = time.Now()
		c.setDeadline(c.loggedInDeadline(c.idleSince))
	}
}

// A refused client hears its reason as an authentication banner, the one
// message every SSH client shows before login. Every login attempt on the
// connection fails. The first failure is answered: PuTTY shows a banner only
// once an answer follows it, and says only that the connection closed if it
// closes first. The connection ends at the second attempt, or when its time
// to hear why runs out.

func (c *guardedConn) tellRefusal(send func(string) error) {
	send(c.refusal.message + "\r\n")
}

// endRefusal is called at every login attempt of a refused connection.
func (c *guardedConn) endRefusal() {
	c.mu.Lock()
	c.refusalAttempts++
	last := c.refusalAttempts > 1
	c.mu.Unlock()
	if last {
		c.closeWrite()
	}
}

// closeWrite ends the connection from our side only: the client reads all
// we sent, then the end, and closes its side. Closing outright could reset
// the connection and lose our last words if the client had sent anything we
// had not read yet.
func (c *guardedConn) closeWrite() {
	if cw, ok := c.Conn.(interface{ CloseWrite() error }); ok {
		cw.CloseWrite()
		return
	}
	c.Conn.Close()
}

// Close releases c's place in the gate, once.
func (c *guardedConn) Close() error {
	c.mu.Lock()
	was, refused := c.state, c.refusal != nil
	if !c.to(closed) {
		c.mu.Unlock()
		return nil
	}
	if c.watchdog != nil {
		c.watchdog.Stop()
	}
	c.mu.Unlock()
	if (was == handshaking || was == authenticating) && !refused {
		c.srv.metrics.handshakeFailures.Add(1)
	}
	if was.loggedIn() {
		c.srv.conns.remove(c)
	}
	c.srv.gate.closed(c.addr, was, refused)
	return c.Conn.Close()
}
