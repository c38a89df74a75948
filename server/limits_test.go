package server

import (
	"net"
	"net/netip"
	"strings"
	"testing"
	"time"

	"github.com/sshblog/sshblog/internal/eventually"
)

// holdUnauthenticated opens n connections from `from` that never log in,
// and waits until the server counts want unauthenticated connections.
func holdUnauthenticated(t *testing.T, s *Server, from string, n, want int) []net.Conn {
	t.Helper()
	var conns []net.Conn
	for range n {
		c, err := dialTCPFrom(s, from)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { c.Close() })
		conns = append(conns, c)
	}
	eventually.True(t, "the server to count the silent connections", func() bool {
		unauth, _ := s.gate.counts()
		return unauth == want
	})
	return conns
}

// refusedWith dials from `from` and checks that the handshake fails after a
// banner saying want.
func refusedWith(t *testing.T, s *Server, from, want string) {
	t.Helper()
	var banner strings.Builder
	c, err := dialFrom(s, from, keylessConfig(&banner))
	if err == nil {
		c.Close()
		t.Fatalf("a connection from %s logged in; want it refused with %q", from, want)
	}
	if !strings.Contains(banner.String(), want) {
		t.Fatalf("refused from %s with banner %q (err %v); want %q", from, banner.String(), err, want)
	}
}

func TestUnauthenticatedCapsSpareLoggedInReaders(t *testing.T) {
	s := startServer(t, withLimits(Limits{LoginGrace: time.Minute, MaxUnauthenticated: 3, MaxUnauthenticatedPerAddress: 2}))
	reader := dial(t, s, "reader", keyless)
	term := openTerminal(t, reader, 80, 24)
	term.WaitForText("Test Blog")

	held := holdUnauthenticated(t, s, "127.2.0.1", 2, 2)
	refusedWith(t, s, "127.2.0.1", "too many logins under way from your network")
	holdUnauthenticated(t, s, "127.3.0.1", 1, 3)
	refusedWith(t, s, "127.4.0.1", "busy with many logins")

	// The reader logged in before carries on: a key opens the full help,
	// and a new session on its connection opens.
	term.Type("?")
	term.WaitForText("page up")
	if out, _, status := run(t, reader, "help", ""); status != 0 || !strings.Contains(out, "this help") {
		t.Fatalf("a new session for the logged-in reader: %q, status %d", out, status)
	}

	// Places free up when the silent connections go.
	for _, c := range held {
		c.Close()
	}
	eventually.True(t, "the held connections to be released", func() bool { unauth, _ := s.gate.counts(); return unauth == 1 })
	logInFrom(t, s, "127.2.0.1")
	if got := s.metrics.rejections.count("unauthenticated_per_address") + s.metrics.rejections.count("unauthenticated"); got != 2 {
		t.Errorf("rejections counted: %d, want 2", got)
	}
}

func TestSessionCaps(t *testing.T) {
	s := startServer(t, withLimits(Limits{MaxSessions: 2, MaxSessionsPerAddress: 1}))
	first := logInFrom(t, s, "127.0.0.1")
	openTerminal(t, first, 80, 24).WaitForText("Test Blog")

	_, stderr, status := run(t, first, "help", "")
	if status != exitTempFail || !strings.Contains(stderr, "your address already has 1 session open") {
		t.Fatalf("second session from one address: status %d, stderr %q", status, stderr)
	}
	second := logInFrom(t, s, "127.2.0.1")
	openTerminal(t, second, 80, 24).WaitForText("Test Blog")
	_, stderr, status = run(t, logInFrom(t, s, "127.3.0.1"), "help", "")
	if status != exitTempFail || !strings.Contains(stderr, "sshblog is full right now (2 readers)") {
		t.Fatalf("session past the total: status %d, stderr %q", status, stderr)
	}
}

func TestConnectionRateRefusesPolitelyThenSilently(t *testing.T) {
	s := startServer(t, withLimits(Limits{ConnectionRate: 1, ConnectionBurst: 2}))
	logInFrom(t, s, "127.0.0.1")
	logInFrom(t, s, "127.0.0.1")
	// Over the rate: told why while the debt is under the burst...
	refusedWith(t, s, "127.0.0.1", "too many new connections from your address")
	refusedWith(t, s, "127.0.0.1", "too many new connections from your address")
	// ...then closed without a word.
	conn, err := dialTCPFrom(s, "127.0.0.1")
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	conn.SetReadDeadline(time.Now().Add(waitLong))
	if n, _ := conn.Read(make([]byte, 64)); n != 0 {
		t.Fatal("the server spoke SSH to a connection past its debt")
	}
	// Another address is not affected.
	logInFrom(t, s, "127.2.0.1")
}

