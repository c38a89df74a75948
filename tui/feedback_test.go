package tui

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/sshblog/sshblog/blog"
	"github.com/sshblog/sshblog/posts"
)

// An admin sees hidden comments counted, and how many are hidden; other
// readers count what they see.
func TestCommentCountsMatchWhatTheViewerSees(t *testing.T) {
	site, threads, slug := smallThread(t)
	admin := blog.Viewer{Fingerprint: "SHA256:root", User: "root", Admin: true}
	page, err := threads.Page(context.Background(), slug, posts.Comment{}, 10)
	if err != nil || len(page) != 3 {
		t.Fatalf("the thread: %v, %v", page, err)
	}
	if _, err := threads.Moderate(context.Background(), admin, page[2].ID, posts.ModHide); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		who  blog.Viewer
		want string
	}{{admin, "3 comments · 1 hidden"}, {blog.Viewer{Fingerprint: "SHA256:ann", User: "ann"}, "2 comments"}, {blog.Viewer{}, "2 comments"}} {
		m := asciiReader(t, threads, site, c.who, 80, 24)
		update(m, esc) // the list first
		if list := m.View(); !strings.Contains(list, c.want) || (!c.who.Admin && strings.Contains(list, "hidden")) {
			t.Errorf("admin %v: the list does not count %q:\n%s", c.who.Admin, c.want, list)
		}
		update(m, enter, keys("c"))
		if view := m.View(); !strings.Contains(view, "  "+c.want+"\n") {
			t.Errorf("admin %v: the heading is not %q:\n%s", c.who.Admin, c.want, view)
		}
	}
}

// Feedback looks the same wherever it is given: a reader without a key who
// presses w is told how to get one on a short post as on a long one, as
// advice rather than as an error, and so is a reader told there are no
// comments yet.
func TestFeedbackIsTheSameEverywhere(t *testing.T) {
	site, store := sampleBlog(t)
	short := posts.Post{Slug: "short", Title: "A short one", Author: "Ann", Published: seedDay.Add(-time.Hour),
		Summary: "Short.", Body: "Short enough to fit on one screen."}
	if err := store.SavePost(context.Background(), short); err != nil {
		t.Fatal(err)
	}
	if err := site.Refresh(context.Background()); err != nil {
		t.Fatal(err)
	}
	threads := newThreads(store, site, posts.RateLimit{})
	for _, open := range [][]string{nil, {"n"}} { // the short post, then a long one
		m := asciiReader(t, threads, site, blog.Viewer{User: "guest"}, 80, 24)
		for _, k := range open {
			update(m, keys(k))
		}
		update(m, keys("w"))
		if flat := strings.Join(strings.Fields(m.View()), " "); m.cs.warning || !strings.Contains(flat, blog.NoKey) {
			t.Errorf("%q: w without a key (warning %v):\n%s", m.post.post.Title, m.cs.warning, m.View())
		}
	}
	m := asciiReader(t, threads, site, blog.Viewer{Fingerprint: "SHA256:ann", User: "ann"}, 80, 24)
	update(m, keys("c"), keys("r"))
	if m.cs.warning || m.cs.notice != "No comments yet: press w to write the first." {
		t.Errorf("r in an empty thread says %q (warning %v)", m.cs.notice, m.cs.warning)
	}
}
