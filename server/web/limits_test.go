package web

import (
	"net/netip"
	"testing"
	"time"
)

// addrN is the Nth of many distinct addresses.
func addrN(n int) netip.Addr {
	return netip.AddrFrom4([4]byte{10, byte(n >> 16), byte(n >> 8), byte(n)})
}

// Once maxTracked addresses are held, the buckets that have filled up
// again are forgotten and those still spending are kept, so that a
// refused address cannot start afresh by crowding the map.
func TestBucketsForgetOnlyFullOnes(t *testing.T) {
	now := time.Unix(1e9, 0)
	b := newBuckets(60, 1, func() time.Time { return now })
	for i := range maxTracked / 2 {
		b.allow(addrN(i)) // spent
	}
	now = now.Add(time.Minute) // those fill up again
	spender := addrN(maxTracked)
	b.allow(spender)
	for i := maxTracked / 2; b.perAddr.Len() < maxTracked; i++ {
		b.allow(addrN(i))
	}
	if b.allow(spender) {
		t.Fatal("an address with no token left was allowed")
	}
	b.allow(addrN(2 * maxTracked)) // a new address: the map is pruned
	if b.perAddr.Len() > maxTracked/2+2 {
		t.Errorf("%d buckets kept after pruning; the full ones were not dropped", b.perAddr.Len())
	}
	if b.allow(spender) {
		t.Error("pruning forgot an address that was still refused")
	}
}

// New addresses arriving while maxTracked others are all still spending:
// each costs a lookup, not a walk over the whole map.
func BenchmarkBucketsCrowded(b *testing.B) {
	now := time.Unix(1e9, 0)
	k := newBuckets(1, 1, func() time.Time { return now })
	for i := range maxTracked {
		k.allow(addrN(i))
	}
	b.ReportAllocs()
	for i := 0; b.Loop(); i++ {
		k.allow(addrN(maxTracked + i%maxTracked))
	}
}
