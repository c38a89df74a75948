package web

import (
	"net/netip"
	"sync"
	"time"
)

// Limits bound what one address may ask of the web front door.
type Limits struct {
	// StreamsPerAddress is how many live-comment streams one address may
	// hold open at once; 0 for no limit.
	StreamsPerAddress int
	// SearchesPerMinute is how many searches one address may run a minute,
	// after a burst of SearchBurst; 0 for no limit. A search is a
	// full-text query nobody signed in for.
	SearchesPerMinute int
	SearchBurst       int
}

// DefaultLimits let a reader search as they type and keep a few tabs open.
var DefaultLimits = Limits{StreamsPerAddress: 8, SearchesPerMinute: 30, SearchBurst: 10}

// streams counts the open streams of each address.
type streams struct {
	mu   sync.Mutex
	open map[netip.Addr]int
	max  int
}

// take reserves a stream for addr, if it may have another; release frees it.
func (s *streams) take(addr netip.Addr) (release func(), ok bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.max > 0 && s.open[addr] >= s.max {
		return nil, false
	}
	s.open[addr]++
	return func() {
		s.mu.Lock()
		defer s.mu.Unlock()
		if s.open[addr]--; s.open[addr] <= 0 {
			delete(s.open, addr)
		}
	}, true
}

// buckets is a token bucket per address. Buckets are dropped once full
// again, when the map grows: no sweeper runs for them.
type buckets struct {
	mu     sync.Mutex
	byAddr map[netip.Addr]*bucket
	// pruneAt is the size at which full buckets are next dropped.
	pruneAt int
	rate    float64 // tokens a second
	burst   float64
	now     func() time.Time
}

type bucket struct {
	tokens float64
	at     time.Time
}

// maxTracked is how many addresses' buckets are kept before full ones are
// first dropped.
const maxTracked = 10000

func newBuckets(perMinute, burst int, now func() time.Time) *buckets {
	return &buckets{byAddr: map[netip.Addr]*bucket{}, pruneAt: maxTracked,
		rate: float64(perMinute) / 60, burst: float64(max(burst, 1)), now: now}
}

// allow takes a token from addr's bucket, if it has one.
func (b *buckets) allow(addr netip.Addr) bool {
	if b.rate == 0 {
		return true
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	now := b.now()
	k := b.byAddr[addr]
	if k == nil {
		b.prune(now)
		k = &bucket{tokens: b.burst, at: now}
		b.byAddr[addr] = k
	}
	k.tokens = min(b.burst, k.tokens+now.Sub(k.at).Seconds()*b.rate)
	k.at = now
	if k.tokens < 1 {
		return false
	}
	k.tokens--
	return true
}

// prune drops the buckets that are full again once the map has doubled
// since it last did (as the SSH side's gate does): memory stays in
// proportion to the addresses active lately, and a map of addresses that
// are all still spending is not walked on every new one.
func (b *buckets) prune(now time.Time) {
	if len(b.byAddr) < b.pruneAt {
		return
	}
	for a, k := range b.byAddr {
		if k.tokens+now.Sub(k.at).Seconds()*b.rate >= b.burst {
			delete(b.byAddr, a)
		}
	}
	b.pruneAt = max(maxTracked, 2*len(b.byAddr))
}
