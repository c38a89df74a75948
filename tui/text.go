package tui

import (
	"strings"

	"github.com/charmbracelet/lipgloss"

	"github.com/charmbracelet/x/ansi"

	"github.com/sshblog/sshblog/posts"
)

// fit cuts s to width cells, marking a cut with "…".
func fit(s string, width int) string {
	if width <= 0 {
		return ""
	}
	return ansi.Truncate(s, width, "…")
}

// padLines makes lines exactly height long, so a frame always fills its area.
func padLines(lines []string, height int) []string {
	if len(lines) > height {
		return lines[:height]
	}
	for len(lines) < height {
		lines = append(lines, "")
	}
	return lines
}

// highlight draws a string with match marks (posts.MatchStart/End) in base,
// the marked parts in match, cut to width cells with "…".
func highlight(marked string, width int, base, match lipgloss.Style) string {
	plain := posts.Unmark(marked)
	if plain == marked {
		return base.Render(fit(marked, width))
	}
	cut := fit(plain, width)
	room := ansi.StringWidth(cut)
	if cut != plain {
		room-- // keep the cell for "…"
	}
	var b strings.Builder
	on := false
	for i := 0; i < len(marked) && room > 0; {
		switch {
		case strings.HasPrefix(marked[i:], posts.MatchStart):
			on, i = true, i+len(posts.MatchStart)
			continue
		case strings.HasPrefix(marked[i:], posts.MatchEnd):
			on, i = false, i+len(posts.MatchEnd)
			continue
		}
		j := i
		for j < len(marked) && !strings.HasPrefix(marked[j:], posts.MatchStart) && !strings.HasPrefix(marked[j:], posts.MatchEnd) {
			j++
		}
		text := ansi.Truncate(marked[i:j], room, "")
		room -= ansi.StringWidth(text)
		style := base
		if on {
			style = match
		}
		b.WriteString(style.Render(text))
		i = j
	}
	if cut != plain {
		b.WriteString(base.Render("…"))
	}
	return b.String()
}
