package main

import (
	"strings"
	"testing"

	"github.com/charmbracelet/x/ansi"
	gossh "golang.org/x/crypto/ssh"

	"github.com/sshblog/sshblog/internal/termbytes"
)

// entityPost is a post full of character references that decode to
// sequences a terminal obeys: clipboard (OSC 52), title (OSC 0), hyperlink
// (OSC 8), bell, backspace, DEL, bidi override, C1 controls, blink and
// conceal; and a Go snippet indented with tabs.
const entityPost = "---\ntitle: Entities\nslug: entities\ndate: 2025-01-01\n---\n\n" +
	"# Heading &#x1b;]0;owned&#7;\n\n" +
	"Body &#x1b;]52;c;ZXZpbA==&#7; and &#27;[5;8mhidden&#x1b;[0m &#8;&#8;&#127; &#x202e;evil &#x9d;0;t&#x9c; &#x1b]0;bare&#7 done.\n\n" +
	"[link &#x1b;&#x5d;8;;http://evil&#x1b;\\ text](http://example.com \"title &#x1b;]0;t&#7;\") " +
	"![alt &#x1b;]0;alt&#7;](http://example.com/i.png) `code &#x1b;[2J span`\n\n" +
	"<span>raw &#x1b;]0;html&#7;</span>\n\n" +
	"```go\nfunc main() {\n\tif true {\n\t\tprintln(1)\n\t}\n}\n```\n"

// checkTerminalBytes fails t on anything in a reader's output that did not
// come from our own drawing: an OSC other than the background query the
// server sends, a control character (BEL, BS, DEL, tab, C1), a bidi
// override, or an SGR that blinks or hides, which our styles never use.
func checkTerminalBytes(t *testing.T, out string) {
	t.Helper()
	ours := func(seq string, p *ansi.Parser) bool {
		switch {
		case seq == "\n" || seq == "\r":
			return true
		case ansi.HasOscPrefix(seq):
			return seq == "\x1b]11;?\x07"
		case ansi.HasCsiPrefix(seq) || ansi.HasEscPrefix(seq) && len(seq) > 1:
			return p.Command() != 'm' || !strings.Contains(";"+strings.TrimSuffix(seq[2:], "m")+";", ";5;8;")
		}
		return false
	}
	if seq, found := termbytes.Foreign(out, ours); found {
		t.Fatalf("%q reached the reader", seq)
	}
}

func TestEntitiesInAPostNeverReachAnotherReader(t *testing.T) {
	p := startPublishing(t)
	if out, status := p.openssh(t, p.admin, entityPost, "ssh", "localhost", "publish"); status != 0 {
		t.Fatalf("publish: %d %s", status, out)
	}
	session, err := dialKeyless(t, p.addr).NewSession()
	if err != nil {
		t.Fatal(err)
	}
	defer session.Close()
	session.RequestPty("xterm-256color", 40, 100, gossh.TerminalModes{})
	var screen lockedBuffer
	session.Stdout = &screen
	stdin, _ := session.StdinPipe()
	if err := session.Shell(); err != nil {
		t.Fatal(err)
	}
	screen.waitFor(t, "Entities")
	stdin.Write([]byte("\r"))
	screen.waitFor(t, "println")
	screen.mu.Lock()
	out := screen.buf.String()
	screen.mu.Unlock()
	checkTerminalBytes(t, out)
	plain := ansi.Strip(out)
	for _, want := range []string{"hidden", "evil", "done."} {
		if !strings.Contains(plain, want) {
			t.Errorf("the post's text %q is missing", want)
		}
	}
}
