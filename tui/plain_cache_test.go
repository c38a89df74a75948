package tui

import (
	"context"
	"strings"
	"testing"

	linemode "github.com/sshblog/sshblog/tui/lines"
)

// Two line-mode sessions reading the same post at the same width make its
// text once, in the cache the full-screen reader renders through, and
// print the same; a wider terminal gets its own.
func TestLineModeSharesTheRenderCache(t *testing.T) {
	site, _ := sampleBlog(t)
	read := func(width int) string {
		var out strings.Builder
		opts := linemode.Options{Blog: site.Blog, Plain: site.PlainPost, PageLines: -1,
			Window: func() (int, int) { return width, 24 }}
		if err := linemode.Run(context.Background(), strings.NewReader("1\n"), &out, opts); err != nil {
			t.Fatal(err)
		}
		return out.String()
	}
	first := read(80)
	if !strings.Contains(first, "Networking and making friends seem pretty much similar.") {
		t.Fatalf("the line mode did not print the post:\n%s", first)
	}
	if _, misses := site.cache.Stats(); misses != 1 {
		t.Errorf("the first reader made %d renderings, want 1", misses)
	}
	if again := read(80); again != first {
		t.Errorf("the second reader got\n%s\nwant\n%s", again, first)
	}
	if hits, misses := site.cache.Stats(); hits != 1 || misses != 1 {
		t.Errorf("after the second reader: %d hits, %d misses; want 1 and 1", hits, misses)
	}
	read(100)
	if _, misses := site.cache.Stats(); misses != 2 {
		t.Errorf("a reader at another width made %d renderings in all, want 2", misses)
	}
}
