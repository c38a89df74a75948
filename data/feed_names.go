package data

import (
	"context"
	"fmt"

	"github.com/sshblog/sshblog/posts"
)

// logComments is the change-log line, for the other nodes' feeds, of each
// comment (c, under post p) that where selects: keyed by the request's
// submission and the comment, so that a request sent again logs nothing
// twice.
func logComments(where string) stmt {
	return stmt{sql: `INSERT INTO changes (submission, origin, post_slug, comment_id, at)
	SELECT :sub || '/' || c.id, :origin, p.slug, c.id, :now FROM comments c JOIN posts p ON p.id = c.post_id
	WHERE ` + where + ` ON CONFLICT DO NOTHING`, feed: true}
}

// A rename changes how every comment of its author is shown, so its request
// logs each of them (as an edit does), and the feed tells of them as
// comments changed: the readers of other nodes see the new name in place,
// as this node's readers do.
var logAuthorComments = logComments(`c.author = :fp AND ` + decided)

// AuthorComments returns every comment of the reader with fingerprint, by
// id, as the sessions showing them are told after a rename.
func (s *Store) AuthorComments(ctx context.Context, fingerprint string) ([]posts.Comment, error) {
	return s.queryComments(ctx, "comments", `SELECT `+commentColumns+commentJoins+` WHERE c.author = ? ORDER BY c.id`, fingerprint)
}

// commentsByID returns the comments whose ids are in the JSON array ids.
func (s *Store) commentsByID(ctx context.Context, ids string) ([]posts.Comment, error) {
	return s.queryComments(ctx, "comments", `SELECT `+commentColumns+commentJoins+`
		WHERE c.id IN (SELECT value FROM json_each(?)) ORDER BY c.id`, ids)
}

// queryComments runs query on the read pool and scans the comments it
// selects; what names them in its errors.
func (s *Store) queryComments(ctx context.Context, what, query string, args ...any) ([]posts.Comment, error) {
	rows, err := s.read.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", what, err)
	}
	defer rows.Close()
	var list []posts.Comment
	for rows.Next() {
		c, err := scanComment(rows)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", what, err)
		}
		list = append(list, c)
	}
	return list, rows.Err()
}
