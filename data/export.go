package data

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/sshblog/sshblog/posts"
)

// Export gathers what the store keeps about identity (all but the keys'
// admin marks and the blog's name, which the caller adds).
func (s *Store) Export(ctx context.Context, identity string) (posts.Export, error) {
	x := posts.Export{Format: "sshblog-export", Version: posts.ExportVersion, Keys: []posts.ExportKey{},
		Comments: []posts.ExportComment{}, Inbox: []posts.ExportComment{}, Positions: []posts.ExportPosition{},
		Moderation: []posts.ExportModAct{}, Mutes: []posts.InboxMute{}}
	var created int64
	var banned sql.NullInt64
	var source sql.NullString
	err := s.read.QueryRowContext(ctx, `SELECT coalesce(name, ''), created_at, banned_at, source FROM identities WHERE fingerprint = ?`,
		identity).Scan(&x.Identity.Name, &created, &banned, &source)
	if errors.Is(err, sql.ErrNoRows) {
		return x, &posts.Error{Kind: posts.ErrNotFound, Msg: "You have no account here yet: nothing is kept about you but when you last came."}
	}
	if err != nil {
		return x, fmt.Errorf("export %s: %w", identity, err)
	}
	x.Identity.ID, x.Identity.Created, x.Identity.Banned, x.Identity.Address = identity, unix(created), banned.Valid, source.String
	keys, err := s.Keys(ctx, identity)
	if err != nil {
		return x, err
	}
	for _, k := range keys {
		x.Keys = append(x.Keys, posts.ExportKey{Fingerprint: k.Fingerprint, Type: k.Type, Added: k.Added, LastUsed: k.LastUsed})
	}
	if err := s.exportRows(ctx, &x, identity); err != nil {
		return x, fmt.Errorf("export %s: %w", identity, err)
	}
	if x.Settings, err = s.Settings(ctx, identity); err != nil {
		return x, err
	}
	items, err := s.Inbox(ctx, identity, true, 10000)
	if err != nil {
		return x, err
	}
	for _, it := range items {
		x.Inbox = append(x.Inbox, posts.ExportComment{ID: it.ID, Post: it.PostSlug, Parent: it.ParentID, Author: it.AuthorName,
			Body: it.Body, Created: it.Created, Unread: it.Unread})
	}
	return x, nil
}

func unix(sec int64) time.Time { return time.Unix(sec, 0).UTC() }

// exportRows reads the identity's comments, positions, moderation and mutes.
func (s *Store) exportRows(ctx context.Context, x *posts.Export, identity string) error {
	err := eachRow(ctx, s.read, `SELECT c.id, p.slug, coalesce(c.parent_id, 0), c.body, c.created_at, coalesce(c.edited_at, 0),
		c.deleted_at IS NOT NULL, c.hidden_at IS NOT NULL, coalesce(c.source, '')
		FROM comments c JOIN posts p ON p.id = c.post_id WHERE c.author = ? ORDER BY c.id`, []any{identity}, func(r *sql.Rows) error {
		var c posts.ExportComment
		var created, edited int64
		if err := r.Scan(&c.ID, &c.Post, &c.Parent, &c.Body, &created, &edited, &c.Deleted, &c.Hidden, &c.Address); err != nil {
			return err
		}
		c.Created = unix(created)
		if edited != 0 {
			e := unix(edited)
			c.Edited = &e
		}
		x.Comments = append(x.Comments, c)
		return nil
	})
	if err != nil {
		return err
	}
	err = eachRow(ctx, s.read, `SELECT slug, fraction, at FROM reading_positions WHERE identity = ? ORDER BY slug`, []any{identity},
		func(r *sql.Rows) error {
			var p posts.ExportPosition
			var at int64
			err := r.Scan(&p.Post, &p.Fraction, &at)
			p.At = unix(at)
			x.Positions = append(x.Positions, p)
			return err
		})
	if err != nil {
		return err
	}
	err = eachRow(ctx, s.read, `SELECT m.action, coalesce(m.comment_id, 0), coalesce(p.slug, ''), m.at FROM moderation_log m
		LEFT JOIN comments c ON c.id = m.comment_id LEFT JOIN posts p ON p.id = c.post_id
		WHERE m.target = ? ORDER BY m.at, m.id`, []any{identity}, func(r *sql.Rows) error {
		var a posts.ExportModAct
		var at int64
		err := r.Scan(&a.Action, &a.Comment, &a.Post, &at)
		a.At = unix(at)
		x.Moderation = append(x.Moderation, a)
		return err
	})
	if err != nil {
		return err
	}
	return eachRow(ctx, s.read, `SELECT thread, author FROM inbox_mutes WHERE identity = ? ORDER BY at`, []any{identity},
		func(r *sql.Rows) error {
			var m posts.InboxMute
			err := r.Scan(&m.Thread, &m.Author)
			x.Mutes = append(x.Mutes, m)
			return err
		})
}

// eachRow runs query and calls row for each row.
func eachRow(ctx context.Context, db *sql.DB, query string, args []any, row func(*sql.Rows) error) error {
	rows, err := db.QueryContext(ctx, query, args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		if err := row(rows); err != nil {
			return err
		}
	}
	return rows.Err()
}
