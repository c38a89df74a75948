package tui

import (
	"context"
	"fmt"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/sshblog/sshblog/blog"
	"github.com/sshblog/sshblog/data"
	"github.com/sshblog/sshblog/posts"
)

// longThread is the sample blog with 100 comments of about 4,000 characters
// under its first post, every tenth a reply.
func longThread(b *testing.B) (*Blog, *blog.Threads, *data.Store, string) {
	b.Helper()
	site, store := sampleBlog(b)
	slug := site.Posts()[0].Slug
	ctx := context.Background()
	word := strings.Repeat("lorem ipsum dolor sit amet, consectetur adipiscing elit ", 80)[:3990]
	var parent int64
	for i := range 100 {
		nc := posts.NewComment{PostSlug: slug, Author: posts.Identity{Fingerprint: fmt.Sprintf("SHA256:reader%d", i%7),
			Name: fmt.Sprintf("reader%d", i%7)}, Body: fmt.Sprintf("%03d %s", i, word)}
		if i%10 == 9 {
			nc.ParentID = parent
		}
		c, err := store.AddComment(ctx, nc)
		if err != nil {
			b.Fatal(err)
		}
		if nc.ParentID == 0 {
			parent = c.ID
		}
	}
	return site, newThreads(store, site, posts.RateLimit{}), store, slug
}

// openReader is one 80×24 session that opened the post with the long thread.
func openReader(site *Blog, threads *blog.Threads, who int) *Model {
	m := New(site, Options{Look: benchLook, Width: 80, Height: 24, Now: func() time.Time { return seedDay },
		Threads: threads, Viewer: blog.Viewer{Fingerprint: fmt.Sprintf("SHA256:bench%d", who), User: "bench"}})
	update(m, enter)
	return m
}

func heapInUse() uint64 {
	runtime.GC()
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	return ms.HeapAlloc
}

// BenchmarkThreadOpen is one more reader opening a post with a long thread
// that other readers already read: its time, and the heap it then holds.
func BenchmarkThreadOpen(b *testing.B) {
	site, threads, _, _ := longThread(b)
	openReader(site, threads, -1) // the first reader fills the shared caches
	readers := make([]*Model, 0, b.N)
	before := heapInUse()
	b.ReportAllocs()
	b.ResetTimer()
	for i := range b.N {
		readers = append(readers, openReader(site, threads, i))
	}
	b.StopTimer()
	if n := len(readers[0].post.thread.all); n != 100 {
		b.Fatalf("the reader loaded %d comments, want 100", n)
	}
	b.ReportMetric(float64(heapInUse()-before)/float64(b.N), "heap-B/reader")
	runtime.KeepAlive(readers)
}

// BenchmarkThreadLiveComment is what one open reader of a long thread spends
// when someone else comments there. The reader reopens every 100 comments,
// so the thread stays between 100 and 200 comments long.
func BenchmarkThreadLiveComment(b *testing.B) {
	site, threads, _, slug := longThread(b)
	body := strings.Repeat("a live comment ", 260)
	var m *Model
	b.ReportAllocs()
	b.ResetTimer()
	for i := range b.N {
		if i%100 == 0 {
			b.StopTimer()
			m = openReader(site, threads, 0)
			update(m, keys("G")) // at the end of the thread, where new comments appear
			b.StartTimer()
		}
		c := posts.Comment{ID: int64(1000 + i), PostSlug: slug, Author: "SHA256:other", AuthorName: "other",
			Body: body, Created: seedDay}
		update(m, changesMsg{comments: []posts.Comment{c}})
	}
	b.StopTimer()
	if n := len(m.post.thread.all); n <= 100 {
		b.Fatalf("the live comments did not join the thread: %d comments", n)
	}
}
