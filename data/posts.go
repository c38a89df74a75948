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
