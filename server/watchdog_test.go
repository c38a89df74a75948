package server

import (
	"net"
	"testing"
	"testing/synctest"
	"time"
)

// A logged-in connection whose socket nobody reads (the SSH layer stuck
// behind a handler) is closed by its watchdog once the idle timeout and the
// slack for a goodbye have passed, and not before: a deadline alone acts
// only on a read. The connection is an in-memory pipe, for synctest's clock
// to run the deadline and the watchdog.
func TestWatchdogClosesAConnectionNobodyReads(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		const idle = 100 * time.Millisecond
		srv, c, clientSide := pipedConn(t, Limits{IdleTimeout: idle})
		c.loggedIn("none")
		start := time.Now()
		waitClosed(t, clientSide)
		if waited, want := time.Since(start), idle+watchdogSlack; waited != want {
			t.Errorf("closed after %v, want the idle timeout and the slack, %v", waited, want)
		}
		if got := srv.metrics.timeouts.count("watchdog"); got != 1 {
			t.Errorf("watchdog closes counted: %d, want 1", got)
		}
		if srv.gate.held() != 0 || srv.conns.size() != 0 {
			t.Error("the gate still holds the connection")
		}
	})
}

// pipedConn is a server with limits and one connection it admitted, over an
// in-memory pipe whose client end the test holds, for synctest's clock to
// run its deadlines.
func pipedConn(t *testing.T, limits Limits) (*Server, *guardedConn, net.Conn) {
	t.Helper()
	srv, err := New(Config{HostKey: newKey(t), Limits: limits})
	if err != nil {
		t.Fatal(err)
	}
	serverSide, clientSide := net.Pipe()
	t.Cleanup(func() { clientSide.Close() })
	c := srv.guard(serverSide, time.Now())
	if c == nil {
		t.Fatal("the connection was not admitted")
	}
	return srv, c, clientSide
}
