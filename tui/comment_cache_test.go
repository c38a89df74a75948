package tui

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"
	"unsafe"

	"github.com/sshblog/sshblog/blog"
	"github.com/sshblog/sshblog/posts"
)

// smallThread is the sample blog with a few comments under its first post.
func smallThread(t *testing.T) (*Blog, *blog.Threads, string) {
	t.Helper()
	site, store := sampleBlog(t)
	slug := site.Posts()[0].Slug
	for i, who := range []string{"ann", "bob", "cat"} {
		_, err := store.AddComment(context.Background(), posts.NewComment{PostSlug: slug,
			Author: posts.Identity{Fingerprint: "SHA256:" + who, Name: who},
			Body:   fmt.Sprintf("Comment %d by %s, long enough to wrap at a narrow width: %s", i, who, strings.Repeat("word ", 30))})
		if err != nil {
			t.Fatal(err)
		}
	}
	return site, newThreads(store, site, posts.RateLimit{}), slug
}

func readerOf(site *Blog, threads *blog.Threads, who string, width, height int) *Model {
	m := New(site, Options{Look: benchLook, Width: width, Height: height, Now: func() time.Time { return seedDay },
		Threads: threads, Viewer: blog.Viewer{Fingerprint: "SHA256:" + who, User: who}})
	update(m, enter)
	return m
}

// Readers of one post at one width in one look share the laid-out text of
// its comments, and the text itself, rather than each holding a copy.
func TestReadersShareLaidOutComments(t *testing.T) {
	site, threads, _ := smallThread(t)
	a := readerOf(site, threads, "ann", 80, 24)
	b := readerOf(site, threads, "bob", 80, 24)
	ta, tb := a.post.thread.all, b.post.thread.all
	if len(ta) != 3 || len(tb) != 3 {
		t.Fatalf("the readers loaded %d and %d comments, want 3", len(ta), len(tb))
	}
	for i := range ta {
		if ta[i].text == nil || ta[i].text != tb[i].text {
			t.Errorf("comment %d: the readers hold different layouts", i)
		}
		if unsafe.StringData(ta[i].Body) != unsafe.StringData(tb[i].Body) {
			t.Errorf("comment %d: each reader holds its own copy of the text", i)
		}
	}
	narrow := readerOf(site, threads, "cat", 60, 24)
	if narrow.post.thread.all[0].text == ta[0].text {
		t.Error("a narrower reader got the layout of a wider one")
	}
}

// A window too small to read in lays nothing out narrower than the
// smallest usable one: a 1-column terminal costs no more than that.
func TestTinyWindowsLayOutAtTheMinimumWidth(t *testing.T) {
	site, threads, _ := smallThread(t)
	for _, size := range [][2]int{{0, 0}, {1, 1}, {29, 40}} {
		m := readerOf(site, threads, "ann", size[0], size[1])
		if !m.reading || len(m.post.thread.all) != 3 {
			t.Fatalf("%v: the post with its comments did not open", size)
		}
		if w := m.post.thread.width; w != minWidth-4 {
			t.Errorf("%v: the thread is laid out %d wide, want %d", size, w, minWidth-4)
		}
		if w := m.post.want.width; w != minWidth {
			t.Errorf("%v: the post is rendered %d wide, want %d", size, w, minWidth)
		}
		if !strings.Contains(strings.Join(strings.Fields(m.View()), ""), "Makethewindowlarger") {
			t.Errorf("%v: the reader is not asked to widen the window:\n%s", size, m.View())
		}
	}
}

// A live comment lays out that comment only: the others keep their layout.
func TestLiveCommentLaysOutOnlyItself(t *testing.T) {
	site, threads, slug := smallThread(t)
	m := readerOf(site, threads, "ann", 80, 24)
	before := make([]*laidComment, 0, 3)
	for _, e := range m.post.thread.all {
		before = append(before, e.text)
	}
	c, err := threads.Add(context.Background(), blog.Viewer{Fingerprint: "SHA256:dan", User: "dan"}, slug, 0, "A new one.")
	if err != nil {
		t.Fatal(err)
	}
	update(m, changesMsg{comments: []posts.Comment{c}})
	all := m.post.thread.all
	if len(all) != 4 || all[3].ID != c.ID || all[3].text == nil {
		t.Fatalf("the live comment is not laid out at the end: %d comments", len(all))
	}
	for i, text := range before {
		if all[i].text != text {
			t.Errorf("comment %d was laid out again", i)
		}
	}
	update(m, keys("G"))
	if !strings.Contains(m.View(), "A new one.") {
		t.Errorf("the live comment is not drawn:\n%s", m.View())
	}
}

// Two edits within one second share the cache's key; the reader still
// sees the newer text.
func TestEditsWithinASecondShowTheNewText(t *testing.T) {
	site, threads, _ := smallThread(t)
	m := readerOf(site, threads, "ann", 80, 24)
	c := m.post.thread.all[0].Comment
	c.Edited = seedDay
	for _, text := range []string{"First edit.", "Second edit."} {
		c.Body = text
		update(m, changesMsg{comments: []posts.Comment{c}})
	}
	update(m, keys("c"))
	if view := m.View(); !strings.Contains(view, "Second edit.") || strings.Contains(view, "First edit.") {
		t.Errorf("the thread does not show the last edit:\n%s", view)
	}
}

// The cache stays within its budget however many comments pass through it,
// and keeps what is in use.
func TestCommentCacheIsBounded(t *testing.T) {
	const budget = 64 << 10
	cc := newCommentCache(budget)
	st := stylesFor(benchLook)
	body := strings.Repeat("some words to wrap ", 50)
	for id := range int64(2000) {
		cc.text(posts.Comment{ID: id, Body: body}, 76, st)
		cc.text(posts.Comment{ID: 0, Body: body}, 76, st) // one comment every reader has open
		entries, size := cc.layouts.usage()
		if size > budget || entries > 2*budget/1000 {
			t.Fatalf("after %d comments the cache holds %d entries, %d bytes", id+1, entries, size)
		}
	}
	if _, ok := cc.layouts.get(layoutKey{id: 0, edited: time.Time{}.Unix(), width: 76, look: benchLook}); !ok {
		t.Error("the comment in use was dropped")
	}
}
