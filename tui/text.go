package tui

import (
	"strings"

	"github.com/charmbracelet/x/ansi"
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

// tagList shows tags as "#a #b".
func tagList(tags []string) string {
	if len(tags) == 0 {
		return ""
	}
	return "#" + strings.Join(tags, " #")
}
