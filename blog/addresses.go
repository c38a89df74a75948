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
