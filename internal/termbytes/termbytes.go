// Package termbytes finds, for tests, what in a terminal's output did not
// come from our own drawing: a test says which escape sequences it expects,
// and anything else — another sequence, a control character, a C1 code, a
// bidi override — is foreign.
package termbytes

import "github.com/charmbracelet/x/ansi"

// Foreign returns the first sequence of out that expected does not accept,
// and whether there is one. expected sees every escape sequence and control
// (newlines included) with the parser that decoded it, for its command;
// text passes unless it holds a C1 code or a bidi control.
func Foreign(out string, expected func(seq string, p *ansi.Parser) bool) (string, bool) {
	p := ansi.NewParser()
	var state byte
	for len(out) > 0 {
		seq, width, n, next := ansi.DecodeSequence(out, state, p)
		state, out = next, out[n:]
		if width > 0 || isText(seq) {
			for _, r := range seq {
				if r >= 0x80 && r <= 0x9f || r >= 0x202a && r <= 0x202e || r >= 0x2066 && r <= 0x2069 {
					return string(r), true
				}
			}
			continue
		}
		if !expected(seq, p) {
			return seq, true
		}
	}
	return "", false
}

// isText reports whether seq, one grapheme or control from
// ansi.DecodeSequence, is printable text rather than a control.
func isText(seq string) bool {
	r := []rune(seq)[0]
	return r >= 0x20 && r != 0x7f && !(r >= 0x80 && r <= 0x9f)
}
