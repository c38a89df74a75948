package data

import (
	"context"
	"fmt"
	"time"

	"github.com/sshblog/sshblog/posts"
)

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
