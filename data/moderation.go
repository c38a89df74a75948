package data

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"github.com/sshblog/sshblog/posts"
)

// Moderate hides, unhides or deletes any comment for an admin and records it
// in the moderation log.
func (s *Store) Moderate(ctx context.Context, admin string, id int64, action string) (posts.Comment, error) {
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		c, err := commentByID(ctx, tx, id)
		if err != nil {
			return err
		}
		now := s.Now().Unix()
		switch action {
		case posts.ModHide:
			_, err = tx.ExecContext(ctx, `UPDATE comments SET hidden_at = ? WHERE id = ?`, now, id)
		case posts.ModUnhide:
			_, err = tx.ExecContext(ctx, `UPDATE comments SET hidden_at = NULL WHERE id = ?`, id)
		case posts.ModDelete:
			err = deleteComment(ctx, tx, id, s.Now())
		default:
			return fmt.Errorf("moderate: unknown action %q", action)
		}
		if err != nil {
			return err
		}
		return logAction(ctx, tx, admin, action, id, c.Author, now)
	})
	if err != nil {
		return posts.Comment{}, err
	}
	return commentByID(ctx, s.write, id)
}

// SetBanned bans or unbans the reader with fingerprint target for an admin and
// records it. A banned reader can still read but not comment.
func (s *Store) SetBanned(ctx context.Context, admin, target string, banned bool) error {
	return s.inTx(ctx, func(tx *sql.Tx) error {
		now := s.Now().Unix()
		var at any
		action := posts.ModUnban
		if banned {
			at, action = now, posts.ModBan
		}
		res, err := tx.ExecContext(ctx, `UPDATE identities SET banned_at = ? WHERE fingerprint = ?`, at, target)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return &posts.Error{Kind: posts.ErrNotFound, Msg: "That reader has no identity here."}
		}
		return logAction(ctx, tx, admin, action, 0, target, now)
	})
}

func logAction(ctx context.Context, tx *sql.Tx, admin, action string, commentID int64, target string, at int64) error {
	var cid any
	if commentID != 0 {
		cid = commentID
	}
	_, err := tx.ExecContext(ctx, `INSERT INTO moderation_log (admin, action, comment_id, target, at) VALUES (?, ?, ?, ?, ?)`,
		admin, action, cid, target, at)
	return err
}

// ModerationLog returns up to limit moderation actions, newest first.
func (s *Store) ModerationLog(ctx context.Context, limit int) ([]posts.ModAction, error) {
	rows, err := s.read.QueryContext(ctx, `SELECT m.id, m.admin, coalesce(a.name, ''), m.action, coalesce(m.comment_id, 0),
		coalesce(p.slug, ''), m.target, coalesce(t.name, ''), m.at
		FROM moderation_log m
		LEFT JOIN identities a ON a.fingerprint = m.admin
		LEFT JOIN identities t ON t.fingerprint = m.target
		LEFT JOIN comments c ON c.id = m.comment_id
		LEFT JOIN posts p ON p.id = c.post_id
		ORDER BY m.at DESC, m.id DESC LIMIT ?`, limit)
	if err != nil {
		return nil, fmt.Errorf("moderation log: %w", err)
	}
	defer rows.Close()
	var list []posts.ModAction
	for rows.Next() {
		var a posts.ModAction
		var at int64
		if err := rows.Scan(&a.ID, &a.Admin, &a.AdminName, &a.Action, &a.CommentID, &a.PostSlug, &a.Target, &a.TargetName, &at); err != nil {
			return nil, fmt.Errorf("moderation log: %w", err)
		}
		a.At = time.Unix(at, 0).UTC()
		list = append(list, a)
	}
	return list, rows.Err()
}
