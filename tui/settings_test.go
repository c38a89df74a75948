package tui

import (
	"strings"
	"testing"

	tea "github.com/charmbracelet/bubbletea"

	"github.com/sshblog/sshblog/blog"
)

// TestHyperlinksAreOnForTerminalsKnownToShowThem checks the TERM list:
// terminals whose TERM only they send get hyperlinks from the start; the
// TERM values that terminals with and without OSC 8 share, and tmux and
// screen, get numbered links; copying is on for everyone.
func TestHyperlinksAreOnForTerminalsKnownToShowThem(t *testing.T) {
	for term, want := range map[string]bool{
		"xterm-kitty": true, "wezterm": true, "foot": true, "foot-extra": true, "alacritty": true,
		"xterm-ghostty": true, "contour": true, "rio": true,
		"xterm": false, "xterm-256color": false, "screen-256color": false, "tmux-256color": false,
		"linux": false, "vt100": false, "dumb": false, "": false, "footx": false,
	} {
		s := DefaultSettings(term)
		if s.Links != want || !s.Copy || s.Theme != ThemeStandard {
			t.Errorf("DefaultSettings(%q) = %+v, want links %v, copying on, the standard theme", term, s, want)
		}
	}
}

// TestSettingsApplyToEverythingOnScreen changes the theme and the links on
// the profile while a first comment waits there for a name: the reader's
// styles, the post's rendering and the waiting draft all take the change,
// and leaving the profile keeps it.
func TestSettingsApplyToEverythingOnScreen(t *testing.T) {
	site, threads, _ := smallThread(t)
	m := asciiReader(t, threads, site, blog.Viewer{Fingerprint: "SHA256:x", User: "x"}, 80, 24)
	update(m, keys("w"), keys("h"), keys("i"), tea.KeyMsg{Type: tea.KeyCtrlS})
	if m.cs.stashed == nil || m.cs.page == nil {
		t.Fatalf("the first comment did not wait under the profile:\n%s", m.View())
	}
	update(m, esc, keys("t"), keys("l"))
	if !m.settings.Links || m.settings.Theme != ThemeHighContrast {
		t.Fatalf("settings after t and l: %+v\n%s", m.settings, m.View())
	}
	for what, st := range map[string]*styles{"reader": m.st, "list": m.list.st, "post": m.post.st, "thread": m.post.thread.st, "draft": m.cs.stashed.st} {
		if !st.look.HighContrast {
			t.Errorf("the %s is not drawn in high contrast", what)
		}
	}
	if !m.post.look.Hyperlinks || !m.post.want.look.Hyperlinks {
		t.Errorf("the post is not drawn again with hyperlinks: %+v", m.post.want.look)
	}
	if !strings.Contains(m.View(), "Theme     high contrast") {
		t.Errorf("the profile does not show the theme chosen:\n%s", m.View())
	}
}

// TestWidthIsChosenOnTheProfile: w on the profile draws the narrow column
// for the rest of the visit, centred as the wide one is, and w again goes
// back; keyless readers have the same key.
func TestWidthIsChosenOnTheProfile(t *testing.T) {
	site, threads, _ := smallThread(t)
	m := asciiReader(t, threads, site, blog.Viewer{User: "guest"}, 120, 30)
	helpIndent := func() int {
		lines := strings.Split(m.View(), "\n")
		for i := len(lines) - 1; i >= 0; i-- {
			if l := strings.TrimLeft(lines[i], " "); l != "" {
				return len(lines[i]) - len(l)
			}
		}
		return -1
	}
	wide := helpIndent()
	update(m, keys("i"), keys("w"))
	if !m.settings.Narrow || !strings.Contains(m.View(), "Width     narrow") {
		t.Fatalf("w on the profile did not choose the narrow width:\n%s", m.View())
	}
	update(m, esc)
	if got, want := helpIndent(), (120-narrowColumn)/2+2; got != want || got == wide {
		t.Errorf("the list's help starts at column %d (wide: %d), want %d:\n%s", got, wide, want, m.View())
	}
	update(m, keys("i"), keys("w"), esc)
	if m.settings.Narrow || helpIndent() != wide {
		t.Errorf("w again did not go back to the wide column:\n%s", m.View())
	}
}