func TestBucketRefillsAndPrunes(t *testing.T) {
	g := newGate(Limits{ConnectionRate: 60, ConnectionBurst: 2}, nil)
	a := netip.MustParseAddr("192.0.2.1")
	now := time.Unix(1_000_000, 0)
	for i := range 2 {
		if ok, _ := g.buckets.Take(a, now); !ok {
			t.Fatalf("connection %d within the burst refused", i+1)
		}
	}
	if ok, _ := g.buckets.Take(a, now); ok {
		t.Fatal("connection past the burst allowed")
	}
	// One a second: after 2 s the debt of one is paid and one token is back.
	if ok, _ := g.buckets.Take(a, now.Add(2*time.Second)); !ok {
		t.Fatal("no token after the refill")
	}

	for i := range minPrune - 1 {
		g.buckets.Take(netip.AddrFrom4([4]byte{10, 0, byte(i >> 8), byte(i)}), now)
	}
	// A minute on, every bucket is full again, and the next new address
	// finds the map at the pruning size and prunes them all.
	g.buckets.Take(netip.MustParseAddr("192.0.2.2"), now.Add(time.Minute))
	if g.buckets.Len() != 1 {
		t.Fatalf("%d buckets after pruning, want 1", g.buckets.Len())
	}
}

func TestSourceGroupsIPv6By64(t *testing.T) {
	a := sourceOf(&net.TCPAddr{IP: net.ParseIP("2001:db8:1:2:aaaa::1"), Port: 1})
	b := sourceOf(&net.TCPAddr{IP: net.ParseIP("2001:db8:1:2:bbbb::2"), Port: 2})
	c := sourceOf(&net.TCPAddr{IP: net.ParseIP("2001:db8:1:3::1"), Port: 3})
	if a != b || a == c {
		t.Fatalf("sources %v %v %v: want the first two equal, the third apart", a, b, c)
	}
	if v4 := sourceOf(&net.TCPAddr{IP: net.ParseIP("::ffff:192.0.2.7"), Port: 4}); v4 != netip.MustParseAddr("192.0.2.7") {
		t.Fatalf("mapped IPv4 counted as %v", v4)
	}
}

func TestCapWarningsAtMostOnceAMinute(t *testing.T) {
	var w capWarnings
	now := time.Unix(1_000_000, 0)
	if !w.due(reasonSessions, now) {
		t.Fatal("the first warning is not due")
	}
	if w.due(reasonSessions, now.Add(30*time.Second)) {
		t.Error("a second warning within the minute is due")
	}
	if !w.due(refusedLogins.reason, now.Add(30*time.Second)) {
		t.Error("another cap's first warning is not due")
	}
	if !w.due(reasonSessions, now.Add(capWarnEvery)) {
		t.Error("no warning a minute later")
	}
}

func TestLoginLimitsCountNetworks(t *testing.T) {
	same := func(a, b string) bool {
		return networkOf(sourceOf(&net.TCPAddr{IP: net.ParseIP(a)})) == networkOf(sourceOf(&net.TCPAddr{IP: net.ParseIP(b)}))
	}
	for _, c := range []struct {
		a, b string
		want bool
	}{
		{"192.0.2.1", "192.0.2.254", true},
		{"192.0.2.1", "192.0.3.1", false},
		{"2001:db8:1:2::1", "2001:db8:1:ffff::1", true},
		{"2001:db8:1::1", "2001:db8:2::1", false},
		{"::ffff:192.0.2.7", "192.0.2.9", true},
	} {
		if got := same(c.a, c.b); got != c.want {
			t.Errorf("%s and %s in one network: %v, want %v", c.a, c.b, got, c.want)
		}
	}
}

// A network whose connections keep running out the grace is refused once
// its penalty passes the threshold, until the penalty runs down; another
// network is not.
func TestPenaltiesRefuseANetworkUntilTheyRunDown(t *testing.T) {
	g := newGate(Limits{LoginPenalty: 10 * time.Second, MaxPenalty: time.Minute}, nil)
	n := networkOf(netip.MustParseAddr("192.0.2.1"))
	now := time.Unix(1_000_000, 0)
	g.penalties.add(n, now, 10*time.Second, time.Minute)
	if g.penalties.holds(n, now) {
		t.Fatal("one unfinished login is penalised")
	}
	g.penalties.add(n, now, 10*time.Second, time.Minute)
	if !g.penalties.holds(n, now) {
		t.Fatal("a penalty of 20s is not enforced")
	}
	if r, _ := g.admitConn(netip.MustParseAddr("192.0.2.77"), now); r == nil || r.reason != refusedPenalised.reason {
		t.Fatalf("a penalised network's connection: refusal %v", r)
	}
	if r, _ := g.admitConn(netip.MustParseAddr("198.51.100.1"), now); r != nil {
		t.Fatalf("another network refused: %v", r.reason)
	}
	if !g.penalties.holds(n, now.Add(19*time.Second)) || g.penalties.holds(n, now.Add(20*time.Second)) {
		t.Error("the penalty does not hold until it has run down, and no longer")
	}
	for range 10 {
		g.penalties.add(n, now, 10*time.Second, time.Minute)
	}
	if g.penalties.holds(n, now.Add(time.Minute)) {
		t.Error("a penalty grew past the maximum")
	}
}
