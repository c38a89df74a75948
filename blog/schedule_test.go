package blog

import (
	"context"
	"sync/atomic"
	"testing"
	"testing/synctest"
	"time"

	"github.com/sshblog/sshblog/posts"
)

// A post dated an hour ahead comes out by the blog's one timer an hour on,
// and sessions are told; nobody waits an hour of real time for it.
func TestScheduledPostComesOutByTheBlogsTimer(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		store := openStore(t)
		ctx := context.Background()
		if err := store.SavePost(ctx, posts.Post{Slug: "later", Title: "Later", Author: "Ann",
			Published: time.Now().Add(time.Hour), Body: "Wait for it."}); err != nil {
			t.Fatal(err)
		}
		b, err := New(ctx, "Scheduled", store, time.Now) // the bubble's clock
		if err != nil {
			t.Fatal(err)
		}
		var told atomic.Int32
		b.OnPostsChanged(func() { told.Add(1) })
		if n := len(b.Posts()); n != 0 {
			t.Fatalf("%d posts before their date", n)
		}
		time.Sleep(time.Hour - time.Minute)
		synctest.Wait()
		if n := len(b.Posts()); n != 0 || told.Load() != 0 {
			t.Fatalf("a minute early: %d posts out, sessions told %d times", n, told.Load())
		}
		time.Sleep(2 * time.Minute)
		synctest.Wait()
		if n := len(b.Posts()); n != 1 || told.Load() != 1 {
			t.Errorf("after its date: %d posts out, sessions told %d times; want 1 and 1", n, told.Load())
		}
	})
}
