package tui

import (
	"fmt"
	"strings"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"

	"github.com/sshblog/sshblog/blog"
	"github.com/sshblog/sshblog/posts"
)

// The inbox's title counts what is unread among the items shown, and counts
// again when they come anew (after a mute).
func TestInboxCountFollowsItsItems(t *testing.T) {
	p := &inboxPage{st: stylesFor(asciiLook), width: 80, height: 24}
	item := func(unread bool) posts.InboxItem {
		return posts.InboxItem{PostTitle: "A post", Unread: unread, Comment: posts.Comment{AuthorName: "ann", Body: "Hi", Created: seedDay}}
	}
	p.message(inboxMsg{items: []posts.InboxItem{item(true), item(false), item(true)}})
	if v := p.view(seedDay); !strings.Contains(v, "Replies to you · 2 new of 3") {
		t.Fatalf("the inbox's title, loaded:\n%s", v)
	}
	p.message(inboxMsg{items: []posts.InboxItem{item(false), item(true)}})
	if v := p.view(seedDay); !strings.Contains(v, "Replies to you · 1 new of 2") {
		t.Errorf("the inbox's title, loaded again:\n%s", v)
	}
}

// A post's byline in the list says what is new under it, and how far the
// reader got as soon as they leave it.
func TestListProgressFollowsThePlace(t *testing.T) {
	site, store := sampleBlog(t)
	reading := blog.NewReading(store, site.Blog, func(err error) { t.Error(err) })
	t.Cleanup(func() { reading.Close() })
	m := New(site, Options{Look: asciiLook, Width: 140, Height: 24, Now: func() time.Time { return seedDay },
		Reading: reading, Viewer: blog.Viewer{Fingerprint: "SHA256:ann", User: "ann"},
		ReadingState: blog.ReadingState{At: map[string]float64{}, New: map[string]int{seedSlug: 3}}})
	if v := m.View(); !strings.Contains(v, "· 3 new") || strings.Contains(v, " · read ") {
		t.Fatalf("the list before reading:\n%s", v)
	}
	m.list.selectSlug(seedSlug)
	openSelected(t, m)
	for range 3 {
		m.key(tea.KeyMsg{Type: tea.KeyPgDown})
	}
	f, _ := m.post.fraction()
	m.key(tea.KeyMsg{Type: tea.KeyEsc})
	if want := fmt.Sprintf(" · read %d%% · 3 new", int(f*100+0.5)); f <= 0 || !strings.Contains(m.View(), want) {
		t.Errorf("the list after leaving the post at %.2f, without %q:\n%s", f, want, m.View())
	}
}
