package tui

import (
	"fmt"
	"strings"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"

	"github.com/sshblog/sshblog/posts"
)

// The inbox keeps what it drew from frame to frame, yet after every change
// a frame shows what the page drawn afresh shows: the items came, the
// selection moved, the list scrolled, another width or height, time
// passing (so "13 hours ago" becomes "14 hours ago"), new items, another
// theme.
func TestInboxRedrawsWhatChanged(t *testing.T) {
	now := seedDay
	items := func(title string, n int) []posts.InboxItem {
		items := make([]posts.InboxItem, n)
		for i := range items {
			items[i] = posts.InboxItem{PostTitle: title, Unread: i%3 == 0, Comment: posts.Comment{AuthorName: "ann",
				Body: fmt.Sprintf("Reply %d\nmore", i), Created: seedDay.Add(-time.Duration(i) * time.Hour)}}
		}
		return items
	}
	p := &inboxPage{st: stylesFor(benchLook), width: 80, height: 24}
	if before := p.view(now); !strings.Contains(before, "Loading…") {
		t.Fatalf("the inbox before its items come:\n%s", before)
	}
	view := func() string { return p.view(now) }
	fresh := func() string {
		fresh := inboxPage{st: p.st, items: p.items, unread: p.unread, loaded: p.loaded, err: p.err, note: p.note,
			top: p.top, cursor: p.cursor, width: p.width, height: p.height}
		return fresh.view(now)
	}
	checkRedraws(t, view, fresh, []redrawStep{
		{"the items came", func() { p.message(inboxMsg{items: items("A post cut in a narrow window", 30)}) }, "10 new of 30"},
		{"nothing changed", func() {}, ""},
		{"the selection moved", func() { p.update(tea.KeyMsg(keyOf("down"))) }, ""},
		{"the list scrolled", func() {
			for range 12 {
				p.update(tea.KeyMsg(keyOf("down")))
			}
		}, "Reply 13"},
		{"an hour went by", func() { now = now.Add(time.Hour) }, "14 hours ago"},
		{"a narrower window", func() { p.setSize(60, 24) }, "…"},
		{"a taller window", func() { p.setSize(60, 30) }, "Reply 16"},
		{"new items came", func() { p.message(inboxMsg{items: items("Another post", 20)}) }, "7 new of 20"},
		{"another theme", func() { p.st = stylesFor(Look{Profile: benchLook.Profile}) }, ""},
	})
}
