package data

import (
	"context"
	"database/sql"
	"time"

	"github.com/sshblog/sshblog/posts"
)

// NextPublication is when the next post dated in the future comes out;
// ok is false when none is waiting.
func (s *Store) NextPublication(ctx context.Context) (next time.Time, ok bool, err error) {
	var at sql.NullInt64
	err = s.read.QueryRowContext(ctx, `SELECT min(published_at) FROM posts
		WHERE draft = 0 AND unpublished_at IS NULL AND published_at > ?`, s.Now().Unix()).Scan(&at)
	if err != nil || !at.Valid {
		return time.Time{}, false, err
	}
	return time.Unix(at.Int64, 0), true, nil
}

// Drafts returns the posts marked draft, newest first, without bodies.
func (s *Store) Drafts(ctx context.Context) ([]posts.Post, error) {
	return s.queryPosts(ctx, "drafts", `SELECT `+postColumns+` FROM posts p
		WHERE p.draft = 1 AND p.unpublished_at IS NULL ORDER BY p.published_at DESC, p.slug`)
}
