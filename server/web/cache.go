package web

import (
	"strconv"
	"sync"

	"github.com/sshblog/sshblog/blog"
)

// pages holds every rendered page by path. A page is rendered again only
// when the key it was made from changes: the versions below, the post's
// revision, the origin its absolute links name.
type pages struct {
	mu     sync.Mutex
	byPath map[string]*page
	// all counts changes to the post list (posts published, edited, taken
	// down, and comment counts); threads counts changes to each post's
	// comments (new, edited, deleted, hidden).
	all     uint64
	threads map[string]uint64
}

func newPages() *pages {
	return &pages{byPath: map[string]*page{}, threads: map[string]uint64{}}
}

// listKey is the key of pages made from the whole list.
func (c *pages) listKey(origin string) string {
	c.mu.Lock()
	defer c.mu.Unlock()
	return origin + " " + strconv.FormatUint(c.all, 10)
}

// threadKey is the key of a post's page: the list's version (for the
// previous and next posts) and the post's thread's.
func (c *pages) threadKey(origin, slug string, revision int64) string {
	c.mu.Lock()
	defer c.mu.Unlock()
	return origin + " " + strconv.FormatUint(c.all, 10) + " " + strconv.FormatUint(c.threads[slug], 10) + " " + strconv.FormatInt(revision, 10)
}

// get is the page at path made from key, rendering it if there is none.
func (c *pages) get(path, key string, render func() (*page, error)) (*page, error) {
	c.mu.Lock()
	p := c.byPath[path]
	c.mu.Unlock()
	if p != nil && p.key == key {
		return p, nil
	}
	p, err := render()
	if err != nil {
		return nil, err
	}
	p.key = key
	c.mu.Lock()
	c.byPath[path] = p
	c.mu.Unlock()
	return p, nil
}

// follow keeps the versions current from the hub until l is closed: one
// listener for the whole site, on the list, which hears every comment.
func (c *pages) follow(l *blog.Listener) {
	for {
		select {
		case <-l.Done():
			return
		case <-l.Ready():
		}
		changes := l.Take()
		c.mu.Lock()
		c.all++
		if changes.Lost || changes.Posts {
			clear(c.byPath) // every page, posts taken down included
		}
		for _, comment := range changes.Comments {
			c.threads[comment.PostSlug]++
		}
		c.mu.Unlock()
	}
}
