package tui

import (
	"testing"
	"testing/synctest"
	"time"

	tea "github.com/charmbracelet/bubbletea"

	"github.com/sshblog/sshblog/blog"
	"github.com/sshblog/sshblog/posts"
)

// The adapter brings what the hub gathered as one message, and nothing once
// the listener is closed, so a session's wait ends with it.
func TestWaitForBringsChangesUntilClosed(t *testing.T) {
	h := blog.NewHub()
	l := h.Listen()
	l.Follow("p")
	h.Publish(posts.Comment{ID: 1, PostSlug: "p"})
	h.Publish(posts.Comment{ID: 2, PostSlug: "p"})
	if msg := waitFor(l)().(changesMsg); len(msg.comments) != 2 || msg.lost {
		t.Errorf("got %d changes (lost %v), want 2", len(msg.comments), msg.lost)
	}
	l.Close()
	if waitFor(l)() != nil {
		t.Error("a closed listener still waits for changes")
	}
}

// Changes that come within the batch window of the first are brought in one
// message, when the window ends; a change after it waits for the next.
func TestWaitForGathersABurstForTheBatchWindow(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		h := blog.NewHub()
		l := h.Listen()
		defer l.Close()
		l.Follow("p")
		msgs := make(chan tea.Msg, 1)
		go func() { msgs <- waitFor(l)() }()
		h.Publish(posts.Comment{ID: 1, PostSlug: "p"})
		time.Sleep(batchWindow - time.Millisecond)
		h.Publish(posts.Comment{ID: 2, PostSlug: "p"})
		h.Publish(posts.Comment{ID: 3, PostSlug: "p"})
		synctest.Wait()
		select {
		case msg := <-msgs:
			t.Fatalf("changes brought before the batch window ended: %+v", msg)
		default:
		}
		time.Sleep(time.Millisecond)
		synctest.Wait()
		msg := (<-msgs).(changesMsg)
		if len(msg.comments) != 3 || msg.lost {
			t.Fatalf("the burst came as %d changes (lost %v), want 3 in one message", len(msg.comments), msg.lost)
		}
		h.Publish(posts.Comment{ID: 4, PostSlug: "p"})
		if next := waitFor(l)().(changesMsg); len(next.comments) != 1 || next.comments[0].ID != 4 {
			t.Errorf("the change after the window came as %+v, want comment 4 alone", next.comments)
		}
	})
}
