package posts

import (
	"strings"
	"testing"
)

func TestCleanTextRemovesControlsAndSequences(t *testing.T) {
	cases := map[string]string{
		"plain text\nline two\ttab":                  "plain text\nline two\ttab",
		"red \x1b[31mtext\x1b[0m":                    "red text",
		"title \x1b]0;pwned\x07after":                "title after",
		"clip \x1b]52;c;ZXZpbA==\x1b\\after":         "clip after",
		"link \x1b]8;;http://x\x1b\\a\x1b]8;;\x1b\\": "link a",
		"dcs \x1bPq#0;2;0;0;0\x1b\\end":              "dcs end",
		"c1 csi \u009b31mred":                        "c1 csi red",
		"c1 osc \u009d0;title\u009cend":              "c1 osc end",
		"bidi \u202eevil\u202c \u2066iso\u2069":      "bidi evil iso",
		"bell\a back\b cr\r del\x7f nul\x00":         "bell back cr del nul",
		"bad utf8 \xff\xfe ok":                       "bad utf8  ok",
		"reset \x1bc and save \x1b7":                 "reset  and save ",
		"unterminated \x1b]0;title":                  "unterminated ",
		"héllo wörld ✓":                              "héllo wörld ✓",
	}
	for in, want := range cases {
		if got := CleanText(in); got != want {
			t.Errorf("CleanText(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestCleanTextLeavesNoControlBytes(t *testing.T) {
	var all strings.Builder
	for r := rune(0); r < 0x300; r++ {
		all.WriteRune(r)
	}
	all.WriteString("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
	assertClean(t, CleanText(all.String()))
}

// assertClean fails if s holds anything CleanText must remove.
func assertClean(t *testing.T, s string) {
	t.Helper()
	for _, r := range s {
		if (r < 0x20 && r != '\n' && r != '\t') || (r >= 0x7f && r <= 0x9f) ||
			(r >= 0x202a && r <= 0x202e) || (r >= 0x2066 && r <= 0x2069) || r == 0xfffd {
			t.Fatalf("control %U left in %q", r, s)
		}
	}
}

func TestCleanLine(t *testing.T) {
	if got := CleanLine("  two\nlines\tand \x1b[2Jmore "); got != "two lines and more" {
		t.Errorf("CleanLine = %q", got)
	}
}
