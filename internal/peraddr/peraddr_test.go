package peraddr

import (
	"net/netip"
	"testing"
	"time"
)

func TestSourceGroupsIPv6By64(t *testing.T) {
	same := func(a, b string) bool { return Source(netip.MustParseAddr(a)) == Source(netip.MustParseAddr(b)) }
	if !same("2001:db8:1:2:aaaa::1", "2001:db8:1:2:bbbb::2") || same("2001:db8:1:2::1", "2001:db8:1:3::1") {
		t.Error("IPv6 addresses are not counted by their /64")
	}
	if same("192.0.2.7", "192.0.2.8") {
		t.Error("two IPv4 addresses counted as one")
	}
	if got := Source(netip.MustParseAddr("::ffff:192.0.2.7")); got != netip.MustParseAddr("192.0.2.7") {
		t.Errorf("IPv4 written as IPv6 counted as %v", got)
	}
}

func TestTrusted(t *testing.T) {
	ranges := []netip.Prefix{netip.MustParsePrefix("10.0.0.0/8"), netip.MustParsePrefix("fd00::/8")}
	for in, want := range map[string]bool{"10.1.2.3": true, "::ffff:10.1.2.3": true, "fd00::1": true, "192.0.2.1": false, "fe80::1": false} {
		if got := Trusted(ranges, netip.MustParseAddr(in)); got != want {
			t.Errorf("Trusted(%s) = %v, want %v", in, got, want)
		}
	}
}

// Without debt a refusal costs nothing; with it, each refusal takes a
// token, down to a debt of the burst, and then says so.
func TestBucketsDebt(t *testing.T) {
	a, now := netip.MustParseAddr("192.0.2.1"), time.Unix(1e9, 0)
	plain := Buckets{PerMinute: 60, Burst: 2}
	indebted := Buckets{PerMinute: 60, Burst: 2, Debt: true}
	for i := range 2 {
		if ok, _ := plain.Take(a, now); !ok {
			t.Fatalf("plain: %d within the burst refused", i+1)
		}
		if ok, _ := indebted.Take(a, now); !ok {
			t.Fatalf("debt: %d within the burst refused", i+1)
		}
	}
	for i := range 3 {
		if ok, over := plain.Take(a, now); ok || over {
			t.Errorf("plain: refusal %d: allowed %v, overdrawn %v", i+1, ok, over)
		}
	}
	if ok, _ := plain.Take(a, now.Add(time.Second)); !ok {
		t.Error("plain: no token a second on, at one a second")
	}
	for i, want := range []bool{false, false, true} {
		if ok, over := indebted.Take(a, now); ok || over != want {
			t.Errorf("debt: refusal %d: allowed %v, overdrawn %v, want overdrawn %v", i+1, ok, over, want)
		}
	}
	// Two refusals took two tokens: one a second pays them back first.
	if ok, _ := indebted.Take(a, now.Add(2*time.Second)); ok {
		t.Error("debt: allowed before the debt was paid")
	}
	if ok, _ := (&Buckets{}).Take(a, now); !ok {
		t.Error("no rate refused")
	}
}

// Once MinPrune addresses are held, the buckets full again are dropped
// and those still spending kept, so that a refused address cannot start
// afresh by crowding the map.
func TestBucketsForgetOnlyFullOnes(t *testing.T) {
	const minPrune = 100
	b := Buckets{PerMinute: 1, Burst: 1, MinPrune: minPrune}
	now := time.Unix(1e9, 0)
	addr := func(n int) netip.Addr { return netip.AddrFrom4([4]byte{10, 0, byte(n >> 8), byte(n)}) }
	spender := addr(1000)
	b.Take(spender, now)
	for i := 0; b.Len() < minPrune; i++ {
		b.Take(addr(i), now.Add(-time.Minute)) // spent a minute ago: full again now
	}
	b.Take(addr(2000), now) // a new address: the map is pruned
	if b.Len() != 2 {
		t.Errorf("%d buckets after pruning, want the spender's and the new one", b.Len())
	}
	if ok, _ := b.Take(spender, now); ok {
		t.Error("pruning forgot an address that was still refused")
	}
}
