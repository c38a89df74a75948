package data

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
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
	rows, err := s.read.QueryContext(ctx, `SELECT `+commentColumns+commentJoins+`
		WHERE p.slug = ? AND (coalesce(c.parent_id, c.id), c.id) > (?, ?)
		ORDER BY c.post_id, coalesce(c.parent_id, c.id), c.id LIMIT ?`, slug, after.Thread(), after.ID, limit)
	if err != nil {
		return nil, fmt.Errorf("comments of %s: %w", slug, err)
	}
	defer rows.Close()
	var list []posts.Comment
	for rows.Next() {
		c, err := scanComment(rows)
		if err != nil {
			return nil, fmt.Errorf("comments of %s: %w", slug, err)
		}
		list = append(list, c)
	}
	return list, rows.Err()
}

// Comment returns one comment; posts.ErrNotFound when there is none.
func (s *Store) Comment(ctx context.Context, id int64) (posts.Comment, error) {
	return commentByID(ctx, s.read, id)
}

type queryer interface {
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
}

func commentByID(ctx context.Context, q queryer, id int64) (posts.Comment, error) {
	c, err := scanComment(q.QueryRowContext(ctx, `SELECT `+commentColumns+commentJoins+` WHERE c.id = ?`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return c, &posts.Error{Kind: posts.ErrNotFound, Msg: "That comment is no longer there."}
	}
	return c, err
}

// openPost is the id of the post with slug if it takes comments: readers can
// see it, so it is neither a draft, nor taken down, nor scheduled.
func openPost(ctx context.Context, tx *sql.Tx, slug string, now time.Time) (int64, error) {
	var id int64
	err := tx.QueryRowContext(ctx, `SELECT p.id FROM posts p WHERE p.slug = ? AND `+publishedPost, slug, now.Unix()).Scan(&id)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, &posts.Error{Kind: posts.ErrNotFound, Msg: fmt.Sprintf("No post %q is published here, so it takes no comments.", posts.CleanLine(slug))}
	}
	return id, err
}

// mayComment refuses a banned author or one whose address is in a banned
// range, and registers the author if new.
func mayComment(ctx context.Context, tx *sql.Tx, author posts.Identity, from posts.Origin, now time.Time) error {
	if banned, err := rangeBanned(ctx, tx, from.Addr); err != nil || banned {
		return errOr(err, posts.Forbidden("Your address range is banned from commenting. You can still read."))
	}
	var banned sql.NullInt64
	err := tx.QueryRowContext(ctx, `SELECT banned_at FROM identities WHERE fingerprint = ?`, author.Fingerprint).Scan(&banned)
	switch {
	case errors.Is(err, sql.ErrNoRows):
		if author.Name == "" {
			return &posts.Error{Kind: posts.ErrNoName, Msg: "Choose a display name before your first comment."}
		}
		return setName(ctx, tx, author, from, now)
	case err != nil:
		return err
	case banned.Valid:
		return posts.Forbidden("You are banned from commenting on this blog. You can still read everything.")
	}
	return nil
}

// What overLimit counts: an author's new comments, or their edits, or an
// address's comments. Each selects the times as "at" for the author or
// address given as the one parameter.
const (
	recentComments    = `SELECT created_at AS at FROM comments WHERE author = ?`
	recentEdits       = `SELECT at FROM comment_edits WHERE author = ?`
	recentFromAddress = `SELECT created_at AS at FROM comments WHERE source = ?`
)

// overLimit reports whether limit.Count rows of recent for key fall in the
// last limit.Per, and if so how long until the oldest of them leaves it.
func overLimit(ctx context.Context, tx *sql.Tx, recent, key string, limit posts.RateLimit, now time.Time) (time.Duration, bool, error) {
	if limit.Count <= 0 {
		return 0, false, nil
	}
	var n int
	var oldest sql.NullInt64
	err := tx.QueryRowContext(ctx, `SELECT COUNT(*), MIN(at) FROM (`+recent+` AND at > ? ORDER BY at DESC LIMIT ?)`,
		key, now.Add(-limit.Per).Unix(), limit.Count).Scan(&n, &oldest)
	if err != nil || n < limit.Count {
		return 0, false, err
	}
	wait := time.Unix(oldest.Int64, 0).Add(limit.Per).Sub(now)
	return max(wait, time.Second), true, nil
}

// EditComment replaces the text of the author's own comment and marks it
// edited. A banned author cannot edit, nor can one from a banned range, nor
// can anyone under a post that is not published; edits have their own rate
// limit, like new comments.
func (s *Store) EditComment(ctx context.Context, id int64, author, body string, limit posts.RateLimit, from posts.Origin) (posts.Comment, error) {
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		now := s.Now()
		c, err := ownComment(ctx, tx, id, author)
		if err != nil {
			return err
		}
		if err := mayComment(ctx, tx, posts.Identity{Fingerprint: author}, from, now); err != nil {
			return err
		}
		if _, err := openPost(ctx, tx, c.PostSlug, now); err != nil {
			return err
		}
		if wait, over, err := overLimit(ctx, tx, recentEdits, author, limit, now); err != nil || over {
			return errOr(err, &posts.RateError{Limit: limit, Wait: wait, Edits: true})
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM comment_edits WHERE author = ? AND at <= ?`,
			author, now.Add(-limit.Per).Unix()); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO comment_edits (author, at) VALUES (?, ?)`, author, now.Unix()); err != nil {
			return err
		}
		_, err = tx.ExecContext(ctx, `UPDATE comments SET body = ?, edited_at = ? WHERE id = ?`, body, now.Unix(), id)
		return err
	})
	if err != nil {
		return posts.Comment{}, err
	}
	return commentByID(ctx, s.write, id)
}

// DeleteComment deletes the author's own comment: its text is gone; the
// row stays so that its replies keep their place.
func (s *Store) DeleteComment(ctx context.Context, id int64, author string) (posts.Comment, error) {
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		if _, err := ownComment(ctx, tx, id, author); err != nil {
			return err
		}
		return deleteComment(ctx, tx, id, s.Now())
	})
	if err != nil {
		return posts.Comment{}, err
	}
	return commentByID(ctx, s.write, id)
}

func deleteComment(ctx context.Context, tx *sql.Tx, id int64, now time.Time) error {
	_, err := tx.ExecContext(ctx, `UPDATE comments SET body = '', deleted_at = ? WHERE id = ?`, now.Unix(), id)
	return err
}

// ownComment is comment id if it exists, is not deleted, and is author's.
func ownComment(ctx context.Context, tx *sql.Tx, id int64, author string) (posts.Comment, error) {
	c, err := commentByID(ctx, tx, id)
	switch {
	case err != nil:
		return c, err
	case c.Deleted:
		return c, &posts.Error{Kind: posts.ErrNotFound, Msg: "That comment has been deleted."}
	case c.Author != author:
		return c, posts.Forbidden("You can only change your own comments.")
	}
	return c, nil
}
