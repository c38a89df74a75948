package data

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
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
	if err != nil || used.IsZero() {
		return identity, err
	}
	return identity, s.dateKeyUse(ctx, key, used)
}

// dateKeyUse dates a login with key, last used at used, if that is over
// keyTouchEvery ago. A cluster that cannot take the date just now (an
// election) does not stop the login: the next one dates the key.
func (s *Store) dateKeyUse(ctx context.Context, key string, used time.Time) error {
	now := s.Now()
	if now.Sub(used) < keyTouchEvery {
		return nil
	}
	_, err := s.eng.atomic(ctx, withArgs(touchKey, map[string]any{
		"fp": key, "now": now.Unix(), "stale": now.Add(-keyTouchEvery).Unix()}))
	if Unreachable(err) {
		err = nil
	}
	return err
}

// touchKey dates a key's use, unless another login did within the hour.
var touchKey = statements(stmt{sql: `UPDATE keys SET last_used = :now WHERE fingerprint = :fp AND last_used < :stale`})

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
	now := s.Now().Unix()
	why, err := s.verdictOf(ctx, newLinkCodeStmts, map[string]any{"id": identity, "hash": codeHash,
		"now": now, "expires": expires.Unix(), "forget": now - int64(24*time.Hour/time.Second)})
	if err != nil || !why.Valid {
		return err
	}
	return &posts.Error{Kind: posts.ErrNoName, Msg: "Choose a display name before linking keys: the name is what your keys will share."}
}

var newLinkCodeStmts = append(decide(`CASE WHEN NOT EXISTS (SELECT 1 FROM identities WHERE fingerprint = :id AND name IS NOT NULL) THEN 'noname' END`),
	statements(
		stmt{sql: `DELETE FROM link_codes WHERE ((identity = :id AND used_at IS NULL) OR expires_at < :forget) AND ` + decided},
		stmt{sql: `INSERT INTO link_codes (code_hash, identity, created_at, expires_at) SELECT :hash, :id, :now, :expires WHERE ` + decided},
		verdict,
	)...)

// What Link's request says of its code, by named parameter.
const (
	recentLinkAttempts = `SELECT at FROM link_attempts WHERE scope = `
	linkCodeIdentity   = `(SELECT identity FROM link_codes WHERE code_hash = :hash)`
)

// linkVerdict is why a link may not be made: a cap on failed attempts
// reached (per key, per address, overall), the code wrong, used or expired,
// or the key already the code's identity's or an account of its own.
var linkVerdict = `CASE
	WHEN ` + overWindow(recentLinkAttempts+`:key_scope`, "key") + ` THEN 'key'
	WHEN ` + overWindow(recentLinkAttempts+`:addr_scope`, "addr") + ` THEN 'addr'
	WHEN ` + overWindow(recentLinkAttempts+`'all'`, "all") + ` THEN 'all'
	WHEN NOT EXISTS (SELECT 1 FROM link_codes WHERE code_hash = :hash) THEN 'wrong'
	WHEN EXISTS (SELECT 1 FROM link_codes WHERE code_hash = :hash AND used_at IS NOT NULL) THEN 'used'
	WHEN EXISTS (SELECT 1 FROM link_codes WHERE code_hash = :hash AND expires_at <= :now) THEN 'expired'
	WHEN ` + linkCodeIdentity + ` = :from THEN 'same'
	WHEN EXISTS (SELECT 1 FROM identities WHERE fingerprint = :from) THEN 'account'
	END`

