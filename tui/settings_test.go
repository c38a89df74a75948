package tui

import "testing"

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
