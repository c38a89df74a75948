package server

import (
	"fmt"
	"net"
	"net/netip"
	"sync"
	"time"

	"github.com/sshblog/sshblog/internal/peraddr"
	"github.com/sshblog/sshblog/posts"
)

// Limits keep one client, or the internet's scanners, from using up the
// server. Zero turns a limit off; cmd/sshblog sets the defaults.
type Limits struct {
	// LoginGrace closes a connection that has not logged in by then, and
	// KexGrace one that has not finished the key exchange, which takes a
	// real client a moment: a connection that only holds a place loses it
	// sooner.
	LoginGrace time.Duration
	KexGrace   time.Duration
	// MaxUnauthenticated caps connections that have not logged in yet, in
	// all and from one network (like OpenSSH's MaxStartups and
	// PerSourceMaxStartups). Logged-in readers do not count. Networks are
	// IPv4 /24s and IPv6 /48s: one attacker often has a whole one.
	MaxUnauthenticated           int
	MaxUnauthenticatedPerAddress int
	// From StartupsStart connections logging in on, a new one is refused
	// with a chance of StartupsRate percent, rising to 100 at
	// MaxUnauthenticated (MaxStartups start:rate:full), so that a flood
	// cannot take the last places for sure. 0 turns it off.
	StartupsStart int
	StartupsRate  int
	// LoginPenalty is what each connection that runs out the login grace
	// adds to its network's penalty (as OpenSSH's PerSourcePenalties);
	// once that passes penaltyThreshold, the network's new connections are
	// refused until it has run down. MaxPenalty bounds it.
	LoginPenalty time.Duration
	MaxPenalty   time.Duration
	// MaxConnections caps open connections, logging in or logged in, in
	// all and from one address: a logged-in connection holds its buffers
	// without a session.
	MaxConnections           int
	MaxConnectionsPerAddress int
	// NoSessionTimeout closes a logged-in connection that has had no
	// session open for so long.
	NoSessionTimeout time.Duration
	// MaxSessions caps open sessions, in all and from one address.
	MaxSessions           int
	MaxSessionsPerAddress int
	// ConnectionRate is how many new connections an address may open a
	// minute, after a burst of ConnectionBurst.
	ConnectionRate  int
	ConnectionBurst int
	// IdleTimeout closes a connection that has sent nothing for so long.
	IdleTimeout time.Duration
	// MaxSessionLength closes a connection this long after it opened.
	MaxSessionLength time.Duration
	// MaxInput caps what a command may read from its standard input.
	MaxInput int64
}

// refusal is why a connection or session was turned away: a reason for the
// metrics and a line for the person.
type refusal struct {
	reason  string
	message string
}

var (
	refusedRate = refusal{"rate",
		"sshblog: too many new connections from your address; wait a minute and try again."}
	refusedLogins = refusal{"unauthenticated",
		"sshblog is busy with many logins right now; try again in a minute."}
	refusedLoginsFromAddress = refusal{"unauthenticated_per_address",
		"sshblog: too many logins under way from your network; try again in a minute."}
	refusedPenalised = refusal{"penalised",
		"sshblog: too many logins from your network were left unfinished; try again in a few minutes."}
	refusedConnections = refusal{"connections",
		"sshblog is full right now; try again in a few minutes."}
	refusedConnectionsFromAddress = refusal{"connections_per_address",
		"sshblog: your address already has too many connections open; close one and try again."}
	refusedRestarting = refusal{"shutting_down",
		"sshblog: the blog is restarting; try again in a minute."}
)

// reasonSessions is the reason of refusedSessions, whatever its cap.
const reasonSessions = "sessions"

func refusedSessions(max int) refusal {
	return refusal{reasonSessions,
		fmt.Sprintf("sshblog is full right now (%d readers); try again in a few minutes.", max)}
}

func refusedSessionsFromAddress(max int) refusal {
	return refusal{"sessions_per_address",
		fmt.Sprintf("sshblog: your address already has %s open; close one and try again.", posts.Count(max, "session"))}
}

// globalCaps are the refusals that mean the whole server is at a limit,
// not one client: worth a warning in the log.
var globalCaps = map[string]bool{refusedLogins.reason: true, reasonSessions: true, refusedConnections.reason: true}

// capWarnEvery spaces the warnings that a global cap is reached.
const capWarnEvery = time.Minute

// capWarnings remembers when each global cap was last warned about.
type capWarnings struct {
	mu   sync.Mutex
	last map[string]time.Time
}

// due reports whether to warn about reason now.
func (w *capWarnings) due(reason string, now time.Time) bool {
	w.mu.Lock()
	defer w.mu.Unlock()
	if now.Sub(w.last[reason]) < capWarnEvery {
		return false
	}
	if w.last == nil {
		w.last = map[string]time.Time{}
	}
	w.last[reason] = now
	return true
}

// minPrune is the number of addresses (networks, for penalties) below
// which none is forgotten.
const minPrune = 1024

// networkOf is the network the limits on logging in count addr under: its
// IPv4 /24 or IPv6 /48. (addr is already a source: an IPv6 /64 at most.)
func networkOf(addr netip.Addr) netip.Prefix {
	bits := 24
	if addr.Is6() {
		bits = 48
	}
	p, _ := addr.Prefix(bits)
	return p
}

// sourceOf is the address limits count a connection under (peraddr.Source).
func sourceOf(a net.Addr) netip.Addr {
	var ip netip.Addr
	if tcp, ok := a.(*net.TCPAddr); ok {
		ip = tcp.AddrPort().Addr()
	} else if ap, err := netip.ParseAddrPort(a.String()); err == nil {
		ip = ap.Addr()
	}
	return peraddr.Source(ip)
}
