package posts

import (
	"fmt"
	"net/netip"
	"time"
)

// Origin is the address a write comes from and the limits on everything
// written from it, whatever the key: fresh keys are free, addresses are not.
type Origin struct {
	// Addr is an IPv4 address or the first address of an IPv6 /64 (one
	// host usually has a whole /64); the zero Addr limits nothing.
	Addr netip.Addr
	AddressLimits
}

// AddressLimits bound what one address may do; a zero limit is no limit.
type AddressLimits struct {
	Comments      RateLimit // comments from all the address's keys together
	NewIdentities RateLimit // keys that become identities (a first comment or name)
}

// DefaultAddressLimits let a household or office behind one address
// comment freely and stop one machine cycling through fresh keys.
var DefaultAddressLimits = AddressLimits{
	Comments:      RateLimit{Count: 10, Per: time.Minute},
	NewIdentities: RateLimit{Count: 3, Per: time.Hour},
}

// AddressRetention is how long the address of a comment or an identity is
// kept: long enough to moderate by it, then forgotten.
const AddressRetention = 30 * 24 * time.Hour

// The moderation actions on address ranges; ModAction.Target is the range.
const (
	ModBanRange   = "ban-range"
	ModUnbanRange = "unban-range"
)

// Minimum prefix lengths of a range ban: a wider one would ban a good part
// of the internet.
const (
	minBanBits4 = 8
	minBanBits6 = 16
)

// ParseRange reads an address range to ban: CIDR, or one address (an IPv4
// /32 or an IPv6 /64). IPv6 ranges narrower than /64 are refused, as they
// would not hold even one host. The result is masked: 203.0.113.0/24.
func ParseRange(s string) (netip.Prefix, error) {
	p, err := netip.ParsePrefix(s)
	if err != nil {
		a, aerr := netip.ParseAddr(s)
		switch {
		case aerr != nil:
			return netip.Prefix{}, Invalid(fmt.Sprintf("%q is not an address or a range like 203.0.113.0/24 or 2001:db8::/48.", CleanLine(s)))
		case a.Zone() != "":
			return netip.Prefix{}, Invalid("A range cannot have a zone.")
		}
		bits := 32
		if a.Unmap().Is6() {
			bits = 64
		}
		p = netip.PrefixFrom(a.Unmap(), bits)
	}
	if p.Addr().Is4In6() && p.Bits() >= 96 {
		p = netip.PrefixFrom(p.Addr().Unmap(), p.Bits()-96)
	}
	p = p.Masked()
	switch {
	case p.Addr().Is4() && p.Bits() < minBanBits4, p.Addr().Is6() && p.Bits() < minBanBits6:
		return netip.Prefix{}, Invalid(fmt.Sprintf("%s is too wide to ban: the widest is /%d for IPv4, /%d for IPv6.", p, minBanBits4, minBanBits6))
	case p.Addr().Is6() && p.Bits() > 64:
		return netip.Prefix{}, Invalid(fmt.Sprintf("%s is narrower than one host's /64; ban %s instead.", p, netip.PrefixFrom(p.Addr(), 64).Masked()))
	}
	return p, nil
}

// AddressLimited is the error for an address over one of its limits, saying
// how long to wait.
func AddressLimited(l RateLimit, wait time.Duration, newIdentities bool) error {
	secs := int((wait + time.Second - 1) / time.Second)
	when := Count(max(secs, 1), "second")
	if secs > 90 {
		when = Count((secs+59)/60, "minute")
	}
	// Short enough for one line of the reader's composer at 80 columns.
	msg := fmt.Sprintf("Your address can post %s, all keys together; wait %s.", l, when)
	if newIdentities {
		msg = fmt.Sprintf("Your address may bring %s %s; wait %s for the next.", Count(l.Count, "new key"), per(l.Per), when)
	}
	return &Error{Kind: ErrLimited, Msg: msg}
}

// per reads an hour as "an hour" rather than "per 1h0m0s".
func per(d time.Duration) string {
	switch d {
	case time.Hour:
		return "an hour"
	case time.Minute:
		return "a minute"
	}
	return "per " + d.String()
}
