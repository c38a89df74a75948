package data

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"

	"github.com/sshblog/sshblog/posts"
)

// inboxOf selects the comments of others in the threads identity (the first
// parameter, given four times) started, or answered in before them: visible,
// under a published post, not muted. The caller adds any condition and the
// order.
const inboxOf = ` FROM comments c JOIN posts p ON p.id = c.post_id
	LEFT JOIN identities i ON i.fingerprint = c.author
	WHERE c.parent_id IN (SELECT coalesce(t.parent_id, t.id) FROM comments t WHERE t.author = ?1) AND c.author <> ?1
	AND (EXISTS (SELECT 1 FROM comments t WHERE t.id = c.parent_id AND t.author = ?1)
		OR EXISTS (SELECT 1 FROM comments r WHERE r.parent_id = c.parent_id AND r.author = ?1 AND r.id < c.id))
	AND c.deleted_at IS NULL AND c.hidden_at IS NULL AND p.draft = 0 AND p.unpublished_at IS NULL
	AND NOT EXISTS (SELECT 1 FROM inbox_mutes m WHERE m.identity = ?1 AND (m.thread = c.parent_id OR m.author = c.author))`

// inboxSeen is the newest comment id identity (?1) has seen in its inbox.
const inboxSeen = `coalesce((SELECT seen_id FROM inbox_seen WHERE identity = ?1), 0)`

// Inbox returns up to limit of identity's inbox, newest first: only the
// unread unless all.
func (s *Store) Inbox(ctx context.Context, identity string, all bool, limit int) ([]posts.InboxItem, error) {
	cond := ` AND c.id > ` + inboxSeen
	if all {
		cond = ""
	}
	rows, err := s.read.QueryContext(ctx, `SELECT `+commentColumns+`, p.title, c.id > `+inboxSeen+
		inboxOf+cond+` ORDER BY c.id DESC LIMIT ?2`, identity, limit)
	if err != nil {
		return nil, fmt.Errorf("inbox of %s: %w", identity, err)
	}
	defer rows.Close()
	var list []posts.InboxItem
	for rows.Next() {
		var it posts.InboxItem
		c, err := scanComment(scanFunc(func(dest ...any) error {
			return rows.Scan(append(dest, &it.PostTitle, &it.Unread)...)
		}))
		if err != nil {
			return nil, fmt.Errorf("inbox of %s: %w", identity, err)
		}
		it.Comment = c
		list = append(list, it)
	}
	return list, rows.Err()
}

// scanFunc is a scanner made of a function, to scan more columns than
// scanComment knows.
type scanFunc func(dest ...any) error

func (f scanFunc) Scan(dest ...any) error { return f(dest...) }

// InboxUnread counts identity's unread inbox items posted since
// (unix seconds; 0 for all).
func (s *Store) InboxUnread(ctx context.Context, identity string, since int64) (int, error) {
	var n int
	err := s.read.QueryRowContext(ctx, `SELECT COUNT(*)`+inboxOf+` AND c.id > `+inboxSeen+` AND c.created_at >= ?2`,
		identity, since).Scan(&n)
	return n, err
}

// MarkInboxRead records that identity saw its inbox up to comment upTo.
func (s *Store) MarkInboxRead(ctx context.Context, identity string, upTo int64) error {
	_, err := s.eng.atomic(ctx, withArgs(markInboxRead, map[string]any{"id": identity, "upto": upTo}))
	return err
}

var markInboxRead = statements(stmt{sql: `INSERT INTO inbox_seen (identity, seen_id) VALUES (:id, :upto)
	ON CONFLICT (identity) DO UPDATE SET seen_id = max(seen_id, excluded.seen_id)`})

