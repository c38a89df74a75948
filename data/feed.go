package data

import (
	"context"
	"fmt"
	"time"

	"github.com/sshblog/sshblog/posts"
)

// feedEvery is how often a node's feed asks its rqlite node for changes:
// well within the second in which readers of other nodes should see them,
// and one small indexed query per node whatever the number of readers.
const feedEvery = 250 * time.Millisecond

// Feed is what a node's change feed tells: a comment added or changed on
// another node, or posts published, edited or taken down there.
type Feed struct {
	Comment      func(posts.Comment)
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

// pollChanges tells f of the changes after last and returns the last one
// told.
func (s *Store) pollChanges(ctx context.Context, last int64, f Feed) (int64, error) {
	rows, err := s.read.QueryContext(ctx, `SELECT id, coalesce(comment_id, 0) FROM changes
		WHERE id > ? AND origin != ? ORDER BY id LIMIT 1000`, last, s.origin)
	if err != nil {
		return last, fmt.Errorf("poll the change log: %w", err)
	}
	var comments []int64
	postsChanged := false
	for rows.Next() {
		var id, comment int64
		if err := rows.Scan(&id, &comment); err != nil {
			rows.Close()
			return last, err
		}
		last = id
		if comment == 0 {
			postsChanged = true
		} else {
			comments = append(comments, comment)
		}
	}
	rows.Close()
	if postsChanged {
		f.PostsChanged()
	}
	for _, id := range comments {
		c, err := s.Comment(ctx, id)
		if err != nil {
			return last, err
		}
		f.Comment(c)
	}
	return last, rows.Err()
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
