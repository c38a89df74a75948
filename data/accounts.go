package data

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/sshblog/sshblog/posts"
)

// keyTouchEvery is how stale a key's last use may get before a login writes
// it again: a login is a read, and at most an hourly write per key.
const keyTouchEvery = time.Hour

// KeyIdentity is the identity the key with fingerprint logs in as: the one
// its row names, else the key's own fingerprint (a reader as before).
func (s *Store) KeyIdentity(ctx context.Context, key string) (string, error) {
	identity, _, err := s.keyRow(ctx, key)
	return identity, err
}

// LoginKey is KeyIdentity for a login with the key, which it dates, at
// most hourly: a login is a read, not a write.
func (s *Store) LoginKey(ctx context.Context, key string) (string, error) {
	identity, used, err := s.keyRow(ctx, key)
	now := s.Now()
	if err != nil || used.IsZero() || now.Sub(used) < keyTouchEvery {
		return identity, err
	}
	return identity, s.inTx(ctx, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, `UPDATE keys SET last_used = ? WHERE fingerprint = ? AND last_used < ?`,
			now.Unix(), key, now.Add(-keyTouchEvery).Unix())
		return err
	})
}

// keyRow is the identity of key and when it was last used; the key itself
// and the zero time when it has no row.
func (s *Store) keyRow(ctx context.Context, key string) (string, time.Time, error) {
	var identity string
	var used int64
	err := s.read.QueryRowContext(ctx, `SELECT identity, last_used FROM keys WHERE fingerprint = ?`, key).Scan(&identity, &used)
	switch {
	case errors.Is(err, sql.ErrNoRows):
		return key, time.Time{}, nil
	case err != nil:
		return "", time.Time{}, fmt.Errorf("key %s: %w", key, err)
	}
	return identity, time.Unix(used, 0), nil
}

// Keys lists the keys of identity, oldest first.
func (s *Store) Keys(ctx context.Context, identity string) ([]posts.Key, error) {
	rows, err := s.read.QueryContext(ctx, `SELECT fingerprint, public_key, added_at, last_used FROM keys
		WHERE identity = ? ORDER BY added_at, fingerprint`, identity)
	if err != nil {
		return nil, fmt.Errorf("keys of %s: %w", identity, err)
	}
	defer rows.Close()
	var list []posts.Key
	for rows.Next() {
		var k posts.Key
		var pub string
		var added, used int64
		if err := rows.Scan(&k.Fingerprint, &pub, &added, &used); err != nil {
			return nil, fmt.Errorf("keys of %s: %w", identity, err)
		}
		k.Type, k.Added, k.LastUsed = posts.KeyType(pub), time.Unix(added, 0).UTC(), time.Unix(used, 0).UTC()
		list = append(list, k)
	}
	return list, rows.Err()
}

// NewLinkCode keeps the hash of a fresh link code for identity, valid
// until expires, in place of any unused code it had. Only an identity with
// a name can hand out codes: posts.ErrNoName otherwise.
func (s *Store) NewLinkCode(ctx context.Context, identity, codeHash string, expires time.Time) error {
	return s.inTx(ctx, func(tx *sql.Tx) error {
		now := s.Now().Unix()
		if _, err := tx.ExecContext(ctx, `DELETE FROM link_codes WHERE (identity = ? AND used_at IS NULL) OR expires_at < ?`,
			identity, now-int64(24*time.Hour/time.Second)); err != nil {
			return err
		}
		res, err := tx.ExecContext(ctx, `INSERT INTO link_codes (code_hash, identity, created_at, expires_at)
			SELECT ?, ?, ?, ? WHERE EXISTS (SELECT 1 FROM identities WHERE fingerprint = ? AND name IS NOT NULL)`,
			codeHash, identity, now, expires.Unix(), identity)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return &posts.Error{Kind: posts.ErrNoName, Msg: "Choose a display name before linking keys: the name is what your keys will share."}
		}
		return nil
	})
}

// recentLinkAttempts is what overLimit counts for the link caps.
const recentLinkAttempts = `SELECT at FROM link_attempts WHERE scope = ?`

