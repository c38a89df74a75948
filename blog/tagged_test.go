package blog

import (
	"context"
	"testing"

	"github.com/sshblog/sshblog/posts"
)

// A tag's posts are gathered once per snapshot of the list, not per ask,
// and a new snapshot (a comment changed a count) is seen.
func TestTaggedOncePerList(t *testing.T) {
	store := openStore(t)
	ctx := context.Background()
	sample, err := posts.Sample()
	if err != nil {
		t.Fatal(err)
	}
	if _, err := store.SeedIfEmpty(ctx, sample); err != nil {
		t.Fatal(err)
	}
	b, err := New(ctx, "Tagged", store, store.Now)
	if err != nil {
		t.Fatal(err)
	}
	const slug = "difference-between-networking-and-making-friends"
	if got := b.Tagged("friendship"); len(got) != 2 || got[0].Slug != slug {
		t.Fatalf("posts tagged friendship: %v, want 2, %s first", got, slug)
	}
	if n := testing.AllocsPerRun(100, func() { b.Tagged("friendship") }); n != 0 {
		t.Errorf("a tag's posts from the same list: %v allocations, want 0", n)
	}
	threads := NewThreads(store, b, posts.RateLimit{})
	v := Viewer{Fingerprint: "SHA256:alice", PublicKey: "ssh-ed25519 AAAAalice", User: "alice"}
	if err := threads.Rename(ctx, v, "alice"); err != nil {
		t.Fatal(err)
	}
	if _, err := threads.Add(ctx, v, slug, 0, "Counted."); err != nil {
		t.Fatal(err)
	}
	if got := b.Tagged("friendship"); len(got) != 2 || got[0].Comments != 1 {
		t.Errorf("after a comment the tag's posts are %v, want the commented one counted", got)
	}
	if n := len(b.ByTag()); n < 5 {
		t.Errorf("%d tags in the sample blog's index", n)
	}
}
