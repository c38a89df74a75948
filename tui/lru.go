package tui

import (
	"container/list"
	"sync"
)

// sizedLRU keeps values up to a total size in bytes, dropping the least
// recently used first; it always keeps the newest, however large. It is
// safe for concurrent use. The render cache, the comment cache and the
// drawn pieces of frames are each one of these.
type sizedLRU[K comparable, V any] struct {
	mu    sync.Mutex
	items map[K]*lruEntry[K, V]
	order list.List // of *lruEntry; the front is the most recently used
	size  int
	max   int
}

// lruEntry is one value in a sizedLRU, a handle to give its size once it is
// known (setSize) or to take it out again (remove).
type lruEntry[K comparable, V any] struct {
	key  K
	val  V
	size int
	el   *list.Element // nil once dropped
}

func newSizedLRU[K comparable, V any](maxBytes int) *sizedLRU[K, V] {
	return &sizedLRU[K, V]{items: map[K]*lruEntry[K, V]{}, max: maxBytes}
}

// get returns the value for k and marks it used.
func (c *sizedLRU[K, V]) get(k K) (V, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	e, ok := c.items[k]
	if !ok {
		var zero V
		return zero, false
	}
	c.order.MoveToFront(e.el)
	return e.val, true
}

// add stores v of size bytes under k, in place of any value there.
func (c *sizedLRU[K, V]) add(k K, v V, size int) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.put(k, v).size = size
	c.size += size
	c.trim()
}

// fetch returns the entry for k and marks it used; when there is none, or
// stale says its value is out of date, it stores fresh() in its place with
// no size yet and reports found false. Callers that fill the value in later
// (one rendering for many readers) give its size then with setSize.
func (c *sizedLRU[K, V]) fetch(k K, stale func(V) bool, fresh func() V) (e *lruEntry[K, V], found bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if e, ok := c.items[k]; ok && (stale == nil || !stale(e.val)) {
		c.order.MoveToFront(e.el)
		return e, true
	}
	return c.put(k, fresh()), false
}

// setSize gives e its size, if it is still kept, and drops what no longer fits.
func (c *sizedLRU[K, V]) setSize(e *lruEntry[K, V], size int) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if e.el == nil {
		return
	}
	c.size += size - e.size
	e.size = size
	c.trim()
}

// remove takes e out, if it is still kept.
func (c *sizedLRU[K, V]) remove(e *lruEntry[K, V]) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.drop(e)
}

// put stores v under k as the most recently used, with no size; the caller
// holds mu.
func (c *sizedLRU[K, V]) put(k K, v V) *lruEntry[K, V] {
	if old, ok := c.items[k]; ok {
		c.drop(old)
	}
	e := &lruEntry[K, V]{key: k, val: v}
	e.el = c.order.PushFront(e)
	c.items[k] = e
	return e
}

// trim drops the least recently used values until the rest fit; the caller
// holds mu.
func (c *sizedLRU[K, V]) trim() {
	for c.size > c.max && c.order.Len() > 1 {
		c.drop(c.order.Back().Value.(*lruEntry[K, V]))
	}
}

func (c *sizedLRU[K, V]) drop(e *lruEntry[K, V]) {
	if e.el == nil {
		return
	}
	c.order.Remove(e.el)
	e.el = nil
	delete(c.items, e.key)
	c.size -= e.size
}
