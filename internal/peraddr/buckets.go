package peraddr

import (
	"net/netip"
	"time"
)

// Buckets is a token bucket per address. It is not safe for concurrent
// use: each caller guards it with the lock of what it counts. Buckets are
// dropped once full again when the map has doubled since they last were,
// so that no sweeper runs for them and memory stays in proportion to the
// addresses active lately, at a constant cost per new one. Not
// x/time/rate: its Limiter has no floor on debt nor "overdrawn", and each
// would take a lock of its own inside the caller's.
type Buckets struct {
	// PerMinute tokens come back a minute, up to Burst (at least 1); 0 is
	// no limit.
	PerMinute, Burst int
	// Debt has a refusal take a token too, down to a debt of Burst: a
	// client that keeps asking while refused waits longer, and is told it
	// is overdrawn once the debt is full.
	Debt bool
	// MinPrune is the number of addresses below which none is dropped.
	MinPrune int

	byAddr  map[netip.Addr]*bucket
	pruneAt int
}

type bucket struct {
	tokens float64
	last   time.Time
}

// Take spends one of addr's tokens at now. allowed is false when there was
// none; overdrawn when the debt has reached the burst as well.
func (b *Buckets) Take(addr netip.Addr, now time.Time) (allowed, overdrawn bool) {
	if b.PerMinute <= 0 {
		return true, false
	}
	k := b.byAddr[addr]
	if k == nil {
		b.prune(now)
		k = &bucket{tokens: b.burst(), last: now}
		b.byAddr[addr] = k
	}
	b.refill(k, now)
	switch {
	case k.tokens >= 1:
		k.tokens--
		return true, false
	case b.Debt && k.tokens >= 1-b.burst():
		k.tokens--
		return false, false
	default:
		return false, b.Debt
	}
}

// Len is how many addresses have a bucket.
func (b *Buckets) Len() int { return len(b.byAddr) }

func (b *Buckets) burst() float64 { return float64(max(b.Burst, 1)) }

func (b *Buckets) refill(k *bucket, now time.Time) {
	k.tokens = min(b.burst(), k.tokens+now.Sub(k.last).Minutes()*float64(b.PerMinute))
	k.last = now
}

// prune drops the buckets that are full again, once the map has reached
// the size it was pruned at.
func (b *Buckets) prune(now time.Time) {
	if b.byAddr == nil {
		b.byAddr, b.pruneAt = map[netip.Addr]*bucket{}, b.MinPrune
	}
	if len(b.byAddr) < b.pruneAt {
		return
	}
	for addr, k := range b.byAddr {
		if b.refill(k, now); k.tokens >= b.burst() {
			delete(b.byAddr, addr)
		}
	}
	b.pruneAt = max(b.MinPrune, 2*len(b.byAddr))
}
