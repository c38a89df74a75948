package data

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/netip"
	"time"

	"github.com/sshblog/sshblog/posts"
)

// What counts against an address: its comments (recentFromAddress, with the
// other counts in comments.go) and the identities made from it.
const newIdentitiesFromAddress = `SELECT created_at AS at FROM identities WHERE source = ?`

// errOr is err when there is one, else refusal: the two outcomes of a check
// that can fail to run.
func errOr(err, refusal error) error {
	if err != nil {
		return err
	}
	return refusal
}

// addressValue is how an address is stored: NULL when unknown.
func addressValue(a netip.Addr) any {
	if !a.IsValid() {
		return nil
	}
	return a.String()
}

// addressWithin refuses a comment from addr past limit (all its keys
// together); with newIdentitiesFromAddress, a new identity past it.
func addressWithin(ctx context.Context, tx *sql.Tx, recent string, addr netip.Addr, limit posts.RateLimit, now time.Time) error {
	if !addr.IsValid() {
		return nil
	}
	wait, over, err := overLimit(ctx, tx, recent, addr.String(), limit, now)
	if err != nil || !over {
		return err
	}
	return posts.AddressLimited(limit, wait, recent == newIdentitiesFromAddress)
}

// rangeBanned reports whether addr is in a banned range. The ranges are few
// (an admin types each), so they are all read and matched here.
func rangeBanned(ctx context.Context, tx *sql.Tx, addr netip.Addr) (bool, error) {
	if !addr.IsValid() {
		return false, nil
	}
	rows, err := tx.QueryContext(ctx, `SELECT prefix FROM banned_ranges`)
	if err != nil {
		return false, fmt.Errorf("banned ranges: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var s string
		if err := rows.Scan(&s); err != nil {
			return false, fmt.Errorf("banned ranges: %w", err)
		}
		if p, err := netip.ParsePrefix(s); err == nil && p.Contains(addr) {
			return true, nil
		}
	}
	return false, rows.Err()
}

// ForgetAddresses erases the addresses of comments and identities older
// than posts.AddressRetention: the daily sweep's work, so that a quiet blog
// keeps none past it either.
func (s *Store) ForgetAddresses(ctx context.Context) error {
	return s.inTx(ctx, func(tx *sql.Tx) error { return forgetAddresses(ctx, tx, s.Now()) })
}

// forgetAddresses erases the addresses older than posts.AddressRetention. It
// runs with every comment and new name too, in their transaction, so a busy
// blog forgets on time between sweeps; the partial indexes make it a
// look-up when there is nothing to forget.
func forgetAddresses(ctx context.Context, tx *sql.Tx, now time.Time) error {
	before := now.Add(-posts.AddressRetention).Unix()
	for _, table := range []string{"comments", "identities"} {
		if _, err := tx.ExecContext(ctx, `UPDATE `+table+` SET source = NULL WHERE source IS NOT NULL AND created_at < ?`, before); err != nil {
			return fmt.Errorf("forget addresses of %s: %w", table, err)
		}
	}
	return nil
}

// SetRangeBanned bans or unbans an address range for an admin and records it
// in the moderation log. Banning a range already banned changes nothing;
// unbanning one that is not is a posts.ErrNotFound.
func (s *Store) SetRangeBanned(ctx context.Context, admin string, prefix netip.Prefix, banned bool) error {
	return s.inTx(ctx, func(tx *sql.Tx) error {
		now := s.Now().Unix()
		action, query, args := posts.ModUnbanRange, `DELETE FROM banned_ranges WHERE prefix = ?`, []any{prefix.String()}
		if banned {
			action, query = posts.ModBanRange, `INSERT INTO banned_ranges (prefix, admin, at) VALUES (?, ?, ?) ON CONFLICT DO NOTHING`
			args = append(args, admin, now)
		}
		res, err := tx.ExecContext(ctx, query, args...)
		if err != nil {
			return err
		}
		n, err := res.RowsAffected()
		switch {
		case err != nil:
			return err
		case n == 0 && banned:
			return nil
		case n == 0:
			return &posts.Error{Kind: posts.ErrNotFound, Msg: fmt.Sprintf("%s is not banned.", prefix)}
		}
		return logAction(ctx, tx, admin, action, 0, prefix.String(), now)
	})
}

// RangeBanned reports whether prefix itself is banned (not a range holding it).
func (s *Store) RangeBanned(ctx context.Context, prefix netip.Prefix) (bool, error) {
	var n int
	err := s.read.QueryRowContext(ctx, `SELECT COUNT(*) FROM banned_ranges WHERE prefix = ?`, prefix.String()).Scan(&n)
	return n > 0, err
}

// CommentAddress is the address comment id was posted from: invalid when it
// is not known (posted before addresses were kept, or already forgotten).
func (s *Store) CommentAddress(ctx context.Context, id int64) (netip.Addr, error) {
	var source sql.NullString
	err := s.read.QueryRowContext(ctx, `SELECT source FROM comments WHERE id = ?`, id).Scan(&source)
	if errors.Is(err, sql.ErrNoRows) {
		return netip.Addr{}, &posts.Error{Kind: posts.ErrNotFound, Msg: "That comment is no longer there."}
	}
	if err != nil || !source.Valid {
		return netip.Addr{}, err
	}
	return netip.ParseAddr(source.String)
}
