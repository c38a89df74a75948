package data

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"github.com/sshblog/sshblog/posts"
)

// SyncPosts makes the store's published posts exactly list plus the slugs in
// keep (posts whose file is broken just now: their last good version stays
// up): it saves every post in list and unpublishes every other post. One
// transaction, so readers never see half a sync.
func (s *Store) SyncPosts(ctx context.Context, list []posts.Post, keep []string) error {
	return s.inTx(ctx, func(tx *sql.Tx) error {
		now := s.Now()
		if _, err := tx.ExecContext(ctx, `CREATE TEMP TABLE IF NOT EXISTS sync_keep (slug TEXT PRIMARY KEY)`); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM temp.sync_keep`); err != nil {
			return err
		}
		for _, p := range list {
			if err := savePost(ctx, tx, p, now); err != nil {
				return err
			}
			keep = append(keep, p.Slug)
		}
		for _, slug := range keep {
			if _, err := tx.ExecContext(ctx, `INSERT OR IGNORE INTO temp.sync_keep (slug) VALUES (?)`, slug); err != nil {
				return err
			}
		}
		_, err := tx.ExecContext(ctx, `UPDATE posts SET unpublished_at = ?
			WHERE unpublished_at IS NULL AND slug NOT IN (SELECT slug FROM temp.sync_keep)`, now.Unix())
		return err
	})
}

// Unpublish takes a post down, keeping it and its comments; saving it again
// brings it back. posts.ErrNotFound if no post has the slug.
func (s *Store) Unpublish(ctx context.Context, slug string) error {
	return s.inTx(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `UPDATE posts SET unpublished_at = coalesce(unpublished_at, ?) WHERE slug = ?`,
			s.Now().Unix(), slug)
		if err != nil {
			return fmt.Errorf("unpublish %s: %w", slug, err)
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return fmt.Errorf("unpublish %q: %w", slug, posts.ErrNotFound)
		}
		return nil
	})
}

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
