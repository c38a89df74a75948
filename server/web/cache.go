package web

import (
	"maps"
	"slices"
	"sync"
	"sync/atomic"

	"github.com/sshblog/sshblog/blog"
)

// pages holds every rendered page by where it is served and knows what
// each was made from. Absolute links name the origin a page was asked for
// at (without --base-url, the request's scheme and host), so a path may be
// kept for a few origins. Anyone may send any Host, so only maxOrigins
// origins are kept, the least recently asked for leaving first, and a
// render for an origin not kept is charged to the asker (Site.servePage).
type pages struct {
	// mu is read-locked to look a page up (the fast path, many at once),
	// locked to change what is kept.
	mu      sync.RWMutex
	byPlace map[place]*page
	// origins are the origins kept, each with when it was last asked for,
	// counted in requests; kept is their names, read without mu.
	origins map[string]*atomic.Uint64
	kept    atomic.Pointer[[]string]
	asked   atomic.Uint64
	// changed counts the changes to what is kept (apply, and an origin
	// let go), so that a page found once is known current, without a
	// lookup, for as long as it has not moved.
	changed atomic.Uint64
	// rendering are the renders under way: requests that miss together
	// wait for one.
	rendering map[place]*render
	// list counts changes to the post list (posts published, edited, taken
	// down, and comment counts); posts counts those of the posts alone;
	// threads counts changes to each post's comments (new, edited,
	// deleted, hidden).
	list, posts uint64
	threads     map[string]uint64
}

// place is where a page is served: its path, the page of a list (from 1;
// 0 elsewhere), and the origin its absolute links start with.
type place struct {
	path   string
	n      int
	origin string
}

// uses is what of the blog a page shows that can change; it is rendered
// anew once one of them does, and only then.
type uses struct {
	// counts is whether it shows the list's comment counts, which every
	// comment changes (the list, a tag's); without, only changes to the
	// posts themselves do (a post's neighbours, the feeds, the sitemap).
	counts bool
	// thread is the post whose comments it shows, "" for none.
	thread   string
	revision int64
}

// made is what a page was rendered from: the version of the list it uses
// (with counts or without), its thread's and its post's revision.
type made struct {
	list, thread uint64
	revision     int64
}

type render struct {
	done chan struct{}
	made made
	page *page
	err  error
}

// maxOrigins is how many origins pages are kept for: the names a blog is
// reached by (its domain, www., an address) are a handful.
const maxOrigins = 8

func newPages() *pages {
	c := &pages{byPlace: map[place]*page{}, origins: map[string]*atomic.Uint64{},
		rendering: map[place]*render{}, threads: map[string]uint64{}}
	c.kept.Store(new([]string))
	return c
}

// origin is scheme://host as a string already kept when it is one, so that
// asking for a kept origin allocates nothing.
func (c *pages) origin(scheme, host string) string {
	var buf [256]byte
	o := append(append(append(buf[:0], scheme...), "://"...), host...)
	for _, kept := range *c.kept.Load() {
		if kept == string(o) {
			return kept
		}
	}
	return string(o)
}

// get is the page at at, as made from the current versions of what it
// uses, calling build when there is none that current. Requests that miss
// together wait for one build. A build for an origin whose pages are not
// kept must be admitted first (admit charges the asker); one refused is
// errTooMany, and leaves nothing for others to wait on.
func (c *pages) get(at place, u uses, admit func() bool, build func() (*page, error)) (*page, error) {
	c.mu.Lock()
	p, now, kept := c.lookup(at, u)
	if p != nil {
		c.mu.Unlock()
		return p, nil
	}
	if r := c.rendering[at]; r != nil && r.made == now {
		c.mu.Unlock()
		<-r.done
		return r.page, r.err
	}
	if !kept && at.origin != "" && !admit() {
		c.mu.Unlock()
		return nil, errTooMany
	}
	r := &render{done: make(chan struct{}), made: now}
	c.rendering[at] = r
	c.mu.Unlock()

	r.page, r.err = build()
	c.mu.Lock()
	if c.rendering[at] == r {
		delete(c.rendering, at)
	}
	if r.err == nil {
		r.page.made = now
		c.keep(at, r.page)
	}
	c.mu.Unlock()
	close(r.done)
	return r.page, r.err
}

// fresh is the page at at if it is made from the current versions of
// what it uses (waiting for it if it is being rendered), else nil; with
// it, the count of changes it is current at, and the clock of its
// origin's last ask (nil for --base-url's), which askedAgain moves on.
func (c *pages) fresh(at place, u uses) (*page, uint64, *atomic.Uint64) {
	c.mu.RLock()
	p, now, _ := c.lookup(at, u)
	changed, asked, r := c.changed.Load(), c.origins[at.origin], c.rendering[at]
	c.mu.RUnlock()
	if p == nil && r != nil && r.made == now {
		// Being rendered for another request: wait for it, as get does,
		// rather than be one more connection net/http keeps.
		<-r.done
		if r.err == nil {
			p = r.page
		}
	}
	return p, changed, asked
}

// askedAgain counts an ask for the origin whose clock is asked (nil for
// none). Only the order of the origins' last asks matters, so the clock
// moves only when another origin was asked for since: a blog asked for by
// one name writes nothing that every core would then fetch.
func (c *pages) askedAgain(asked *atomic.Uint64) {
	if asked != nil && asked.Load() != c.asked.Load() {
		asked.Store(c.asked.Add(1))
	}
}

// lookup is, with c.mu held or read-locked, the page at at if it is
// current (else nil), what it would be made from now, and whether pages
// are kept for its origin; an origin kept is counted as asked for. at may
// be over a connection's read buffer (the fast path's): lookup and fresh
// keep nothing of it.
func (c *pages) lookup(at place, u uses) (*page, made, bool) {
	now := c.current(u)
	asked, kept := c.origins[at.origin]
	c.askedAgain(asked)
	if p := c.byPlace[at]; p != nil && p.made == now {
		return p, now, kept
	}
	return nil, now, kept
}

// current is what a page that uses u is made from now; c.mu is held or
// read-locked.
func (c *pages) current(u uses) made {
	now := made{list: c.posts, revision: u.revision}
	if u.counts {
		now.list = c.list
	}
	if u.thread != "" {
		now.thread = c.threads[u.thread]
	}
	return now
}

// keep stores p at at, making room for its origin if it is new.
func (c *pages) keep(at place, p *page) {
	if _, ok := c.origins[at.origin]; !ok && at.origin != "" {
		if len(c.origins) >= maxOrigins {
			oldest, when := "", c.asked.Load()+1
			for o, t := range c.origins {
				if t := t.Load(); t < when {
					oldest, when = o, t
				}
			}
			delete(c.origins, oldest)
			c.changed.Add(1)
			for p := range c.byPlace {
				if p.origin == oldest {
					delete(c.byPlace, p)
				}
			}
		}
		asked := new(atomic.Uint64)
		asked.Store(c.asked.Add(1))
		c.origins[at.origin] = asked
		kept := slices.Collect(maps.Keys(c.origins))
		c.kept.Store(&kept)
	}
	c.byPlace[at] = p
}

// apply keeps the versions current: the hub tells it of each change before
// any live stream hears of it, so a reader told "changed" who loads the
// page again gets the new one.
func (c *pages) apply(changes blog.Changes) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.changed.Add(1)
	c.list++
	if changes.Posts {
		c.posts++
		clear(c.byPlace) // every page, posts taken down included
	}
	for _, comment := range changes.Comments {
		c.threads[comment.PostSlug]++
	}
}
