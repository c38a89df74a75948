package blog

import (
	"fmt"
	"slices"
	"testing"

	"github.com/sshblog/sshblog/posts"
)

// A session that never reads its changes must not hold up anyone: Publish
// returns at once however far behind it is, and the session, when it looks,
// learns it must reload.
func TestHubNeverWaitsForAStuckSession(t *testing.T) {
	h := NewHub()
	stuck, live := h.Listen(), h.Listen()
	defer stuck.Close()
	stuck.Follow("p")
	live.Follow("p")
	for i := 1; i <= 10*maxPending; i++ {
		h.Publish(posts.Comment{ID: int64(i), PostSlug: "p"})
		if i%maxPending == 0 {
			<-live.Ready()
			msg := live.Take()
			if msg.Lost || len(msg.Comments) != maxPending {
				t.Fatalf("the reading session got %d changes (lost %v), want %d", len(msg.Comments), msg.Lost, maxPending)
			}
		}
	}
	<-stuck.Ready()
	if msg := stuck.Take(); !msg.Lost {
		t.Errorf("a session %d changes behind was not told to reload", 10*maxPending)
	}
	live.Close()
	select {
	case <-live.Done():
	default:
		t.Error("a closed listener still waits for changes")
	}
	if n := h.Listeners(); n != 1 {
		t.Errorf("%d listeners after one closed, want 1", n)
	}
}

// Listeners hear only the post they follow; the list hears every post.
func TestHubTopics(t *testing.T) {
	h := NewHub()
	onA, onB, onList := h.Listen(), h.Listen(), h.Listen()
	for _, l := range []*Listener{onA, onB, onList} {
		defer l.Close()
	}
	onA.Follow("a")
	onB.Follow("b")
	h.Publish(posts.Comment{ID: 1, PostSlug: "a"})
	got := fmt.Sprint(len(onA.pending), len(onB.pending), len(onList.pending))
	if got != "1 0 1" {
		t.Errorf("pending on a, b, list = %s, want 1 0 1", got)
	}
	onA.Follow("b") // switching drops changes to what is no longer shown
	if len(onA.pending) != 0 {
		t.Error("changes to the post left were kept")
	}
}

// NotifyOnce rings once for the next changes, at once for changes already
// waiting, and never for a closed listener; Take empties the doorbell with
// the mailbox, so a session that took everything is not rung for nothing.
func TestNotifyOnce(t *testing.T) {
	h := NewHub()
	l := h.Listen()
	l.Follow("p")
	rings := 0
	ring := func() { rings++ }
	l.NotifyOnce(ring)
	if rings != 0 {
		t.Fatal("rung with nothing waiting")
	}
	h.Publish(posts.Comment{ID: 1, PostSlug: "p"})
	h.Publish(posts.Comment{ID: 2, PostSlug: "p"})
	h.PostsChanged()
	if rings != 1 {
		t.Fatalf("rung %d times for a burst, want once", rings)
	}
	if c := l.Take(); len(c.Comments) != 2 || !c.Posts {
		t.Fatalf("took %d comments (posts %v), want 2 and the posts flag", len(c.Comments), c.Posts)
	}
	l.NotifyOnce(ring)
	if rings != 1 {
		t.Fatal("rung again after everything was taken")
	}
	h.Publish(posts.Comment{ID: 3, PostSlug: "p"}) // waits: the next NotifyOnce rings at once
	if rings != 2 {
		t.Fatalf("rung %d times, want 2", rings)
	}
	l.NotifyOnce(ring)
	if rings != 3 {
		t.Fatalf("changes already waiting did not ring at once (%d rings)", rings)
	}
	l.Take()
	l.NotifyOnce(ring)
	l.Close()
	h.Publish(posts.Comment{ID: 4, PostSlug: "p"})
	l.NotifyOnce(ring)
	if rings != 3 {
		t.Errorf("a closed listener rang (%d rings, want 3)", rings)
	}
}

// Observers hear of a change before any listener is rung, so a cache they
// keep is current by the time a session, told, asks again.
func TestObserversHearFirst(t *testing.T) {
	h := NewHub()
	var heard []string
	stop := h.Observe(func(c Changes) {
		if c.Posts {
			heard = append(heard, "observer: posts")
		}
		for _, comment := range c.Comments {
			heard = append(heard, "observer: "+comment.Body)
		}
	})
	l := h.Listen()
	defer l.Close()
	l.Follow("post")
	ring := func() { l.NotifyOnce(func() { heard = append(heard, "listener") }) }
	ring()
	h.Publish(posts.Comment{PostSlug: "post", Body: "hi"})
	l.Take()
	ring()
	h.PostsChanged()
	l.Take()
	stop()
	h.Publish(posts.Comment{PostSlug: "post", Body: "unheard"})
	want := []string{"observer: hi", "listener", "observer: posts", "listener"}
	if !slices.Equal(heard, want) {
		t.Errorf("heard %q, want %q", heard, want)
	}
}

// A batch (a rename's comments) is one observation, and every comment of it
// reaches its followers.
func TestABatchIsObservedOnce(t *testing.T) {
	h := NewHub()
	var observed []int
	defer h.Observe(func(c Changes) { observed = append(observed, len(c.Comments)) })()
	l := h.Listen()
	defer l.Close()
	h.Publish(posts.Comment{ID: 1, PostSlug: "a"}, posts.Comment{ID: 2, PostSlug: "b"})
	if !slices.Equal(observed, []int{2}) {
		t.Errorf("observed %v, want one observation of 2", observed)
	}
	if got := l.Take().Comments; len(got) != 2 {
		t.Errorf("the list's listener got %v, want both", got)
	}
}
