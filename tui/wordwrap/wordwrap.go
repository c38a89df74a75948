// Package wordwrap breaks plain text into lines of a width in cells, for
// the full-screen reader and the line mode alike.
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
func Lines(first, rest, s string, width int) []string {
	w := &wrapper{width: width, prefix: first, rest: rest}
	for {
		line, more, found := strings.Cut(s, "\n")
		w.paragraph(line)
		if !found {
			return w.out
		}
		s = more
	}
}

// paragraph wraps s, a text without newlines, onto lines of its own.
func (w *wrapper) paragraph(s string) {
	if w.width <= 0 || ansi.StringWidth(w.prefix+s) <= w.width {
		w.line.WriteString(s)
		w.emit()
		return
	}
	lines := len(w.out)
	for s != "" {
		word := strings.TrimLeft(s, " ")
		gap := s[:len(s)-len(word)]
		end := strings.IndexByte(word, ' ')
		if end < 0 {
			end = len(word)
		}
		word, s = word[:end], word[end:]
		for word != "" {
			piece := unbroken(word)
			w.add(gap, piece)
			word, gap = word[len(piece):], ""
		}
	}
	if w.used > 0 || len(w.out) == lines { // the last line, or one of spaces only
		w.emit()
	}
}

// wrapper fills lines, one piece of a word at a time.
type wrapper struct {
	width        int
	prefix, rest string // before the line being filled, before each later one
	line         strings.Builder
	used         int // the cells of line
	out          []string
}

// room is how many cells the line's text may take after its prefix.
func (w *wrapper) room() int { return max(w.width-ansi.StringWidth(w.prefix), 1) }

// add puts piece on the line after gap, or on the next line without it;
// a piece no line holds is cut into pieces that fit.
func (w *wrapper) add(gap, piece string) {
	cells := ansi.StringWidth(piece)
	if w.used > 0 && w.used+len(gap)+cells > w.room() {
		w.emit()
	}
	if w.used == 0 {
		gap = ""
	}
	for w.used == 0 && cells > w.room() {
		cut := ansi.Truncate(piece, w.room(), "")
		if cut == "" { // a wide character in a room of one cell
			cut, _ = ansi.FirstGraphemeCluster(piece, ansi.GraphemeWidth)
		}
		w.line.WriteString(cut)
		w.used = ansi.StringWidth(cut)
		w.emit()
		piece = piece[len(cut):]
		cells = ansi.StringWidth(piece)
	}
	if piece == "" {
		return
	}
	w.line.WriteString(gap + piece)
	w.used += len(gap) + cells
}

func (w *wrapper) emit() {
	w.out = append(w.out, strings.TrimRight(w.prefix+w.line.String(), " "))
	w.prefix, w.used = w.rest, 0
	w.line.Reset()
}

// unbroken is the start of word up to its first place a line may break.
func unbroken(word string) string {
	prev, prevWidth := ansi.FirstGraphemeCluster(word, ansi.GraphemeWidth)
	at := len(prev)
	for at < len(word) {
		g, width := ansi.FirstGraphemeCluster(word[at:], ansi.GraphemeWidth)
		if MayBreak(prev, prevWidth, g, width) {
			return word[:at]
		}
		prev, prevWidth, at = g, width, at+len(g)
	}
	return word
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
