package data

import (
	"context"
	"database/sql"
	"encoding/binary"
	"errors"
	"fmt"
	"os"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/sshblog/sshblog/internal/eventually"
	"github.com/sshblog/sshblog/posts"
)

// groupStore is a store on a real file with a post, its SQLite engine and
// the file's path.
func groupStore(t *testing.T) (*Store, *sqliteEngine, string) {
	t.Helper()
	s, path := openTestStore(t)
	if err := s.SavePost(context.Background(), samplePost("post", time.Now().Add(-time.Hour))); err != nil {
		t.Fatal(err)
	}
	return s, s.eng.(*sqliteEngine), path
}

// holdWriteLock takes SQLite's write lock from a connection of its own, so
// that the store's writes queue behind it until release is called.
func holdWriteLock(t *testing.T, path string) (release func()) {
	t.Helper()
	db, err := sql.Open("sqlite3", "file:"+path+"?_txlock=immediate")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	tx, err := db.Begin()
	if err != nil {
		t.Fatal(err)
	}
	return func() { tx.Rollback() }
}

// waitPending waits until n writes wait in e's queue.
func waitPending(t *testing.T, e *sqliteEngine, n int) {
	t.Helper()
	eventually.True(t, fmt.Sprintf("%d writes waiting", n), func() bool {
		e.mu.Lock()
		defer e.mu.Unlock()
		return len(e.pending) == n
	})
}

// walCommits counts the commits in the database's write-ahead log: the
// frames of its current generation (their salts the header's) that end a
// transaction (a database size after commit).
func walCommits(t *testing.T, path string) int {
	t.Helper()
	wal, err := os.ReadFile(path + "-wal")
	if err != nil {
		t.Fatal(err)
	}
	if len(wal) < 32 {
		return 0
	}
	be := binary.BigEndian
	pageSize := int(be.Uint32(wal[8:]))
	salts := string(wal[16:24])
	commits := 0
	for off := 32; off+24+pageSize <= len(wal); off += 24 + pageSize {
		frame := wal[off:]
		if string(frame[8:16]) == salts && be.Uint32(frame[4:]) != 0 {
			commits++
		}
	}
	return commits
}

// Writes that arrive together share one commit, and one that fails or is
// refused in the batch leaves the others stored: here eight writes wait
// behind another connection's lock, one of them a comment on a post that
// does not exist (refused by its decision) and one a request whose second
// statement breaks a constraint after its first wrote; once the lock goes,
// one commit makes the six others.
func TestGroupCommitOneFailureKeepsTheOthers(t *testing.T) {
	s, e, path := groupStore(t)
	ctx := context.Background()
	release := holdWriteLock(t, path)
	before := walCommits(t, path)

	var wg sync.WaitGroup
	errs := make([]error, 8)
	for i := range 6 {
		wg.Go(func() {
			_, errs[i] = s.AddComment(ctx, posts.NewComment{PostSlug: "post", Author: reader(fmt.Sprintf("w%d", i)), Body: fmt.Sprintf("comment %d", i)})
		})
	}
	wg.Go(func() {
		_, errs[6] = s.AddComment(ctx, posts.NewComment{PostSlug: "no-such-post", Author: reader("lost"), Body: "refused"})
	})
	wg.Go(func() {
		_, errs[7] = e.atomic(ctx, withArgs(statements(
			stmt{sql: `INSERT INTO identities (fingerprint, name, public_key, created_at) VALUES (:fp, 'half', 'k', :now)`},
			stmt{sql: `INSERT INTO identities (fingerprint, name, public_key, created_at) VALUES (:fp, 'again', 'k', :now)`},
		), map[string]any{"fp": "SHA256:half", "now": time.Now().Unix()}))
	})
	waitPending(t, e, 8)
	release()
	wg.Wait()

	for i, err := range errs[:6] {
		if err != nil {
			t.Errorf("comment %d: %v", i, err)
		}
	}
	if !errors.Is(errs[6], posts.ErrNotFound) {
		t.Errorf("a comment on no post: %v, want ErrNotFound", errs[6])
	}
	if errs[7] == nil || !strings.Contains(errs[7].Error(), "UNIQUE") {
		t.Errorf("a request breaking a constraint: %v, want its UNIQUE error", errs[7])
	}
	thread, err := s.Comments(ctx, "post", posts.Comment{}, 100)
	if err != nil || len(thread) != 6 {
		t.Errorf("%d comments stored (%v), want the 6 acknowledged", len(thread), err)
	}
	if _, err := s.Identity(ctx, "SHA256:half"); !errors.Is(err, posts.ErrNotFound) {
		t.Errorf("the failed request's first write: %v, want it undone", err)
	}
	if n := walCommits(t, path) - before; n != 1 {
		t.Errorf("the eight writes took %d commits, want 1", n)
	}
}

// A write whose caller gives up while it waits, or before it asks, is not
// made, and the caller hears why; the caller committing the batch finishes
// it even if its own context ends, so the others' writes are made.
func TestGroupCommitCancelledWhileWaiting(t *testing.T) {
	s, e, path := groupStore(t)
	release := holdWriteLock(t, path)
	comment := func(ctx context.Context, body string) <-chan error {
		done := make(chan error, 1)
		go func() {
			_, err := s.AddComment(ctx, posts.NewComment{PostSlug: "post", Author: reader(body), Body: body})
			done <- err
		}()
		return done
	}
	leaderCtx, leaderGone := context.WithCancel(context.Background())
	leader := comment(leaderCtx, "leader")
	waitPending(t, e, 1)
	waiterCtx, waiterGone := context.WithCancel(context.Background())
	waiter := comment(waiterCtx, "waiter")
	other := comment(context.Background(), "other")
	waitPending(t, e, 3)

	waiterGone()
	if err := <-waiter; !errors.Is(err, context.Canceled) {
		t.Errorf("a write given up while waiting: %v, want context.Canceled", err)
	}
	leaderGone()
	release()
	if err := <-leader; err != nil {
		t.Errorf("the committing caller, gone: %v, want its write made", err)
	}
	if err := <-other; err != nil {
		t.Errorf("a write sharing the batch: %v", err)
	}
	dead, kill := context.WithCancel(context.Background())
	kill()
	if err := <-comment(dead, "dead"); !errors.Is(err, context.Canceled) {
		t.Errorf("a write asked for with a context already ended: %v, want context.Canceled", err)
	}
	thread, err := s.Comments(context.Background(), "post", posts.Comment{}, 10)
	var bodies []string
	for _, c := range thread {
		bodies = append(bodies, c.Body)
	}
	if err != nil || strings.Join(bodies, ",") != "leader,other" {
		t.Errorf("stored %q (%v), want leader,other", bodies, err)
	}
}

// Many writers at once, with the handoff from one committing caller to the
// next: every comment is stored, once (run with -race).
func TestGroupCommitManyWriters(t *testing.T) {
	s, _, _ := groupStore(t)
	ctx := context.Background()
	const writers, each = 16, 20
	var wg sync.WaitGroup
	for w := range writers {
		wg.Go(func() {
			me := reader(fmt.Sprintf("w%d", w))
			for i := range each {
				if _, err := s.AddComment(ctx, posts.NewComment{PostSlug: "post", Author: me, Body: fmt.Sprintf("%d/%d", w, i)}); err != nil {
					t.Error(err)
					return
				}
			}
		})
	}
	wg.Wait()
	thread, err := s.Comments(ctx, "post", posts.Comment{}, 1000)
	if err != nil || len(thread) != writers*each {
		t.Errorf("%d comments stored (%v), want %d", len(thread), err, writers*each)
	}
}
