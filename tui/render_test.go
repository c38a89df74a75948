package tui

import (
	"strings"
	"sync"
	"testing"

	"github.com/charmbracelet/x/ansi"
	"github.com/muesli/termenv"

	"github.com/sshblog/sshblog/posts"
)

func TestRenderCacheRendersOnceForManyReaders(t *testing.T) {
	cache := NewRenderCache(1 << 20)
	key := renderKey{slug: "a", revision: 1, width: 60, look: asciiLook}
	var wg sync.WaitGroup
	results := make([][]string, 20)
	for i := range results {
		wg.Add(1)
		go func() {
			defer wg.Done()
			lines, err := cache.render(key, "# Title\n\nSome text.")
			if err != nil {
				t.Error(err)
			}
			results[i] = lines
		}()
	}
	wg.Wait()
	hits, misses := cache.Stats()
	if misses != 1 || hits != 19 {
		t.Errorf("hits %d, misses %d; want one render for 20 readers", hits, misses)
	}
	for _, r := range results {
		if &r[0] != &results[0][0] {
			t.Fatal("readers got separate copies of the rendering")
		}
	}
	if lines, ok := cache.cached(key); !ok || len(lines) == 0 {
		t.Error("a finished rendering is not served from the cache")
	}
	if _, ok := cache.cached(renderKey{slug: "a", revision: 2, width: 60, look: asciiLook}); ok {
		t.Error("a new revision was served from the cache")
	}
}

func TestRenderCacheEvictsLeastRecentlyUsed(t *testing.T) {
	body := strings.Repeat("word ", 400)
	cache := NewRenderCache(6000)
	keys := []renderKey{{slug: "a", width: 60}, {slug: "b", width: 60}, {slug: "c", width: 60}}
	for _, k := range keys {
		if _, err := cache.render(k, body); err != nil {
			t.Fatal(err)
		}
	}
	if entries, size := cache.renderings.usage(); size > 6000 && entries > 1 {
		t.Errorf("cache holds %d bytes over its %d limit", size, 6000)
	}
	if _, ok := cache.cached(keys[2]); !ok {
		t.Error("the newest rendering was evicted")
	}
	if _, ok := cache.cached(keys[0]); ok {
		t.Error("the oldest rendering was kept past the limit")
	}
}

// The seed post must wrap cleanly at every width: no line broken before a
// word that would have fitted (glamour's two wrappers disagree on some text).
func TestSeedPostWrapsWithoutOrphans(t *testing.T) {
	list, err := posts.Sample()
	if err != nil {
		t.Fatal(err)
	}
	for width := 30; width <= maxColumn; width++ {
		lines, err := renderMarkdown(list[0].Body, width, Look{Profile: termenv.Ascii, Dark: true})
		if err != nil {
			t.Fatal(err)
		}
		for i := 0; i+1 < len(lines); i++ {
			this := strings.TrimSpace(ansi.Strip(lines[i]))
			next := strings.Fields(ansi.Strip(lines[i+1]))
			if w := ansi.StringWidth(lines[i]); w > width {
				t.Errorf("width %d: line %d is %d wide", width, i, w)
			}
			if this != "" && len(next) > 0 && ansi.StringWidth(this)+1+ansi.StringWidth(next[0]) <= width-5 {
				t.Errorf("width %d: %q broken before %q", width, this, next[0])
			}
		}
	}
}

func TestCollapseSpacesKeepsCode(t *testing.T) {
	in := "a  b   c\n\n    code  here\n```\nx   y\n```\nhard break  \nend"
	want := "a b c\n\n    code  here\n```\nx   y\n```\nhard break  \nend"
	if got := collapseSpaces(in); got != want {
		t.Errorf("collapseSpaces = %q, want %q", got, want)
	}
}
