package tui

import (
	"sync"
	"sync/atomic"
	"testing"
	"testing/synctest"
	"time"

	tea "github.com/charmbracelet/bubbletea"

	"github.com/sshblog/sshblog/blog"
	"github.com/sshblog/sshblog/posts"
)

// sent collects what a feed sends, as a program's Send would take it.
type sent struct {
	mu   sync.Mutex
	msgs []changesMsg
}

func (s *sent) send(msg tea.Msg) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.msgs = append(s.msgs, changesOf(msg.(blog.Changes)))
}

func (s *sent) all() []changesMsg {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.msgs
}

// Changes that come within the batch window of the first are brought in one
// message, when the window ends; a change after it comes in the next.
func TestLiveBringsABurstAsOneMessage(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		h := blog.NewHub()
		l := h.Listen()
		defer l.Close()
		l.Follow("p")
		var got sent
		defer followLive(l, got.send)()
		h.Publish(posts.Comment{ID: 1, PostSlug: "p"})
		time.Sleep(batchWindow - time.Millisecond)
		h.Publish(posts.Comment{ID: 2, PostSlug: "p"})
		h.Publish(posts.Comment{ID: 3, PostSlug: "p"})
		synctest.Wait()
		if msgs := got.all(); len(msgs) != 0 {
			t.Fatalf("changes brought before the batch window ended: %+v", msgs)
		}
		time.Sleep(time.Millisecond)
		synctest.Wait()
		if msgs := got.all(); len(msgs) != 1 || len(msgs[0].comments) != 3 || msgs[0].lost {
			t.Fatalf("the burst came as %+v, want 3 comments in one message", msgs)
		}
		h.Publish(posts.Comment{ID: 4, PostSlug: "p"})
		h.PostsChanged()
		time.Sleep(batchWindow)
		synctest.Wait()
		if msgs := got.all(); len(msgs) != 2 || len(msgs[1].comments) != 1 || msgs[1].comments[0].ID != 4 || !msgs[1].posts {
			t.Errorf("the changes after the window came as %+v, want comment 4 alone with the posts flag", msgs[1:])
		}
	})
}

// An idle reader's feed holds no goroutine: synctest.Test would fail on one
// still blocked when the test ends, and the listener is left open. Changes
// that wait before the feed starts are brought all the same.
func TestLiveHoldsNoGoroutineWhileIdle(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		h := blog.NewHub()
		l := h.Listen()
		l.HearInbox("SHA256:ann")
		h.InboxChanged([]string{"SHA256:ann"})
		var got sent
		followLive(l, got.send)
		time.Sleep(batchWindow)
		synctest.Wait()
		if msgs := got.all(); len(msgs) != 1 || !msgs[0].inbox {
			t.Fatalf("brought %+v, want the inbox flag", msgs)
		}
		time.Sleep(time.Hour) // idle: nothing is sent, nothing waits
		synctest.Wait()
		if msgs := got.all(); len(msgs) != 1 {
			t.Errorf("an idle feed sent %+v", msgs[1:])
		}
	})
}

// A reader whose program is held up has one message on its way, not one per
// batch window: the rest wait in the listener's mailbox.
func TestLiveSendsOneAtATime(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		h := blog.NewHub()
		l := h.Listen()
		defer l.Close()
		release := make(chan struct{})
		var sends atomic.Int32
		stop := followLive(l, func(tea.Msg) { sends.Add(1); <-release })
		for range 10 {
			h.PostsChanged()
			time.Sleep(batchWindow)
		}
		synctest.Wait()
		if n := sends.Load(); n != 1 {
			t.Fatalf("%d messages on their way to a held-up program, want 1", n)
		}
		close(release)
		time.Sleep(batchWindow)
		synctest.Wait()
		if n := sends.Load(); n != 2 {
			t.Errorf("%d messages once the program took the first, want 2 (the rest in one)", n)
		}
		stop()
		h.PostsChanged()
		time.Sleep(batchWindow)
		synctest.Wait()
		if n := sends.Load(); n != 2 {
			t.Errorf("a stopped feed sent again (%d sends)", n)
		}
	})
}
