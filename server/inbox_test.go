package server

import (
	"strings"
	"testing"

	gossh "golang.org/x/crypto/ssh"
)

// A reply reaches the thread's author live in the reader, on their next
// connection and in `ssh HOST inbox`; the inbox screen marks it read, and a
// muted thread stays out.
func TestRepliesWaitInTheInbox(t *testing.T) {
	srv := startServer(t, withOnePost())
	annKey := newKey(t)
	ann := dial(t, srv, "ann", gossh.PublicKeys(annKey))
	thread := strings.TrimSpace(mustRun(t, ann, "comment "+testSlug, "Ann starts a thread"))
	bob := dial(t, srv, "bob", gossh.PublicKeys(newKey(t)))
	refusedCmd(t, ann, "inbox feed-url", "no web mirror")

	screen := openReader(t, dial(t, srv, "ann", gossh.PublicKeys(annKey)))
	mustRun(t, bob, "comment "+testSlug+" "+thread, "Bob answers Ann\nsecond line")
	screen.Expect("1 new reply · R to read")

	out := mustRun(t, ann, "inbox", "")
	if !strings.Contains(out, "new · bob") || !strings.Contains(out, "Bob answers Ann") || strings.Contains(out, "second line") {
		t.Errorf("inbox:\n%s", out)
	}
	again := openReader(t, dial(t, srv, "ann", gossh.PublicKeys(annKey)))
	again.Expect("1 reply since your last visit")
	again.Press("R to read", "R")
	again.Expect("Replies to you · 1 new of 1")
	again.Press("Bob answers Ann", "\r")
	again.Expect("Bob answers Ann")
	if out := mustRun(t, ann, "inbox", ""); !strings.Contains(out, "Nothing waits") {
		t.Errorf("after the inbox screen showed it, inbox is %q", out)
	}
	if out := mustRun(t, ann, "inbox --all", ""); !strings.Contains(out, "Bob answers Ann") || strings.Contains(out, "new ·") {
		t.Errorf("inbox --all: %q", out)
	}

	mustRun(t, ann, "mute #"+thread, "")
	mustRun(t, bob, "comment "+testSlug+" "+thread, "Bob again")
	if out := mustRun(t, ann, "inbox", ""); strings.Contains(out, "Bob again") {
		t.Errorf("a muted thread came to the inbox: %q", out)
	}
	refusedCmd(t, dial(t, srv, "guest", keyless), "inbox", "guest has no account")
}

// An empty inbox says so in words, with no "0 new of 0" in its title.
func TestEmptyInboxSaysSoInWords(t *testing.T) {
	srv := startServer(t, withOnePost())
	key := newKey(t)
	mustRun(t, dial(t, srv, "ann", gossh.PublicKeys(key)), "name ann", "")
	screen := openReader(t, dial(t, srv, "ann", gossh.PublicKeys(key)))
	screen.Press("enter", "R")
	screen.WaitForText("Nothing yet: replies to your comments")
	if s := screen.Screen(); !strings.Contains(s, "Replies to you") || strings.Contains(s, "0 new of 0") {
		t.Errorf("the empty inbox:\n%s", s)
	}
}
