package tui

import (
	"strings"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"

	"github.com/sshblog/sshblog/blog"
)

// press gives m one message and draws, as Bubble Tea does, without running
// the commands it returns: their answers have not come yet.
func press(m *Model, msgs ...tea.Msg) {
	for _, msg := range msgs {
		m.Update(msg)
		m.View()
	}
}

// The next post, or another one from the list, is drawn before its
// comments load: the thread of the post before must not linger.
func TestNextPostDrawsBeforeItsCommentsLoad(t *testing.T) {
	site, threads, slug := smallThread(t)
	lingers := func(m *Model) {
		t.Helper()
		if m.post.post.Slug == slug || m.post.thread.slug != m.post.post.Slug || strings.Contains(m.View(), "Comment 0 by ann") {
			t.Errorf("on %q the thread of %q lingers (thread of %q):\n%s", m.post.post.Slug, slug, m.post.thread.slug, m.View())
		}
	}
	m := asciiReader(t, threads, site, blog.Viewer{Fingerprint: "SHA256:ann", User: "ann"}, 80, 24)
	press(m, keys("n"))
	lingers(m)
	m = asciiReader(t, threads, site, blog.Viewer{Fingerprint: "SHA256:ann", User: "ann"}, 80, 24)
	press(m, keys("G"), esc, keys("j"), enter, keys("G"))
	lingers(m)
}

// Closing the profile or the moderation log before any post was opened
// lays out no thread at a negative width.
func TestPagesCloseBeforeAnyPostWasOpened(t *testing.T) {
	site, threads, _ := smallThread(t)
	for _, open := range []string{"i", "L"} {
		m := New(site, Options{Look: asciiLook, Width: 80, Height: 24, Now: func() time.Time { return seedDay },
			Threads: threads, Viewer: blog.Viewer{Fingerprint: "SHA256:ann", User: "ann", Admin: true}})
		press(m, keys(open), esc)
		if m.cs.page != nil {
			t.Errorf("%s then esc left the page open", open)
		}
	}
}

// A reader scrolled into the comments keeps reading when the hub tells
// them to reload (their mailbox overflowed with live comments).
func TestReloadWhileInTheThread(t *testing.T) {
	site, threads, _ := smallThread(t)
	m := asciiReader(t, threads, site, blog.Viewer{Fingerprint: "SHA256:ann", User: "ann"}, 80, 12)
	press(m, keys("G"))
	update(m, changesMsg{lost: true})
	if len(m.post.thread.all) != 3 {
		t.Errorf("after the reload the thread holds %d comments, want the 3 stored", len(m.post.thread.all))
	}
}
