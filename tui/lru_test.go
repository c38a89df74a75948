package tui

import (
	"container/list"
	"testing"
)

// usage is how many values the cache keeps and their total size.
func (c *sizedLRU[K, V]) usage() (entries, bytes int) {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.order.Len(), c.size
}

// forgetAll empties the cache, for tests that compare with drawing afresh.
func (c *sizedLRU[K, V]) forgetAll() {
	c.mu.Lock()
	defer c.mu.Unlock()
	for _, e := range c.items {
		e.el = nil
	}
	c.items, c.order, c.size = map[K]*lruEntry[K, V]{}, list.List{}, 0
}

func TestSizedLRUDropsTheLeastRecentlyUsedPastItsSize(t *testing.T) {
	c := newSizedLRU[string, int](30)
	c.add("a", 1, 10)
	c.add("b", 2, 10)
	c.add("c", 3, 10)
	if _, ok := c.get("a"); !ok { // a is now the most recently used
		t.Fatal("a was dropped within the size")
	}
	c.add("d", 4, 10)
	if _, ok := c.get("b"); ok {
		t.Error("b, the least recently used, was kept past the size")
	}
	for _, k := range []string{"a", "c", "d"} {
		if _, ok := c.get(k); !ok {
			t.Errorf("%s was dropped, though b was older", k)
		}
	}
	if entries, size := c.usage(); entries != 3 || size != 30 {
		t.Errorf("usage %d entries, %d bytes; want 3, 30", entries, size)
	}
	c.add("huge", 5, 100)
	if v, ok := c.get("huge"); !ok || v != 5 {
		t.Error("a value larger than the whole size was not kept as the newest")
	}
	if entries, size := c.usage(); entries != 1 || size != 100 {
		t.Errorf("usage %d entries, %d bytes after a huge value; want 1, 100", entries, size)
	}
}

func TestSizedLRUFetchFillsInOnceAndReplacesStaleValues(t *testing.T) {
	c := newSizedLRU[string, *string](100)
	fresh := func(s string) func() *string { return func() *string { return &s } }
	e, found := c.fetch("k", nil, fresh("one"))
	if found {
		t.Fatal("an empty cache found a value")
	}
	c.setSize(e, 40)
	again, found := c.fetch("k", nil, fresh("two"))
	if !found || again != e || *again.val != "one" {
		t.Fatalf("the second fetch got %v (found %v), want the first entry", *again.val, found)
	}
	stale := func(v *string) bool { return *v != "three" }
	replaced, found := c.fetch("k", stale, fresh("three"))
	if found || *replaced.val != "three" {
		t.Fatalf("a stale value was kept: %q (found %v)", *replaced.val, found)
	}
	c.setSize(e, 90) // the replaced entry's size no longer counts
	if entries, size := c.usage(); entries != 1 || size != 0 {
		t.Errorf("usage %d entries, %d bytes; want the new entry alone, not yet sized", entries, size)
	}
	c.remove(replaced)
	if _, ok := c.get("k"); ok {
		t.Error("a removed entry is still served")
	}
}
