package blog

import (
	"sync"

	"github.com/sshblog/sshblog/posts"
)

// Hub tells sessions about comment changes as they are committed: every
// session showing a post hears of that post's comments, every session showing
// the list hears that counts changed. Publishing never waits on a session: each
// listener has a small mailbox and a one-slot doorbell (Ready, or a callback
// set with NotifyOnce), and a session too slow to empty its mailbox is told
// to reload instead.
type Hub struct {
	mu     sync.Mutex
	topics map[string]map[*Listener]struct{}
	// inboxes are the listeners of each identity, told of new inbox items
	// wherever they are.
	inboxes map[string]map[*Listener]struct{}
	// observers hear of every change before any listener does.
	observers map[*func(Changes)]struct{}
}

// listTopic is what sessions showing the post list follow.
const listTopic = ""

// maxPending is how many changes wait for a session before it must reload.
const maxPending = 32

// NewHub makes an empty hub; one serves the whole server.
func NewHub() *Hub {
	return &Hub{topics: map[string]map[*Listener]struct{}{}, inboxes: map[string]map[*Listener]struct{}{},
		observers: map[*func(Changes)]struct{}{}}
}

// Listener is one session's subscription: it follows one topic at a time.
type Listener struct {
	hub   *Hub
	topic string
	bell  chan struct{} // holds a token while changes wait
	done  chan struct{} // closed by Close

	identity string // whose inbox it hears of; "" for none

	mu      sync.Mutex
	pending []posts.Comment
	lost    bool // the mailbox overflowed: reload what is shown
	posts   bool // posts were published, edited or taken down
	inbox   bool // the identity's inbox has a new item
	closed  bool
	notify  func() // see NotifyOnce
}

// Listen makes a listener that follows the list until told otherwise. The
// session must Close it when it ends.
func (h *Hub) Listen() *Listener {
	l := &Listener{hub: h, bell: make(chan struct{}, 1), done: make(chan struct{})}
	h.mu.Lock()
	defer h.mu.Unlock()
	h.add(l)
	return l
}

func (h *Hub) add(l *Listener) {
	subs := h.topics[l.topic]
	if subs == nil {
		subs = map[*Listener]struct{}{}
		h.topics[l.topic] = subs
	}
	subs[l] = struct{}{}
}

func (h *Hub) remove(l *Listener) {
	delete(h.topics[l.topic], l)
	if len(h.topics[l.topic]) == 0 {
		delete(h.topics, l.topic)
	}
}

// Listeners counts the subscribed sessions, for metrics and tests.
func (h *Hub) Listeners() int {
	h.mu.Lock()
	defer h.mu.Unlock()
	n := 0
	for _, subs := range h.topics {
		n += len(subs)
	}
	return n
}

// Publish tells the followers of each comment's post, and of the list,
// that it was added or changed; the observers hear of all of them at once
// (a rename changes many). It never blocks on a session.
func (h *Hub) Publish(comments ...posts.Comment) {
	if len(comments) == 0 {
		return
	}
	h.mu.Lock()
	defer h.mu.Unlock()
	h.observe(Changes{Comments: comments})
	for _, c := range comments {
		for l := range h.topics[c.PostSlug] {
			l.deliver(c)
		}
		for l := range h.topics[listTopic] {
			l.deliver(c)
		}
	}
}

// Observe has fn told of every comment published and every change of the
// posts, before any listener hears of it, until stop: a cache kept this
// way is current by the time a session, told, asks again. fn runs on the
// publisher's goroutine with the hub locked, so it must return at once and
// call nothing of the hub's.
func (h *Hub) Observe(fn func(Changes)) (stop func()) {
	h.mu.Lock()
	defer h.mu.Unlock()
	key := &fn
	h.observers[key] = struct{}{}
	return func() {
		h.mu.Lock()
		defer h.mu.Unlock()
		delete(h.observers, key)
	}
}

func (h *Hub) observe(c Changes) {
	for fn := range h.observers {
		(*fn)(c)
	}
}

