package data

import (
	"context"
	"testing"

	"github.com/sshblog/sshblog/posts"
)

// A poll that fails after reading the change log tells nothing, and the
// poll that tries it again tells each change once: a comment that cannot
// be read back fails the first here.
func TestAFailedPollTellsNothing(t *testing.T) {
	s := storeWithPost(t)
	c := add(t, s, reader("ann"), 0, "from another node")
	for _, comment := range []any{nil, c.ID} {
		execSQL(t, s, `INSERT INTO changes (submission, origin, post_slug, comment_id, at) VALUES (:sub, 'elsewhere', 'post', :comment, 0)`,
			map[string]any{"sub": newSubmission(), "comment": comment})
	}
	var logged int64
	if err := s.read.QueryRow(`SELECT max(id) FROM changes`).Scan(&logged); err != nil {
		t.Fatal(err)
	}
	var postsTold, commentsTold int
	feed := Feed{
		PostsChanged: func() { postsTold++ },
		Comments:     func(changed []posts.Comment) { commentsTold += len(changed) },
	}
	ctx := context.Background()
	execSQL(t, s, `UPDATE comments SET created_at = 'unreadable' WHERE id = :id`, map[string]any{"id": c.ID})
	if last, err := s.pollChanges(ctx, 0, feed); err == nil || last != 0 || postsTold+commentsTold != 0 {
		t.Fatalf("a poll that could not read the comment: up to line %d, %v, told of %d post and %d comment changes; want an error and nothing told",
			last, err, postsTold, commentsTold)
	}
	execSQL(t, s, `UPDATE comments SET created_at = 0 WHERE id = :id`, map[string]any{"id": c.ID})
	if last, err := s.pollChanges(ctx, 0, feed); err != nil || last != logged || postsTold != 1 || commentsTold != 1 {
		t.Errorf("the poll again: up to line %d, %v, told of %d post and %d comment changes; want line %d, each told once",
			last, err, postsTold, commentsTold, logged)
	}
}
