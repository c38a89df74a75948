package tui

import (
	"testing"

	tea "github.com/charmbracelet/bubbletea"

	"github.com/sshblog/sshblog/blog"
)

// TestAltLetterIsEscThenTheLetter: ESC j in one read, as esc then j typed
// quickly arrive, leaves the post and moves down the list as the two keys
// do; in the composer, whose editor binds alt keys, alt+y types y and asks
// nothing about the draft.
func TestAltLetterIsEscThenTheLetter(t *testing.T) {
	altJ := tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune("j"), Alt: true}
	site, _ := sampleBlog(t)
	apart, together := newTestModel(site, 80, 24), newTestModel(site, 80, 24)
	update(apart, enter, esc, keys("j"))
	update(together, enter, altJ)
	if together.reading || together.View() != apart.View() {
		t.Errorf("ESC j in one read:\n%s\nwant as esc then j:\n%s", together.View(), apart.View())
	}

	site, threads, _ := smallThread(t)
	m := asciiReader(t, threads, site, blog.Viewer{Fingerprint: "SHA256:ann", User: "ann"}, 80, 24)
	update(m, keys("w"), keys("draft"), tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune("y"), Alt: true})
	if m.cs.composer == nil || m.cs.composer.area.Value() != "drafty" || m.cs.composer.asking != notAsking {
		t.Errorf("alt+y in the composer did not type y:\n%s", m.View())
	}
}
