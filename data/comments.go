package data

import (
	"context"
	"database/sql"
	"errors"
	"time"

	"github.com/sshblog/sshblog/posts"
)

// commentColumns is what every comment query selects, in scanComment's order.
const commentColumns = `c.id, p.slug, coalesce(c.parent_id, 0), c.author, coalesce(i.name, ''), c.body,
	c.created_at, coalesce(c.edited_at, 0), c.deleted_at IS NOT NULL, c.hidden_at IS NOT NULL,
	(SELECT COUNT(*) FROM comments r WHERE r.parent_id = c.id)`

const commentJoins = ` FROM comments c JOIN posts p ON p.id = c.post_id
	LEFT JOIN identities i ON i.fingerprint = c.author`

func scanComment(row scanner) (posts.Comment, error) {
	var c posts.Comment
	var created, edited int64
	err := row.Scan(&c.ID, &c.PostSlug, &c.ParentID, &c.Author, &c.AuthorName, &c.Body,
		&created, &edited, &c.Deleted, &c.Hidden, &c.Replies)
	c.Created = time.Unix(created, 0).UTC()
	if edited != 0 {
		c.Edited = time.Unix(edited, 0).UTC()
	}
	return c, err
}

// Comments returns up to limit comments of the post with slug in thread
// order (each top-level comment, oldest first, followed by its replies),
// starting after the comment after; the zero Comment starts at the beginning.
// Deleted and hidden comments are included: the reader decides what to show.
func (s *Store) Comments(ctx context.Context, slug string, after posts.Comment, limit int) ([]posts.Comment, error) {
	return s.queryComments(ctx, "comments of "+slug, `SELECT `+commentColumns+commentJoins+`
		WHERE p.slug = ? AND (coalesce(c.parent_id, c.id), c.id) > (?, ?)
		ORDER BY c.post_id, coalesce(c.parent_id, c.id), c.id LIMIT ?`, slug, after.Thread(), after.ID, limit)
}

// Comment returns one comment; posts.ErrNotFound when there is none.
func (s *Store) Comment(ctx context.Context, id int64) (posts.Comment, error) {
	c, err := scanComment(s.read.QueryRowContext(ctx, `SELECT `+commentColumns+commentJoins+` WHERE c.id = ?`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return c, &posts.Error{Kind: posts.ErrNotFound, Msg: "That comment is no longer there."}
	}
	return c, err
}
