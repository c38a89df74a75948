package tui

import (
	"strings"

	tea "github.com/charmbracelet/bubbletea"

	"github.com/sshblog/sshblog/posts"
)

// Theme is a reader's choice of colours.
type Theme uint8

const (
	// ThemeStandard is the palette for the terminal's background.
	ThemeStandard Theme = iota
	// ThemeHighContrast reaches 7:1 where the background is known, and
	// keeps to the terminal's own colours where it is not.
	ThemeHighContrast
)

func (t Theme) String() string {
	if t == ThemeHighContrast {
		return "high contrast"
	}
	return "standard"
}

// Settings are what a reader chooses: on their profile screen (i), for
// the session, and (theme, width, bell) kept with their identity by
// `ssh HOST settings`, applied on every connection.
type Settings struct {
	Theme Theme
	// Links draws a post's links as OSC 8 hyperlinks, clicked in place;
	// off, each link is numbered and its address listed under its paragraph.
	Links bool
	// Copy lets y put a post's link on the clipboard (OSC 52).
	Copy bool
	// Narrow draws a thinner reading column (~72 characters of text).
	Narrow bool
	// Bell rings the terminal's bell when a reply arrives.
	Bell bool
}

// DefaultSettings are a new session's: links clickable where TERM names a
// terminal known to show OSC 8 hyperlinks, copying on.
func DefaultSettings(term string) Settings {
	return Settings{Links: showsHyperlinks(term), Copy: true}
}

// SettingsFrom are a session's settings from what the reader's identity
// keeps (stored) and their terminal.
func SettingsFrom(stored posts.Settings, term string) Settings {
	s := DefaultSettings(term)
	if stored.Theme == "high-contrast" {
		s.Theme = ThemeHighContrast
	}
	s.Narrow = stored.Width == "narrow"
	s.Bell = stored.Bell
	return s
}

// hyperlinkTerms are TERM values that only terminals showing OSC 8
// hyperlinks set. Support cannot be asked over SSH, and TERM=xterm-256color
// is sent by terminals with and without it (xterm itself has none), so
// those readers turn links on in their profile. tmux and screen pass OSC 8
// on only when the terminal outside does, so they are left out too.
var hyperlinkTerms = []string{
	"xterm-kitty",   // kitty
	"wezterm",       // WezTerm
	"foot",          // foot, and foot-extra
	"alacritty",     // Alacritty, since 0.11
	"xterm-ghostty", // Ghostty
	"contour",       // Contour
	"rio",           // Rio
}

func showsHyperlinks(term string) bool {
	for _, t := range hyperlinkTerms {
		if term == t || strings.HasPrefix(term, t+"-") {
			return true
		}
	}
	return false
}

// look is base as these settings draw it.
func (s Settings) look(base Look) Look {
	base.HighContrast = s.Theme == ThemeHighContrast
	base.Hyperlinks = s.Links
	return base
}

// setSettings applies a reader's new choices: the theme's styles everywhere,
// and the post drawn again with its links as chosen.
func (m *Model) setSettings(s Settings) tea.Cmd {
	m.settings = s
	look := s.look(m.look)
	st := stylesFor(look)
	m.st, m.list.st, m.post.st, m.post.thread.st = st, st, st, st
	m.post.look = look
	m.head.bar = ""
	if p, ok := m.cs.page.(*profilePage); ok {
		p.st, p.settings = st, s
	}
	for _, c := range []*composer{m.cs.composer, m.cs.stashed} { // a draft waits under the profile
		if c != nil {
			c.st = st
			c.area.restyle(st)
		}
	}
	return m.resize(m.width, m.height)
}
