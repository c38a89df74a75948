package tui

import (
	"strings"
	"testing"

	"github.com/charmbracelet/x/ansi"

	"github.com/sshblog/sshblog/internal/termbytes"
)

const linkMarkdown = "Read [the guide](https://example.com/guide) and <https://auto.example/x>, " +
	"or [a page](other.md), [this](javascript:alert(1)) and [the top](#top).\n\n" +
	"![a cat asleep](https://example.com/cat.png)\n\n" +
	"- an item with [a link](https://example.com/item)\n\n" +
	"| a | b |\n|---|---|\n| [in a table](https://example.com/t) | 2 |\n\nThe end."

func plainLines(lines []string) []string {
	out := make([]string, len(lines))
	for i, l := range lines {
		out[i] = strings.TrimRight(ansi.Strip(l), " ")
	}
	return out
}

// TestLinksWithoutHyperlinksAreNumberedUnderTheirParagraph checks the
// footnotes: each link's text is followed by its number, the paragraph
// holds no address, and the addresses are listed under it, one a line;
// an image is its alt text, numbered too. An autolink shows its address
// once, a link within the page none.
func TestLinksWithoutHyperlinksAreNumberedUnderTheirParagraph(t *testing.T) {
	lines, err := renderMarkdown(linkMarkdown, 80, asciiLook)
	if err != nil {
		t.Fatal(err)
	}
	got := strings.Join(plainLines(lines), "\n")
	want := "  Read the guide[1] and https://auto.example/x, or a page[2], this[3] and the\n  top.\n\n" +
		"  [1] https://example.com/guide\n" +
		"  [2] other.md\n" +
		"  [3] javascript:alert(1)\n\n" +
		"  [image: a cat asleep][4]\n\n" +
		"  [4] https://example.com/cat.png\n\n" +
		"  • an item with a link[5]\n"
	if !strings.HasPrefix(got, want) {
		t.Errorf("the links are drawn as\n%s\nwant them to begin\n%s", got, want)
	}
	if strings.Contains(got, "\x1b]8") {
		t.Error("a hyperlink was drawn with hyperlinks off")
	}
	for _, want := range []string{"• an item with a link[5]\n\n  [5] https://example.com/item", "in a table[6]", "│ 2\n\n  [6] https://example.com/t"} {
		if !strings.Contains(got, want) {
			t.Errorf("no %q in\n%s", want, got)
		}
	}
}

// TestHyperlinksAreOSC8ToCheckedAddresses checks the hyperlinks: the text
// is an OSC 8 link to its address, which is not printed; only http(s)
// and the like become links (the others are numbered, as without
// hyperlinks); and nothing but our SGR and OSC 8 reaches the terminal.
func TestHyperlinksAreOSC8ToCheckedAddresses(t *testing.T) {
	look := asciiLook
	look.Hyperlinks = true
	lines, err := renderMarkdown(linkMarkdown, 80, look)
	if err != nil {
		t.Fatal(err)
	}
	out := strings.Join(lines, "\n")
	for _, want := range []string{
		ansi.SetHyperlink("https://example.com/guide") + "\x1b[0m\x1b[;4;1mthe guide",
		ansi.SetHyperlink("https://auto.example/x"),
		ansi.SetHyperlink("https://example.com/cat.png"),
	} {
		if !strings.Contains(out, want) {
			t.Errorf("no hyperlink %q in\n%q", want, out)
		}
	}
	plain := strings.Join(plainLines(lines), "\n")
	if strings.Contains(plain, "https://example.com/guide") || !strings.Contains(plain, "[image: a cat asleep]") {
		t.Errorf("a hyperlink's address is printed, or the image has no text:\n%s", plain)
	}
	if !strings.Contains(plain, "[1] other.md") || !strings.Contains(plain, "[2] javascript:alert(1)") {
		t.Errorf("links that cannot be opened are not listed as text:\n%s", plain)
	}
	for i, l := range lines {
		if strings.Count(l, "\x1b]8;;") != 0 && !strings.HasSuffix(strings.TrimRight(l, " "), ansi.ResetHyperlink()) &&
			strings.LastIndex(l, ansi.ResetHyperlink()) < strings.LastIndex(l, "\x1b]8;;h") {
			t.Errorf("line %d leaves a hyperlink open: %q", i, l)
		}
	}
	if seq, found := termbytes.Foreign(out, func(seq string, p *ansi.Parser) bool {
		switch {
		case seq == "\n", ansi.HasCsiPrefix(seq) && p.Command() == 'm':
			return true
		case ansi.HasOscPrefix(seq) && p.Command() == 8:
			_, address, _ := strings.Cut(strings.TrimPrefix(string(p.Data()), "8;"), ";")
			return address == "" || clickable(address)
		}
		return false
	}); found {
		t.Errorf("the post drew %q", seq)
	}
}

// TestOnlySafeAddressesAreClickable is the check every hyperlink's
// address passes: a scheme we allow, and no control character or space
// that could end the sequence early and start another.
func TestOnlySafeAddressesAreClickable(t *testing.T) {
	for u, want := range map[string]bool{
		"https://example.com/a?b=c#d":          true,
		"http://example.com":                   true,
		"mailto:someone@example.com":           true,
		"gemini://example.org/":                true,
		"javascript:alert(1)":                  false,
		"file:///etc/passwd":                   false,
		"other.md":                             false,
		"/relative":                            false,
		"https://a.example/\x1b]52;c;aGk=\x07": false,
		"https://a.example/\x07":               false,
		"https://a.example/ b":                 false,
		"https://a.example/\u009d":             false,
		"https://":                             false,
	} {
		if got := clickable(u); got != want {
			t.Errorf("clickable(%q) = %v, want %v", u, got, want)
		}
	}
}
