package tui

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"

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

// The moderation log keeps what it drew from frame to frame, as the inbox
// does, yet after every change a frame shows what the page drawn afresh
// shows; and a frame in which nothing changed draws no row again, so it
// costs far less than one drawn in another theme.
func TestModLogRedrawsWhatChanged(t *testing.T) {
	site, _ := sampleBlog(t)
	now, list := seedDay, site.Posts()
	actions := func(verb string, n int) []posts.ModAction {
		actions := make([]posts.ModAction, n)
		for i := range actions {
			actions[i] = posts.ModAction{AdminName: "root", Action: verb, CommentID: int64(i + 1), PostSlug: list[i%len(list)].Slug,
				TargetName: fmt.Sprintf("reader%d", i), At: seedDay.Add(-time.Duration(i) * time.Hour)}
		}
		return actions
	}
	dark, light := stylesFor(benchLook), stylesFor(Look{Profile: benchLook.Profile})
	p := &modLogPage{st: dark, blog: site, width: 100, height: 24}
	view := func() string { return p.view(now) }
	fresh := func() string {
		fresh := modLogPage{st: p.st, blog: site, actions: p.actions, loaded: p.loaded, top: p.top, cursor: p.cursor, width: p.width, height: p.height}
		return fresh.view(now)
	}
	checkRedraws(t, view, fresh, []redrawStep{
		{"the actions came", func() { p.message(modLogMsg{actions: actions(posts.ModHide, 40)}) }, "40 actions"},
		{"nothing changed", func() {}, ""},
		{"the selection moved", func() { p.update(tea.KeyMsg(keyOf("down"))) }, ""},
		{"the log scrolled", func() {
			for range 25 {
				p.update(tea.KeyMsg(keyOf("down")))
			}
		}, "comment #26 by reader25"},
		{"an hour went by", func() { now = now.Add(time.Hour) }, "7 hours ago"},
		{"a narrower window", func() { p.setSize(60, 24) }, "…"},
		{"a taller window", func() { p.setSize(60, 30) }, "#27"},
		{"new actions came", func() { p.message(modLogMsg{actions: actions(posts.ModDelete, 30)}) }, "deleted comment"},
		{"another theme", func() { p.st = light }, ""},
	})
	same := testing.AllocsPerRun(20, func() { p.view(now) })
	restyled := testing.AllocsPerRun(20, func() {
		p.st = map[*styles]*styles{dark: light, light: dark}[p.st]
		p.view(now)
	})
	if same*3 > restyled {
		t.Errorf("a frame with nothing changed takes %.0f allocations, one in another theme %.0f", same, restyled)
	}
}
