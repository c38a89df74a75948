package blog

import (
	"context"
	"errors"
	"net/netip"

	"github.com/sshblog/sshblog/posts"
)

// ErrNotAdmin is what a reader without an admin key is told when they try
// to moderate.
var ErrNotAdmin = posts.Forbidden("Only the blog's admins can moderate.")

// Moderate hides, unhides or deletes any comment; admins only.
func (t *Threads) Moderate(ctx context.Context, v Viewer, id int64, action string) (posts.Comment, error) {
	if !v.Admin {
		return posts.Comment{}, ErrNotAdmin
	}
	c, err := t.store.Moderate(ctx, v.Fingerprint, id, action)
	return t.changed(ctx, c, err)
}

// Ban bans (or with ban false, unbans) the reader with fingerprint target;
// admins only.
func (t *Threads) Ban(ctx context.Context, v Viewer, target string, ban bool) error {
	if !v.Admin {
		return ErrNotAdmin
	}
	if target == v.Fingerprint {
		return posts.Invalid("You cannot ban yourself.")
	}
	return t.store.SetBanned(ctx, v.Fingerprint, target, ban)
}

// Banned reports whether the reader with fingerprint is banned.
func (t *Threads) Banned(ctx context.Context, fingerprint string) (bool, error) {
	id, err := t.store.Identity(ctx, fingerprint)
	if errors.Is(err, posts.ErrNotFound) {
		return false, nil
	}
	return id.Banned, err
}

// ModerationLog is the newest moderation actions; admins only.
func (t *Threads) ModerationLog(ctx context.Context, v Viewer, limit int) ([]posts.ModAction, error) {
	if !v.Admin {
		return nil, ErrNotAdmin
	}
	return t.store.ModerationLog(ctx, limit)
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
