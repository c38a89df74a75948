package tui

import (
	"context"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/sshblog/sshblog/blog"
	"github.com/sshblog/sshblog/posts"
)

// The moderation log names the admin and the post, and enter opens the post
// at the comment acted on.
func TestModLogNamesAdminAndPostAndOpensTheComment(t *testing.T) {
	site, threads, slug := smallThread(t)
	admin := blog.Viewer{Fingerprint: "SHA256:rootkeyfingerprint", User: "root", Admin: true}
	ctx := context.Background()
	page, err := threads.Page(ctx, slug, posts.Comment{}, 10)
	if err != nil || len(page) != 3 {
		t.Fatalf("the thread: %v, %v", page, err)
	}
	cat := page[2]
	if _, err := threads.Moderate(ctx, admin, cat.ID, posts.ModHide); err != nil {
		t.Fatal(err)
	}
	m := New(site, Options{Look: asciiLook, Width: 100, Height: 30, Now: func() time.Time { return seedDay }, Threads: threads, Viewer: admin})
	update(m, keys("L"))
	title := strings.Fields(site.Posts()[0].Title)
	want := "SHA256:rootkey… hid comment #" + strconv.FormatInt(cat.ID, 10) + " by cat under “" + strings.Join(title[:3], " ")
	if flat := strings.Join(strings.Fields(m.View()), " "); !strings.Contains(flat, strings.Join(strings.Fields(want), " ")) {
		t.Fatalf("the log does not say who did what where (%q):\n%s", want, m.View())
	}
	update(m, enter)
	sel, _, ok := m.post.thread.selected()
	if !m.reading || m.cs.page != nil || !ok || sel.ID != cat.ID || !m.post.thread.focused {
		t.Fatalf("enter did not open the post at cat's comment: reading %v, selected %+v", m.reading, sel)
	}
	if view := m.View(); !strings.Contains(view, "▌ cat · ") {
		t.Errorf("cat's comment is not on screen, selected:\n%s", view)
	}
}

// An empty moderation log offers nothing to move to or open.
func TestEmptyModLogOffersOnlyBackAndQuit(t *testing.T) {
	site, threads, _ := smallThread(t)
	admin := blog.Viewer{Fingerprint: "SHA256:root", User: "root", Admin: true}
	m := New(site, Options{Look: asciiLook, Width: 80, Height: 24, Now: func() time.Time { return seedDay }, Threads: threads, Viewer: admin})
	update(m, keys("L"))
	bar := lastLine(m.View())
	if !strings.Contains(bar, "esc back") || strings.Contains(bar, "down") || strings.Contains(bar, "show the comment") {
		t.Errorf("the empty log's help bar is %q", bar)
	}
}