// linkStmts are Link's one request. A wrong, used or expired code records
// an attempt in each scope; a good one is used up, the key joins the code's
// identity, and what the key had as a visitor (when it last came, where it
// is in posts) merges into the identity's, the newer winning. Sent again
// after an unclear failure, it answers as it first did (decideOnce) and
// counts no attempt twice. The last statement says what happened: the
// verdict, the oldest attempt in a full window, the identity linked to, and
// the key's own name.
var linkStmts = append(decideOnce(linkVerdict), statements(
	stmt{sql: `DELETE FROM link_attempts WHERE at <= :prune`},
	stmt{sql: `INSERT INTO link_attempts (scope, at) SELECT value, :now FROM json_each(:scopes)
		WHERE (SELECT why FROM temp.decision) IN ('wrong', 'used', 'expired')`},
	stmt{sql: `UPDATE link_codes SET used_at = :now WHERE code_hash = :hash AND ` + decided},
	stmt{sql: `INSERT INTO keys (fingerprint, identity, public_key, added_at, last_used, announced)
		SELECT :key, ` + linkCodeIdentity + `, :pk, :now, :now, 0 WHERE ` + decided + `
		ON CONFLICT (fingerprint) DO UPDATE SET identity = excluded.identity,
		added_at = excluded.added_at, last_used = excluded.last_used, announced = 0`},
	stmt{sql: `INSERT INTO visits (fingerprint, last_seen) SELECT ` + linkCodeIdentity + `, last_seen FROM visits
		WHERE fingerprint = :from AND ` + decided + `
		ON CONFLICT (fingerprint) DO UPDATE SET last_seen = max(last_seen, excluded.last_seen)`},
	stmt{sql: `DELETE FROM visits WHERE fingerprint = :from AND ` + decided},
	stmt{sql: `INSERT INTO reading_positions (identity, slug, fraction, at)
		SELECT ` + linkCodeIdentity + `, slug, fraction, at FROM reading_positions WHERE identity = :from AND ` + decided + `
		ON CONFLICT (identity, slug) DO UPDATE SET fraction = excluded.fraction, at = excluded.at
		WHERE excluded.at > reading_positions.at`},
	stmt{sql: `DELETE FROM reading_positions WHERE identity = :from AND ` + decided},
	keepAnswer,
	stmt{sql: `SELECT why, CASE why
		WHEN 'key' THEN ` + oldestInWindow(recentLinkAttempts+`:key_scope`, "key") + `
		WHEN 'addr' THEN ` + oldestInWindow(recentLinkAttempts+`:addr_scope`, "addr") + `
		WHEN 'all' THEN ` + oldestInWindow(recentLinkAttempts+`'all'`, "all") + ` END,
		` + linkCodeIdentity + `, (SELECT name FROM identities WHERE fingerprint = :from) FROM answers WHERE submission = :sub`, rows: true},
)...)

// Link joins the request's key to the identity of its code, in one atomic
// request: within the caps on failed attempts, the code unused and
// unexpired, and the key without a name or comments of its own. A key that
// only read is merged: its visit joins the identity's. A failed attempt is
// recorded (and counts): the request commits it, and then Link refuses. It
// returns the identity linked to.
func (s *Store) Link(ctx context.Context, r posts.LinkRequest) (string, error) {
	now := s.Now()
	scopes := []string{"key:" + r.Identity, "all"}
	addrScope, addrLimit := "", posts.RateLimit{} // no address, no cap by address
	if r.Addr.IsValid() {
		addrScope, addrLimit = "addr:"+r.Addr.String(), r.Limits.PerAddress
		scopes = append(scopes, addrScope)
	}
	scopeList, _ := json.Marshal(scopes)
	longest := max(r.Limits.PerKey.Per, r.Limits.PerAddress.Per, r.Limits.Overall.Per)
	args := map[string]any{"hash": r.CodeHash, "key": r.Key, "pk": r.PublicKey, "from": r.Identity,
		"now": now.Unix(), "prune": now.Add(-longest).Unix(), "scopes": string(scopeList),
		"key_scope": scopes[0], "addr_scope": addrScope, "sub": newSubmission()}
	limitArgs(args, "key", r.Limits.PerKey, now)
	limitArgs(args, "addr", addrLimit, now)
	limitArgs(args, "all", r.Limits.Overall, now)
	res, err := s.eng.atomic(ctx, withArgs(linkStmts, args))
	if err != nil {
		return "", err
	}
	var why, identity, name sql.NullString
	var oldest sql.NullInt64
	if err := res[len(res)-1].row().Scan(&why, &oldest, &identity, &name); err != nil {
		return "", err
	}
	if !why.Valid {
		return identity.String, nil
	}
	limits := map[string]posts.RateLimit{"key": r.Limits.PerKey, "addr": addrLimit, "all": r.Limits.Overall}
	switch why.String {
	case "key", "addr", "all":
		return "", posts.LinkLimited(waitFor(oldest.Int64, limits[why.String], now))
	case "wrong":
		return "", posts.BadLinkCode("That link code is wrong, or has expired (a code works for 10 minutes).")
	case "used":
		return "", posts.BadLinkCode("That link code was already used; a code works once.")
	case "expired":
		return "", posts.BadLinkCode("That link code has expired; a code works for 10 minutes.")
	case "same":
		return "", posts.LinkRefused("This key already belongs to that account.")
	case "account":
		msg := "This key already has an account here"
		if name.Valid {
			msg += fmt.Sprintf(" (as %s)", name.String)
		}
		return "", posts.LinkRefused(msg + "; keys with a name or comments cannot be merged. Link a fresh key, or erase this key's account first.")
	}
	return "", fmt.Errorf("link: unknown verdict %q", why.String)
}

