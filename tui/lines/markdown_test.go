package lines

import (
	"strings"
	"testing"

	"github.com/charmbracelet/x/ansi"

	"github.com/sshblog/sshblog/internal/termbytes"
)

// A post reads as plain text: headings as their words, lists with their
// markers, links as "text (url)", images as "[image: alt] (url)", code and
// quotes introduced in words, tables as sentences.
func TestPlainPost(t *testing.T) {
	md := strings.Join([]string{
		"# A heading",
		"Some *emphasis*, `code` and a [link](https://example.com/a) and <https://example.com/b>.",
		"",
		"![a cat asleep](cat.png) ![](dog.png)",
		"",
		"- one",
		"- two",
		"  1. nested",
		"",
		"3. three",
		"4. four",
		"",
		"> quoted",
		"",
		"```go",
		"x := 1",
		"```",
		"",
		"| name | age |",
		"|---|---|",
		"| Ann | 3 |",
		"",
		"- [x] done",
		"- [ ] not yet",
		"",
		"Tom &amp; Jerry \\* line  ",
		"break",
	}, "\n")
	want := strings.Join([]string{
		"A heading",
		"",
		"Some emphasis, code and a link (https://example.com/a) and",
		"https://example.com/b.",
		"",
		"[image: a cat asleep] (cat.png) [image] (dog.png)",
		"",
		"- one",
		"- two",
		"  1. nested",
		"",
		"3. three",
		"4. four",
		"",
		"Quote:",
		"  quoted",
		"End of quote.",
		"",
		"Code, go:",
		"    x := 1",
		"End of code.",
		"",
		"Table: name, age.",
		"  name: Ann; age: 3.",
		"",
		"- [done] done",
		"- [to do] not yet",
		"",
		"Tom & Jerry * line",
		"break",
	}, "\n")
	if got := strings.Join(PlainPost(md, 80), "\n"); got != want {
		t.Errorf("PlainPost:\n%s\nwant:\n%s", got, want)
	}
}

// Long lines wrap at the width by display cells, with list items' lines
// hanging under their text; wide characters count two.
func TestPlainPostWraps(t *testing.T) {
	got := PlainPost("- "+strings.Repeat("word ", 20)+"\n\n"+strings.Repeat("日本語", 10), 30)
	for _, l := range got {
		if ansi.StringWidth(l) > 30 {
			t.Errorf("line wider than 30: %q", l)
		}
	}
	if !strings.HasPrefix(got[0], "- word") || !strings.HasPrefix(got[1], "  word") {
		t.Errorf("a list item's second line does not hang under its text: %q", got[:2])
	}
}

// Whatever a post's Markdown decodes to, no control or escape sequence
// comes out: raw ones, character references to them in text, links and
// alt text, and bidi overrides.
func TestPlainPostIsClean(t *testing.T) {
	md := "evil \x1b[2J text &#x1b;[31m red &#7; bell\n\n[l&#x1b;]0;x&#7;ink](http://x/&#x9b;) ![a&#x202e;lt](i.png)\n\n```\ncode \x1b]0;t\x07\n```\n"
	out := strings.Join(PlainPost(md, 80), "\n")
	if seq, found := termbytes.Foreign(out, func(seq string, _ *ansi.Parser) bool { return seq == "\n" }); found {
		t.Errorf("PlainPost let %q through:\n%q", seq, out)
	}
}
