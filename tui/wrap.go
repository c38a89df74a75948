package tui

import (
	"strings"

	"github.com/charmbracelet/lipgloss"

	"github.com/sshblog/sshblog/tui/wordwrap"
)

// wrapWords wraps plain text to width cells as wordwrap.Lines does, its
// runs of white space, newlines too, as one space.
func wrapWords(text string, width int) []string {
	return wordwrap.Lines("", "", strings.Join(strings.Fields(text), " "), max(width, 1))
}

// appendWrapped appends text wrapped to width, each line in style.
func appendWrapped(lines []string, style lipgloss.Style, text string, width int) []string {
	for _, l := range wrapWords(text, width) {
		lines = append(lines, style.Render(l))
	}
	return lines
}
