package server

import (
	"net/netip"
	"time"
)

// What the tests ask of the gate and the registry, which the server itself
// never needs to.

// penalised reports whether addr's network is refused for its penalty now.
func (g *gate) penalised(addr netip.Addr, now time.Time) bool {
	g.mu.Lock()
	defer g.mu.Unlock()
	return g.penalties.holds(networkOf(addr), now)
}

// held is how many connections the gate holds a place for: admitted, or
// refused and being told why.
func (g *gate) held() int {
	g.mu.Lock()
	defer g.mu.Unlock()
	return g.open + g.polite
}

// size is how many logged-in connections are registered.
func (r *registry) size() int {
	r.mu.Lock()
	defer r.mu.Unlock()
	return len(r.conns)
}
