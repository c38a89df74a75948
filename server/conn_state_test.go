package server

import (
	"errors"
	"os"
	"testing"
	"testing/synctest"
	"time"
)

// A connection whose login grace has run out is ending: a login that
// completes after that does not take it into the registry, and its close
// adds to its network's penalty as any other that ran out the grace. The
// connection is an in-memory pipe, for synctest's clock to run the grace.
func TestALoginAfterTheGraceDoesNotCount(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		srv, c, _ := pipedConn(t, Limits{LoginGrace: time.Second, LoginPenalty: time.Minute, MaxPenalty: time.Hour})
		c.keyExchanged()
		start := time.Now()
		if _, err := c.Read(make([]byte, 1)); !errors.Is(err, os.ErrDeadlineExceeded) {
			t.Fatalf("a read past the login grace: %v", err)
		}
		if waited := time.Since(start); waited != time.Second {
			t.Errorf("the grace ran out after %v, want 1s", waited)
		}
		c.loggedIn("none")
		if n := srv.conns.size(); n != 0 {
			t.Errorf("%d logged-in connections registered after the grace ran out", n)
		}
		c.Close()
		if unauth, _ := srv.gate.counts(); unauth != 0 || srv.gate.held() != 0 {
			t.Errorf("the gate still holds the connection: %d logging in, %d held", unauth, srv.gate.held())
		}
		if !srv.gate.penalised(c.addr, time.Now()) {
			t.Error("running out the grace added no penalty")
		}
	})
}
