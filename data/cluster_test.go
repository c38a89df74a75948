package data

import (
	"context"
	"errors"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/sshblog/sshblog/internal/rqlitetest"
	"github.com/sshblog/sshblog/posts"
)

// A request sent again after an unclear failure carries the same submission
// key, and finds the comment instead of posting it twice.
func TestRetriedSubmissionPostsOnce(t *testing.T) {
	s := storeWithPost(t)
	ctx := context.Background()
	nc := posts.NewComment{PostSlug: "post", Author: reader("ann"), Body: "once"}
	first, err := s.addComment(ctx, nc, "retried-key")
	if err != nil {
		t.Fatal(err)
	}
	again, err := s.addComment(ctx, nc, "retried-key")
	if err != nil || again.ID != first.ID {
		t.Fatalf("the retry gave %+v, %v; want comment #%d again", again, err, first.ID)
	}
	list, err := s.Comments(ctx, "post", posts.Comment{}, 10)
	if err != nil || len(list) != 1 {
		t.Fatalf("comments after a retry: %d, %v; want 1", len(list), err)
	}
}

// recordNewerMigration makes the database look upgraded by a newer sshblog.
func recordNewerMigration(t *testing.T, s *Store, compatible bool) {
	t.Helper()
	mark := 0
	if compatible {
		mark = 1
	}
	if _, err := s.eng.atomic(context.Background(), withArgs(statements(stmt{sql: `INSERT INTO schema_migrations
		(version, name, applied_at, compatible) VALUES (9999, '9999_future.sql', 0, :mark)`}), map[string]any{"mark": mark})); err != nil {
		t.Fatal(err)
	}
}

// A database with a migration this sshblog does not know is refused in one
// line, unless that migration is marked compatible; refused, it is left as
// it was.
func TestNewerDatabaseIsRefusedUnlessCompatible(t *testing.T) {
	for _, compatible := range []bool{true, false} {
		s, path := openTestStore(t)
		recordNewerMigration(t, s, compatible)
		s.Close()
		again, err := reopen(t, path)
		if compatible {
			if err != nil {
				t.Fatalf("a compatible newer migration was refused: %v", err)
			}
			again.Close()
			continue
		}
		if err == nil || !strings.Contains(err.Error(), "upgraded by a newer sshblog (migration 9999_future.sql)") || strings.Contains(err.Error(), "\n") {
			t.Fatalf("opening a newer database: %v", err)
		}
	}
}

// reopen opens the store at path again: the same file, or the same rqlite
// node without emptying it.
func reopen(t *testing.T, path string) (*Store, error) {
	if onRqlite != nil {
		return OpenRqlite(context.Background(), RqliteConfig{Addrs: onRqlite.HTTPAddrs()})
	}
	return Open(path)
}

// Nodes starting at once on a new cluster apply each migration once.
func TestMigrationsRaceOnceAcrossNodes(t *testing.T) {
	c := rqlitetest.StartCluster(t, 1)
	cfg := RqliteConfig{Addrs: c.HTTPAddrs()}
	var wg sync.WaitGroup
	errs := make([]error, 4)
	for i := range errs {
		wg.Go(func() {
			s, err := OpenRqlite(context.Background(), cfg)
			if err == nil {
				err = s.Close()
			}
			errs[i] = err
		})
	}
	wg.Wait()
	if err := errors.Join(errs...); err != nil {
		t.Fatal(err)
	}
	s, err := OpenRqlite(context.Background(), cfg)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	list, _ := migrations()
	var n int
	if err := s.read.QueryRow(`SELECT COUNT(*) FROM schema_migrations`).Scan(&n); err != nil || n != len(list) {
		t.Fatalf("%d migrations recorded (%v), %d embedded", n, err, len(list))
	}
}

// A comment made through one node reaches the change feed of another: the
// feed tells its own node's sessions of others' changes only, and of every
// change since the store was opened. It runs inside TestStoreOnRqlite.
func testFeedTellsOtherNodesOfChanges(t *testing.T) {
	here := storeWithPost(t)
	there, err := OpenRqlite(context.Background(), RqliteConfig{Addrs: onRqlite.HTTPAddrs()})
	if err != nil {
		t.Fatal(err)
	}
	defer there.Close()
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	comments := make(chan posts.Comment, 10)
	postsChanged := make(chan struct{}, 10)
	go there.FollowChanges(ctx, Feed{
		Comment:      func(c posts.Comment) { comments <- c },
		PostsChanged: func() { postsChanged <- struct{}{} },
		Failed:       func(err error) { t.Error(err) },
	})
	mine, err := there.AddComment(ctx, posts.NewComment{PostSlug: "post", Author: reader("local"), Body: "mine"})
	if err != nil {
		t.Fatal(err)
	}
	theirs := add(t, here, reader("ann"), 0, "from another node")
	if err := here.SavePost(ctx, samplePost("second", time.Now().Add(-time.Minute))); err != nil {
		t.Fatal(err)
	}
	select {
	case c := <-comments:
		if c.ID == mine.ID {
			t.Fatalf("the feed told of this node's own comment #%d", c.ID)
		}
		if c.ID != theirs.ID || c.Body != "from another node" {
			t.Fatalf("the feed told of %+v, want #%d", c, theirs.ID)
		}
	case <-time.After(30 * time.Second):
		t.Fatal("the other node's comment never reached the feed")
	}
	select {
	case <-postsChanged:
	case <-time.After(30 * time.Second):
		t.Fatal("the other node's post never reached the feed")
	}
}
