package tui

import (
	"io"
	"sync"

	"github.com/charmbracelet/bubbles/help"
	"github.com/charmbracelet/lipgloss"
	"github.com/muesli/termenv"
)

// Look is how a reader's terminal shows colour: its profile and whether its
// background is dark, or not known (the terminal did not answer when asked),
// whether the reader asked for no colour, and their theme. Sessions with the
// same Look share one set of styles.
type Look struct {
	Profile termenv.Profile
	Dark    bool
	Unknown bool // no answer: Dark is a guess, and colours must suit either
	// NoColor is NO_COLOR (no-color.org): no colour at all, but bold,
	// underline and reverse stay. termenv's Ascii profile would drop those
	// too, so the profile stays what the terminal takes.
	NoColor bool
	// HighContrast is the reader's high-contrast theme (Settings.Theme).
	HighContrast bool
	// Hyperlinks draws a post's links as OSC 8 hyperlinks (Settings.Links);
	// the styles are the same either way.
	Hyperlinks bool
}

// LookOf reads a terminal's Look off a lipgloss renderer made for it, for
// the local terminal of `sshblog tui` (sessions over SSH ask the client's
// terminal themselves).
func LookOf(r *lipgloss.Renderer) Look {
	return Look{Profile: r.ColorProfile(), Dark: r.HasDarkBackground()}
}

// styles are the reader's lipgloss styles for one Look.
type styles struct {
	look          Look
	header        lipgloss.Style
	headerNote    lipgloss.Style
	headerWarning lipgloss.Style
	newBadge      lipgloss.Style
	title         lipgloss.Style
	selTitle      lipgloss.Style
	meta          lipgloss.Style
	excerpt       lipgloss.Style
	selBar        lipgloss.Style
	tag           lipgloss.Style
	postTitle     lipgloss.Style
	rule          lipgloss.Style
	status        lipgloss.Style
	errorText     lipgloss.Style
	filterLabel   lipgloss.Style
	faint         lipgloss.Style
	match         lipgloss.Style
	// comments
	commentHeading lipgloss.Style
	commentName    lipgloss.Style
	ownName        lipgloss.Style
	composerTitle  lipgloss.Style
	label          lipgloss.Style
	plain          lipgloss.Style // unstyled, but made for this Look
	help           help.Model
	// What every session with this look draws alike.
	helpBars drawn[helpKey, string]
	entries  drawn[entryKey, [3]string]
}

var (
	styleSetsMu sync.Mutex
	styleSets   = map[Look]*styles{}
)

// stylesFor returns the shared styles for a Look, making them on first use.
func stylesFor(look Look) *styles {
	look.Hyperlinks = false
	styleSetsMu.Lock()
	defer styleSetsMu.Unlock()
	if s, ok := styleSets[look]; ok {
		return s
	}
	r := lipgloss.NewRenderer(io.Discard)
	r.SetColorProfile(look.Profile)
	r.SetHasDarkBackground(look.Dark)
	c := resolvedColours(look)
	s := &styles{
		look:          look,
		header:        r.NewStyle().Bold(true).Foreground(c.onBar).Background(c.accent).Reverse(c.plain).Padding(0, 1),
		headerNote:    r.NewStyle().Foreground(c.subtle).Padding(0, 1),
		headerWarning: r.NewStyle().Foreground(c.warn).Padding(0, 1),
		newBadge:      r.NewStyle().Bold(true).Foreground(c.accent),
		title:         r.NewStyle().Bold(true),
		selTitle:      r.NewStyle().Bold(true).Foreground(c.accent),
		meta:          r.NewStyle().Foreground(c.subtle),
		excerpt:       r.NewStyle().Foreground(c.body),
		selBar:        r.NewStyle().Foreground(c.accent),
		tag:           r.NewStyle().Foreground(c.accent),
		postTitle:     r.NewStyle().Bold(true).Foreground(c.accent),
		rule:          r.NewStyle().Foreground(c.subtle),
		status:        r.NewStyle().Foreground(c.subtle),
		errorText:     r.NewStyle().Foreground(c.warn),
		filterLabel:   r.NewStyle().Bold(true).Foreground(c.accent),
		faint:         r.NewStyle().Foreground(c.subtle), // not SGR faint: how faint is each terminal's guess
		match:         r.NewStyle().Bold(true).Underline(true).Foreground(c.accent),
	}
	s.commentHeading = r.NewStyle().Bold(true)
	s.commentName = r.NewStyle().Bold(true)
	s.ownName = r.NewStyle().Bold(true).Foreground(c.accent)
	s.composerTitle = r.NewStyle().Bold(true).Foreground(c.accent)
	s.label = r.NewStyle().Foreground(c.subtle).Width(10)
	s.plain = r.NewStyle()
	s.help = help.New()
	s.helpBars = newDrawn[helpKey](func(bar string) int { return len(bar) + 16 })
	s.entries = newDrawn[entryKey](func(e [3]string) int { return len(e[0]) + len(e[1]) + len(e[2]) + 3*16 })
	s.help.Styles = help.Styles{
		ShortKey:       r.NewStyle().Foreground(c.accent).Bold(c.plain), // without colour, keys in bold
		ShortDesc:      r.NewStyle().Foreground(c.subtle),
		ShortSeparator: r.NewStyle().Foreground(c.subtle),
		Ellipsis:       r.NewStyle().Foreground(c.subtle),
		FullKey:        r.NewStyle().Foreground(c.accent).Bold(c.plain),
		FullDesc:       r.NewStyle().Foreground(c.subtle),
		FullSeparator:  r.NewStyle().Foreground(c.subtle),
	}
	styleSets[look] = s
	return s
}

// colours are the palette resolved for one Look; plain when it has no
// colours, and attributes alone must mark what colour would.
type colours struct {
	accent, subtle, body, warn, onBar lipgloss.TerminalColor
	plain                             bool
}

// resolvedColours picks the palette for the look's background and converts
// each colour to the look's profile once. Given hex colours, lipgloss would
// convert on every Render, and finding the nearest of 256 colours is most of
// the cost of drawing a frame.
func resolvedColours(look Look) colours {
	resolve := func(hex string) lipgloss.TerminalColor {
		if hex == "" {
			return lipgloss.NoColor{}
		}
		if look.Profile == termenv.ANSI256 {
			hex = xtermIndex(hex)
		}
		switch col := look.Profile.Color(hex).(type) {
		case termenv.ANSI256Color:
			return lipgloss.ANSIColor(col)
		case termenv.ANSIColor:
			return lipgloss.ANSIColor(col)
		case termenv.RGBColor:
			return lipgloss.Color(col)
		}
		return lipgloss.NoColor{}
	}
	p := paletteFor(look)
	return colours{accent: resolve(p.accent), subtle: resolve(p.subtle), body: resolve(p.body), warn: resolve(p.warn), onBar: resolve(p.onAccent), plain: p.accent == ""}
}
