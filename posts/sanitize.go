package posts

import (
	"strings"
	"unicode/utf8"
)

// CleanText makes text from a person safe to show on another person's
// terminal. It removes whole escape sequences (CSI, OSC, DCS, SOS, PM, APC,
// in their 7-bit ESC forms and their 8-bit C1 forms), every other C0 and C1
// control but newline and tab, DEL, the bidi overrides and isolates
// (U+202A–U+202E, U+2066–U+2069) that can make text read differently from
// what it is, and bytes that are not UTF-8. Carriage returns go too: a lone
// one could overwrite a line.
func CleanText(s string) string { return clean(s, false) }

// KeepSGR is CleanText for text our own renderer styled: the SGR sequences
// (colours and text attributes) stay, and everything else CleanText removes
// goes, so the rendering of a post drives no terminal further than colour,
// whatever reached it. The SGR sequences in it are ours: DefuseEntities
// keeps an author's from being decoded into the Markdown.
func KeepSGR(s string) string { return clean(s, true) }

func clean(s string, keepSGR bool) string {
	if isClean(s) {
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && size <= 1:
			i++
		case r == 0x1b:
			n := escapeLen(s[i:])
			if keepSGR && isSGR(s[i:i+n]) {
				b.WriteString(s[i : i+n])
			}
			i += n
		case r >= 0x80 && r <= 0x9f:
			i += c1Len(s[i:], r)
		case dropped(r):
			i += size
		default:
			b.WriteString(s[i : i+size])
			i += size
		}
	}
	return b.String()
}

// CleanLine is CleanText for one-line fields such as names and titles:
// newlines and tabs become spaces.
func CleanLine(s string) string { return strings.TrimSpace(CleanInline(s)) }

// CleanInline is CleanLine without the trim, for a piece of a line (the text
// between match marks, an indented line) whose spaces at the ends count.
func CleanInline(s string) string {
	return strings.Map(func(r rune) rune {
		if r == '\n' || r == '\t' {
			return ' '
		}
		return r
	}, CleanText(s))
}

// isClean is the fast path: most text needs no change.
func isClean(s string) bool {
	for _, r := range s {
		if r == utf8.RuneError || r == 0x1b || r >= 0x80 && r <= 0x9f || dropped(r) {
			return false
		}
	}
	return true
}

func dropped(r rune) bool {
	switch {
	case r == '\n' || r == '\t':
		return false
	case r < 0x20 || r == 0x7f:
		return true
	case r >= 0x202a && r <= 0x202e, r >= 0x2066 && r <= 0x2069:
		return true
	}
	return false
}

// isSGR reports whether seq, a whole escape sequence, is a Select Graphic
// Rendition: ESC [ parameters m.
func isSGR(seq string) bool {
	if len(seq) < 3 || seq[1] != '[' || seq[len(seq)-1] != 'm' {
		return false
	}
	for _, c := range []byte(seq[2 : len(seq)-1]) {
		if (c < '0' || c > '9') && c != ';' && c != ':' {
			return false
		}
	}
	return true
}

// escapeLen is the length of the escape sequence at the start of s (s[0] is ESC).
func escapeLen(s string) int {
	if len(s) < 2 {
		return len(s)
	}
	switch s[1] {
	case '[':
		return 2 + csiBodyLen(s[2:])
	case ']', 'P', 'X', '^', '_':
		return 2 + stringBodyLen(s[2:])
	default:
		// A two-character sequence such as ESC c (reset) or ESC 7.
		_, size := utf8.DecodeRuneInString(s[1:])
		return 1 + size
	}
}

// c1Len is the length of a C1 control at the start of s, and of the sequence
// it opens, if any.
func c1Len(s string, r rune) int {
	size := utf8.RuneLen(r)
	switch r {
	case 0x9b: // CSI
		return size + csiBodyLen(s[size:])
	case 0x9d, 0x90, 0x98, 0x9e, 0x9f: // OSC, DCS, SOS, PM, APC
		return size + stringBodyLen(s[size:])
	}
	return size
}

// csiBodyLen spans a CSI's parameter and intermediate bytes and its final byte.
func csiBodyLen(s string) int {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c >= 0x40 && c <= 0x7e {
			return i + 1
		}
		if c < 0x20 || c > 0x7e {
			return i // malformed: stop before the odd byte, which is cleaned on its own
		}
	}
	return len(s)
}

// stringBodyLen spans a control string up to and including its terminator:
// BEL, ESC \ or the C1 ST (U+009C).
func stringBodyLen(s string) int {
	for i := 0; i < len(s); i++ {
		switch {
		case s[i] == 0x07:
			return i + 1
		case s[i] == 0x1b && i+1 < len(s) && s[i+1] == '\\':
			return i + 2
		case strings.HasPrefix(s[i:], "\u009c"):
			return i + 2
		}
	}
	return len(s)
}
