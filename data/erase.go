package data

import (
	"context"
	"database/sql"
)

// Erase removes identity in one transaction: its comments go (those with
// replies stay as "[deleted]", so the replies keep their place), its name
// is freed, its keys unlinked, its inbox, places, settings, codes and
// addresses dropped, and the moderation log keeps what admins did under
// "erased" instead of its id. A banned identity leaves a tombstone: the
// row with its ban and the fingerprints of its keys, and nothing else, so
// that none of those keys comes back unbanned. A key whose fingerprint is
// the identity's id is pointed at fresh, a new reader.
func (s *Store) Erase(ctx context.Context, identity, fresh string) error {
	return s.inTx(ctx, func(tx *sql.Tx) error {
		now := s.Now().Unix()
		steps := []struct {
			query string
			args  []any
		}{
			{`DELETE FROM comments WHERE author = ? AND NOT EXISTS (SELECT 1 FROM comments r WHERE r.parent_id = comments.id)`, []any{identity}},
			{`UPDATE comments SET body = '', source = NULL, deleted_at = coalesce(deleted_at, ?) WHERE author = ?`, []any{now, identity}},
			{`DELETE FROM comment_edits WHERE author = ?`, []any{identity}},
			{`DELETE FROM inbox_seen WHERE identity = ?`, []any{identity}},
			{`DELETE FROM inbox_mutes WHERE identity = ? OR author = ?`, []any{identity, identity}},
			{`DELETE FROM inbox_feeds WHERE identity = ?`, []any{identity}},
			{`DELETE FROM identity_settings WHERE identity = ?`, []any{identity}},
			{`DELETE FROM reading_positions WHERE identity = ?`, []any{identity}},
			{`DELETE FROM visits WHERE fingerprint = ?`, []any{identity}},
			{`DELETE FROM link_codes WHERE identity = ?`, []any{identity}},
			{`DELETE FROM link_attempts WHERE scope = ?`, []any{"key:" + identity}},
			{`UPDATE moderation_log SET target = 'erased' WHERE target = ?`, []any{identity}},
			// The tombstone of a banned identity keeps its keys' fingerprints.
			{`UPDATE keys SET public_key = '' WHERE identity = ? AND EXISTS (SELECT 1 FROM identities WHERE fingerprint = ? AND banned_at IS NOT NULL)`, []any{identity, identity}},
			{`DELETE FROM keys WHERE identity = ? AND NOT EXISTS (SELECT 1 FROM identities WHERE fingerprint = ? AND banned_at IS NOT NULL)`, []any{identity, identity}},
			{`INSERT INTO keys (fingerprint, identity, public_key, added_at, last_used)
				SELECT fingerprint, ?, '', ?, ? FROM identities WHERE fingerprint = ? AND banned_at IS NULL
				ON CONFLICT (fingerprint) DO NOTHING`, []any{fresh, now, now, identity}},
			{`UPDATE identities SET name = NULL, public_key = '', source = NULL WHERE fingerprint = ?`, []any{identity}},
			// Without comments left to point at it, and without a ban, the row itself goes.
			{`DELETE FROM identities WHERE fingerprint = ? AND banned_at IS NULL AND NOT EXISTS (SELECT 1 FROM comments WHERE author = ?)`, []any{identity, identity}},
		}
		for _, st := range steps {
			if _, err := tx.ExecContext(ctx, st.query, st.args...); err != nil {
				return err
			}
		}
		return nil
	})
}
