package server

import (
	"fmt"
	"strings"
	"testing"
	"unicode/utf8"

	gossh "golang.org/x/crypto/ssh"
)

// FuzzCommand sends any command line, and any standard input, to a real
// server over a real SSH connection, as `ssh HOST 'LINE' < INPUT` would: the
// line is split and dispatched by the server as any client's. Whatever it
// is, the command ends with status 0, 1 or 2, says why on stderr when it
// fails, never panics, and prints nothing that could drive a terminal.
//
// Fuzz it with go test ./server -run '^$' -fuzz '^FuzzCommand$' -fuzztime 10m.
func FuzzCommand(f *testing.F) {
	for _, seed := range []struct{ line, stdin string }{
		{"", ""},
		{"help", ""},
		{"ls", ""},
		{"read " + testSlug, ""},
		{"read '" + testSlug + "' extra", ""},
		{"search short post", ""},
		{`search "unclosed`, ""},
		{"search \x1b[31mred", ""},
		{"feed", ""},
		{"comments " + testSlug, ""},
		{"comment " + testSlug, "A comment\x1b]0;title\x07 with an escape"},
		{"comment " + testSlug + " 1", "a reply"},
		{"comment " + testSlug + " -1", "x"},
		{"comment nope", "x"},
		{"name", ""},
		{"name fuzzer", ""},
		{"name 'two words'", ""},
		{"\x00\xff\u202e", "\x1b[2J"},
		{"unknown\ncommand", ""},
		{`ls \`, ""},
	} {
		f.Add(seed.line, []byte(seed.stdin))
	}
	srv := startServer(f, withOnePost())
	client := dial(f, srv, "fuzzer", gossh.PublicKeys(newKey(f)))
	f.Fuzz(func(t *testing.T, line string, stdin []byte) {
		stdout, stderr, status := run(t, client, line, string(stdin))
		switch {
		case status < 0 || status > 2:
			t.Fatalf("%q ended with status %d; stderr: %q", line, status, stderr)
		case strings.Contains(stderr, "internal error"):
			t.Fatalf("%q panicked: %q", line, stderr)
		case status != 0 && strings.TrimSpace(stderr) == "":
			t.Fatalf("%q failed with status %d and said nothing", line, status)
		}
		for name, out := range map[string]string{"stdout": stdout, "stderr": stderr} {
			if bad := terminalControl(out); bad != "" {
				t.Fatalf("%q wrote %s to %s: %q", line, bad, name, out)
			}
		}
	})
}

// terminalControl names the first thing in s that could drive a terminal:
// invalid UTF-8, or a control character other than newline and tab.
func terminalControl(s string) string {
	if !utf8.ValidString(s) {
		return "invalid UTF-8"
	}
	for _, r := range s {
		if r != '\n' && r != '\t' && (r < 0x20 || r == 0x7f || r >= 0x80 && r <= 0x9f) {
			return fmt.Sprintf("control character %U", r)
		}
	}
	return ""
}
