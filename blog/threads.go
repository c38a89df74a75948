package blog

import (
	"context"
	"errors"
	"fmt"
	"net/netip"

	"github.com/sshblog/sshblog/posts"
)

// CommentStore is what comments need from storage.
type CommentStore interface {
	Comments(ctx context.Context, slug string, after posts.Comment, limit int) ([]posts.Comment, error)
	AddComment(ctx context.Context, c posts.NewComment) (posts.Comment, error)
	EditComment(ctx context.Context, id int64, author, body string, limit posts.RateLimit, from posts.Origin) (posts.Comment, error)
	DeleteComment(ctx context.Context, id int64, author string) (posts.Comment, error)
	Identity(ctx context.Context, fingerprint string) (posts.Identity, error)
	NameTaken(ctx context.Context, name string) (bool, error)
	SetName(ctx context.Context, id posts.Identity, from posts.Origin) error
	AuthorComments(ctx context.Context, fingerprint string) ([]posts.Comment, error)
	Moderate(ctx context.Context, admin string, id int64, action string) (posts.Comment, error)
	SetBanned(ctx context.Context, admin, target string, banned bool) error
	ModerationLog(ctx context.Context, limit int) ([]posts.ModAction, error)
	RangeStore
}

// Viewer is who reads in one session, as the server authenticated them.
type Viewer struct {
	Fingerprint string // the identity: SHA256 of its first key; "" without a key
	Key         string // SHA256 of the key that authenticated: who you are now
	PublicKey   string // that key in authorized_keys form
	User        string // the SSH user name: the default display name
	Admin       bool
	Addr        netip.Addr // where the session comes from: an IPv4 address or an IPv6 /64
}

// Keyed reports whether the viewer has a key, and so may comment.
func (v Viewer) Keyed() bool { return v.Fingerprint != "" }

// LoginKey is the key that authenticated: Key, or for a viewer made without
// it (tests, a reader before accounts), the identity's own key.
func (v Viewer) LoginKey() string {
	if v.Key != "" {
		return v.Key
	}
	return v.Fingerprint
}

// Threads is what every session shares for comments: the store, the hub
// that carries changes to other sessions, and the rules (rate limit, names).
// The reader and the plain-text commands both write through it, so both
// obey the same checks and both reach live sessions.
type Threads struct {
	store CommentStore
	blog  *Blog
	hub   *Hub
	limit posts.RateLimit
	// perAddress bounds what one address may do, whatever its keys.
	perAddress posts.AddressLimits
	inbox      *Inbox // told of every new comment; nil: no inboxes
}

// NewThreads serves the comments of blog's posts from store. limit bounds
// how fast one identity may comment.
func NewThreads(store CommentStore, blog *Blog, limit posts.RateLimit) *Threads {
	return &Threads{store: store, blog: blog, hub: NewHub(), limit: limit}
}

// Hub is where sessions listen for changes.
func (t *Threads) Hub() *Hub { return t.hub }

// NoKey tells a reader without a key, wherever they try to write, why they
// cannot and how to get a key: the reader and the commands say it alike.
const NoKey = "You connected without an SSH key, so you cannot comment. Make one with ssh-keygen -t ed25519, then connect again (as any user but guest, who never uses a key)."

// errNoKey is what a reader without a key is told when they try to write.
var errNoKey = posts.Forbidden(NoKey)

// Me is the viewer's identity. A reader who has none yet gets one with only
// the fingerprint and key set, and the name they would get by default if it
// is usable ("" when they must choose one).
func (t *Threads) Me(ctx context.Context, v Viewer) (me posts.Identity, registered bool, err error) {
	if !v.Keyed() {
		return me, false, errNoKey
	}
	me, err = t.store.Identity(ctx, v.Fingerprint)
	if err == nil {
		return me, true, nil
	}
	if !errors.Is(err, posts.ErrNotFound) {
		return me, false, err
	}
	me = posts.Identity{Fingerprint: v.Fingerprint, PublicKey: v.PublicKey}
	if posts.CheckName(v.User, t.blog.Name) == nil {
		taken, err := t.store.NameTaken(ctx, v.User)
		if err != nil {
			return me, false, err
		}
		if !taken {
			me.Name = v.User
		}
	}
	return me, false, nil
}

// Rename gives the viewer a new display name.
func (t *Threads) Rename(ctx context.Context, v Viewer, name string) error {
	if !v.Keyed() {
		return errNoKey
	}
	if err := posts.CheckName(name, t.blog.Name); err != nil {
		return err
	}
	err := t.store.SetName(ctx, posts.Identity{Fingerprint: v.Fingerprint, PublicKey: v.PublicKey, Name: name}, t.origin(v))
	if err != nil {
		return diskFull(err, "your new name")
	}
	// The sessions showing the reader's comments show the new name. The
	// rename is made: if the comments cannot be read now, they show it
	// when next loaded.
	if list, err := t.store.AuthorComments(ctx, v.Fingerprint); err == nil {
		t.hub.Publish(list...)
	}
	return nil
}

// Add posts a comment (a reply when parent is not 0) for the viewer after
// checking its text, and tells every session showing the post once it is
// committed.
func (t *Threads) Add(ctx context.Context, v Viewer, slug string, parent int64, text string) (posts.Comment, error) {
	body, err := posts.CheckComment(text)
	if err != nil {
		return posts.Comment{}, err
	}
	me, registered, err := t.Me(ctx, v)
	if err != nil {
		return posts.Comment{}, err
	}
	if !registered && me.Name == "" {
		why := fmt.Sprintf("Someone already goes by %q.", v.User) // v.User passed CheckName: it is plain
		if err := posts.CheckName(v.User, t.blog.Name); err != nil {
			why = posts.Message(err)
		}
		return posts.Comment{}, &posts.Error{Kind: posts.ErrNoName, Msg: "Choose a display name for your first comment. " + why}
	}
	c, err := t.store.AddComment(ctx, posts.NewComment{PostSlug: slug, ParentID: parent, Author: me, Body: body, RateLimit: t.limit, From: t.origin(v)})
	if c, err = t.changed(ctx, c, diskFull(err, "your comment")); err == nil && t.inbox != nil {
		t.inbox.added(ctx, c)
	}
	return c, err
}

// Edit replaces the text of one of the viewer's comments.
func (t *Threads) Edit(ctx context.Context, v Viewer, id int64, text string) (posts.Comment, error) {
	body, err := posts.CheckComment(text)
	if err != nil {
		return posts.Comment{}, err
	}
	c, err := t.store.EditComment(ctx, id, v.Fingerprint, body, t.limit, t.origin(v))
	return t.changed(ctx, c, diskFull(err, "your edit"))
}

// Delete deletes one of the viewer's comments.
func (t *Threads) Delete(ctx context.Context, v Viewer, id int64) (posts.Comment, error) {
	c, err := t.store.DeleteComment(ctx, id, v.Fingerprint)
	return t.changed(ctx, c, err)
}

// Page returns up to limit comments of a post after the comment after, in
// thread order.
func (t *Threads) Page(ctx context.Context, slug string, after posts.Comment, limit int) ([]posts.Comment, error) {
	return t.store.Comments(ctx, slug, after, limit)
}

// changed refreshes the post list's counts and tells the sessions after a
// successful write.
func (t *Threads) changed(ctx context.Context, c posts.Comment, err error) (posts.Comment, error) {
	if err != nil {
		return c, err
	}
	// The comment is committed; a failed count refresh only leaves a stale
	// count in the list until the next one.
	_ = t.blog.Refresh(ctx)
	t.hub.Publish(c)
	return c, nil
}
