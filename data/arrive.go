package data

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"github.com/sshblog/sshblog/posts"
)

// arrivalQuery reads, for a login key, what LoginKey, Settings and Visit
// read one by one: the key's identity and last use, that identity's
// settings and its last visit. It always gives one row, with NULLs for what
// is not there.
const arrivalQuery = `SELECT k.identity, k.last_used, st.theme, st.width, st.plain, st.bell, v.last_seen
	FROM (SELECT ? AS fp) AS a
	LEFT JOIN keys k ON k.fingerprint = a.fp
	LEFT JOIN identity_settings st ON st.identity = coalesce(k.identity, a.fp)
	LEFT JOIN visits v ON v.fingerprint = coalesce(k.identity, a.fp)`

// Arrive is LoginKey, Settings and Visit at once, for a session's start: one
// query where they make three (each an HTTP request on rqlite). It returns
// the identity key logs in as, its settings, and when it came before (zero
// on a first visit), and records that it came at now. When the identity
// cannot be read or the key's use dated, identity is "" and nothing is
// recorded; with an identity, err can only tell of an earlier write of
// visits, as Visit's does.
func (s *Store) Arrive(ctx context.Context, key string, now time.Time) (identity string, st posts.Settings, last time.Time, err error) {
	var ident, theme, width sql.NullString
	var used, seen sql.NullInt64
	var plain, bell sql.NullBool
	if err := s.read.QueryRowContext(ctx, arrivalQuery, key).Scan(&ident, &used, &theme, &width, &plain, &bell, &seen); err != nil {
		return "", st, last, fmt.Errorf("arrival of key %s: %w", key, err)
	}
	identity = key
	if ident.Valid {
		identity = ident.String
		if err := s.dateKeyUse(ctx, key, time.Unix(used.Int64, 0)); err != nil {
			return "", st, last, err
		}
	}
	st = posts.DefaultSettings
	if theme.Valid {
		st = posts.Settings{Theme: theme.String, Width: width.String, Plain: plain.Bool, Bell: bell.Bool}
	}
	last, _, err = s.cameAt(identity, now.Unix(), seen)
	return identity, st, last, err
}
