package blog

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"io"
	"strings"
	"time"

	"github.com/sshblog/sshblog/posts"
)

// InboxStore is what the inbox needs from storage.
type InboxStore interface {
	Inbox(ctx context.Context, identity string, all bool, limit int) ([]posts.InboxItem, error)
	InboxUnread(ctx context.Context, identity string, since int64) (int, error)
	MarkInboxRead(ctx context.Context, identity string, upTo int64) error
	InboxRecipients(ctx context.Context, commentID int64) ([]string, error)
	Mute(ctx context.Context, identity string, m posts.InboxMute, mute bool) error
	InboxFeed(ctx context.Context, identity, fresh string, renew bool) (string, error)
	InboxFeedOwner(ctx context.Context, token string) (string, error)
	Comment(ctx context.Context, id int64) (posts.Comment, error)
}

// Inbox is what waits for a reader: others' comments in the threads they
// started or answered in. New items reach connected readers through the
// hub, never by asking.
type Inbox struct {
	store InboxStore
	hub   *Hub
}

// NewInbox serves inboxes from store and tells live sessions through
// threads' hub; threads hands it every new comment.
func NewInbox(store InboxStore, threads *Threads) *Inbox {
	in := &Inbox{store: store, hub: threads.hub}
	threads.inbox = in
	return in
}

// InboxSize is the most items an inbox shows.
const InboxSize = 200

// errNoInbox is what a reader without a key is told.
var errNoInbox = posts.Forbidden("You connected without an SSH key, so nothing can wait for you here: replies come to a key's comments.")

// Items is the viewer's inbox, newest first: unread only unless all.
func (in *Inbox) Items(ctx context.Context, v Viewer, all bool) ([]posts.InboxItem, error) {
	if !v.Keyed() {
		return nil, errNoInbox
	}
	return in.store.Inbox(ctx, v.Fingerprint, all, InboxSize)
}

// Unread counts the viewer's unread items that came after since (zero for
// all of them).
func (in *Inbox) Unread(ctx context.Context, v Viewer, since time.Time) (int, error) {
	if !v.Keyed() {
		return 0, nil
	}
	var after int64
	if !since.IsZero() {
		after = since.Unix()
	}
	return in.store.InboxUnread(ctx, v.Fingerprint, after)
}

// Seen marks the items shown read: everything up to the newest of them.
func (in *Inbox) Seen(ctx context.Context, v Viewer, items []posts.InboxItem) error {
	if !v.Keyed() || len(items) == 0 {
		return nil
	}
	newest := items[0].ID
	for _, it := range items {
		newest = max(newest, it.ID)
	}
	return in.store.MarkInboxRead(ctx, v.Fingerprint, newest)
}

// Mute silences (or with mute false, lets back) a thread or an author.
func (in *Inbox) Mute(ctx context.Context, v Viewer, m posts.InboxMute, mute bool) error {
	if !v.Keyed() {
		return errNoInbox
	}
	if m.Author == v.Fingerprint {
		return posts.Invalid("Your own comments never come to your inbox.")
	}
	return in.store.Mute(ctx, v.Fingerprint, m, mute)
}

// added tells the sessions of whoever has c in their inbox.
func (in *Inbox) added(ctx context.Context, c posts.Comment) {
	if c.ParentID == 0 {
		return // a new thread answers no one
	}
	ids, err := in.store.InboxRecipients(ctx, c.ID)
	if err == nil && len(ids) > 0 {
		in.hub.InboxChanged(ids) // a failure costs a live line; the item waits all the same
	}
}

// FeedSecret is the secret of the viewer's private inbox feed, made the
// first time; renew makes a new one, and the last stops working.
func (in *Inbox) FeedSecret(ctx context.Context, v Viewer, renew bool) (string, error) {
	if !v.Keyed() {
		return "", errNoInbox
	}
	raw := make([]byte, 20)
	rand.Read(raw)
	return in.store.InboxFeed(ctx, v.Fingerprint, hex.EncodeToString(raw), renew)
}

// Thread is the thread comment id is in, to mute it.
func (in *Inbox) Thread(ctx context.Context, id int64) (int64, error) {
	c, err := in.store.Comment(ctx, id)
	return c.Thread(), err
}

// WriteFeed writes the private Atom feed of the inbox whose secret is
// given, for the web mirror's route; posts.ErrNotFound for a secret that
// names none (revoked or wrong). feed names the blog; its ID roots the
// entries'.
func (in *Inbox) WriteFeed(ctx context.Context, w io.Writer, feed posts.Feed, secret string) error {
	owner, err := in.store.InboxFeedOwner(ctx, strings.TrimSpace(secret))
	if err != nil {
		return err
	}
	items, err := in.store.Inbox(ctx, owner, true, InboxSize)
	if err != nil {
		return err
	}
	return posts.WriteInboxAtom(w, feed, items)
}