// Follow switches the listener to the comments of the post with slug, or to
// the list when slug is "".
func (l *Listener) Follow(slug string) {
	if l == nil {
		return
	}
	l.hub.mu.Lock()
	defer l.hub.mu.Unlock()
	if l.topic == slug || l.isClosed() {
		return
	}
	l.hub.remove(l)
	l.topic = slug
	l.hub.add(l)
	l.mu.Lock()
	l.pending, l.lost = nil, false // changes to what is no longer shown
	l.mu.Unlock()
}

// Close unsubscribes the listener and ends its wait.
func (l *Listener) Close() {
	l.hub.mu.Lock()
	defer l.hub.mu.Unlock()
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.closed {
		return
	}
	l.closed = true
	l.notify = nil
	l.hub.remove(l)
	if subs := l.hub.inboxes[l.identity]; subs != nil {
		delete(subs, l)
		if len(subs) == 0 {
			delete(l.hub.inboxes, l.identity)
		}
	}
	close(l.done)
}

func (l *Listener) isClosed() bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.closed
}

// PostsChanged tells every session, whatever it follows, that posts were
// published, edited or taken down. It never blocks on a session.
func (h *Hub) PostsChanged() {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.observe(Changes{Posts: true})
	for _, subs := range h.topics {
		for l := range subs {
			l.mu.Lock()
			l.posts = true
			l.ring()
			l.mu.Unlock()
		}
	}
}

// ring tells the session that changes wait. The caller holds l.mu, so that
// the doorbell and the mailbox agree (Take empties both).
func (l *Listener) ring() {
	select {
	case l.bell <- struct{}{}:
	default: // already rung
	}
	if fn := l.notify; fn != nil {
		l.notify = nil
		fn()
	}
}

func (l *Listener) deliver(c posts.Comment) {
	l.mu.Lock()
	if len(l.pending) < maxPending {
		l.pending = append(l.pending, c)
	} else {
		l.pending, l.lost = nil, true
	}
	l.ring()
	l.mu.Unlock()
}

// Changes are what a listener gathered since it was last emptied.
type Changes struct {
	Comments []posts.Comment
	Lost     bool // some were dropped: reload what is shown
	Posts    bool // the post list changed
	Inbox    bool // the identity's inbox has a new item
}

// Ready holds a token while changes wait; a session waits on it (and on
// Done), then calls Take.
func (l *Listener) Ready() <-chan struct{} { return l.bell }

// Done is closed when the listener is closed.
func (l *Listener) Done() <-chan struct{} { return l.done }

// NotifyOnce has fn called once, when changes next wait, or at once if they
// wait already; a closed listener never calls it. It is how a session hears
// of changes without a goroutine parked on Ready: fn runs with the listener
// locked, on the publisher's goroutine (the hub locked too) or on the
// caller's, so it must return at once (arm a timer, say) and call nothing
// of the hub's or the listener's.
func (l *Listener) NotifyOnce(fn func()) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.closed {
		return
	}
	if len(l.bell) > 0 {
		fn()
		return
	}
	l.notify = fn
}

// Take empties the mailbox and takes the doorbell's token.
func (l *Listener) Take() Changes {
	l.mu.Lock()
	defer l.mu.Unlock()
	c := Changes{Comments: l.pending, Lost: l.lost, Posts: l.posts, Inbox: l.inbox}
	l.pending, l.lost, l.posts, l.inbox = nil, false, false, false
	select {
	case <-l.bell:
	default:
	}
	return c
}

// HearInbox has the listener told of new items in identity's inbox, as
// long as it listens. Once per listener.
func (l *Listener) HearInbox(identity string) {
	if l == nil || identity == "" {
		return
	}
	l.hub.mu.Lock()
	defer l.hub.mu.Unlock()
	if l.identity != "" || l.isClosed() {
		return
	}
	l.identity = identity
	subs := l.hub.inboxes[identity]
	if subs == nil {
		subs = map[*Listener]struct{}{}
		l.hub.inboxes[identity] = subs
	}
	subs[l] = struct{}{}
}

// InboxChanged tells the sessions of these identities that their inbox has
// a new item. It never blocks on a session.
func (h *Hub) InboxChanged(identities []string) {
	h.mu.Lock()
	defer h.mu.Unlock()
	for _, id := range identities {
		for l := range h.inboxes[id] {
			l.mu.Lock()
			l.inbox = true
			l.ring()
			l.mu.Unlock()
		}
	}
}
