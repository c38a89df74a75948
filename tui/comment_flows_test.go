package tui

import (
	"context"
	"strings"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"

	"github.com/sshblog/sshblog/blog"
	"github.com/sshblog/sshblog/posts"
)

var ctrlC = tea.KeyMsg{Type: tea.KeyCtrlC}

// quits presses msg and reports whether the reader asked to quit.
func quits(m *Model, msg tea.KeyMsg) bool {
	_, cmd := m.Update(msg)
	return hasQuit(cmd)
}

func hasQuit(cmd tea.Cmd) bool {
	if cmd == nil {
		return false
	}
	switch msg := cmd().(type) {
	case tea.QuitMsg:
		return true
	case tea.BatchMsg:
		for _, c := range msg {
			if hasQuit(c) {
				return true
			}
		}
	}
	return false
}

// asciiReader is a reader of the small thread's post whose views tests read.
func asciiReader(t *testing.T, threads *blog.Threads, site *Blog, v blog.Viewer, width, height int) *Model {
	t.Helper()
	m := New(site, Options{Look: asciiLook, Width: width, Height: height, Now: func() time.Time { return seedDay },
		Threads: threads, Viewer: v})
	update(m, enter)
	if !m.reading || m.post.thread.more {
		t.Fatal("the post with its comments did not open")
	}
	return m
}

func lastLine(view string) string {
	lines := strings.Split(view, "\n")
	return lines[len(lines)-1]
}

// ctrl+c quits at once, unless the reader would lose a draft: then it asks,
// and only y or a second ctrl+c quits.
func TestCtrlCAsksBeforeLosingADraft(t *testing.T) {
	site, threads, _ := smallThread(t)
	v := blog.Viewer{Fingerprint: "SHA256:ann", User: "ann"}
	m := asciiReader(t, threads, site, v, 80, 24)
	update(m, keys("w"))
	if !quits(m, ctrlC) {
		t.Fatal("ctrl+c in an empty composer did not quit")
	}

	m = asciiReader(t, threads, site, v, 80, 24)
	update(m, keys("w"), keys("half a thought"))
	if quits(m, ctrlC) {
		t.Fatal("ctrl+c threw the draft away without asking")
	}
	if !strings.Contains(m.View(), "Quit and lose your text? y or ctrl+c quits") {
		t.Fatalf("ctrl+c did not ask:\n%s", m.View())
	}
	if quits(m, keys("n")) || m.cs.composer == nil || m.cs.composer.area.Value() != "half a thought" {
		t.Fatal("another key did not keep the draft")
	}
	update(m, ctrlC)
	if !quits(m, keys("y")) {
		t.Error("y did not quit")
	}
	m = asciiReader(t, threads, site, v, 80, 24)
	update(m, keys("w"), keys("draft"), ctrlC)
	if !quits(m, ctrlC) {
		t.Error("a second ctrl+c did not quit")
	}
}

// Replying shrinks the post for the composer, and the comment replied to
// stays in view.
func TestReplyKeepsTheCommentInView(t *testing.T) {
	site, threads, _ := smallThread(t)
	m := asciiReader(t, threads, site, blog.Viewer{Fingerprint: "SHA256:dan", User: "dan"}, 80, 24)
	update(m, keys("c"), keys("j"), keys("j"))
	if sel, _, _ := m.post.thread.selected(); sel.AuthorName != "cat" {
		t.Fatalf("selected %q's comment, want cat's", sel.AuthorName)
	}
	update(m, keys("r"))
	view := m.View()
	if !strings.Contains(view, "Reply to cat") || !strings.Contains(view, "▌ cat · ") || !strings.Contains(view, "Comment 2 by cat") {
		t.Errorf("the comment replied to is out of view:\n%s", view)
	}
}

// The one-line help offers what this reader can do to the selected comment.
func TestThreadHelpFitsReaderAndSelection(t *testing.T) {
	site, threads, _ := smallThread(t)
	cases := []struct {
		who          blog.Viewer
		moves        []tea.Msg
		want, absent []string
	}{
		{blog.Viewer{Fingerprint: "SHA256:ann", User: "ann"}, nil, // her own
			[]string{"r reply", "e edit", "x delete", "w write", "esc back"}, []string{"H ", "B "}},
		{blog.Viewer{Fingerprint: "SHA256:ann", User: "ann"}, []tea.Msg{keys("j")}, // bob's
			[]string{"r reply", "w write", "esc back"}, []string{"e edit", "x delete", "H ", "B "}},
		{blog.Viewer{Fingerprint: "SHA256:ann", User: "ann", Admin: true}, []tea.Msg{keys("j")},
			[]string{"r reply", "x delete", "H hide", "B ban/unban", "esc back"}, []string{"e edit"}},
		{blog.Viewer{Fingerprint: "SHA256:ann", User: "ann", Admin: true}, nil, // her own: no banning herself
			[]string{"e edit", "x delete", "H hide", "esc back"}, []string{"B "}},
		{blog.Viewer{}, []tea.Msg{keys("j")}, // no key
			[]string{"↓/j next", "esc back"}, []string{"r reply", "w write", "e edit", "x delete"}},
	}
	for i, c := range cases {
		m := asciiReader(t, threads, site, c.who, 80, 24)
		update(m, append([]tea.Msg{keys("c")}, c.moves...)...)
		footer := lastLine(m.View())
		for _, w := range c.want {
			if !strings.Contains(footer, w) {
				t.Errorf("case %d: the help lacks %q: %q", i, w, footer)
			}
		}
		for _, n := range c.absent {
			if strings.Contains(footer, n) {
				t.Errorf("case %d: the help offers %q: %q", i, n, footer)
			}
		}
	}
}