// InboxRecipients are the identities whose inbox comment id is in: the
// thread's author and those who answered in it before, unless they muted it
// or its author.
func (s *Store) InboxRecipients(ctx context.Context, id int64) ([]string, error) {
	rows, err := s.read.QueryContext(ctx, `SELECT DISTINCT t.author FROM comments c
		JOIN comments t ON (t.id = c.parent_id OR (t.parent_id = c.parent_id AND t.id < c.id))
		WHERE c.id = ? AND c.parent_id IS NOT NULL AND t.author <> c.author
		AND NOT EXISTS (SELECT 1 FROM inbox_mutes m WHERE m.identity = t.author AND (m.thread = c.parent_id OR m.author = c.author))`, id)
	if err != nil {
		return nil, fmt.Errorf("inbox recipients of #%d: %w", id, err)
	}
	defer rows.Close()
	var list []string
	for rows.Next() {
		var fp string
		if err := rows.Scan(&fp); err != nil {
			return nil, err
		}
		list = append(list, fp)
	}
	return list, rows.Err()
}

// Mute silences a thread or an author in identity's inbox; unmute lifts it.
// An unmute sent again after an unclear failure answers as it first did
// (decideOnce).
func (s *Store) Mute(ctx context.Context, identity string, m posts.InboxMute, mute bool) error {
	args := map[string]any{"id": identity, "thread": m.Thread, "author": m.Author, "now": s.Now().Unix()}
	if mute {
		_, err := s.eng.atomic(ctx, withArgs(muteStmts, args))
		return err
	}
	args["sub"] = newSubmission()
	why, err := s.verdictOf(ctx, unmuteStmts, args)
	if err != nil || !why.Valid {
		return err
	}
	return &posts.Error{Kind: posts.ErrNotFound, Msg: "That was not muted."}
}

const theMute = `inbox_mutes WHERE identity = :id AND thread = :thread AND author = :author`

var (
	muteStmts = statements(stmt{sql: `INSERT INTO inbox_mutes (identity, thread, author, at) VALUES (:id, :thread, :author, :now)
		ON CONFLICT DO NOTHING`})
	unmuteStmts = slices.Concat(decideOnce(`CASE WHEN NOT EXISTS (SELECT 1 FROM `+theMute+`) THEN 'missing' END`),
		statements(stmt{sql: `DELETE FROM ` + theMute + ` AND ` + decided}), answered)
)

// InboxFeed is identity's feed secret: fresh when it has none or renew,
// replacing the one before (which stops working).
func (s *Store) InboxFeed(ctx context.Context, identity, fresh string, renew bool) (string, error) {
	stmts := keepInboxFeed
	if renew {
		stmts = renewInboxFeed
	}
	res, err := s.eng.atomic(ctx, withArgs(stmts, map[string]any{"id": identity, "token": fresh, "now": s.Now().Unix()}))
	if err != nil {
		return "", err
	}
	var token string
	return token, res[1].row().Scan(&token)
}

// inboxFeedStmts store a feed secret (onConflict says what becomes of one
// already there) and read back the one kept.
func inboxFeedStmts(onConflict string) []stmt {
	return statements(
		stmt{sql: `INSERT INTO inbox_feeds (identity, token, created_at) VALUES (:id, :token, :now) ON CONFLICT (identity) ` + onConflict},
		stmt{sql: `SELECT token FROM inbox_feeds WHERE identity = :id`, rows: true},
	)
}

var (
	keepInboxFeed  = inboxFeedStmts(`DO NOTHING`)
	renewInboxFeed = inboxFeedStmts(`DO UPDATE SET token = excluded.token, created_at = excluded.created_at`)
)

// InboxFeedOwner is the identity whose feed secret is token;
// posts.ErrNotFound for none.
func (s *Store) InboxFeedOwner(ctx context.Context, token string) (string, error) {
	var identity string
	err := s.read.QueryRowContext(ctx, `SELECT identity FROM inbox_feeds WHERE token = ?`, token).Scan(&identity)
	if errors.Is(err, sql.ErrNoRows) {
		return "", &posts.Error{Kind: posts.ErrNotFound, Msg: "No such feed."}
	}
	return identity, err
}
