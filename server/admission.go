package server

import (
	"math/rand/v2"
	"net/netip"
	"sync"
	"time"

	"github.com/sshblog/sshblog/internal/peraddr"
)

// maxPoliteRefusals bounds refused connections being told why at once:
// telling takes a key exchange, which a flood must not be able to buy.
// Beyond it a refused connection is closed at once, without a word.
const maxPoliteRefusals = 32

// gate is admission: it counts connections and sessions against the limits,
// and keeps each address's bucket of new connections and each network's
// penalty. One mutex guards every count: it is taken a few times per
// connection, never per keystroke. The logged-in connections themselves are
// the registry's.
type gate struct {
	lim Limits
	// random is in [0, 1): the draw of random early drop.
	random func() float64

	mu         sync.Mutex
	unauth     int
	unauthBy   map[netip.Prefix]int // by network
	open       int                  // connections admitted and not closed
	openBy     map[netip.Addr]int
	sessions   int
	sessionsBy map[netip.Addr]int
	// buckets are each address's new connections: a refusal goes into
	// debt, so a client that keeps connecting while refused waits longer,
	// and hears why only burst times.
	buckets   peraddr.Buckets
	penalties penalties
	polite    int // refused connections being told why
	closing   bool
}

// newGate makes a gate; random is random early drop's source, nil for
// math/rand's.
func newGate(lim Limits, random func() float64) *gate {
	if random == nil {
		random = rand.Float64
	}
	return &gate{
		lim:        lim,
		random:     random,
		unauthBy:   map[netip.Prefix]int{},
		openBy:     map[netip.Addr]int{},
		penalties:  penalties{byNet: map[netip.Prefix]penalty{}, pruneAt: minPrune},
		sessionsBy: map[netip.Addr]int{},
		buckets:    peraddr.Buckets{PerMinute: lim.ConnectionRate, Burst: lim.ConnectionBurst, Debt: true, MinPrune: minPrune},
	}
}

// admitConn decides on a new connection from addr. When it is refused,
// polite says whether to tell the client why.
func (g *gate) admitConn(addr netip.Addr, now time.Time) (r *refusal, polite bool) {
	g.mu.Lock()
	defer g.mu.Unlock()
	switch allowed, overdrawn := g.buckets.Take(addr, now); {
	case !allowed:
		r = &refusedRate
		if overdrawn {
			return r, false // it keeps hammering: stop explaining
		}
	case g.closing:
		r = &refusedRestarting
	case g.penalties.holds(networkOf(addr), now):
		r = &refusedPenalised
	case over(g.open, g.lim.MaxConnections):
		r = &refusedConnections
	case over(g.openBy[addr], g.lim.MaxConnectionsPerAddress):
		r = &refusedConnectionsFromAddress
	case over(g.unauth, g.lim.MaxUnauthenticated) || g.earlyDrop():
		r = &refusedLogins
	case over(g.unauthBy[networkOf(addr)], g.lim.MaxUnauthenticatedPerAddress):
		r = &refusedLoginsFromAddress
	default:
		g.unauth++
		g.unauthBy[networkOf(addr)]++
		g.open++
		g.openBy[addr]++
		return nil, false
	}
	if g.polite >= maxPoliteRefusals {
		return r, false
	}
	g.polite++
	return r, true
}

// over reports whether n has reached a cap; a cap of 0 is no cap.
func over(n, max int) bool { return max > 0 && n >= max }

// earlyDrop draws whether to refuse a new login between the start and full
// marks: with StartupsRate percent at the start, rising linearly to all at
// full, as OpenSSH's MaxStartups does.
func (g *gate) earlyDrop() bool {
	start, full := g.lim.StartupsStart, g.lim.MaxUnauthenticated
	if start <= 0 || g.unauth < start || full <= start {
		return false
	}
	rate := float64(g.lim.StartupsRate) / 100
	p := rate + (1-rate)*float64(g.unauth-start)/float64(full-start)
	return g.random() < p
}

// loggedIn moves a connection from addr out of the unauthenticated count.
func (g *gate) loggedIn(addr netip.Addr) {
	g.mu.Lock()
	defer g.mu.Unlock()
	g.releaseUnauthLocked(addr)
}

// closed releases the places of a connection from addr that closed in
// state; one that ran out a grace before logging in adds to its network's
// penalty.
func (g *gate) closed(addr netip.Addr, state connState, wasRefused bool) {
	g.mu.Lock()
	defer g.mu.Unlock()
	if wasRefused {
		g.polite--
		return
	}
	if g.openBy[addr]--; g.openBy[addr] <= 0 {
		delete(g.openBy, addr)
	}
	g.open--
	if state.loggedIn() {
		return
	}
	g.releaseUnauthLocked(addr)
	if state == timedOut && g.lim.LoginPenalty > 0 {
		g.penalties.add(networkOf(addr), time.Now(), g.lim.LoginPenalty, g.lim.MaxPenalty)
	}
}

func (g *gate) releaseUnauthLocked(addr netip.Addr) {
	g.unauth--
	n := networkOf(addr)
	if g.unauthBy[n]--; g.unauthBy[n] <= 0 {
		delete(g.unauthBy, n)
	}
}

// admitSession decides on a new session from addr.
func (g *gate) admitSession(addr netip.Addr) *refusal {
	g.mu.Lock()
	defer g.mu.Unlock()
	switch {
	case g.closing:
		return &refusedRestarting
	case over(g.sessions, g.lim.MaxSessions):
		r := refusedSessions(g.lim.MaxSessions)
		return &r
	case over(g.sessionsBy[addr], g.lim.MaxSessionsPerAddress):
		r := refusedSessionsFromAddress(g.lim.MaxSessionsPerAddress)
		return &r
	}
	g.sessions++
	g.sessionsBy[addr]++
	return nil
}

func (g *gate) sessionEnded(addr netip.Addr) {
	g.mu.Lock()
	defer g.mu.Unlock()
	g.sessions--
	if g.sessionsBy[addr]--; g.sessionsBy[addr] <= 0 {
		delete(g.sessionsBy, addr)
	}
}

// close refuses new connections and sessions from now on.
func (g *gate) close() {
	g.mu.Lock()
	defer g.mu.Unlock()
	g.closing = true
}

func (g *gate) isClosing() bool {
	g.mu.Lock()
	defer g.mu.Unlock()
	return g.closing
}

// counts is what the gauges show.
func (g *gate) counts() (unauth, sessions int) {
	g.mu.Lock()
	defer g.mu.Unlock()
	return g.unauth, g.sessions
}
