package termbytes

import (
	"testing"

	"github.com/charmbracelet/x/ansi"
)

func onlySGR(seq string, p *ansi.Parser) bool {
	return seq == "\n" || ansi.HasCsiPrefix(seq) && p.Command() == 'm'
}

func TestForeignFindsWhatWasNotExpected(t *testing.T) {
	for _, c := range []struct{ out, foreign string }{
		{"plain text\nand \x1b[1mbold\x1b[m", ""},
		{"title \x1b]0;owned\x07", "\x1b]0;owned\x07"},
		{"ring\x07", "\x07"},
		{"back\x08", "\x08"},
		{"tab\there", "\t"},
		{"clear \x1b[2J", "\x1b[2J"},
		{"c1 \u009b2J", "\u009b"},
		{"bidi \u202eevil", "\u202e"},
		{"isolate \u2066x", "\u2066"},
	} {
		got, found := Foreign(c.out, onlySGR)
		if found != (c.foreign != "") || got != c.foreign {
			t.Errorf("Foreign(%q) = %q, %v; want %q", c.out, got, found, c.foreign)
		}
	}
}
