package tui

import (
	"strings"

	"github.com/charmbracelet/x/ansi"

	"github.com/sshblog/sshblog/tui/wordwrap"
)

// Glamour wraps paragraphs only at spaces, measuring with go-runewidth, so
// a paragraph of Japanese or Chinese, which has none, comes out as one line
// as long as the paragraph. fitLines wraps what glamour drew a second
// time, by display width as x/ansi measures it (grapheme clusters, as
// lipgloss does: the one measure the reader lays text out by): at spaces
// where it can, else between wide characters, never inside a grapheme.

// fitLines returns lines with every line wider than width wrapped to it;
// a width under 1 wraps nothing, as glamour's does.
func fitLines(lines []string, width int) []string {
	if width < 1 {
		return lines
	}
	var out []string
	for _, l := range lines {
		if ansi.StringWidth(l) <= width {
			out = append(out, l)
			continue
		}
		lead, indent := hangingIndent(l)
		if ansi.StringWidth(indent) >= width/2 {
			indent = ""
		}
		out = append(out, wordwrap.Lines(l[:lead], indent, l[lead:], width)...)
	}
	return out
}

// hangingIndent is what continuation lines start with: the line's leading
// spaces and list marker as spaces, or its quote bar; lead is the length
// of that start in line, which the first line keeps as it is.
func hangingIndent(line string) (lead int, indent string) {
	at := 0
	for at < len(line) {
		g, _, esc := wordwrap.Next(line[at:])
		if !esc && g != " " {
			break
		}
		at += len(g)
	}
	spaces := strings.Repeat(" ", ansi.StringWidth(line[:at]))
	// A marker is a bullet, a quote bar, a task box or a number, then a space.
	end, marker := at, ""
	for end < len(line) && len(marker) < 8 {
		g, _, esc := wordwrap.Next(line[end:])
		if !esc && g == " " {
			break
		}
		if !esc {
			marker += g
		}
		end += len(g)
	}
	if end < len(line) && isMarker(marker) {
		if g, _, _ := wordwrap.Next(line[end:]); g == " " {
			if marker == "│" {
				return end + 1, spaces + "│ "
			}
			return end + 1, spaces + strings.Repeat(" ", ansi.StringWidth(marker)+1)
		}
	}
	return at, spaces
}

func isMarker(s string) bool {
	switch s {
	case "•", "│", "[✓]", "-", "*":
		return true
	}
	if n := len(s); n >= 2 && s[n-1] == '.' {
		return strings.Trim(s[:n-1], "0123456789") == ""
	}
	return false
}
