package server

import (
	"net/netip"
	"testing"
	"time"
)

// Logged-in connections without a session count against caps per address
// and in all, and are told why when refused.
func TestConnectionCaps(t *testing.T) {
	s := startServer(t, withLimits(Limits{MaxConnections: 3, MaxConnectionsPerAddress: 2}))
	logInFrom(t, s, "127.0.0.1")
	logInFrom(t, s, "127.0.0.1")
	refusedWith(t, s, "127.0.0.1", "your address already has too many connections open")
	logInFrom(t, s, "127.2.0.1")
	refusedWith(t, s, "127.3.0.1", "sshblog is full right now")
	if got := s.metrics.rejections.count("connections_per_address") + s.metrics.rejections.count("connections"); got != 2 {
		t.Errorf("rejections counted: %d, want 2", got)
	}
}

// keepAlive sends keepalives on c until it closes, as a client holding a
// connection open without a session does; it reports when c has closed.
func keepAlive(c interface {
	SendRequest(string, bool, []byte) (bool, []byte, error)
}) <-chan struct{} {
	closed := make(chan struct{})
	go func() {
		defer close(closed)
		tick := time.NewTicker(20 * time.Millisecond)
		defer tick.Stop()
		for range tick.C {
			if _, _, err := c.SendRequest("keepalive@openssh.com", true, nil); err != nil {
				return
			}
		}
	}()
	return closed
}

// A logged-in connection that holds no session is closed after the time
// allowed, whatever keepalives it sends; one with a session open is not,
// until its session ends. (The reader has the time allowed to open its
// session after logging in.)
func TestConnectionWithoutASessionIsClosed(t *testing.T) {
	const allowed = 3 * time.Second
	s := startServer(t, withLimits(Limits{NoSessionTimeout: allowed, IdleTimeout: time.Minute}))
	reading := dial(t, s, "reader", keyless)
	term := openTerminal(t, reading, 80, 24)
	term.WaitForText("Test Blog")
	readingClosed := keepAlive(reading)

	idle := dial(t, s, "idle", keyless)
	select {
	case <-keepAlive(idle):
	case <-time.After(waitLong):
		t.Fatal("a connection without a session stayed open on keepalives")
	}
	if got := s.metrics.timeouts.count("no_session"); got != 1 {
		t.Errorf("no-session timeouts counted: %d, want 1", got)
	}

	// The reader's connection, older, is still open; once its session
	// ends, its time without one starts.
	select {
	case <-readingClosed:
		t.Fatal("the connection with a session open was closed")
	default:
	}
	term.Type("q")
	term.Wait()
	select {
	case <-readingClosed:
	case <-time.After(waitLong):
		t.Fatal("the connection stayed open after its session ended")
	}
}

// Between the start and full marks a new login is refused with a chance
// rising from the rate to all, drawn from the injected source.
func TestRandomEarlyDrop(t *testing.T) {
	draw := 0.0
	g := newGate(Limits{StartupsStart: 2, StartupsRate: 50, MaxUnauthenticated: 6}, func() float64 { return draw })
	now := time.Now()
	admit := func(addr string) bool {
		r, _ := g.admitConn(mustAddr(addr), now)
		return r == nil
	}
	// Below the start nothing is drawn: a draw of 0 drops whatever the
	// chance.
	if !admit("192.0.2.1") || !admit("198.51.100.1") {
		t.Fatal("a login below the start mark was dropped")
	}
	// At the start the chance is 50%: 0.49 drops, 0.5 passes.
	draw = 0.49
	if admit("203.0.113.1") {
		t.Error("a draw under the rate at the start passed")
	}
	draw = 0.5
	if !admit("203.0.113.1") {
		t.Error("a draw at the rate at the start was dropped")
	}
	// One past the start (3 of 2..6) the chance is 62.5%.
	draw = 0.62
	if admit("203.0.113.2") {
		t.Error("a draw under 62.5% at 3 logging in passed")
	}
	draw = 0.63
	if !admit("203.0.113.2") {
		t.Error("a draw over 62.5% at 3 logging in was dropped")
	}
	if got := g.unauth; got != 4 {
		t.Errorf("%d logging in, want 4", got)
	}
}

func mustAddr(s string) netip.Addr { return netip.MustParseAddr(s) }
