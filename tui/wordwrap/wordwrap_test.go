package wordwrap

import (
	"os"
	"strings"
	"testing"

	"github.com/charmbracelet/x/ansi"

	"github.com/sshblog/sshblog/internal/heavy"
)

// The heavy suites run alone; this package runs beside the other light ones.
func TestMain(m *testing.M) { os.Exit(heavy.Shared(m)) }

func same(t *testing.T, got, want []string) {
	t.Helper()
	if strings.Join(got, "|") != strings.Join(want, "|") {
		t.Errorf("wrapped as\n%q\nwant\n%q", got, want)
	}
}

// Lines break at spaces, never inside a hyphenated word, and keep the
// spacing inside a line.
func TestLinesBreakAtSpaces(t *testing.T) {
	same(t, Lines("", "", "Make one with ssh-keygen -t ed25519, then  connect again", 30),
		[]string{"Make one with ssh-keygen -t", "ed25519, then  connect again"})
	same(t, Lines("1. ", "   ", "Make a key:      ssh-keygen -t ed25519", 24),
		[]string{"1. Make a key:", "   ssh-keygen -t ed25519"})
}

// Chinese and Japanese break between characters, so Latin words before
// them leave no short line; no line starts with "。" or a small kana, none
// ends with "「", and the Latin inside ("Go") stays whole.
func TestLinesFillMixedCJKAndLatin(t *testing.T) {
	same(t, Lines("", "", "Hello 日本語のテキストです。これは長い文です。", 20),
		[]string{"Hello 日本語のテキス", "トです。これは長い文", "です。"})
	same(t, Lines("", "", "鍵はssh-keygenで作ります。「Go言語」 is fine", 16),
		[]string{"鍵はssh-keygenで", "作ります。「Go言", "語」 is fine"})
	same(t, Lines("", "", "これは日本語の文章です。", 11),
		[]string{"これは日本", "語の文章で", "す。"})
	same(t, Lines("", "", "すごいコーヒーちょっと", 6), []string{"すごい", "コー", "ヒー", "ちょっ", "と"})
	same(t, Lines("", "", "東京〜大阪", 4), []string{"東", "京〜", "大阪"})
}

// A word no line holds is cut where it must be, its first piece on a line
// of its own; a wide character in a room of one cell still comes out.
func TestLinesCutWhatNoLineHolds(t *testing.T) {
	same(t, Lines("", "", "see https://example.com/a/very/long/address here", 12),
		[]string{"see", "https://exam", "ple.com/a/ve", "ry/long/addr", "ess here"})
	got := Lines("", "", "日本", 1)
	same(t, got, []string{"日", "本"})
	for _, l := range Lines("> ", "> ", strings.Repeat("wörd ", 30), 17) {
		if ansi.StringWidth(l) > 17 {
			t.Errorf("%q is wider than 17 cells", l)
		}
	}
}

// A newline ends a line, and the next starts after rest; an empty line
// stays.
func TestLinesKeepNewlines(t *testing.T) {
	same(t, Lines("- ", "  ", "one two three\n\nfour", 9), []string{"- one two", "  three", "", "  four"})
	same(t, Lines("", "", "", 9), []string{""})
}

// Styled text wraps as plain text does: escapes take no room, and a line
// broken inside a style closes it and the next line, after its indent,
// opens it again.
func TestLinesCarryStylesOver(t *testing.T) {
	bold, red := "\x1b[1m", "\x1b[31m"
	same(t, Lines("", "  ", bold+"one "+red+"two"+ansi.ResetStyle+" three", 9),
		[]string{bold + "one " + red + "two" + ansi.ResetStyle, "  three"})
	same(t, Lines("", "  ", bold+"one "+red+"two three"+ansi.ResetStyle, 9),
		[]string{bold + "one " + red + "two" + ansi.ResetStyle, "  " + bold + red + "three" + ansi.ResetStyle})
	same(t, Lines("> ", "> ", red+"日本語の文章です。"+ansi.ResetStyle, 8),
		[]string{"> " + red + "日本語" + ansi.ResetStyle, "> " + red + "の文章" + ansi.ResetStyle, "> " + red + "です。" + ansi.ResetStyle})
}