// Unlink removes key from identity, never its last one. A key whose
// fingerprint is the identity's id is pointed at fresh instead, so that it
// comes back as a new reader, not as the identity it left. Sent again after
// an unclear failure, it answers as it first did (decideOnce).
func (s *Store) Unlink(ctx context.Context, identity, key, fresh string) error {
	why, err := s.verdictOf(ctx, unlinkStmts, map[string]any{
		"id": identity, "key": key, "fresh": fresh, "now": s.Now().Unix(), "sub": newSubmission()})
	if err != nil || !why.Valid {
		return err
	}
	if why.String == "notyours" {
		return &posts.Error{Kind: posts.ErrNotFound, Msg: fmt.Sprintf("%s is not one of your keys.", posts.CleanLine(key))}
	}
	return posts.Invalid("That is your only key, so it cannot be unlinked; to remove your account, use erase.")
}

var unlinkStmts = slices.Concat(decideOnce(`CASE
	WHEN NOT EXISTS (SELECT 1 FROM keys WHERE fingerprint = :key AND identity = :id) THEN 'notyours'
	WHEN (SELECT COUNT(*) FROM keys WHERE identity = :id) <= 1 THEN 'only' END`), statements(
	stmt{sql: `DELETE FROM keys WHERE fingerprint = :key AND identity = :id AND ` + decided},
	stmt{sql: `INSERT INTO keys (fingerprint, identity, public_key, added_at, last_used)
		SELECT fingerprint, :fresh, public_key, :now, :now FROM identities WHERE fingerprint = :key AND :key = :id AND ` + decided},
), answered)

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
	return s.linkNotices(ctx, identity, key, rand.Int64N(math.MaxInt64)+1)
}

// linkNotices is LinkNotices's write, which marks the keys it tells of with
// told (not 0): sent again after an unclear failure, it finds them again.
func (s *Store) linkNotices(ctx context.Context, identity, key string, told int64) ([]posts.Key, error) {
	res, err := s.eng.atomic(ctx, withArgs(announceKeys, map[string]any{"id": identity, "key": key, "told": told}))
	if err != nil {
		return nil, err
	}
	var list []posts.Key
	for _, row := range res[1].rows {
		var k posts.Key
		var pub string
		var added int64
		if err := (valuesRow{values: row}).Scan(&k.Fingerprint, &pub, &added); err != nil {
			return nil, err
		}
		k.Type, k.Added = posts.KeyType(pub), time.Unix(added, 0).UTC()
		list = append(list, k)
	}
	return list, nil
}

// announceKeys marks the keys not yet told of, then reads them.
var announceKeys = statements(
	stmt{sql: `UPDATE keys SET announced = :told WHERE identity = :id AND announced = 0 AND fingerprint <> :key`},
	stmt{sql: `SELECT fingerprint, public_key, added_at FROM keys WHERE identity = :id AND announced = :told
		ORDER BY added_at, fingerprint`, rows: true},
)
