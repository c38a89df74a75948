package tui

import (
	"context"
	"path/filepath"
	"testing"
	"time"

	"github.com/muesli/termenv"

	"github.com/sshblog/sshblog/blog"
	"github.com/sshblog/sshblog/data"
	"github.com/sshblog/sshblog/posts"
)

// seedDay is the clock of every test: the sample blog reads "4 years ago".
var seedDay = time.Date(2026, 11, 26, 12, 0, 0, 0, time.UTC)

// asciiLook keeps golden files free of colour codes.
var asciiLook = Look{Profile: termenv.Ascii, Dark: true}

// sampleBlog is the sample blog in a real store in a temp dir.
func sampleBlog(tb testing.TB) (*Blog, *data.Store) {
	tb.Helper()
	store, err := data.Open(filepath.Join(tb.TempDir(), "blog.db"))
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { store.Close() })
	sample, err := posts.Sample()
	if err != nil {
		tb.Fatal(err)
	}
	if _, err := store.SeedIfEmpty(context.Background(), sample); err != nil {
		tb.Fatal(err)
	}
	site, err := loadBlog(context.Background(), "Tushti's Blog", store, NewRenderCache(8<<20))
	if err != nil {
		tb.Fatal(err)
	}
	return site, store
}

func newTestModel(site *Blog, width, height int) *Model {
	return New(site, Options{Look: asciiLook, Width: width, Height: height, Now: func() time.Time { return seedDay }})
}

// loadBlog loads the blog's services from lib, on the tests' clock, and
// serves its reader.
func loadBlog(ctx context.Context, name string, lib blog.Library, cache *RenderCache) (*Blog, error) {
	b, err := blog.New(ctx, name, lib, func() time.Time { return seedDay })
	return NewBlog(b, cache), err
}

// newThreads serves the comments of b's posts from store.
func newThreads(store blog.CommentStore, b *Blog, limit posts.RateLimit) *blog.Threads {
	return blog.NewThreads(store, b.Blog, limit)
}
