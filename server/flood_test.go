package server

import (
	"context"
	"fmt"
	"io"
	"math/rand/v2"
	"net/netip"
	"os"
	"sync"
	"testing"
	"time"

	"github.com/sshblog/sshblog/internal/eventually"
	"go.uber.org/goleak"
)

// openFDs counts the process's open file descriptors.
func openFDs(t *testing.T) int {
	t.Helper()
	fds, err := os.ReadDir("/proc/self/fd")
	if err != nil {
		t.Fatal(err)
	}
	return len(fds)
}

// flood holds `each` half-open connections from every address in from,
// opening a new one whenever the server closes one, at most one a 20 ms
// per connection, until stop is called; stop waits for them to close.
func flood(t *testing.T, s *Server, from []string, each int) (stop func()) {
	ctx, cancel := context.WithCancel(context.Background())
	var wg sync.WaitGroup
	for _, addr := range from {
		for range each {
			wg.Go(func() {
				pace := time.NewTicker(20 * time.Millisecond)
				defer pace.Stop()
				for ctx.Err() == nil {
					if conn, err := dialTCPFrom(s, addr); err == nil {
						stopped := context.AfterFunc(ctx, func() { conn.Close() })
						io.Copy(io.Discard, conn) // until the server closes it
						stopped()
						conn.Close()
					}
					select {
					case <-pace.C:
					case <-ctx.Done():
					}
				}
			})
		}
	}
	return func() { cancel(); wg.Wait() }
}

// Half-open connections from 20 networks, reopened as fast as they are
// closed, cannot keep a new reader out: random early drop keeps some places
// free, the key exchange grace ends each one soon, and the networks whose
// connections keep running it out are refused for a while. Afterwards the
// server holds no more goroutines or descriptors than before.
func TestFloodCannotLockOutANewReader(t *testing.T) {
	const loginGrace = 5 * time.Second
	s := startServer(t, withLimits(Limits{
		LoginGrace: loginGrace, KexGrace: time.Second,
		MaxUnauthenticated: 40, MaxUnauthenticatedPerAddress: 5, StartupsStart: 20, StartupsRate: 30,
		LoginPenalty: 30 * time.Second, MaxPenalty: 2 * time.Minute,
	}), func(setup *testSetup) { setup.Random = rand.New(rand.NewPCG(1, 2)).Float64 })
	logInFrom(t, s, "127.0.0.1").Close() // what starts once is there before the baseline
	goroutines, fds := goleak.IgnoreCurrent(), openFDs(t)

	var attackers []string
	for i := range 20 {
		attackers = append(attackers, fmt.Sprintf("127.%d.0.1", 10+i))
	}
	stop := flood(t, s, attackers, 5)
	defer stop()
	eventually.True(t, "every flooding network to be penalised", func() bool {
		for _, a := range attackers {
			if !s.gate.penalised(netip.MustParseAddr(a), time.Now()) {
				return false
			}
		}
		return true
	})
	eventually.True(t, "the flood's places to be free", func() bool { unauth, _ := s.gate.counts(); return unauth == 0 })

	start := time.Now()
	reader := logInFrom(t, s, "127.99.0.1")
	if took := time.Since(start); took > loginGrace {
		t.Errorf("the reader took %v to log in during the flood, more than the login grace", took)
	}
	if out, _, status := run(t, reader, "help", ""); status != 0 || out == "" {
		t.Fatalf("the reader's command during the flood: status %d", status)
	}
	reader.Close()

	stop()
	eventually.True(t, "the gate to hold nothing", func() bool { return s.gate.held() == 0 })
	noGoroutinesLeft(t, goroutines)
	eventually.True(t, "descriptors back to the baseline", func() bool { return openFDs(t) <= fds })
}