// Link joins the request's key to the identity of its code, in one
// transaction: within the caps on failed attempts, the code unused and
// unexpired, and the key without a name or comments of its own. A key that
// only read is merged: its visit joins the identity's. A failed attempt is
// recorded (and counts) even though nothing else changes. It returns the
// identity linked to.
func (s *Store) Link(ctx context.Context, r posts.LinkRequest) (string, error) {
	var identity string
	var refusal error
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		now := s.Now()
		scopes := map[string]posts.RateLimit{"key:" + r.Identity: r.Limits.PerKey, "all": r.Limits.Overall}
		if r.Addr.IsValid() {
			scopes["addr:"+r.Addr.String()] = r.Limits.PerAddress
		}
		longest := max(r.Limits.PerKey.Per, r.Limits.PerAddress.Per, r.Limits.Overall.Per)
		if _, err := tx.ExecContext(ctx, `DELETE FROM link_attempts WHERE at <= ?`, now.Add(-longest).Unix()); err != nil {
			return err
		}
		for scope, limit := range scopes {
			if wait, over, err := overLimit(ctx, tx, recentLinkAttempts, scope, limit, now); err != nil || over {
				return errOr(err, posts.LinkLimited(wait))
			}
		}
		err := tx.QueryRowContext(ctx, `UPDATE link_codes SET used_at = ?
			WHERE code_hash = ? AND used_at IS NULL AND expires_at > ? RETURNING identity`,
			now.Unix(), r.CodeHash, now.Unix()).Scan(&identity)
		if errors.Is(err, sql.ErrNoRows) {
			if refusal, err = whyNoCode(ctx, tx, r.CodeHash); err != nil {
				return err
			}
			for scope := range scopes {
				if _, err := tx.ExecContext(ctx, `INSERT INTO link_attempts (scope, at) VALUES (?, ?)`, scope, now.Unix()); err != nil {
					return err
				}
			}
			return nil // commit the attempts
		}
		if err != nil {
			return err
		}
		return linkKey(ctx, tx, r, identity, now)
	})
	if err == nil {
		err = refusal
	}
	return identity, err
}

// whyNoCode says why a code hash matched no usable code.
func whyNoCode(ctx context.Context, tx *sql.Tx, codeHash string) (error, error) {
	var used bool
	err := tx.QueryRowContext(ctx, `SELECT used_at IS NOT NULL FROM link_codes WHERE code_hash = ?`, codeHash).Scan(&used)
	switch {
	case errors.Is(err, sql.ErrNoRows):
		return posts.BadLinkCode("That link code is wrong, or has expired (a code works for 10 minutes)."), nil
	case err != nil:
		return nil, err
	case used:
		return posts.BadLinkCode("That link code was already used; a code works once."), nil
	}
	return posts.BadLinkCode("That link code has expired; a code works for 10 minutes."), nil
}

