package data

import (
	"context"
	"database/sql"
	"errors"
	"net/netip"

	"github.com/sshblog/sshblog/posts"
)

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

// ForgetAddresses erases the addresses of comments and identities older
// than posts.AddressRetention: the daily sweep's work, so that a quiet blog
// keeps none past it either.
func (s *Store) ForgetAddresses(ctx context.Context) error {
	_, err := s.eng.atomic(ctx, withArgs(forgetSources, map[string]any{"forget": s.Now().Add(-posts.AddressRetention).Unix()}))
	return err
}

var forgetSources = statements(stmt{sql: forgetCommentSources}, stmt{sql: forgetIdentitySources})

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
