package blog

import (
	"context"
	"net/netip"

	"github.com/sshblog/sshblog/posts"
)

// RangeStore is what range bans need from storage.
type RangeStore interface {
	SetRangeBanned(ctx context.Context, admin string, prefix netip.Prefix, banned bool) error
	RangeBanned(ctx context.Context, prefix netip.Prefix) (bool, error)
	CommentAddress(ctx context.Context, id int64) (netip.Addr, error)
}

// LimitAddresses sets what one address may do, whatever its keys; call it
// before serving. Without it addresses are not limited.
func (t *Threads) LimitAddresses(l posts.AddressLimits) { t.perAddress = l }

// origin is where the viewer's writes come from, with the limits on it.
func (t *Threads) origin(v Viewer) posts.Origin {
	return posts.Origin{Addr: v.Addr, AddressLimits: t.perAddress}
}

// BanRange bans (or with ban false, unbans) an address range from
// commenting; admins only, and never a range holding the admin's own address.
func (t *Threads) BanRange(ctx context.Context, v Viewer, prefix netip.Prefix, ban bool) error {
	if !v.Admin {
		return ErrNotAdmin
	}
	if ban && prefix.Contains(v.Addr) {
		return posts.Invalid("You cannot ban a range your own address is in.")
	}
	return t.store.SetRangeBanned(ctx, v.Fingerprint, prefix, ban)
}

// CommentRange is the range a comment was posted from (an IPv4 /32 or an
// IPv6 /64) and whether that range is banned; admins only. The zero Prefix
// when the address is no longer kept.
func (t *Threads) CommentRange(ctx context.Context, v Viewer, id int64) (netip.Prefix, bool, error) {
	if !v.Admin {
		return netip.Prefix{}, false, ErrNotAdmin
	}
	addr, err := t.store.CommentAddress(ctx, id)
	if err != nil || !addr.IsValid() {
		return netip.Prefix{}, false, err
	}
	prefix, err := posts.ParseRange(addr.String())
	if err != nil {
		return netip.Prefix{}, false, err
	}
	banned, err := t.store.RangeBanned(ctx, prefix)
	return prefix, banned, err
}
