package posts

import (
	"bytes"
	"strings"
	"testing"
	"time"
)

// hostileEntities is a post body that writes, once decoded, every kind of
// sequence a reader's terminal obeys: clipboard (OSC 52), window title
// (OSC 0), a spoofed hyperlink (OSC 8), bell, backspace, DEL, a bidi
// override, C1 controls and SGR that blinks and hides text.
const hostileEntities = "# Title &#x1b;]0;owned&#7;\n\n" +
	"Text &#x1b;]52;c;ZXZpbA==&#7; and &#27;[5;8mhidden&#x1b;[0m, &#8;&#8;&#127; &#x202e;evil &#x9d;0;t&#x9c; &#x90;q &#x1b no semicolon.\n\n" +
	"[link &#x1b;&#x5d;8;;http://evil&#x1b;\\ text](http://example.com \"title &#x1b;]0;t&#7;\") " +
	"![alt &#x1b;]0;alt&#7;](http://example.com/i.png) `code &#x1b;[2J span`\n\n" +
	"<span>raw &#x1b;]0;html&#7;</span>\n\n" +
	"```\nliteral &#x1b; stays in a code block\n```\n\n" +
	"Harmless &#169; &#x41; &amp; stay.\n"

func TestDefuseEntitiesRemovesReferencesToControlsOutsideCode(t *testing.T) {
	out := DefuseEntities(hostileEntities)
	for _, ref := range []string{"&#x1b;]", "&#7;", "&#27;", "&#8;", "&#127;", "&#x202e;", "&#x9d;", "&#x90;", "&#x1b no"} {
		if strings.Contains(strings.Replace(out, "literal &#x1b; stays", "", 1), ref) {
			t.Errorf("%s is still there:\n%s", ref, out)
		}
	}
	for _, kept := range []string{"literal &#x1b; stays in a code block", "&#169;", "&#x41;", "&amp;", "](http://example.com"} {
		if !strings.Contains(out, kept) {
			t.Errorf("%q was lost:\n%s", kept, out)
		}
	}
}

func TestKeepSGRKeepsOnlyColours(t *testing.T) {
	in := "\x1b[38;5;203mred\x1b[0m \x1b]0;t\x07\x1b[2J\x1b[1;1H\x1b]8;;http://x\x1b\\a\u009b31m\a\b\x7f\u202eb"
	if got, want := KeepSGR(in), "\x1b[38;5;203mred\x1b[0m ab"; got != want {
		t.Errorf("KeepSGR = %q, want %q", got, want)
	}
}

// The feed is read in terminals too (ssh HOST feed | less): the HTML that
// goldmark decodes references into must carry no control character.
func TestAtomFeedCarriesNoControlsFromReferences(t *testing.T) {
	var out bytes.Buffer
	p := Post{Slug: "s", Title: "T", Published: time.Unix(0, 0), Body: hostileEntities}
	if err := WriteAtom(&out, Feed{Title: "B", ID: "tag:b"}, []Post{p}); err != nil {
		t.Fatal(err)
	}
	assertClean(t, out.String())
	if !strings.Contains(out.String(), "literal &amp;amp;#x1b; stays") {
		t.Errorf("the code block changed:\n%s", out.String())
	}
}
