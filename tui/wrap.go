package tui

import (
	"strings"

	"github.com/charmbracelet/lipgloss"
	"github.com/charmbracelet/x/ansi"
)

// wrapWords wraps plain text to width cells, breaking only at spaces so that
// a command like ssh-keygen stays whole; a word wider than the line is cut
// into pieces that fit.
func wrapWords(text string, width int) []string {
	width = max(width, 1)
	var lines []string
	line := ""
	for _, word := range strings.Fields(text) {
		for ansi.StringWidth(word) > width {
			if line != "" {
				lines, line = append(lines, line), ""
			}
			piece := ansi.Truncate(word, width, "")
			lines, word = append(lines, piece), word[len(piece):]
		}
		switch {
		case line == "":
			line = word
		case ansi.StringWidth(line)+1+ansi.StringWidth(word) <= width:
			line += " " + word
		default:
			lines, line = append(lines, line), word
		}
	}
	if line != "" || len(lines) == 0 {
		lines = append(lines, line)
	}
	return lines
}

// appendWrapped appends text wrapped to width, each line in style.
func appendWrapped(lines []string, style lipgloss.Style, text string, width int) []string {
	for _, l := range wrapWords(text, width) {
		lines = append(lines, style.Render(l))
	}
	return lines
}
