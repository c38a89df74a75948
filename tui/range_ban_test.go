package tui

import (
	"context"
	"net/netip"
	"strings"
	"testing"

	"github.com/sshblog/sshblog/blog"
	"github.com/sshblog/sshblog/posts"
)

// An admin bans, from a comment, the address it came from; a comment
// whose address is not kept says so; the log lists the ban.
func TestBanRangeFromAComment(t *testing.T) {
	site, store := sampleBlog(t)
	threads := newThreads(store, site, posts.RateLimit{})
	ctx := context.Background()
	slug := site.Posts()[0].Slug
	bob := blog.Viewer{Fingerprint: "SHA256:bob", User: "bob", Addr: netip.MustParseAddr("127.51.0.9")}
	if _, err := threads.Add(ctx, bob, slug, 0, "Hello from bob."); err != nil {
		t.Fatal(err)
	}
	if _, err := threads.Add(ctx, blog.Viewer{Fingerprint: "SHA256:cat", User: "cat"}, slug, 0, "Hello from nowhere known."); err != nil {
		t.Fatal(err)
	}
	admin := blog.Viewer{Fingerprint: "SHA256:ann", User: "ann", Admin: true, Addr: netip.MustParseAddr("127.52.0.1")}
	m := asciiReader(t, threads, site, admin, 100, 30)

	update(m, keys("c"), keys("A"))
	if flat := strings.Join(strings.Fields(m.View()), " "); !strings.Contains(flat, "Ban 127.51.0.9/32, the address bob’s comment came from? No key from it can comment") {
		t.Fatalf("the range ban question:\n%s", m.View())
	}
	update(m, keys("y"))
	if !strings.Contains(m.View(), "127.51.0.9/32 is banned") {
		t.Fatalf("the ban is not confirmed:\n%s", m.View())
	}
	if _, err := threads.Add(ctx, bob, slug, 0, "Again."); !strings.Contains(posts.Message(err), "range is banned") {
		t.Errorf("bob after the range ban: %v", err)
	}
	update(m, keys("A"))
	if !strings.Contains(m.View(), "Unban 127.51.0.9/32") {
		t.Fatalf("the unban question:\n%s", m.View())
	}
	update(m, keys("n"), keys("j"), keys("A"))
	if flat := strings.Join(strings.Fields(m.View()), " "); !strings.Contains(flat, "The address of cat’s comment is not kept") {
		t.Errorf("a comment without an address:\n%s", m.View())
	}

	log, err := threads.ModerationLog(ctx, admin, 10)
	if err != nil || len(log) != 1 {
		t.Fatalf("log %v, %v", log, err)
	}
	if got := describe(log[0], ""); got != "SHA256:ann banned the addresses 127.51.0.9/32" {
		t.Errorf("the log says %q", got)
	}
}

// Only admins ban ranges, and never their own.
func TestBanRangeRules(t *testing.T) {
	site, store := sampleBlog(t)
	threads := newThreads(store, site, posts.RateLimit{})
	prefix := netip.MustParsePrefix("127.53.0.0/16")
	reader := blog.Viewer{Fingerprint: "SHA256:bob", Addr: netip.MustParseAddr("127.60.0.1")}
	if err := threads.BanRange(context.Background(), reader, prefix, true); err != blog.ErrNotAdmin {
		t.Errorf("a reader's range ban: %v", err)
	}
	admin := blog.Viewer{Fingerprint: "SHA256:ann", Admin: true, Addr: netip.MustParseAddr("127.53.7.1")}
	if err := threads.BanRange(context.Background(), admin, prefix, true); !strings.Contains(posts.Message(err), "your own address") {
		t.Errorf("an admin banning her own range: %v", err)
	}
}
