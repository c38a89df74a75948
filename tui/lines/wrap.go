package lines

import (
	"strings"

	"github.com/charmbracelet/x/ansi"
)

// wrap breaks s into lines of at most width cells (as lipgloss measures
// them, by grapheme), the first after first and the others after rest. It
// breaks at spaces only, so a hyphenated word such as ssh-keygen stays
// whole, and keeps the spacing inside a line; a word wider than a line
// (text without spaces, such as Japanese, or a long URL) is broken where it
// must be. A width of 0 or less wraps nothing.
func wrap(first, rest, s string, width int) []string {
	if width <= 0 || ansi.StringWidth(first+s) <= width {
		return []string{strings.TrimRight(first+s, " ")}
	}
	var out []string
	prefix := first
	var line strings.Builder // what follows the prefix
	used, gap := 0, ""       // used: the line's width after the prefix; gap: the spaces before the next word
	room := func() int { return max(width-ansi.StringWidth(prefix), 20) }
	emit := func() {
		out = append(out, strings.TrimRight(prefix+line.String(), " "))
		prefix, used, gap = rest, 0, ""
		line.Reset()
	}
	for s != "" {
		word := strings.TrimLeft(s, " ")
		if used > 0 {
			gap = s[:len(s)-len(word)]
		}
		if i := strings.IndexByte(word, ' '); i >= 0 {
			word, s = word[:i], word[i:]
		} else {
			s = ""
		}
		if word == "" {
			break
		}
		w := ansi.StringWidth(word)
		if used > 0 && used+len(gap)+w > room() {
			emit()
		}
		for used+len(gap)+w > room() { // a word no line holds
			piece := ansi.Truncate(word, room()-used-len(gap), "")
			line.WriteString(gap + piece)
			word = word[len(piece):]
			w = ansi.StringWidth(word)
			emit()
		}
		line.WriteString(gap + word)
		used += len(gap) + w
		gap = ""
	}
	if used > 0 || len(out) == 0 {
		emit()
	}
	return out
}
