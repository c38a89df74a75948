// Package blog holds the blog's application services, the rules and shared
// state that every front door uses alike: the shared post list and the timer
// that brings out scheduled posts, comment rules (names, limits, bans, admin
// checks), the hub that carries live changes to sessions, visits,
// moderation, publishing and the posts-folder sync. It declares the small
// storage interfaces it needs and knows no SSH, no terminal and no SQL:
// cmd/sshblog hands it the store.
package blog

import (
	"context"
	"slices"
	"sync"
	"sync/atomic"
	"time"

	"github.com/sshblog/sshblog/posts"
)

// Library is what the post list, search and reading need from storage.
type Library interface {
	ListPosts(ctx context.Context) ([]posts.Post, error)
	Post(ctx context.Context, slug string) (posts.Post, error)
	Search(ctx context.Context, query string, limit int) ([]posts.Match, error)
	NextPublication(ctx context.Context) (time.Time, bool, error)
}

// Blog is what every session shares: the blog's name and the current list of
// posts (one read-only snapshot, not a copy per reader).
type Blog struct {
	Name string
	// Address is what a reader types after `ssh` to reach this blog
	// ("blog.example.com", "-p 2222 blog.example.com"): every hint that
	// names a command uses it.
	Address string
	// InstallID is random and made once per install (the store keeps it):
	// it names the blog in feeds.
	InstallID string
	// BaseURL is where the blog is on the web ("https://blog.example.com",
	// no trailing slash), or "" when not set: links are then relative, or
	// built from a web request's host.
	BaseURL  string
	lib      Library
	now      func() time.Time
	list     atomic.Pointer[listing]
	problems atomic.Pointer[[]string]

	// refreshing serialises refreshes, so a slow one never stores an older
	// list over a newer one.
	refreshing sync.Mutex
	mu         sync.Mutex
	next       *time.Timer // refreshes when the next future-dated post comes out
	changed    func()      // tells the sessions that posts changed
	// What sessions were last told of: the list and the admins' warnings.
	told         *listing
	toldProblems []string
}

// listing is one snapshot of the published posts, newest first, with where
// each slug is in it and each tag's posts: made once per snapshot, so no
// request looks for them.
type listing struct {
	posts []posts.Post
	at    map[string]int
	byTag map[string][]posts.Post
}

func newListing(list []posts.Post) *listing {
	l := &listing{posts: list, at: make(map[string]int, len(list)), byTag: map[string][]posts.Post{}}
	for i, p := range list {
		l.at[p.Slug] = i
		for _, tag := range p.Tags {
			l.byTag[tag] = append(l.byTag[tag], p)
		}
	}
	return l
}

// queryTimeout bounds one storage call the services make on their own.
const queryTimeout = 5 * time.Second

// New loads the post list from lib. now is the clock of the whole blog: the
// services, the front doors and the readers' relative dates all read it.
func New(ctx context.Context, name string, lib Library, now func() time.Time) (*Blog, error) {
	b := &Blog{Name: name, lib: lib, now: now}
	if err := b.Refresh(ctx); err != nil {
		return b, err
	}
	b.told = b.list.Load() // sessions start from it
	return b, nil
}

// Refresh reloads the shared post list, as after a comment changed a count;
// sessions see it when next they look. It also sets the one timer that
// brings out the next future-dated post.
func (b *Blog) Refresh(ctx context.Context) error {
	b.refreshing.Lock()
	defer b.refreshing.Unlock()
	list, err := b.lib.ListPosts(ctx)
	if err != nil {
		return err
	}
	b.list.Store(newListing(list))
	next, ok, err := b.lib.NextPublication(ctx)
	if err != nil {
		return err
	}
	b.mu.Lock()
	if b.next != nil {
		b.next.Stop()
		b.next = nil
	}
	if ok {
		// A second late rather than early: the list is read by the clock.
		b.next = time.AfterFunc(next.Sub(b.now())+time.Second, func() {
			ctx, cancel := context.WithTimeout(context.Background(), queryTimeout)
			defer cancel()
			b.PostsChanged(ctx)
		})
	}
	b.mu.Unlock()
	return nil
}

// samePosts reports whether two lists show the same posts, in the same
// order, alike in everything a session shows of them.
func samePosts(a, b []posts.Post) bool {
	return slices.EqualFunc(a, b, func(x, y posts.Post) bool {
		return x.Slug == y.Slug && x.Revision == y.Revision && x.Title == y.Title &&
			x.Author == y.Author && x.Summary == y.Summary && x.Words == y.Words &&
			x.Comments == y.Comments && slices.Equal(x.Tags, y.Tags) &&
			x.Published.Equal(y.Published) && x.Updated.Equal(y.Updated)
	})
}

// PostsChanged reloads the list after posts were published, edited or taken
// down, and tells every session, so open readers see it without reconnecting.
func (b *Blog) PostsChanged(ctx context.Context) error {
	if err := b.Refresh(ctx); err != nil {
		return err
	}
	// A folder sync that follows a publish finds nothing new since the
	// sessions were last told; a thousand of them need not redraw for it.
	// (Other refreshes, after comments, store the list without telling, so
	// the list to compare with is the one last told of.)
	list, problems := b.list.Load(), b.Problems()
	b.mu.Lock()
	if b.told != nil && samePosts(b.told.posts, list.posts) && slices.Equal(b.toldProblems, problems) {
		b.mu.Unlock()
		return nil
	}
	b.told, b.toldProblems = list, problems
	tell := b.changed
	b.mu.Unlock()
	if tell != nil {
		tell()
	}
	return nil
}

// OnPostsChanged sets how sessions are told that posts changed.
func (b *Blog) OnPostsChanged(tell func()) {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.changed = tell
}

// SetProblems records what is wrong with the blog's sources (bad post
// files), for admins to see.
func (b *Blog) SetProblems(problems []string) { b.problems.Store(&problems) }

// Problems is what SetProblems last recorded.
func (b *Blog) Problems() []string {
	if p := b.problems.Load(); p != nil {
		return *p
	}
	return nil
}

// Posts is the current list, newest first. Callers must not modify it.
func (b *Blog) Posts() []posts.Post {
	if l := b.list.Load(); l != nil {
		return l.posts
	}
	return nil
}

// Listed finds the published post with slug: the list it is in, so that a
// caller's neighbours come from the same snapshot, and its place there, or
// -1 when no reader may open it (drafts and posts taken down included).
func (b *Blog) Listed(slug string) (list []posts.Post, at int) {
	l := b.list.Load()
	if l == nil {
		return nil, -1
	}
	if i, ok := l.at[slug]; ok {
		return l.posts, i
	}
	return l.posts, -1
}

// ByTag is the published posts by tag, each tag's newest first, from the
// current snapshot: shared, so callers must not change it.
func (b *Blog) ByTag() map[string][]posts.Post {
	if l := b.list.Load(); l != nil {
		return l.byTag
	}
	return nil
}

// Tagged is the published posts with tag, newest first.
func (b *Blog) Tagged(tag string) []posts.Post { return b.ByTag()[tag] }

// Now is the blog's clock.
func (b *Blog) Now() time.Time { return b.now() }

// Post is the post with slug, body and all, as a reader opens it.
func (b *Blog) Post(ctx context.Context, slug string) (posts.Post, error) {
	return b.lib.Post(ctx, slug)
}

// Search ranks the published posts that match query, best first.
func (b *Blog) Search(ctx context.Context, query string, limit int) ([]posts.Match, error) {
	return b.lib.Search(ctx, query, limit)
}