// linkKey adds r's key to identity, unless the key is already its, or has a
// name (and so perhaps comments) of its own; its visit merges into the
// identity's, and its places in posts.
func linkKey(ctx context.Context, tx *sql.Tx, r posts.LinkRequest, identity string, now time.Time) error {
	if r.Identity == identity {
		return posts.LinkRefused("This key already belongs to that account.")
	}
	var name sql.NullString
	err := tx.QueryRowContext(ctx, `SELECT name FROM identities WHERE fingerprint = ?`, r.Identity).Scan(&name)
	if err == nil {
		msg := "This key already has an account here"
		if name.Valid {
			msg += fmt.Sprintf(" (as %s)", name.String)
		}
		return posts.LinkRefused(msg + "; keys with a name or comments cannot be merged. Link a fresh key, or erase this key's account first.")
	}
	if !errors.Is(err, sql.ErrNoRows) {
		return err
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO keys (fingerprint, identity, public_key, added_at, last_used, announced)
		VALUES (?, ?, ?, ?, ?, 0) ON CONFLICT (fingerprint) DO UPDATE SET identity = excluded.identity,
		added_at = excluded.added_at, last_used = excluded.last_used, announced = 0`,
		r.Key, identity, r.PublicKey, now.Unix(), now.Unix()); err != nil {
		return err
	}
	return mergeReading(ctx, tx, r.Identity, identity)
}

// mergeReading moves what the reader from had only as a visitor (when they
// last came, where they are in posts) to the identity into; the newer wins.
func mergeReading(ctx context.Context, tx *sql.Tx, from, into string) error {
	for _, q := range []string{
		`INSERT INTO visits (fingerprint, last_seen) SELECT ?1, last_seen FROM visits WHERE fingerprint = ?2 AND true
			ON CONFLICT (fingerprint) DO UPDATE SET last_seen = max(last_seen, excluded.last_seen)`,
		`DELETE FROM visits WHERE fingerprint = ?2`,
		`INSERT INTO reading_positions (identity, slug, fraction, at) SELECT ?1, slug, fraction, at FROM reading_positions
			WHERE identity = ?2 AND true ON CONFLICT (identity, slug) DO UPDATE SET fraction = excluded.fraction, at = excluded.at
			WHERE excluded.at > reading_positions.at`,
		`DELETE FROM reading_positions WHERE identity = ?2`,
	} {
		if _, err := tx.ExecContext(ctx, q, into, from); err != nil {
			return err
		}
	}
	return nil
}

// Unlink removes key from identity, never its last one. A key whose
// fingerprint is the identity's id is pointed at fresh instead, so that it
// comes back as a new reader, not as the identity it left.
func (s *Store) Unlink(ctx context.Context, identity, key, fresh string) error {
	return s.inTx(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `DELETE FROM keys WHERE fingerprint = ? AND identity = ?
			AND (SELECT COUNT(*) FROM keys WHERE identity = ?) > 1`, key, identity, identity)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return unlinkRefusal(ctx, tx, identity, key)
		}
		if key != identity {
			return nil
		}
		_, err = tx.ExecContext(ctx, `INSERT INTO keys (fingerprint, identity, public_key, added_at, last_used)
			SELECT fingerprint, ?, public_key, ?, ? FROM identities WHERE fingerprint = ?`,
			fresh, s.Now().Unix(), s.Now().Unix(), key)
		return err
	})
}

func unlinkRefusal(ctx context.Context, tx *sql.Tx, identity, key string) error {
	var mine bool
	if err := tx.QueryRowContext(ctx, `SELECT EXISTS (SELECT 1 FROM keys WHERE fingerprint = ? AND identity = ?)`, key, identity).Scan(&mine); err != nil {
		return err
	}
	if !mine {
		return &posts.Error{Kind: posts.ErrNotFound, Msg: fmt.Sprintf("%s is not one of your keys.", posts.CleanLine(key))}
	}
	return posts.Invalid("That is your only key, so it cannot be unlinked; to remove your account, use erase.")
}

// LinkNotices returns the keys linked to identity that its other keys have
// not been told of, and marks them told; key is the one logged in now, which
// knows of itself.
func (s *Store) LinkNotices(ctx context.Context, identity, key string) ([]posts.Key, error) {
	// Almost every login has none to tell: a read, not a write, finds out.
	var waiting bool
	if err := s.read.QueryRowContext(ctx, `SELECT EXISTS (SELECT 1 FROM keys WHERE identity = ? AND announced = 0 AND fingerprint <> ?)`,
		identity, key).Scan(&waiting); err != nil || !waiting {
		return nil, err
	}
	var list []posts.Key
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		rows, err := tx.QueryContext(ctx, `UPDATE keys SET announced = 1 WHERE identity = ? AND announced = 0 AND fingerprint <> ?
			RETURNING fingerprint, public_key, added_at`, identity, key)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var k posts.Key
			var pub string
			var added int64
			if err := rows.Scan(&k.Fingerprint, &pub, &added); err != nil {
				return err
			}
			k.Type, k.Added = posts.KeyType(pub), time.Unix(added, 0).UTC()
			list = append(list, k)
		}
		return rows.Err()
	})
	return list, err
}

// overLimit reports whether limit.Count rows of recent for key fall in the
// last limit.Per, and if so how long until the oldest of them leaves it.
func overLimit(ctx context.Context, tx *sql.Tx, recent, key string, limit posts.RateLimit, now time.Time) (time.Duration, bool, error) {
	if limit.Count <= 0 {
		return 0, false, nil
	}
	var n int
	var oldest sql.NullInt64
	err := tx.QueryRowContext(ctx, `SELECT COUNT(*), MIN(at) FROM (`+recent+` AND at > ? ORDER BY at DESC LIMIT ?)`,
		key, now.Add(-limit.Per).Unix(), limit.Count).Scan(&n, &oldest)
	if err != nil || n < limit.Count {
		return 0, false, err
	}
	wait := time.Unix(oldest.Int64, 0).Add(limit.Per).Sub(now)
	return max(wait, time.Second), true, nil
}
