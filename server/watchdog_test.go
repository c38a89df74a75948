package server

import (
	"net"
	"testing"
	"time"
)

// tcpPair is a connected pair of loopback sockets.
func tcpPair(t *testing.T) (server, client net.Conn) {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	client, err = net.Dial("tcp", ln.Addr().String())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { client.Close() })
	server, err = ln.Accept()
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { server.Close() })
	return server, client
}

// A logged-in connection whose socket nobody reads (the SSH layer stuck
// behind a handler) is closed by its watchdog once the idle timeout and the
// slack for a goodbye have passed: a deadline alone acts only on a read.
func TestWatchdogClosesAConnectionNobodyReads(t *testing.T) {
	srv, err := New(Config{HostKey: newKey(t), Limits: Limits{IdleTimeout: 100 * time.Millisecond}})
	if err != nil {
		t.Fatal(err)
	}
	serverSide, clientSide := tcpPair(t)
	c := srv.guard(serverSide, time.Now())
	if c == nil {
		t.Fatal("the connection was not admitted")
	}
	c.loggedIn("none")
	start := time.Now()
	waitClosed(t, clientSide)
	if waited := time.Since(start); waited < 100*time.Millisecond+watchdogSlack {
		t.Errorf("closed after %v, before the idle timeout and the slack", waited)
	}
	if got := srv.metrics.timeouts.count("watchdog"); got != 1 {
		t.Errorf("watchdog closes counted: %d, want 1", got)
	}
	if srv.gate.isClosing() || srv.conns.size() != 0 {
		t.Error("the gate still holds the connection")
	}
}
