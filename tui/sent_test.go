package tui

import (
	"strings"
	"testing"
	"testing/synctest"
	"time"

	tea "github.com/charmbracelet/bubbletea"

	"github.com/sshblog/sshblog/blog"
)

// sendAnswer presses ctrl+s in m's composer and returns the store's answer,
// not yet delivered.
func sendAnswer(t *testing.T, m *Model) tea.Msg {
	t.Helper()
	_, cmd := m.Update(tea.KeyMsg{Type: tea.KeyCtrlS})
	if cmd == nil {
		t.Fatalf("ctrl+s sent nothing:\n%s", m.View())
	}
	return cmd()
}

// After a comment or a reply is sent it is on screen, whole and selected,
// with "Sent." below it, not over it; the note goes after a few seconds.
func TestSentCommentIsShownSelectedAndTheNoteGoes(t *testing.T) {
	site, threads, _ := smallThread(t)
	for _, c := range []struct {
		name  string
		moves []tea.Msg
	}{
		{"comment", []tea.Msg{keys("w")}},
		{"reply", []tea.Msg{keys("c"), keys("j"), keys("r")}},
	} {
		m := asciiReader(t, threads, site, blog.Viewer{Fingerprint: "SHA256:dan", User: "dan"}, 80, 24)
		update(m, c.moves...)
		update(m, keys("My "+c.name+", which says something worth reading."))
		answer := sendAnswer(t, m)
		m.after = tickAfter
		synctest.Test(t, func(t *testing.T) {
			start := time.Now()
			_, expire := m.Update(answer)
			view := m.View()
			sel, _, ok := m.post.thread.selected()
			if !ok || !strings.Contains(sel.Body, "My "+c.name) || !m.post.thread.focused {
				t.Errorf("%s: the sent comment is not selected: %+v", c.name, sel)
			}
			rows := strings.Split(view, "\n")
			at := func(s string, selected bool) int {
				for i, r := range rows {
					if strings.Contains(r, s) && (!selected || strings.HasPrefix(strings.TrimSpace(r), "▌")) {
						return i
					}
				}
				return -1
			}
			byline, text, note := at("dan · ", true), at("My "+c.name+", which says", true), at("Sent. Everyone", false)
			if byline < 0 || text < byline || note <= text {
				t.Errorf("%s: the comment (rows %d, %d) and the note (row %d):\n%s", c.name, byline, text, note, view)
			}
			run(m, expire)
			if waited := time.Since(start); waited < 2*time.Second || waited > 10*time.Second {
				t.Errorf("%s: the note went after %v", c.name, waited)
			}
			if strings.Contains(m.View(), "Sent.") {
				t.Errorf("%s: the note stayed:\n%s", c.name, m.View())
			}
		})
	}
}

// A key ends the note at once, and the timer of an old note leaves a newer
// one alone.
func TestSentNoteEndsOnAKey(t *testing.T) {
	site, threads, _ := smallThread(t)
	m := asciiReader(t, threads, site, blog.Viewer{Fingerprint: "SHA256:dan", User: "dan"}, 80, 24)
	m.after = func(_ time.Duration, msg tea.Msg) tea.Cmd { return func() tea.Msg { return msg } }
	update(m, keys("w"), keys("first"))
	_, expire := m.Update(sendAnswer(t, m))
	update(m, keys("j"))
	if strings.Contains(m.View(), "Sent.") {
		t.Errorf("the note outlived a key:\n%s", m.View())
	}
	update(m, keys("x"))
	update(m, expire)
	if !strings.Contains(m.View(), "Delete your comment?") {
		t.Errorf("the old note's timer ended the question:\n%s", m.View())
	}
}

// The composer says under which name the comment goes, and a reply whom it
// answers.
func TestComposerSaysWhoIsCommenting(t *testing.T) {
	site, threads, _ := smallThread(t)
	m := asciiReader(t, threads, site, blog.Viewer{Fingerprint: "SHA256:dan", User: "dan"}, 80, 24)
	update(m, keys("w"))
	if view := m.View(); !strings.Contains(view, "Commenting as dan") {
		t.Errorf("the composer does not say who comments:\n%s", view)
	}
	update(m, esc, keys("c"), keys("j"), keys("r"))
	if view := m.View(); !strings.Contains(view, "Reply to bob") || !strings.Contains(view, "Commenting as dan") {
		t.Errorf("the reply does not say whom it answers, as whom:\n%s", view)
	}
	m = asciiReader(t, threads, site, blog.Viewer{Fingerprint: "SHA256:x", User: "x"}, 80, 24)
	update(m, keys("w"))
	if view := m.View(); !strings.Contains(view, "You choose a name when you send") {
		t.Errorf("a reader without a usable name is not told they will choose one:\n%s", view)
	}
}
