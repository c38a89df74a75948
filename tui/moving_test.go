package tui

import (
	"context"
	"path/filepath"
	"strings"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"

	"github.com/sshblog/sshblog/blog"
	"github.com/sshblog/sshblog/data"
	"github.com/sshblog/sshblog/posts"
)

// The end of a post names the posts n and p open; at the newest and the
// oldest post, n and p say there is none rather than doing nothing.
func TestNextAndPreviousAtTheEnds(t *testing.T) {
	site, _ := sampleBlog(t)
	list := site.Posts()
	m := newTestModel(site, 80, 24)
	update(m, enter, keys("G"))
	view := m.View()
	if !strings.Contains(view, "n next: "+list[1].Title) || !strings.Contains(view, "This is the newest post.") {
		t.Errorf("the end of the first post:\n%s", view)
	}
	update(m, keys("p"))
	if view := m.View(); m.post.post.Slug != list[0].Slug || !strings.Contains(view, " This is the newest post.") {
		t.Errorf("p on the newest post:\n%s", view)
	}
	update(m, keys("n"), keys("G"))
	if view := m.View(); !strings.Contains(view, "n next: "+list[2].Title) || !strings.Contains(view, "p previous: "+list[0].Title) {
		t.Errorf("the end of the second post:\n%s", view)
	}
	update(m, esc, keys("G"), enter, keys("n"))
	if view := m.View(); m.post.post.Slug != list[len(list)-1].Slug || !strings.Contains(view, "This is the oldest post.") {
		t.Errorf("n on the oldest post:\n%s", view)
	}
	update(m, keys("j"))
	if m.cs.notice != "" {
		t.Errorf("the notice outlived the next key: %q", m.cs.notice)
	}
}

