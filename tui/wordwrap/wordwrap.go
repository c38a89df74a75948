// Package wordwrap breaks text, plain or styled, into lines of a width in
// cells, for the full-screen reader (comments, notices, glamour's posts)
// and the line mode alike.
package wordwrap

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/charmbracelet/x/ansi"
)

// Lines breaks s into lines of at most width cells (as lipgloss measures
// them, by grapheme), the first after first and the others after rest.
// It breaks at spaces, so a hyphenated word such as ssh-keygen stays
// whole, and between two characters of which one is wide (Chinese,
// Japanese, Korean), as those scripts break, though never before closing
// punctuation or a small kana, nor after opening punctuation. It keeps the spacing inside a
// line and drops it at a line's end; a newline in s ends a line. A word
// wider than a line (a long URL) starts a line and is broken where it
// must be. A width of 0 or less wraps nothing.
//
// s may be styled: escape sequences take no room and break nothing, and a
// line broken inside a style ends with a reset and the next one, after
// rest, opens that style again, so that each line can be drawn on its own.
func Lines(first, rest, s string, width int) []string {
	w := &wrapper{width: width, prefix: first, rest: rest}
	w.track(first)
	for {
		line, more, found := strings.Cut(s, "\n")
		w.paragraph(line)
		w.styles = w.styles[:0] // the next line sets its own
		if !found {
			return w.out
		}
		s = more
	}
}

// paragraph wraps s, a text without newlines, onto lines of its own: it
// hands the wrapper each piece no line may break inside (a word, or the
// part of one up to a place MayBreak allows) with the gap before it.
// An escape goes with the grapheme before it, or with the gap when it
// starts a word.
func (w *wrapper) paragraph(s string) {
	if w.width <= 0 || ansi.StringWidth(w.prefix+s) <= w.width {
		w.write(s)
		w.emit()
		return
	}
	lines := len(w.out)
	gap, piece := 0, 0 // where the gap before the piece begins, where the piece does
	prev, prevWidth := "", 0
	for at := 0; at < len(s); {
		g, width, esc := Next(s[at:])
		switch {
		case esc: // stays with what it follows
		case g == " ":
			if prev != "" {
				w.add(s[gap:piece], s[piece:at])
				gap, prev = at, ""
			}
		case prev == "":
			piece, prev, prevWidth = at, g, width
		default:
			if MayBreak(prev, prevWidth, g, width) {
				w.add(s[gap:piece], s[piece:at])
				gap, piece = at, at
			}
			prev, prevWidth = g, width
		}
		at += len(g)
	}
	if prev != "" {
		w.add(s[gap:piece], s[piece:])
	} else {
		w.write(escapes(s[gap:])) // a gap at the end: only its escapes are kept
	}
	if w.used > 0 || len(w.out) == lines { // the last line, or one of spaces only
		w.emit()
	}
}

// Next is the grapheme or escape sequence (or other control) s starts
// with, and its width in cells: the one way this package, and the reader
// measuring a drawn line's indent, step through styled text.
func Next(s string) (g string, width int, esc bool) {
	if c := s[0]; c >= 0x20 && c < 0x7f && (len(s) == 1 || s[1] < 0x80) { // ASCII text, no combining mark after it
		return s[:1], 1, false
	}
	g, width, _, _ = ansi.DecodeSequence(s, ansi.NormalState, nil)
	return g, width, width == 0 && (g[0] < 0x20 || g[0] == 0x7f)
}

// escapes is what gap holds but its spaces.
func escapes(gap string) string {
	if strings.IndexByte(gap, ansi.ESC) < 0 {
		return ""
	}
	return strings.ReplaceAll(gap, " ", "")
}

// wrapper fills lines, one piece of a word at a time.
type wrapper struct {
	width        int
	prefix, rest string // before the line being filled, before each later one
	line         strings.Builder
	used         int      // the cells of line
	styles       []string // the SGR sequences in effect since the last reset
	out          []string
}

// room is how many cells the line's text may take after its prefix.
func (w *wrapper) room() int { return max(w.width-ansi.StringWidth(w.prefix), 1) }

