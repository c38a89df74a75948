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
	toks := tokens(line)
	i, at := 0, 0
	for ; i < len(toks) && (toks[i].space || toks[i].esc); i++ {
		at += len(toks[i].s)
	}
	spaces := strings.Repeat(" ", ansi.StringWidth(line[:at]))
	// A marker is a bullet, a quote bar, a task box or a number, then a space.
	j, end, marker := i, at, ""
	for ; j < len(toks) && (toks[j].esc || !toks[j].space) && len(marker) < 8; j++ {
		if !toks[j].esc {
			marker += toks[j].s
		}
		end += len(toks[j].s)
	}
	if j < len(toks) && toks[j].space && isMarker(marker) {
		if marker == "│" {
			return end + 1, spaces + "│ "
		}
		return end + 1, spaces + strings.Repeat(" ", ansi.StringWidth(marker)+1)
	}
	return at, spaces
}

// token is one grapheme (a space among them) or one escape sequence or
// control of a drawn line.
type token struct {
	s          string
	space, esc bool
}

func tokens(line string) []token {
	var out []token
	for len(line) > 0 {
		seq, width, n, _ := ansi.DecodeSequence(line, ansi.NormalState, nil)
		line = line[n:]
		out = append(out, token{s: seq, space: seq == " ", esc: width == 0 && (seq[0] < 0x20 || seq[0] == 0x7f)})
	}
	return out
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
