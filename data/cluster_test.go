package data

import (
	"context"
	"errors"
	"net"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/sshblog/sshblog/internal/eventually"
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
		Comments: func(changed []posts.Comment) {
			for _, c := range changed {
				comments <- c
			}
		},
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

// Without a leader a comment is refused with the line the reader is shown,
// and reads go on from the node's own copy.
func TestNoLeaderRefusesCommentsAndReadsGoOn(t *testing.T) {
	c := rqlitetest.StartCluster(t, 3)
	ctx := context.Background()
	leader := c.Leader()
	survivor := (leader + 1) % 3
	s, err := OpenRqlite(ctx, RqliteConfig{Addrs: []string{c.Nodes()[survivor].HTTPAddr}})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if err := s.SavePost(ctx, samplePost("post", time.Now().Add(-time.Hour))); err != nil {
		t.Fatal(err)
	}
	add(t, s, reader("ann"), 0, "before")
	// Another store on the node, which has never written, so reads its copy.
	local, err := OpenRqlite(ctx, RqliteConfig{Addrs: []string{c.Nodes()[survivor].HTTPAddr}})
	if err != nil {
		t.Fatal(err)
	}
	defer local.Close()
	localComments := func() []posts.Comment {
		list, err := local.Comments(ctx, "post", posts.Comment{}, 10)
		if err != nil {
			t.Fatal(err)
		}
		return list
	}
	eventually.True(t, "the survivor to apply the comment", func() bool { return len(localComments()) == 1 })
	for i := range 3 {
		if i != survivor {
			c.Kill(i)
		}
	}
	// Once it knows it has none: a comment sent while the survivor still
	// forwards to the dead leader is sent again until the answer is clear.
	eventually.True(t, "the survivor to know it has no leader", c.Nodes()[survivor].Leaderless)
	_, err = s.AddComment(ctx, posts.NewComment{PostSlug: "post", Author: reader("ann"), Body: "during"})
	if !errors.Is(err, posts.ErrUnavailable) || posts.Message(err) != "the blog cannot take comments for a moment; try again" {
		t.Fatalf("a comment without a leader: %v", err)
	}
	if list := localComments(); len(list) != 1 || list[0].Body != "before" {
		t.Fatalf("reads without a leader: %+v", list)
	}
	// A login needs no leader: a key's hourly date waits for the next one.
	s.Now = func() time.Time { return time.Now().Add(2 * time.Hour) }
	if id, err := s.LoginKey(ctx, reader("ann").Fingerprint); err != nil || id != reader("ann").Fingerprint {
		t.Errorf("a login without a leader: %q, %v", id, err)
	}
	// An election is not yet a reason to call the node unhealthy.
	health, err := HealthRqlite(ctx, RqliteConfig{Addrs: []string{c.Nodes()[survivor].HTTPAddr}})
	if err != nil || !strings.Contains(health, "heard from its leader") {
		t.Errorf("health of a node that just lost its leader: %q, %v", health, err)
	}
}

// A node that cannot be reached is passed over for the next address.
func TestUnreachableNodeIsPassedOver(t *testing.T) {
	c := rqlitetest.StartCluster(t, 1)
	s, err := OpenRqlite(context.Background(), RqliteConfig{Addrs: []string{closedAddr(t), c.Nodes()[0].HTTPAddr}})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if err := s.SavePost(context.Background(), samplePost("post", time.Now().Add(-time.Hour))); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Post(context.Background(), "post"); err != nil {
		t.Fatal(err)
	}
}

// A single-node blog moves into a new cluster with its backup, and comes
// back out as an SQLite file that check accepts and Open serves.
func TestMoveIntoAClusterAndBackOut(t *testing.T) {
	ctx := context.Background()
	single, path := openTestStore(t)
	if err := single.SavePost(ctx, samplePost("post", time.Now().Add(-time.Hour))); err != nil {
		t.Fatal(err)
	}
	add(t, single, reader("ann"), 0, "kept across the move")
	backup := filepath.Join(t.TempDir(), "backup.db")
	if err := Backup(ctx, path, backup); err != nil {
		t.Fatal(err)
	}
	c := rqlitetest.StartCluster(t, 1)
	cfg := RqliteConfig{Addrs: c.HTTPAddrs()}
	if err := LoadRqlite(ctx, cfg, backup); err != nil {
		t.Fatal(err)
	}
	if err := LoadRqlite(ctx, cfg, backup); err == nil || !strings.Contains(err.Error(), "already holds comments") {
		t.Fatalf("loading into a cluster with comments: %v", err)
	}
	cluster, err := OpenRqlite(ctx, cfg)
	if err != nil {
		t.Fatal(err)
	}
	defer cluster.Close()
	add(t, cluster, reader("bob"), 0, "made in the cluster")
	if problems, err := CheckRqlite(ctx, cfg); err != nil || len(problems) > 0 {
		t.Fatalf("check of the cluster: %v %v", problems, err)
	}
	out := filepath.Join(t.TempDir(), "out", "sshblog.db")
	os.MkdirAll(filepath.Dir(out), 0o700)
	if err := BackupRqlite(ctx, cfg, out); err != nil {
		t.Fatal(err)
	}
	if problems, err := Check(ctx, out); err != nil || len(problems) > 0 {
		t.Fatalf("check of the copy out: %v %v", problems, err)
	}
	back, err := Open(out)
	if err != nil {
		t.Fatal(err)
	}
	defer back.Close()
	list, err := back.Comments(ctx, "post", posts.Comment{}, 10)
	if err != nil || len(list) != 2 || list[0].Body != "kept across the move" || list[1].Body != "made in the cluster" {
		t.Fatalf("comments of the copy out: %+v, %v", list, err)
	}
}

// closedAddr is a loopback address nothing listens on.
func closedAddr(t *testing.T) string {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := l.Addr().String()
	l.Close()
	return addr
}

// Text that looks like a hex blob literal comes back as written: rqlite
// would bind it as the blob it spells.
func TestHexLookingTextStaysText(t *testing.T) {
	s := storeWithPost(t)
	c := add(t, s, reader("ann"), 0, "x'41'")
	got, err := s.Comment(context.Background(), c.ID)
	if err != nil || got.Body != "x'41'" || c.Body != "x'41'" {
		t.Fatalf("comment %q (as posted %q), %v; want x'41'", got.Body, c.Body, err)
	}
}