// A post without comments offers writing the first, not replying, editing
// or deleting.
func TestEmptyThreadOffersOnlyWriting(t *testing.T) {
	site, store := sampleBlog(t)
	threads := newThreads(store, site, posts.RateLimit{})
	m := asciiReader(t, threads, site, blog.Viewer{Fingerprint: "SHA256:ann", User: "ann", Admin: true}, 80, 24)
	update(m, keys("c"))
	footer := lastLine(m.View())
	if !strings.Contains(footer, "w write") || strings.Contains(footer, "reply") || strings.Contains(footer, "delete") ||
		strings.Contains(footer, "hide") {
		t.Errorf("an empty thread offers %q", footer)
	}
}

// A reader without a key who presses w is told once, in the words the
// thread's note uses, wrapped rather than cut, and keeps the key hints.
func TestKeylessWriteIsToldHowToGetAKey(t *testing.T) {
	site, threads, _ := smallThread(t)
	for _, width := range []int{80, 50} {
		m := asciiReader(t, threads, site, blog.Viewer{User: "guest"}, width, 24)
		update(m, keys("w"))
		view := m.View()
		flat := strings.Join(strings.Fields(view), " ")
		if !strings.Contains(flat, blog.NoKey) {
			t.Errorf("%d wide: the advice is cut or reworded:\n%s", width, view)
		}
		if footer := lastLine(view); !strings.Contains(footer, "esc back") || strings.Contains(footer, "w comment") {
			t.Errorf("%d wide: the help bar is %q", width, footer)
		}
		for i, l := range strings.Split(view, "\n") {
			if w := lipgloss.Width(l); w > width {
				t.Errorf("%d wide: line %d is %d wide: %q", width, i, w, l)
			}
		}
		update(m, keys("G"), keys("w"))
		if flat := strings.Join(strings.Fields(m.View()), " "); strings.Count(flat, blog.NoKey) != 1 {
			t.Errorf("%d wide: the thread's note differs, or is told twice:\n%s", width, m.View())
		}
	}
}

// The ban question says what will happen to this author as they stand, and
// y sets that, even if another admin acted meanwhile.
func TestBanAsksWhatItWillDo(t *testing.T) {
	site, threads, _ := smallThread(t)
	admin := blog.Viewer{Fingerprint: "SHA256:ann", User: "ann", Admin: true}
	m := asciiReader(t, threads, site, admin, 100, 30)
	update(m, keys("c"), keys("j"), keys("B"))
	if !strings.Contains(m.View(), "Ban bob? They can still read, but not comment. y bans") {
		t.Fatalf("the ban question:\n%s", m.View())
	}
	// Another admin bans bob before this one answers: y still bans.
	if err := threads.Ban(context.Background(), blog.Viewer{Fingerprint: "SHA256:other", Admin: true}, "SHA256:bob", true); err != nil {
		t.Fatal(err)
	}
	update(m, keys("y"))
	if banned, err := threads.Banned(context.Background(), "SHA256:bob"); err != nil || !banned {
		t.Fatalf("after y bob is banned: %v, %v", banned, err)
	}
	if !strings.Contains(m.View(), "bob is banned") {
		t.Errorf("the ban is not confirmed:\n%s", m.View())
	}
	update(m, keys("B"))
	if !strings.Contains(m.View(), "Unban bob? y lets them comment again") {
		t.Fatalf("the unban question:\n%s", m.View())
	}
	update(m, keys("n"))
	if banned, _ := threads.Banned(context.Background(), "SHA256:bob"); !banned {
		t.Error("another key unbanned bob")
	}
	update(m, keys("k"), keys("B"))
	if !strings.Contains(m.View(), "You cannot ban yourself.") {
		t.Errorf("banning herself:\n%s", m.View())
	}
}
