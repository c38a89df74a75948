package data

import "context"

// Erase removes identity in one atomic request: its comments go (those with
// replies stay as "[deleted]", so the replies keep their place), its name
// is freed, its keys unlinked, its inbox, places, settings, codes and
// addresses dropped, and the moderation log keeps what admins did under
// "erased" instead of its id. A banned identity leaves a tombstone: the
// row with its ban and the fingerprints of its keys, and nothing else, so
// that none of those keys comes back unbanned. A key whose fingerprint is
// the identity's id is pointed at fresh, a new reader.
func (s *Store) Erase(ctx context.Context, identity, fresh string) error {
	_, err := s.eng.atomic(ctx, withArgs(eraseStmts, map[string]any{
		"id": identity, "fp": identity, "key_scope": "key:" + identity, "fresh": fresh, "now": s.Now().Unix()}))
	return err
}

var eraseStmts = statements(
	stmt{sql: `DELETE FROM comments WHERE author = :id AND NOT EXISTS (SELECT 1 FROM comments r WHERE r.parent_id = comments.id)`},
	stmt{sql: `UPDATE comments SET body = '', source = NULL, deleted_at = coalesce(deleted_at, :now) WHERE author = :id`},
	stmt{sql: `DELETE FROM comment_edits WHERE author = :id`},
	stmt{sql: `DELETE FROM inbox_seen WHERE identity = :id`},
	stmt{sql: `DELETE FROM inbox_mutes WHERE identity = :id OR author = :id`},
	stmt{sql: `DELETE FROM inbox_feeds WHERE identity = :id`},
	stmt{sql: `DELETE FROM identity_settings WHERE identity = :id`},
	stmt{sql: `DELETE FROM reading_positions WHERE identity = :id`},
	stmt{sql: `DELETE FROM visits WHERE fingerprint = :id`},
	stmt{sql: `DELETE FROM link_codes WHERE identity = :id`},
	stmt{sql: `DELETE FROM link_attempts WHERE scope = :key_scope`},
	stmt{sql: `UPDATE moderation_log SET target = 'erased' WHERE target = :id`},
	// The tombstone of a banned identity (:fp is :id) keeps its keys' fingerprints.
	stmt{sql: `UPDATE keys SET public_key = '' WHERE identity = :id AND ` + authorBanned},
	stmt{sql: `DELETE FROM keys WHERE identity = :id AND NOT ` + authorBanned},
	stmt{sql: `INSERT INTO keys (fingerprint, identity, public_key, added_at, last_used)
		SELECT fingerprint, :fresh, '', :now, :now FROM identities WHERE fingerprint = :id AND banned_at IS NULL
		ON CONFLICT (fingerprint) DO NOTHING`},
	stmt{sql: `UPDATE identities SET name = NULL, public_key = '', source = NULL WHERE fingerprint = :id`},
	// Without comments left to point at it, and without a ban, the row itself goes.
	stmt{sql: `DELETE FROM identities WHERE fingerprint = :id AND banned_at IS NULL AND NOT EXISTS (SELECT 1 FROM comments WHERE author = :id)`},
)
