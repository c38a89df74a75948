package data

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/sshblog/sshblog/posts"
)

// SavePost inserts a post or updates the one with its slug. The revision is
// bumped only when something a reader sees has changed.
func (s *Store) SavePost(ctx context.Context, p posts.Post) error {
	return s.inTx(ctx, func(tx *sql.Tx) error { return savePost(ctx, tx, p, s.Now()) })
}

// SeedIfEmpty saves list when the store has no posts yet, in one transaction,
// and reports whether it did.
func (s *Store) SeedIfEmpty(ctx context.Context, list []posts.Post) (bool, error) {
	seeded := false
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		var n int
		if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM posts`).Scan(&n); err != nil || n > 0 {
			return err
		}
		now := s.Now()
		for _, p := range list {
			if err := savePost(ctx, tx, p, now); err != nil {
				return err
			}
		}
		seeded = true
		return nil
	})
	return seeded, err
}

func savePost(ctx context.Context, tx *sql.Tx, p posts.Post, now time.Time) error {
	var id int64
	// A post first appears on this blog when it is saved, or on its date if
	// that is later; a draft, or a post whose date has not come, appears
	// when it is published or on its new date.
	err := tx.QueryRowContext(ctx, `
		INSERT INTO posts (slug, title, author, published_at, updated_at, summary, body, words, draft, date_only, excerpt, first_seen_at)
		VALUES (?1, ?2, ?3, ?4, ?4, ?5, ?6, ?7, ?8, ?9, ?10, max(?11, ?4))
		ON CONFLICT (slug) DO UPDATE SET
			title = excluded.title, author = excluded.author,
			published_at = excluded.published_at, updated_at = ?11,
			summary = excluded.summary, body = excluded.body, words = excluded.words, draft = excluded.draft,
			date_only = excluded.date_only, excerpt = excluded.excerpt,
			first_seen_at = CASE WHEN draft OR first_seen_at > ?11 THEN excluded.first_seen_at ELSE first_seen_at END,
			revision = revision + 1, unpublished_at = NULL
		WHERE (title, author, published_at, summary, body, draft, date_only, excerpt, unpublished_at IS NOT NULL) IS NOT
		      (excluded.title, excluded.author, excluded.published_at, excluded.summary, excluded.body, excluded.draft,
		       excluded.date_only, excluded.excerpt, 0)
		RETURNING id`,
		// A new post was last updated when it was published; an edit, now.
		p.Slug, p.Title, p.Author, p.Published.Unix(), p.Summary, p.Body, posts.CountWords(p.Body), p.Draft,
		p.DateOnly, p.Excerpt, now.Unix(),
	).Scan(&id)
	if errors.Is(err, sql.ErrNoRows) {
		// Nothing changed but perhaps the tags.
		err = tx.QueryRowContext(ctx, `SELECT id FROM posts WHERE slug = ?`, p.Slug).Scan(&id)
	}
	if err != nil {
		return fmt.Errorf("save post %s: %w", p.Slug, err)
	}
	if _, err := tx.ExecContext(ctx, `DELETE FROM post_tags WHERE post_id = ?`, id); err != nil {
		return err
	}
	for i, tag := range p.Tags {
		if _, err := tx.ExecContext(ctx, `INSERT OR IGNORE INTO post_tags (post_id, position, tag) VALUES (?, ?, ?)`, id, i, tag); err != nil {
			return err
		}
	}
	return nil
}

// postColumns is what every post query selects, in scanPost's order; the body
// is left out of listings.
const postColumns = `p.slug, p.title, p.author, p.published_at, p.updated_at, p.revision, p.summary, p.words, p.draft,
	p.unpublished_at IS NOT NULL, p.date_only, p.excerpt, p.first_seen_at,
	(SELECT COUNT(*) FROM comments c WHERE c.post_id = p.id AND c.deleted_at IS NULL AND c.hidden_at IS NULL),
	(SELECT COUNT(*) FROM comments c WHERE c.post_id = p.id AND c.deleted_at IS NULL AND c.hidden_at IS NOT NULL),
	(SELECT group_concat(tag, ',') FROM (SELECT tag FROM post_tags t WHERE t.post_id = p.id ORDER BY t.position))`

type scanner interface{ Scan(dest ...any) error }

func scanPost(row scanner, extra ...any) (posts.Post, error) {
	var p posts.Post
	var published, updated, firstSeen int64
	var tags sql.NullString
	dest := append([]any{&p.Slug, &p.Title, &p.Author, &published, &updated, &p.Revision, &p.Summary, &p.Words, &p.Draft, &p.Unpublished,
		&p.DateOnly, &p.Excerpt, &firstSeen, &p.Comments, &p.Hidden, &tags}, extra...)
	if err := row.Scan(dest...); err != nil {
		return p, err
	}
	p.Published = time.Unix(published, 0).UTC()
	p.Updated = time.Unix(updated, 0).UTC()
	p.FirstSeen = time.Unix(firstSeen, 0).UTC()
	if tags.String != "" {
		p.Tags = strings.Split(tags.String, ",")
	}
	return p, nil
}

// publishedPost is the condition for a post readers may see; its one
// parameter is the time now, in unix seconds. publishedPostAt is the same
// before a named parameter.
const (
	publishedPostAt = `p.draft = 0 AND p.unpublished_at IS NULL AND p.published_at <= `
	publishedPost   = publishedPostAt + `?`
)

// ListPosts returns the published posts, newest first, without their bodies.
func (s *Store) ListPosts(ctx context.Context) ([]posts.Post, error) {
	return s.queryPosts(ctx, "list posts", `SELECT `+postColumns+` FROM posts p
		WHERE `+publishedPost+`
		ORDER BY p.published_at DESC, p.slug`, s.Now().Unix())
}

// queryPosts runs a query selecting postColumns; what names it in errors.
func (s *Store) queryPosts(ctx context.Context, what, query string, args ...any) ([]posts.Post, error) {
	rows, err := s.read.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", what, err)
	}
	defer rows.Close()
	var list []posts.Post
	for rows.Next() {
		p, err := scanPost(rows)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", what, err)
		}
		list = append(list, p)
	}
	return list, rows.Err()
}

// Post returns one post with its body, published or not; posts.ErrNotFound
// when no post has that slug.
func (s *Store) Post(ctx context.Context, slug string) (posts.Post, error) {
	var body string
	p, err := scanPost(s.read.QueryRowContext(ctx, `SELECT `+postColumns+`, p.body FROM posts p WHERE p.slug = ?`, slug), &body)
	if errors.Is(err, sql.ErrNoRows) {
		return p, fmt.Errorf("post %q: %w", slug, posts.ErrNotFound)
	}
	if err != nil {
		return p, fmt.Errorf("post %q: %w", slug, err)
	}
	p.Body = body
	return p, nil
}