// emptyBlog is a blog with no posts yet, in a real store.
func emptyBlog(t *testing.T, address string) (*Blog, *blog.Threads) {
	t.Helper()
	store, err := data.Open(filepath.Join(t.TempDir(), "blog.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { store.Close() })
	site, err := loadBlog(context.Background(), "Empty", store, NewRenderCache(1<<20))
	if err != nil {
		t.Fatal(err)
	}
	site.Address = address
	return site, newThreads(store, site, posts.RateLimit{})
}

// The help bar offers only what works now, for who reads.
func TestHelpBarTellsTheTruth(t *testing.T) {
	site, threads, _ := smallThread(t)
	ann := blog.Viewer{Fingerprint: "SHA256:ann", User: "ann"}
	admin := blog.Viewer{Fingerprint: "SHA256:root", User: "root", Admin: true}
	reader := func(v blog.Viewer) *Model {
		return New(site, Options{Look: asciiLook, Width: 80, Height: 24, Now: func() time.Time { return seedDay }, Threads: threads, Viewer: v})
	}
	cases := []struct {
		name         string
		m            *Model
		moves        []tea.Msg
		want, absent []string
	}{
		{"post top", reader(ann), []tea.Msg{enter}, []string{"space more", "n/p next/prev", "w comment", "esc back"}, nil},
		{"post bottom", reader(ann), []tea.Msg{enter, keys("G")}, []string{"n/p next/prev", "w comment", "Bottom"}, []string{"space"}},
		{"plain post bottom", newTestModel(site, 80, 24), []tea.Msg{enter, keys("G")}, []string{"n/p next/prev", "Bottom"}, []string{"space"}},
		{"admin list", reader(admin), nil, []string{"enter read", "L mod log", "? help", "q quit"}, []string{"R "}},
		{"list", reader(ann), nil, []string{"enter read", "i profile", "q quit"}, []string{"L ", "R "}}, // no inboxes here
		{"editing", reader(ann), []tea.Msg{enter, keys("c"), keys("e")}, []string{"ctrl+s save"}, []string{"send"}},
		{"writing", reader(ann), []tea.Msg{enter, keys("w")}, []string{"ctrl+s send"}, nil},
	}
	for _, c := range cases {
		update(c.m, c.moves...)
		footer := lastLine(c.m.View())
		for _, w := range c.want {
			if !strings.Contains(footer, w) {
				t.Errorf("%s: the help lacks %q: %q", c.name, w, footer)
			}
		}
		for _, n := range c.absent {
			if strings.Contains(footer, n) {
				t.Errorf("%s: the help offers %q: %q", c.name, n, footer)
			}
		}
	}
}

// The replies are offered, in the help bar and the full help, only to a
// reader who has them: one with a key, on a blog with inboxes. Another who
// presses R is told why there are none.
func TestHelpOffersRepliesOnlyToWhoHasThem(t *testing.T) {
	site, store := sampleBlog(t)
	threads := newThreads(store, site, posts.RateLimit{})
	inbox := blog.NewInbox(store, threads)
	for _, c := range []struct {
		name    string
		viewer  blog.Viewer
		inbox   *blog.Inbox
		replies bool
		says    string
	}{
		{"a reader with a key", blog.Viewer{Fingerprint: "SHA256:ann", User: "ann"}, inbox, true, ""},
		{"an admin", blog.Viewer{Fingerprint: "SHA256:root", User: "root", Admin: true}, inbox, true, ""},
		{"a reader without a key", blog.Viewer{User: "ann"}, inbox, false, "Replies wait for readers with an SSH key"},
		{"guest", blog.Viewer{User: "guest"}, inbox, false, "guest has no inbox"},
		{"a blog without inboxes", blog.Viewer{Fingerprint: "SHA256:ann", User: "ann"}, nil, false, ""},
	} {
		m := New(site, Options{Look: asciiLook, Width: 80, Height: 24, Now: func() time.Time { return seedDay },
			Threads: threads, Inbox: c.inbox, Viewer: c.viewer})
		bar := lastLine(m.View())
		update(m, keys("?"))
		full := helpLines(m.View())
		if strings.Contains(bar, "R replies") != c.replies || strings.Contains(full, "R ") != c.replies {
			t.Errorf("%s: the help offers the replies %v, want %v:\n%s\n%s", c.name, !c.replies, c.replies, bar, full)
		}
		if !strings.Contains(bar, "i profile") {
			t.Errorf("%s: the help bar lost the profile: %q", c.name, bar)
		}
		update(m, keys("?"), keys("R"))
		if flat := strings.Join(strings.Fields(m.View()), " "); c.says != "" && !strings.Contains(flat, c.says) {
			t.Errorf("%s: R does not say why there are no replies (%q):\n%s", c.name, c.says, m.View())
		}
	}
}

// The full help offers writing, replying, editing and deleting only to a
// reader with a key, under a post and in its thread.
func TestFullHelpOffersWritingOnlyWithAKey(t *testing.T) {
	site, threads, _ := smallThread(t)
	for _, v := range []blog.Viewer{{Fingerprint: "SHA256:ann", User: "ann"}, {User: "ann"}} {
		for _, moves := range [][]tea.Msg{{enter}, {enter, keys("c"), keys("j")}} {
			m := New(site, Options{Look: asciiLook, Width: 80, Height: 24, Now: func() time.Time { return seedDay }, Threads: threads, Viewer: v})
			update(m, append(moves, keys("?"))...)
			full := helpLines(m.View())
			flat := strings.Join(strings.Fields(full), " ")
			offers := []string{"w comment"}
			if len(moves) > 1 {
				offers = []string{"w write", "r reply", "e edit", "x delete"}
			}
			for _, k := range offers {
				if strings.Contains(flat, k) != v.Keyed() {
					t.Errorf("keyed %v, after %d keys: the full help offers %q: %v\n%s", v.Keyed(), len(moves), k, !v.Keyed(), full)
				}
			}
		}
	}
}

// Under a post taken down, the thread's full help offers deleting one's
// comment and nothing that writes, as its one-line help does.
func TestFullHelpUnderATakenDownPostOffersOnlyDelete(t *testing.T) {
	site, threads, _ := smallThread(t)
	m := New(site, Options{Look: asciiLook, Width: 80, Height: 24, Now: func() time.Time { return seedDay }, Threads: threads,
		Viewer: blog.Viewer{Fingerprint: "SHA256:ann", User: "ann"}})
	update(m, enter, keys("c"), keys("j"))
	m.post.gone = true // as postChanged leaves it when the post is no longer listed
	update(m, keys("?"))
	flat := strings.Join(strings.Fields(helpLines(m.View())), " ")
	for _, k := range []string{"w write", "r reply", "e edit"} {
		if strings.Contains(flat, k) {
			t.Errorf("the full help offers %q under a post taken down:\n%s", k, flat)
		}
	}
	if !strings.Contains(flat, "x delete") {
		t.Errorf("the full help does not offer deleting:\n%s", flat)
	}
}

// A blog with no posts offers nothing to read or narrow, and tells admins
// how to publish, with the address readers use.
func TestEmptyBlogSaysHowToPublish(t *testing.T) {
	for _, c := range []struct{ address, want string }{
		{"", "scp post.md HOST:"},
		{"-p 2222 blog.example.com", "scp -P 2222 post.md blog.example.com:"},
	} {
		site, threads := emptyBlog(t, c.address)
		for _, v := range []blog.Viewer{{Fingerprint: "SHA256:root", Admin: true}, {Fingerprint: "SHA256:ann"}, {}} {
			m := New(site, Options{Look: asciiLook, Width: 80, Height: 24, Threads: threads, Viewer: v})
			view := m.View()
			footer := lastLine(view)
			if strings.Contains(footer, "enter") || strings.Contains(footer, "tags") || !strings.Contains(footer, "q quit") {
				t.Errorf("admin %v: the help on an empty blog: %q", v.Admin, footer)
			}
			flat := strings.Join(strings.Fields(view), " ")
			if strings.Contains(flat, c.want) != v.Admin {
				t.Errorf("admin %v: told how to publish (%q): %v\n%s", v.Admin, c.want, !v.Admin, view)
			}
		}
	}
}

// Under a post taken down while it is read, nothing offers to comment, and
// w says why it does nothing.
func TestTakenDownPostOffersNoComment(t *testing.T) {
	site, store := sampleBlog(t)
	threads := newThreads(store, site, posts.RateLimit{})
	m := asciiReader(t, threads, site, blog.Viewer{Fingerprint: "SHA256:ann", User: "ann"}, 80, 24)
	if err := store.Unpublish(context.Background(), m.post.post.Slug); err != nil {
		t.Fatal(err)
	}
	if err := site.Refresh(context.Background()); err != nil {
		t.Fatal(err)
	}
	update(m, changesMsg{posts: true})
	if footer := lastLine(m.View()); strings.Contains(footer, "w comment") || !strings.Contains(footer, "c comments") {
		t.Errorf("the help under a post taken down: %q", footer)
	}
	update(m, keys("G"))
	if view := m.View(); !strings.Contains(view, "n next: "+site.Posts()[0].Title) || strings.Contains(view, "only post") {
		t.Errorf("the end of a post taken down lost what n opens:\n%s", view)
	}
	update(m, keys("w"))
	if m.cs.composer != nil || !strings.Contains(m.View(), "taken down: it takes no more comments") {
		t.Errorf("w under a post taken down:\n%s", m.View())
	}
	update(m, keys("c"))
	if footer := lastLine(m.View()); strings.Contains(footer, "w write") {
		t.Errorf("the thread's help under a post taken down: %q", footer)
	}
}

// A reader at the end of the thread follows it as live comments come, as
// tail -f does; one elsewhere keeps their place and sees a cue with the key
// to the new comment.
func TestLiveCommentsFollowOrCue(t *testing.T) {
	site, threads, slug := smallThread(t)
	live := func(m *Model, text string) {
		c, err := threads.Add(context.Background(), blog.Viewer{Fingerprint: "SHA256:zed", User: "zed"}, slug, 0, text)
		if err != nil {
			t.Fatal(err)
		}
		update(m, changesMsg{comments: []posts.Comment{c}})
	}
	tail := asciiReader(t, threads, site, blog.Viewer{Fingerprint: "SHA256:ann", User: "ann"}, 80, 24)
	update(tail, keys("G"))
	live(tail, "For the reader at the end.")
	if view := tail.View(); !tail.post.atEnd() || !strings.Contains(view, "For the reader at the end.") || strings.Contains(view, "new comment") {
		t.Errorf("the reader at the end did not follow:\n%s", view)
	}

	reader := asciiReader(t, threads, site, blog.Viewer{Fingerprint: "SHA256:ann", User: "ann"}, 80, 24)
	update(reader, keys("j"), keys("j"), keys("j"))
	first := strings.Split(reader.View(), "\n")[1]
	live(reader, "For the reader in the middle.")
	view := reader.View()
	if strings.Split(view, "\n")[1] != first || !strings.Contains(lastLine(view), "1 new comment ↓ N") {
		t.Errorf("the reader in the middle lost their place or was not told:\n%s", view)
	}
	update(reader, keys("N"))
	sel, _, _ := reader.post.thread.selected()
	if view := reader.View(); sel.Body != "For the reader in the middle." || !strings.Contains(view, "For the reader in the middle.") ||
		strings.Contains(view, "new comment") {
		t.Errorf("N did not show the new comment:\n%s", view)
	}

	scroller := asciiReader(t, threads, site, blog.Viewer{Fingerprint: "SHA256:ann", User: "ann"}, 80, 24)
	live(scroller, "For the reader who scrolls down to it.")
	update(scroller, keys("G"))
	if strings.Contains(scroller.View(), "new comment") {
		t.Errorf("the cue outlived the comment coming into view:\n%s", scroller.View())
	}
}

// firstLine is the text of the first line under the header bar.
func firstLine(m *Model) string { return strings.TrimSpace(strings.Split(m.View(), "\n")[1]) }

// Resizing keeps the line at the top of the window at the top: the same
// place in the text at the new width, and the very line again on the way
// back, rather than the same fraction of a post whose length changed.
func TestResizeKeepsTheFirstLine(t *testing.T) {
	site, _ := sampleBlog(t)
	for _, down := range []int{3, 11, 24, 40} {
		m := newTestModel(site, 80, 24)
		update(m, enter)
		for range down {
			update(m, keys("j"))
		}
		before := firstLine(m)
		if before == "" {
			continue // a blank line: nothing to compare
		}
		word := strings.Fields(before)[0]
		for _, size := range [][2]int{{140, 45}, {50, 20}, {100, 30}} {
			update(m, tea.WindowSizeMsg{Width: size[0], Height: size[1]})
			if now := firstLine(m); !strings.Contains(now, word) {
				t.Errorf("%d lines down at 80 wide, then %dx%d: the first line %q became %q", down, size[0], size[1], before, now)
			}
		}
		update(m, tea.WindowSizeMsg{Width: 80, Height: 24})
		if now := firstLine(m); now != before {
			t.Errorf("%d lines down, back at 80x24: the first line %q became %q", down, before, now)
		}
	}
}

// In the comments, the comment at the top stays at the top.
func TestResizeKeepsTheCommentAtTheTop(t *testing.T) {
	site, threads, _ := smallThread(t)
	m := asciiReader(t, threads, site, blog.Viewer{Fingerprint: "SHA256:ann", User: "ann"}, 80, 16)
	update(m, keys("c"), esc, keys("j"), keys("j"), keys("j"), keys("j"))
	before := firstLine(m)
	if !strings.Contains(before, "ann ·") {
		t.Fatalf("ann's comment is not at the top: %q\n%s", before, m.View())
	}
	update(m, tea.WindowSizeMsg{Width: 140, Height: 10})
	if now := firstLine(m); !strings.Contains(now, "ann ·") {
		t.Errorf("at 140 wide the first line is %q", now)
	}
	update(m, tea.WindowSizeMsg{Width: 80, Height: 16})
	if now := firstLine(m); now != before {
		t.Errorf("back at 80 wide the first line %q became %q", before, now)
	}
}
