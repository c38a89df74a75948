package data

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/mattn/go-sqlite3"

	"github.com/sshblog/sshblog/posts"
)

// Identity returns the reader with this key fingerprint; posts.ErrNotFound
// when they have never commented or chosen a name.
func (s *Store) Identity(ctx context.Context, fingerprint string) (posts.Identity, error) {
	var id posts.Identity
	var created int64
	var banned sql.NullInt64
	err := s.read.QueryRowContext(ctx, `SELECT fingerprint, coalesce(name, ''), public_key, created_at, banned_at
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

// SetName gives the reader with this key a display name, creating their
// identity if they have none (within from's limit on new identities). A name
// someone else has is a posts.ErrConflict. The name must have passed
// posts.CheckName.
func (s *Store) SetName(ctx context.Context, id posts.Identity, from posts.Origin) error {
	return s.inTx(ctx, func(tx *sql.Tx) error {
		now := s.Now()
		if err := forgetAddresses(ctx, tx, now); err != nil {
			return err
		}
		return setName(ctx, tx, id, from, now)
	})
}

func setName(ctx context.Context, tx *sql.Tx, id posts.Identity, from posts.Origin, now time.Time) error {
	var known bool
	if err := tx.QueryRowContext(ctx, `SELECT EXISTS (SELECT 1 FROM identities WHERE fingerprint = ?)`, id.Fingerprint).Scan(&known); err != nil {
		return err
	}
	if !known {
		if err := addressWithin(ctx, tx, newIdentitiesFromAddress, from.Addr, from.NewIdentities, now); err != nil {
			return err
		}
	}
	_, err := tx.ExecContext(ctx, `INSERT INTO identities (fingerprint, name, public_key, created_at, source) VALUES (?, ?, ?, ?, ?)
		ON CONFLICT (fingerprint) DO UPDATE SET name = excluded.name`,
		id.Fingerprint, id.Name, id.PublicKey, now.Unix(), addressValue(from.Addr))
	var se sqlite3.Error
	if errors.As(err, &se) && se.ExtendedCode == sqlite3.ErrConstraintUnique {
		return posts.Conflict(fmt.Sprintf("Someone already goes by %q; choose another name.", id.Name))
	}
	return err
}
