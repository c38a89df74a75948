package data

import (
	"context"
	"fmt"
	"net/netip"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/sshblog/sshblog/internal/rqlitetest"
	"github.com/sshblog/sshblog/posts"
)

// Benchmarks of the store on a real database file. Run them with
// go test ./data -run '^$' -bench . -benchmem

// BenchmarkAddCommentParallel is many readers commenting at once, each with
// an identity of their own (registered by their first comment), through the
// one writer connection. It reports inserts a second, with the writer as it
// runs (synchronous=FULL) and, in the same run to price the fsync, NORMAL.
func BenchmarkAddCommentParallel(b *testing.B) {
	for _, mode := range []string{"NORMAL", "FULL"} {
		b.Run("synchronous="+mode, func(b *testing.B) {
			defer func(was string) { writerSynchronous = was }(writerSynchronous)
			writerSynchronous = mode
			benchmarkAddCommentParallel(b)
		})
	}
}

func benchmarkAddCommentParallel(b *testing.B) {
	s := storeWithPost(b)
	ctx := context.Background()
	body := strings.Repeat("A comment of a usual length, a few sentences long. ", 4)
	var writers atomic.Int64
	b.ReportAllocs()
	b.SetParallelism(8) // 16 writers on 2 cores: more than the cores, as sessions are
	b.RunParallel(func(pb *testing.PB) {
		n := writers.Add(1)
		me := reader(fmt.Sprintf("writer%d", n))
		// Each from an address of its own, kept with its comments.
		from := posts.Origin{Addr: netip.AddrFrom4([4]byte{127, byte(n), 0, 1})}
		for pb.Next() {
			if _, err := s.AddComment(ctx, posts.NewComment{PostSlug: "post", Author: me, Body: body, From: from}); err != nil {
				b.Error(err)
				return
			}
		}
	})
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "inserts/s")
}

// BenchmarkAddCommentOneWriter is one reader commenting at a time, as the
// writer runs (synchronous=FULL): what grouping must not slow down.
func BenchmarkAddCommentOneWriter(b *testing.B) {
	s := storeWithPost(b)
	ctx := context.Background()
	me := reader("writer")
	b.ReportAllocs()
	for b.Loop() {
		if _, err := s.AddComment(ctx, posts.NewComment{PostSlug: "post", Author: me, Body: "one at a time"}); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "inserts/s")
}

// BenchmarkSearch is a reader's search on the sample blog, and on a blog of
// a thousand posts made from it.
func BenchmarkSearch(b *testing.B) {
	sample, err := posts.Sample()
	if err != nil {
		b.Fatal(err)
	}
	for _, size := range []int{len(sample), 1000} {
		b.Run(fmt.Sprintf("%dposts", size), func(b *testing.B) {
			s, _ := openTestStore(b)
			ctx := context.Background()
			day := time.Date(2022, 1, 1, 0, 0, 0, 0, time.UTC)
			for i := range size {
				p := sample[i%len(sample)]
				if i >= len(sample) {
					p.Slug = fmt.Sprintf("%s-%d", p.Slug, i)
					p.Title = fmt.Sprintf("%s, part %d", p.Title, i)
				}
				p.Published = day.Add(-time.Duration(i) * time.Hour)
				if err := s.SavePost(ctx, p); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportAllocs()
			b.ResetTimer()
			for b.Loop() {
				found, err := s.Search(ctx, "making friends", 20)
				if err != nil || len(found) == 0 {
					b.Fatalf("search: %d found, %v", len(found), err)
				}
			}
		})
	}
}

// BenchmarkListPosts is reloading the post list with its comment counts,
// which every comment does, on a post with 10,000 comments.
func BenchmarkListPosts(b *testing.B) {
	s := storeWithPost(b)
	ctx := context.Background()
	for i := range 10000 {
		if _, err := s.AddComment(ctx, posts.NewComment{PostSlug: "post", Author: reader(fmt.Sprintf("r%d", i%100)), Body: "hello"}); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		if list, err := s.ListPosts(ctx); err != nil || list[0].Comments != 10000 {
			b.Fatalf("%v, %v", list, err)
		}
	}
}

// BenchmarkSessionStart is what a keyed reader's session reads as it
// starts: the key's identity, its settings and its last visit, on SQLite
// and on one real rqlited. Each is a key of its own, as most arrivals
// are, not one whose visit still waits to be written.
func BenchmarkSessionStart(b *testing.B) {
	b.Run("sqlite", benchmarkSessionStart)
	onRqlite = rqlitetest.StartCluster(b, 1)
	defer func() { onRqlite = nil }()
	b.Run("rqlite", benchmarkSessionStart)
}

func benchmarkSessionStart(b *testing.B) {
	s := storeWithPost(b)
	ctx := context.Background()
	n := 0
	b.ReportAllocs()
	for b.Loop() {
		key := fmt.Sprintf("SHA256:k%d", n)
		n++
		if id, _, _, err := s.Arrive(ctx, key, time.Now()); err != nil || id != key {
			b.Fatalf("%q %v", id, err)
		}
	}
}

// BenchmarkEditComment is an author editing their comment again and again,
// without a limit: one deciding request each.
func BenchmarkEditComment(b *testing.B) {
	s := storeWithPost(b)
	ctx := context.Background()
	me := reader("editor")
	c, err := s.AddComment(ctx, posts.NewComment{PostSlug: "post", Author: me, Body: "first"})
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := s.EditComment(ctx, c.ID, me.Fingerprint, "again", posts.RateLimit{}, posts.Origin{}); err != nil {
			b.Fatal(err)
		}
	}
}
