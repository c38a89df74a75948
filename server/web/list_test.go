package web

import (
	"testing"
)

// A tag's posts are gathered once per snapshot of the list, not per
// request, and a new snapshot (a comment changed a count) is seen.
func TestTaggedOncePerList(t *testing.T) {
	s := startSite(t)
	if got := s.tagged("friendship"); len(got) != 2 {
		t.Fatalf("%d posts tagged friendship, want 2", len(got))
	}
	if n := testing.AllocsPerRun(100, func() { s.tagged("friendship") }); n != 0 {
		t.Errorf("a tag's posts from the same list: %v allocations, want 0", n)
	}
	s.comment(t, "alice", seedSlug, 0, "Counted.")
	if got := s.tagged("friendship"); len(got) != 2 || got[0].Slug != seedSlug || got[0].Comments != 1 {
		t.Errorf("after a comment the tag's posts are %v, want the commented one first, counted", got)
	}
}
