package data

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/sshblog/sshblog/posts"
)

// Identity returns the reader with this key fingerprint; posts.ErrNotFound
// when they have never commented or chosen a name.
func (s *Store) Identity(ctx context.Context, fingerprint string) (posts.Identity, error) {
	var id posts.Identity
	var created int64
	var banned sql.NullInt64
	err := s.read.QueryRowContext(ctx, `SELECT fingerprint, name, public_key, created_at, banned_at
		FROM identities WHERE fingerprint = ?`, fingerprint).Scan(&id.Fingerprint, &id.Name, &id.PublicKey, &created, &banned)
	if errors.Is(err, sql.ErrNoRows) {
		return id, fmt.Errorf("identity %s: %w", fingerprint, posts.ErrNotFound)
	}
	if err != nil {
		return id, fmt.Errorf("identity %s: %w", fingerprint, err)
	}
	id.Created = time.Unix(created, 0).UTC()
	id.Banned = banned.Valid
	return id, nil
}

// NameTaken reports whether someone already goes by name, in any case.
func (s *Store) NameTaken(ctx context.Context, name string) (bool, error) {
	var n int
	err := s.read.QueryRowContext(ctx, `SELECT COUNT(*) FROM identities WHERE name = ?`, name).Scan(&n)
	return n > 0, err
}
