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

// ForgetAddresses erases the addresses of comments and identities whose
// posts.AddressRetention ends before the next daily sweep (SweepDaily). The
// sweep alone forgets them, a day ahead, so none is kept past its retention
// however quiet or busy the blog: the writes that keep an address have no
// forgetting to do.
func (s *Store) ForgetAddresses(ctx context.Context) error {
	forget := s.Now().Add(pruneEvery - posts.AddressRetention)
	_, err := s.eng.atomic(ctx, withArgs(forgetSources, map[string]any{"forget": forget.Unix()}))
	return err
}

// forgetSources erase the addresses of rows made before :forget (unix seconds).
var forgetSources = statements(
	stmt{sql: `UPDATE comments SET source = NULL WHERE source IS NOT NULL AND created_at < :forget`},
	stmt{sql: `UPDATE identities SET source = NULL WHERE source IS NOT NULL AND created_at < :forget`},
)

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