// add puts piece on the line after gap, or on the next line without the
// gap's spaces; a piece no line holds is cut into pieces that fit.
func (w *wrapper) add(gap, piece string) {
	cells := ansi.StringWidth(piece)
	if w.used > 0 && w.used+ansi.StringWidth(gap)+cells > w.room() {
		w.breakLine()
	}
	if w.used == 0 {
		gap = escapes(gap)
	}
	w.write(gap)
	w.used += ansi.StringWidth(gap)
	for w.used == 0 && cells > w.room() {
		cut := fitting(piece, w.room())
		w.write(cut)
		w.used = ansi.StringWidth(cut)
		w.breakLine()
		piece = piece[len(cut):]
		cells = ansi.StringWidth(piece)
	}
	w.write(piece)
	w.used += cells
}

// fitting is the start of piece that fits in room cells, and at least its
// first grapheme (a wide character in a room of one cell still comes out).
func fitting(piece string, room int) string {
	used, at := 0, 0
	for at < len(piece) {
		g, width, _ := Next(piece[at:])
		if used+width > room && used > 0 {
			break
		}
		used, at = used+width, at+len(g)
	}
	return piece[:at]
}

// write puts s on the line, keeping count of the styles it sets.
func (w *wrapper) write(s string) {
	w.line.WriteString(s)
	w.track(s)
}

// track follows the SGR sequences of s: a reset ends the styles in effect.
func (w *wrapper) track(s string) {
	for strings.IndexByte(s, ansi.ESC) >= 0 {
		s = s[strings.IndexByte(s, ansi.ESC):]
		seq, _, n, _ := ansi.DecodeSequence(s, ansi.NormalState, nil)
		switch {
		case seq == "\x1b[0m" || seq == "\x1b[m":
			w.styles = w.styles[:0]
		case strings.HasPrefix(seq, "\x1b[") && strings.HasSuffix(seq, "m"):
			w.styles = append(w.styles, seq)
		}
		s = s[n:]
	}
}

// breakLine ends the line inside the paragraph, with a reset if a style is
// in effect, and opens that style again on the next.
func (w *wrapper) breakLine() {
	if len(w.styles) > 0 {
		w.line.WriteString(ansi.ResetStyle)
	}
	w.emit()
	for _, s := range w.styles {
		w.line.WriteString(s)
	}
}

func (w *wrapper) emit() {
	w.out = append(w.out, strings.TrimRight(w.prefix+w.line.String(), " "))
	w.prefix, w.used = w.rest, 0
	w.line.Reset()
}

// MayBreak reports whether a line may break inside a word between the
// graphemes prev and next, of those widths in cells: before or after a
// wide character, as its script allows, never before closing punctuation
// or a small kana, nor after opening punctuation. Lines also break at
// spaces; that is the caller's to decide.
func MayBreak(prev string, prevWidth int, next string, nextWidth int) bool {
	return (prevWidth > 1 || nextWidth > 1) && punctuationAllows(prev, next) // inlined: narrow text pays a comparison
}

// punctuationAllows a break between prev and next.
func punctuationAllows(prev, next string) bool { return !closing(next) && !opening(prev) }

// closing: no line starts with it ("。", "、", "」", "!", a small kana,
// the long vowel mark or the wave dash).
func closing(g string) bool {
	r, _ := utf8.DecodeRuneInString(g)
	return unicode.In(r, unicode.Pe, unicode.Pf, unicode.Po) || strings.ContainsRune(smallKana, r)
}

// smallKana are the kana that end a syllable begun before them, and the
// marks that, like them, go on from it (the long vowel mark, the wave dash
// of "東京〜大阪").
const smallKana = "ぁぃぅぇぉっゃゅょゎゕゖァィゥェォッャュョヮヵヶー〜"

// opening: no line ends with it ("「", "(").
func opening(g string) bool {
	r, _ := utf8.DecodeRuneInString(g)
	return unicode.In(r, unicode.Ps, unicode.Pi)
}
