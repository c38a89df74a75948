package blog

import (
	"fmt"
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
