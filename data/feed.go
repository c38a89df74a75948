package data

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	"github.com/sshblog/sshblog/posts"
)

// feedEvery is how often a node's feed asks its rqlite node for changes:
// well within the second in which readers of other nodes should see them,
// and one small indexed query per node whatever the number of readers.
const feedEvery = 250 * time.Millisecond

// Feed is what a node's change feed tells: the comments added or changed on
// other nodes since the last poll, together (a rename changes every comment
// of its author at once, which should refresh the list once), or posts
// published, edited or taken down there.
type Feed struct {
	Comments     func([]posts.Comment)
	PostsChanged func()
	// Failed is told when a poll fails (the node unreachable); the feed
	// goes on and catches up once it answers.
	Failed func(error)
}

// FollowChanges, on rqlite, polls the local node for the change log's lines
// after the last one seen and tells f of those other nodes wrote, until ctx
// ends; this node's own changes were told in-process when they were made.
// It tells of every change since the store was opened; a node whose rqlite
// node was down catches up when it answers again. On SQLite there is one process, which tells its
// sessions itself, so FollowChanges returns at once.
func (s *Store) FollowChanges(ctx context.Context, f Feed) {
	if _, ok := s.eng.(*rqliteEngine); !ok {
		return
	}
	last := s.changesSeen
	for sleepCtx(ctx, feedEvery) {
		next, err := s.pollChanges(ctx, last, f)
		if err != nil {
			f.Failed(err)
		}
		last = next
	}
}

// pollChanges tells f of the changes after from and returns the last one
// told; on a failure, from, having told nothing, so that the next poll
// tries them again.
func (s *Store) pollChanges(ctx context.Context, from int64, f Feed) (int64, error) {
	last := from
	rows, err := s.read.QueryContext(ctx, `SELECT id, coalesce(comment_id, 0) FROM changes
		WHERE id > ? AND origin != ? ORDER BY id LIMIT 1000`, last, s.origin)
	if err != nil {
		return from, fmt.Errorf("poll the change log: %w", err)
	}
	var comments []int64 // a rename logs many, an edit one; each told once
	seen := map[int64]bool{}
	postsChanged := false
	for rows.Next() {
		var id, comment int64
		if err := rows.Scan(&id, &comment); err != nil {
			rows.Close()
			return from, err
		}
		last = id
		if comment == 0 {
			postsChanged = true
		} else if !seen[comment] {
			seen[comment] = true
			comments = append(comments, comment)
		}
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return from, err
	}
	var changed []posts.Comment
	if len(comments) > 0 {
		ids, _ := json.Marshal(comments)
		if changed, err = s.commentsByID(ctx, string(ids)); err != nil {
			return from, err
		}
	}
	// Only a poll that read it all tells: a failed one is tried again from
	// the same line, and that one tells.
	if postsChanged {
		f.PostsChanged()
	}
	if len(changed) > 0 {
		f.Comments(changed)
	}
	return last, nil
}

// sleepCtx waits d, or less when ctx ends first; it reports whether ctx is
// still live.
func sleepCtx(ctx context.Context, d time.Duration) bool {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return false
	case <-t.C:
		return true
	}
}
