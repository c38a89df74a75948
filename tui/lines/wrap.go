package lines

import (
	"github.com/charmbracelet/x/ansi"

	"github.com/sshblog/sshblog/tui/wordwrap"
)

// wrap breaks s into lines of at most width cells, the first after first
// and the others after rest (wordwrap.Lines), leaving at least 20 cells of
// text after an indent however narrow the terminal: its own line wrap
// shows the rest. A width of 0 or less wraps nothing.
func wrap(first, rest, s string, width int) []string {
	if width > 0 {
		width = max(width, 20+max(ansi.StringWidth(first), ansi.StringWidth(rest)))
	}
	return wordwrap.Lines(first, rest, s, width)
}
