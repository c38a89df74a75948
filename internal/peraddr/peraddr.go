// Package peraddr is how both front doors, SSH and the web, count a
// client: by its address as their limits see it, believing a proxy about
// whose connection it relays only when the proxy is trusted, and with a
// token bucket per address.
package peraddr

import "net/netip"

// Source is the address limits count ip under: ip itself, IPv4 written as
// IPv6 taken as IPv4, or for IPv6 its /64, which one host usually has
// whole.
func Source(ip netip.Addr) netip.Addr {
	ip = ip.Unmap()
	if ip.Is6() {
		p, _ := ip.Prefix(64)
		return p.Addr()
	}
	return ip
}

// Trusted reports whether ip, unmapped, is in one of the ranges.
func Trusted(ranges []netip.Prefix, ip netip.Addr) bool {
	ip = ip.Unmap()
	for _, p := range ranges {
		if p.Contains(ip) {
			return true
		}
	}
	return false
}
