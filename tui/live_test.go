package tui

import (
	"testing"

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
