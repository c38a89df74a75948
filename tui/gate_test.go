package tui

import (
	"strings"
	"testing"

	"github.com/charmbracelet/x/ansi"
	"github.com/muesli/termenv"

	"github.com/sshblog/sshblog/internal/termbytes"
	"github.com/sshblog/sshblog/posts"
)

// goSnippet is indented with tabs, as gofmt writes Go.
const goSnippet = "Some Go:\n\n```go\nfunc main() {\n\tfor i := range 3 {\n\t\tfmt.Println(i)\t// a comment\n\t}\n}\n```\n\nA\ttab in prose.\n"

func TestRenderedGoSnippetHasNoTabAndLinesUp(t *testing.T) {
	for _, look := range []Look{{Profile: termenv.TrueColor, Dark: true}, {Profile: termenv.ANSI256}, asciiLook} {
		lines, err := renderMarkdown(goSnippet, 80, look)
		if err != nil {
			t.Fatal(err)
		}
		col := map[string]int{}
		for _, l := range lines {
			if strings.Contains(l, "\t") {
				t.Errorf("%v: a tab reaches the terminal: %q", look, l)
			}
			plain := ansi.Strip(l)
			for _, code := range []string{"func main", "for i", "fmt.Println", "// a comment", "tab in prose"} {
				if i := strings.Index(plain, code); i >= 0 {
					col[code] = ansi.StringWidth(plain[:i])
				}
			}
		}
		if col["for i"] != col["func main"]+codeTabWidth || col["fmt.Println"] != col["func main"]+2*codeTabWidth {
			t.Errorf("%v: nesting does not line up at %d columns: %v", look, codeTabWidth, col)
		}
		// "fmt.Println(i)" is 14 wide from two stops in: the comment is at the next stop.
		if (col["// a comment"]-col["func main"])%codeTabWidth != 0 {
			t.Errorf("%v: the tab before the comment is not at a stop: %v", look, col)
		}
		if _, ok := col["tab in prose"]; !ok {
			t.Errorf("%v: the prose is missing: %v", look, col)
		}
	}
}

// hostilePost is a body that writes, once its character references are
// decoded, sequences that would set the reader's clipboard, title and
// hyperlinks, ring, back up, reverse text and blink.
const hostilePost = "# Title &#x1b;]0;owned&#7;\n\n" +
	"Text &#x1b;]52;c;ZXZpbA==&#7; and &#27;[5;8mhidden&#x1b;[0m &#8;&#127; &#x202e;evil &#x9d;0;t&#x9c; &#x1b no semicolon.\n\n" +
	"[link &#x1b;&#x5d;8;;http://evil&#x1b;\\ text](http://example.com \"title &#x1b;]0;t&#7;\") " +
	"![alt &#x1b;]0;alt&#7;](http://example.com/i.png) `code &#x1b;[2J span`\n\n" +
	"<span>raw &#x1b;]0;html&#7;</span>\n\n| a&#x1b;]0;t&#7; | b |\n|---|---|\n| c&#x1b;[5m | d |\n"

// checkOnlyOurSGR fails t unless every escape sequence in s is an SGR with
// parameters our styles use, and s holds no other control character.
func checkOnlyOurSGR(t *testing.T, s string) {
	t.Helper()
	ours := func(seq string, p *ansi.Parser) bool {
		return seq == "\n" || ansi.HasCsiPrefix(seq) && p.Command() == 'm' && !blinksOrHides(seq)
	}
	if seq, found := termbytes.Foreign(s, ours); found {
		t.Fatalf("%q in %q", seq, s)
	}
}

func TestRenderedPostDrivesTheTerminalNoFurtherThanColour(t *testing.T) {
	for _, look := range []Look{{Profile: termenv.TrueColor, Dark: true}, {Profile: termenv.ANSI256}, asciiLook} {
		lines, err := renderMarkdown(hostilePost, 80, look)
		if err != nil {
			t.Fatal(err)
		}
		out := strings.Join(lines, "\n")
		checkOnlyOurSGR(t, out)
		if !strings.Contains(ansi.Strip(out), "hidden") || !strings.Contains(ansi.Strip(out), "evil") {
			t.Errorf("%v: the post's text was lost:\n%s", look, ansi.Strip(out))
		}
	}
}

// blinksOrHides reports whether an SGR sets blink (5) or conceal (8), which
// our styles never do, outside a colour's own parameters (38;5;N).
func blinksOrHides(sgr string) bool {
	params := strings.Split(strings.TrimSuffix(strings.TrimPrefix(sgr, "\x1b["), "m"), ";")
	for i := 0; i < len(params); i++ {
		switch params[i] {
		case "38", "48", "58":
			if i+1 < len(params) && params[i+1] == "5" {
				i += 2
			} else {
				i += 4
			}
		case "5", "8":
			return true
		}
	}
	return false
}

// Whatever a view draws, the frame writer sends no tab: on a redraw a tab
// jumps over old text without erasing it.
func TestFrameWriterNeverSendsATab(t *testing.T) {
	var out strings.Builder
	f := &frameWriter{out: &out, width: 80, height: 5}
	f.draw("a\tb\n\x1b[1mbold\x1b[0m\tafter\nno tab")
	if strings.Contains(out.String(), "\t") {
		t.Fatalf("a tab was sent: %q", out.String())
	}
	plain := ansi.Strip(out.String())
	if !strings.Contains(plain, "a   b") || !strings.Contains(plain, "bold    after") {
		t.Errorf("tabs did not become spaces to %d-column stops: %q", codeTabWidth, plain)
	}
}

// FuzzRenderedPostDrivesOnlyColour renders any body a post file could carry
// (the parser cleans it first) and fails on anything in the rendering but
// our SGR, or on a tab. Fuzz it with
// go test ./tui -run '^$' -fuzz '^FuzzRenderedPostDrivesOnlyColour$' -fuzztime 5m.
func FuzzRenderedPostDrivesOnlyColour(f *testing.F) {
	for _, s := range []string{hostilePost, goSnippet, "&#x1b;&#x5b;5m", "`&#27;]0;t&#7;`", "<b>&#x9b;&#x9d;</b>", "[a](b&#x1b;c)", "> &#x202e;\n>\tq"} {
		f.Add(s)
	}
	look := Look{Profile: termenv.TrueColor, Dark: true}
	f.Fuzz(func(t *testing.T, body string) {
		lines, err := renderMarkdown(posts.CleanText(body), 60, look)
		if err != nil {
			return
		}
		out := strings.Join(lines, "\n")
		if strings.Contains(out, "\t") {
			t.Fatalf("a tab in %q", out)
		}
		checkOnlyOurSGR(t, out)
	})
}
