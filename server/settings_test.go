package server

import (
	"encoding/base64"
	"strings"
	"testing"

	"github.com/charmbracelet/x/ansi"
)

// TestReaderSettingsOverSSH changes each setting on the profile screen and
// sees what reaches the terminal: y sends the post's link to the clipboard
// with OSC 52 and says so; with copying off it sends nothing and says how
// to turn it on; links become OSC 8 hyperlinks; the high-contrast theme
// draws the header in its own accent.
func TestReaderSettingsOverSSH(t *testing.T) {
	srv := startServer(t, withPosts(widePost), withAddress("-p 2222 blog.example"))
	term := runInTerminal(t, dial(t, srv, "reader", keyless), "xterm-256color", 100, 30, "read wide")
	term.WaitForText("the source[1]")

	link := "ssh -t -p 2222 blog.example read wide"
	term.Press("", "y")
	term.WaitForText("Sent to your clipboard: " + link)
	if !strings.Contains(string(term.Raw()), ansi.SetSystemClipboard(link)) {
		t.Fatalf("no OSC 52 with %q (%s) was sent", link, base64.StdEncoding.EncodeToString([]byte(link)))
	}

	term.Press("", "i")
	term.WaitForText("Settings")
	term.WaitForText("Copying   on: y in a post copies its link")
	term.Press("", "y")
	term.WaitForText("Copying   off")
	term.Press("", "l")
	term.WaitForText("Links     clickable (OSC 8)")
	term.Press("", "t")
	term.WaitForText("Theme     high contrast")
	if !strings.Contains(string(term.Raw()), "48;5;227m") {
		t.Errorf("the high-contrast header accent (227) is not drawn:\n%s", visible(term.Raw()))
	}
	before := len(term.Raw())
	term.Press("", esc)
	term.WaitFor("the post again", func(s string) bool { return strings.Contains(s, "the source") && !strings.Contains(s, "Settings") })
	term.Expect(ansi.SetHyperlink("https://example.com/src"))
	term.Press("", "y")
	term.WaitForText("Copying is off")
	if n := strings.Count(string(term.Raw()[before:]), "\x1b]52;"); n != 0 {
		t.Errorf("with copying off, y still sent %d OSC 52", n)
	}
}

// With a web address (--base-url), y copies the post's web address, and on a
// terminal that shows hyperlinks the address under the byline is one.
func TestWebAddressIsCopiedAndClickable(t *testing.T) {
	srv := startServer(t, withPosts(widePost), withBaseURL("https://blog.example.com"))
	term := runInTerminal(t, dial(t, srv, "reader", keyless), "xterm-kitty", 100, 30, "read wide")
	link := "https://blog.example.com/posts/wide"
	term.WaitForText(link)
	term.Expect(ansi.SetHyperlink(link))

	term.Press("", "y")
	term.WaitForText("Sent to your clipboard: " + link)
	// The clipboard sequence is written beside the frames, not in one.
	term.Expect(ansi.SetSystemClipboard(link))
}
