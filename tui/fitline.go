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
		out = append(out, wrapStyled(l, width)...)
	}
	return out
}

// token is one grapheme (width > 0, or a space) or one escape sequence or
// control (width 0) of a drawn line.
type token struct {
	s     string
	width int
	space bool
	esc   bool
}

func tokens(line string) []token {
	var out []token
	p := ansi.NewParser()
	var state byte
	for len(line) > 0 {
		seq, width, n, next := ansi.DecodeSequence(line, state, p)
		state, line = next, line[n:]
		t := token{s: seq, width: width}
		switch {
		case seq == " ":
			t.space = true
		case width == 0 && (seq[0] < 0x20 || seq[0] == 0x7f):
			t.esc = true
		}
		out = append(out, t)
	}
	return out
}

// wrapStyled wraps one drawn line to width. Continuation lines start under
// the first line's text (after its indent, list bullet or quote bar), and
// carry on its SGR styling: each line is drawn on its own, from a reset.
func wrapStyled(line string, width int) []string {
	toks := tokens(line)
	indent, skip := hangingIndent(toks)
	indentWidth := ansi.StringWidth(indent)
	if indentWidth >= width/2 {
		indent, indentWidth = "", 0
	}
	var (
		lines   []string
		cur     strings.Builder
		curW    int
		active  []string // SGR sequences in effect since the last reset
		pending []token  // spaces and escapes after the last word
		word    []token
		wordW   int
		fresh   = true // cur holds only an indent: nothing to break before
	)
	emit := func(t token) {
		if t.esc && strings.HasPrefix(t.s, "\x1b[") && strings.HasSuffix(t.s, "m") {
			if t.s == "\x1b[0m" || t.s == "\x1b[m" {
				active = active[:0]
			} else {
				active = append(active, t.s)
			}
		}
		cur.WriteString(t.s)
		curW += t.width
		if t.width > 0 {
			fresh = false
		}
	}
	newLine := func() {
		if len(active) > 0 {
			cur.WriteString(ansi.ResetStyle)
		}
		lines = append(lines, cur.String())
		cur.Reset()
		cur.WriteString(indent)
		curW, fresh = indentWidth, true
		for _, s := range active {
			cur.WriteString(s)
		}
	}
	place := func() {
		room := width - curW
		spaces := 0
		for _, t := range pending {
			spaces += t.width
		}
		if !fresh && spaces+wordW > room {
			newLine()
			for _, t := range pending {
				if t.esc {
					emit(t)
				}
			}
		} else {
			for _, t := range pending {
				emit(t)
			}
		}
		pending = pending[:0]
		for _, t := range word {
			if t.width > 0 && curW+t.width > width && !fresh {
				newLine() // a word wider than a line: broken between graphemes
			}
			emit(t)
		}
		word, wordW = word[:0], 0
	}
	for i, t := range toks {
		if i < skip {
			emit(t)
			continue
		}
		switch {
		case t.space:
			if len(word) > 0 {
				place()
			}
			pending = append(pending, t)
		case t.esc && len(word) == 0:
			pending = append(pending, t)
		case t.esc:
			word = append(word, t)
		default:
			if last := lastGrapheme(word); len(word) > 0 && wordwrap.MayBreak(last.s, last.width, t.s, t.width) {
				place()
			}
			word = append(word, t)
			wordW += t.width
		}
	}
	if len(word) > 0 {
		place()
	}
	for _, t := range pending {
		if t.esc {
			emit(t)
		}
	}
	lines = append(lines, cur.String())
	return lines
}

// hangingIndent is what continuation lines start with: the line's leading
// spaces and list marker as spaces, or its quote bar; skip counts the
// tokens of that lead, which are kept as they are on the first line.
func hangingIndent(toks []token) (indent string, skip int) {
	var lead strings.Builder
	i := 0
	for i < len(toks) && (toks[i].space || toks[i].esc) {
		lead.WriteString(toks[i].s)
		i++
	}
	// A marker is a bullet, a quote bar, a task box or a number, then a space.
	j, marker := i, ""
	for j < len(toks) && (toks[j].esc || !toks[j].space) && len(marker) < 8 {
		if !toks[j].esc {
			marker += toks[j].s
		}
		j++
	}
	if j < len(toks) && toks[j].space && isMarker(marker) {
		spaces := strings.Repeat(" ", ansi.StringWidth(ansi.Strip(lead.String())))
		if marker == "│" {
			return spaces + "│ ", j + 1
		}
		return spaces + strings.Repeat(" ", ansi.StringWidth(marker)+1), j + 1
	}
	return strings.Repeat(" ", ansi.StringWidth(ansi.Strip(lead.String()))), i
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

// lastGrapheme is the last of word's graphemes; the zero token if it has
// none.
func lastGrapheme(word []token) token {
	for i := len(word) - 1; i >= 0; i-- {
		if !word[i].esc {
			return word[i]
		}
	}
	return token{}
}
