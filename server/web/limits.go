package web

import (
	"net/netip"
	"sync"
	"time"

	"github.com/sshblog/sshblog/internal/peraddr"
)

// Limits bound what one address may ask of the web front door.
type Limits struct {
	// StreamsPerAddress is how many live-comment streams one address may
	// hold open at once; 0 for no limit.
	StreamsPerAddress int
	// SearchesPerMinute is how many searches one address may run a minute,
	// after a burst of SearchBurst; 0 for no limit. A search is a
	// full-text query nobody signed in for; so much work for one request
	// counts as one too: a page built for a host name not kept, a 404
	// that names its address, a guess at an inbox feed.
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

// buckets is a token bucket per address, behind its own lock.
type buckets struct {
	mu      sync.Mutex
	perAddr peraddr.Buckets
	now     func() time.Time
}

// maxTracked is how many addresses' buckets are kept before full ones are
// first dropped.
const maxTracked = 10000

func newBuckets(perMinute, burst int, now func() time.Time) *buckets {
	return &buckets{perAddr: peraddr.Buckets{PerMinute: perMinute, Burst: burst, MinPrune: maxTracked}, now: now}
}

// allow takes a token from addr's bucket, if it has one.
func (b *buckets) allow(addr netip.Addr) bool {
	if b.perAddr.PerMinute == 0 {
		return true
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	ok, _ := b.perAddr.Take(addr, b.now())
	return ok
}
