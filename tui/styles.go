package tui

import (
	"io"
	"sync"

	"github.com/charmbracelet/bubbles/help"
	"github.com/charmbracelet/lipgloss"
	"github.com/muesli/termenv"
)

// Look is how a reader's terminal shows colour: its profile and whether its
// background is dark. Sessions with the same Look share one set of styles.
type Look struct {
	Profile termenv.Profile
	Dark    bool
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
}

var (
	accent = lipgloss.AdaptiveColor{Light: "#6A3FD0", Dark: "#A88BFA"}
	subtle = lipgloss.AdaptiveColor{Light: "#6B6B6B", Dark: "#9A9A9A"}
	body   = lipgloss.AdaptiveColor{Light: "#303030", Dark: "#D6D6D6"}
	warn   = lipgloss.AdaptiveColor{Light: "#B3261E", Dark: "#FF8A80"}
	onBar  = lipgloss.AdaptiveColor{Light: "#FFFFFF", Dark: "#1A1A1A"}
)

var (
	styleSetsMu sync.Mutex
	styleSets   = map[Look]*styles{}
)

// stylesFor returns the shared styles for a Look, making them on first use.
func stylesFor(look Look) *styles {
	styleSetsMu.Lock()
	defer styleSetsMu.Unlock()
	if s, ok := styleSets[look]; ok {
		return s
	}
	r := lipgloss.NewRenderer(io.Discard)
	r.SetColorProfile(look.Profile)
	r.SetHasDarkBackground(look.Dark)
	s := &styles{
		look:          look,
		header:        r.NewStyle().Bold(true).Foreground(onBar).Background(accent).Padding(0, 1),
		headerNote:    r.NewStyle().Foreground(subtle).Padding(0, 1),
		headerWarning: r.NewStyle().Foreground(warn).Padding(0, 1),
		newBadge:      r.NewStyle().Bold(true).Foreground(accent),
		title:         r.NewStyle().Bold(true),
		selTitle:      r.NewStyle().Bold(true).Foreground(accent),
		meta:          r.NewStyle().Foreground(subtle),
		excerpt:       r.NewStyle().Foreground(body),
		selBar:        r.NewStyle().Foreground(accent),
		tag:           r.NewStyle().Foreground(accent),
		postTitle:     r.NewStyle().Bold(true).Foreground(accent),
		rule:          r.NewStyle().Foreground(subtle),
		status:        r.NewStyle().Foreground(subtle),
		errorText:     r.NewStyle().Foreground(warn),
		filterLabel:   r.NewStyle().Bold(true).Foreground(accent),
		faint:         r.NewStyle().Foreground(subtle).Faint(true),
		match:         r.NewStyle().Bold(true).Underline(true).Foreground(accent),
	}
	s.commentHeading = r.NewStyle().Bold(true)
	s.commentName = r.NewStyle().Bold(true)
	s.ownName = r.NewStyle().Bold(true).Foreground(accent)
	s.composerTitle = r.NewStyle().Bold(true).Foreground(accent)
	s.label = r.NewStyle().Foreground(subtle).Width(10)
	s.plain = r.NewStyle()
	s.help = help.New()
	s.help.Styles = help.Styles{
		ShortKey:       r.NewStyle().Foreground(accent),
		ShortDesc:      r.NewStyle().Foreground(subtle),
		ShortSeparator: r.NewStyle().Foreground(subtle),
		Ellipsis:       r.NewStyle().Foreground(subtle),
		FullKey:        r.NewStyle().Foreground(accent),
		FullDesc:       r.NewStyle().Foreground(subtle),
		FullSeparator:  r.NewStyle().Foreground(subtle),
	}
	styleSets[look] = s
	return s
}
