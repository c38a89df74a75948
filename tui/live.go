package tui

import (
	"sync"
	"time"

	tea "github.com/charmbracelet/bubbletea"

	"github.com/sshblog/sshblog/blog"
	"github.com/sshblog/sshblog/posts"
)

// batchWindow is how long a session gathers changes before showing them.
const batchWindow = 25 * time.Millisecond

// changesMsg brings a session the comment changes since the last one.
type changesMsg struct {
	comments []posts.Comment
	lost     bool // some were dropped: reload
	posts    bool // the post list changed
	inbox    bool // the reader's inbox has a new item
}

// liveFeed hands a listener's changes to a running program without a
// goroutine of its own while the reader is idle (a parked goroutine per
// reader is a stack in memory and in every collection's scan): the hub
// rings it once, a one-shot timer gathers the burst for batchWindow, and
// the timer's goroutine sends the lot as one message (blog.Changes, which
// the model takes with changesOf), then asks the hub to ring again. One
// message at a time is on its way, so a reader whose program is held up (a
// stalled terminal) piles up nothing but its mailbox.
type liveFeed struct {
	listener *blog.Listener
	send     func(tea.Msg) // Program.Send: returns once the program has ended

	mu      sync.Mutex
	timer   *time.Timer
	stopped bool
}

// followLive starts bringing l's changes to the program send sends to. Call
// stop once the program has ended: it stops a timer still set, and a send
// then under way returns at once.
func followLive(l *blog.Listener, send func(tea.Msg)) (stop func()) {
	f := &liveFeed{listener: l, send: send}
	l.NotifyOnce(f.ring)
	return f.stop
}

// ring runs on the publisher's goroutine, under the hub's lock: it only
// arms the timer.
func (f *liveFeed) ring() {
	f.mu.Lock()
	defer f.mu.Unlock()
	if !f.stopped {
		// Changes come in bursts (a busy post, a hundred people sending
		// at once); gathering them for a moment lays the thread out and
		// draws it once for the lot rather than once for each.
		f.timer = time.AfterFunc(batchWindow, f.bring)
	}
}

// bring runs on the timer's goroutine, which may wait in send for the
// program: never on the hub's, and never holding mu, which the hub's ring
// takes.
func (f *liveFeed) bring() {
	f.mu.Lock()
	stopped := f.stopped
	f.mu.Unlock()
	if stopped {
		return
	}
	f.send(f.listener.Take())
	f.listener.NotifyOnce(f.ring)
}

func (f *liveFeed) stop() {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.stopped = true
	if f.timer != nil {
		f.timer.Stop()
	}
}

// changesOf is what the feed brought, cleaned for the screen. It runs on
// the model's goroutine, where a panic ends the session and not the server.
func changesOf(c blog.Changes) changesMsg {
	return changesMsg{comments: cleanComments(c.Comments), lost: c.Lost, posts: c.Posts, inbox: c.Inbox}
}

// Follow brings the model the changes l hears while the session runs; l is
// the Listener of the model's Options. Call it before Run.
func (s *Session) Follow(l *blog.Listener) { s.live = l }
