package lines

import (
	"strings"

	"github.com/charmbracelet/x/ansi"
)

// wrap breaks s into lines of at most width cells (as lipgloss measures
// them, by grapheme), the first after first and the others after rest; a
// word longer than a line is broken. An empty s is one line holding first.
func wrap(first, rest, s string, width int) []string {
	room := max(width-ansi.StringWidth(rest), 20)
	if width <= 0 {
		room = 0 // no wrapping: the client's terminal does it
	}
	if room == 0 || ansi.StringWidth(first+s) <= width {
		return []string{strings.TrimRight(first+s, " ")}
	}
	wrapped := strings.Split(ansi.Wrap(s, room, ""), "\n")
	for i, l := range wrapped {
		prefix := rest
		if i == 0 {
			prefix = first
		}
		wrapped[i] = strings.TrimRight(prefix+strings.TrimLeft(l, " "), " ")
	}
	return wrapped
}
