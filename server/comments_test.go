package server

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"strconv"
	"strings"
	"sync"
	"testing"

	gossh "golang.org/x/crypto/ssh"

	"github.com/sshblog/sshblog/data"
	"github.com/sshblog/sshblog/posts"
)

// Keys as a terminal sends them.
const (
	enter = "\r"
	esc   = "\x1b"
	ctrlS = "\x13"
)

// openReader starts the reader on a 100×40 xterm without colours
// (NO_COLOR; TERM=dumb is the line mode's), so that text arrives whole, and
// waits for the one post.
func openReader(t *testing.T, c *gossh.Client) *testTerminal {
	t.Helper()
	term := openTerminalAfter(t, c, "xterm", 100, 40, func(s *gossh.Session) (int, int) {
		if err := s.Setenv("NO_COLOR", "1"); err != nil {
			t.Fatal(err)
		}
		return 100, 40
	})
	term.Expect("Hello, readers")
	return term
}

// Two readers with their own keys talk under a post: each sees the other's
// comments arrive live, renames, replies, edits and deletes.
func TestTwoReadersCommentLive(t *testing.T) {
	srv := startServer(t, withOnePost())
	aliceKey, bobKey := newKey(t), newKey(t)
	alice := openReader(t, dial(t, srv, "alice", gossh.PublicKeys(aliceKey)))
	bob := openReader(t, dial(t, srv, "bob", gossh.PublicKeys(bobKey)))
	carol := openReader(t, dial(t, srv, "carol", keyless)) // stays on the post list

	alice.Press("No comments yet", enter)
	bob.Press("No comments yet", enter)

	alice.Press("Comment on", "w")
	alice.Paste("Hello from alice")
	alice.Press("Sent.", ctrlS)
	bob.Expect("1 comment") // live, without a key pressed
	bob.Expect("Hello from alice")
	carol.Expect("3 days ago · 1 comment") // the list's count, live too

	bob.Press("Your profile", "i")
	bob.Press("2–32", "r")
	bob.Press("", "\x15") // ctrl+u clears the name
	bob.Paste("robert")
	bob.Press("Saved", enter)
	bob.Press("1 comment", esc)

	bob.Press("alice", "c")
	bob.Press("Reply to alice", "r")
	bob.Paste("Hi alice, robert here")
	bob.Press("Sent.", ctrlS)
	alice.Expect("robert")
	alice.Expect("Hi alice, robert here")

	// Alice still has her comment selected from sending it.
	alice.Press("Edit your comment", "e")
	alice.Paste(" (edited)")
	alice.Press("Saved.", ctrlS)
	bob.WaitForText("alice · just now · edited") // the screen: the name is bold
	bob.Expect("Hello from alice (edited)")

	alice.Press("Delete your comment?", "x")
	alice.Press("deleted", "y")
	bob.Expect("[deleted]") // its reply keeps it in place
	if n := visibleComments(t, srv, testSlug); n != 1 {
		t.Errorf("%d visible comments after the delete, want robert's reply only", n)
	}
}

func visibleComments(t *testing.T, srv *Server, slug string) int {
	t.Helper()
	list, err := srv.cfg.Threads.Page(context.Background(), slug, posts.Comment{}, 1000)
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, c := range list {
		if c.Visible() {
			n++
		}
	}
	return n
}

// A reader without a key reads everything, comments included, and is told
// how to get a key where they would write.
func TestKeylessReaderReadsAndIsToldHowToComment(t *testing.T) {
	srv := startServer(t, withOnePost())
	keyed := dial(t, srv, "ann", gossh.PublicKeys(newKey(t)))
	if out, errOut, status := run(t, keyed, "comment "+testSlug, "Visible to all"); status != 0 {
		t.Fatalf("comment: %d %s %s", status, out, errOut)
	}
	client := dial(t, srv, "guest", keyless)
	s := openReader(t, client)
	s.Press("Visible to all", enter)
	s.Press("Commenting takes an SSH key: press w to see how.", "w") // the thread's end
	s.Press("Make one with ssh-keygen -t ed25519", "i")

	_, errOut, status := run(t, client, "comment "+testSlug, "sneaky")
	if status == 0 || !strings.Contains(errOut, "ssh-keygen -t ed25519") {
		t.Errorf("keyless comment: status %d, %q", status, errOut)
	}
	out, _, status := run(t, client, "comments "+testSlug, "")
	if status != 0 || !strings.Contains(out, "Visible to all") {
		t.Errorf("keyless comments: status %d, %q", status, out)
	}
}

// offerOnly offers a public key it cannot sign for. After the server accepts
// the key in a query, it sends a signature in a format the server refuses,
// which the server answers with a plain failure (a wrong signature would end
// the connection), so the client goes on to its next key or method.
type offerOnly struct{ offered gossh.PublicKey }

func (o offerOnly) PublicKey() gossh.PublicKey { return o.offered }
func (o offerOnly) Sign(io.Reader, []byte) (*gossh.Signature, error) {
	return &gossh.Signature{Format: "x-cannot-sign", Blob: []byte{0}}, nil
}

// Regression (the shape of soft-serve CVE-2023-43809 / CVE-2026-24058): a
// client that offers key A without signing for it and then signs with key B,
// or falls back to keyboard-interactive, must not become A.
func TestOfferedButUnsignedKeyIsNotTheIdentity(t *testing.T) {
	victim, attacker := newKey(t), newKey(t)
	srv := startServer(t, withOnePost(), withAdmins(victim))
	fake := offerOnly{offered: victim.PublicKey()}

	viaOtherKey := dial(t, srv, "mallory", gossh.PublicKeys(fake, attacker))
	out, errOut, status := run(t, viaOtherKey, "name", "")
	if status != 0 || !strings.Contains(out, keyFingerprint(attacker)) || strings.Contains(out, keyFingerprint(victim)) {
		t.Errorf("after offering A and signing with B: status %d, %q %q; want B %s", status, out, errOut, keyFingerprint(attacker))
	}
	id, _, _ := run(t, viaOtherKey, "comment "+testSlug, "as the victim?")
	c, err := srv.cfg.Catalog.(*data.Store).Comment(context.Background(), atoi(t, id))
	if err != nil || c.Author != keyFingerprint(attacker) {
		t.Errorf("comment stored as %q (%v), want the signing key %s", c.Author, err, keyFingerprint(attacker))
	}

	viaKeyboard := dial(t, srv, "mallory", gossh.PublicKeys(fake), keyless)
	_, errOut, status = run(t, viaKeyboard, "name", "")
	if status == 0 || !strings.Contains(errOut, "without an SSH key") {
		t.Errorf("after offering A and falling back to keyboard-interactive: status %d, %q; want keyless", status, errOut)
	}
	_, errOut, status = run(t, viaKeyboard, "comment "+testSlug, "as the victim?")
	if status == 0 {
		t.Errorf("a keyless session commented: %q", errOut)
	}
	// Nor does the first session get the admin's keys in the reader.
	s := openReader(t, viaOtherKey)
	s.Press("as the victim?", enter)
	s.Press("edit", "c")
	s.Press("back", "?")
	if bytes.Contains(s.Raw(), []byte("hide/unhide")) {
		t.Error("a session that only offered an admin's key moderates")
	}
}

func atoi(t *testing.T, s string) int64 {
	t.Helper()
	n, err := strconv.ParseInt(strings.TrimSpace(s), 10, 64)
	if err != nil {
		t.Fatalf("%q is not an id", s)
	}
	return n
}

// injection holds every kind of sequence that must never reach another
// reader's terminal, around words that must.
const injection = "EVIL1\x1b[31;1;4;5;7mEVIL2\x1b]0;pwned-title\x07EVIL3\x1b]52;c;ZXZpbA==\x07EVIL4" +
	"\x1b]8;;http://evil.example/\x1b\\link\x1b]8;;\x1b\\EVIL5\x1bP+q544e\x1b\\EVIL6\u009b6nEVIL7" +
	"\u009d0;c1-title\u009cEVIL8\u202eEVIL9\u2066EVIL10\u2069\x07\x08\x00\r\x7fEVIL11\x1bcEVIL12"

// forbidden are byte strings that only the injection could have sent.
var forbidden = []string{
	"\x1b[31;1;4;5;7m", "\x1b]", "\x1bP", "\x1bc", "pwned-title", "c1-title", "ZXZpbA==", "evil.example",
	"\u009b", "\u009d", "\u009c", "\u202e", "\u2066", "\u2069", "\x07", "\x08", "\x00", "\r", "\x7f",
}

// Escape sequences and bidi controls in comments and names never reach
// another reader: checked byte by byte on what that reader's session gets.
func TestInjectionNeverReachesAnotherReader(t *testing.T) {
	srv := startServer(t, withOnePost())
	victim := openReader(t, dial(t, srv, "victim", gossh.PublicKeys(newKey(t))))
	victim.Press("No comments yet", enter)

	attacker := dial(t, srv, "attacker", gossh.PublicKeys(newKey(t)))
	if _, errOut, status := run(t, attacker, "name ev\x1b[31mil\u202e", ""); status == 0 {
		t.Errorf("a name with escapes was accepted: %q", errOut)
	}
	if out, errOut, status := run(t, attacker, "comment "+testSlug, injection); status != 0 {
		t.Fatalf("comment: %d %q %q", status, out, errOut)
	}
	victim.Expect("EVIL12")
	for i := 1; i <= 12; i++ {
		if !bytes.Contains(victim.Raw(), []byte(fmt.Sprintf("EVIL%d", i))) {
			t.Errorf("the text around the sequences was lost: no EVIL%d", i)
		}
	}
	plain, _, _ := run(t, dial(t, srv, "reader", keyless), "comments "+testSlug, "")
	for _, got := range map[string][]byte{"the reader": victim.Raw(), "comments": []byte(plain)} {
		for _, bad := range forbidden {
			if bytes.Contains(got, []byte(bad)) {
				t.Errorf("%q reached another reader", bad)
			}
		}
	}
	// A session user name full of escapes is no default name either.
	sneaky := dial(t, srv, "x\x1b]0;t\x07\u202ey", gossh.PublicKeys(newKey(t)))
	if _, errOut, status := run(t, sneaky, "comment "+testSlug, "hi"); status == 0 || !strings.Contains(errOut, "name") {
		t.Errorf("a user name with escapes became a display name: %q", errOut)
	}
}

// A reader who comments faster than the limit is told how long to wait.
func TestRateLimitSaysHowLongToWait(t *testing.T) {
	srv := startServer(t, withOnePost(), withRateLimit(2))
	c := dial(t, srv, "ann", gossh.PublicKeys(newKey(t)))
	for i := 0; i < 2; i++ {
		if _, errOut, status := run(t, c, "comment "+testSlug, "one more"); status != 0 {
			t.Fatalf("comment %d: %q", i+1, errOut)
		}
	}
	_, errOut, status := run(t, c, "comment "+testSlug, "too many")
	if status == 0 || !strings.Contains(errOut, "2 comments a minute; wait") || !strings.Contains(errOut, "second") {
		t.Errorf("third comment in a minute: status %d, %q", status, errOut)
	}
	// The reader says the same, and keeps the text in the box.
	s := openReader(t, c)
	s.Press("one more", enter)
	s.Press("Comment on", "w")
	s.Paste("kept text")
	s.Press("2 comments a minute; wait", ctrlS)
	s.Press("Discard what you wrote?", esc)
	s.Press("2 comments a minute; wait", "n")
	s.Press("Discard what you wrote?", esc) // asked again: the text is still there
}

// The comment commands name what went wrong in the words the other commands
// use: a missing post points at ls.
func TestCommentCommandsExplainMistakes(t *testing.T) {
	srv := startServer(t, withOnePost())
	keyed := dial(t, srv, "ann", gossh.PublicKeys(newKey(t)))
	for _, cmd := range []string{"comments nosuch", "comment nosuch"} {
		_, errOut, status := run(t, keyed, cmd, "hello")
		if status != 1 || errOut != "sshblog: no post \"nosuch\"; `ssh "+srv.cfg.Blog.Address+" ls` lists them\n" {
			t.Errorf("%s: status %d, %q", cmd, status, errOut)
		}
	}
}

// An admin bans a reader from a comment; the banned reader still reads but
// cannot comment, and is told so; the moderation log lists it.
func TestAdminBansAndHides(t *testing.T) {
	adminKey, bobKey := newKey(t), newKey(t)
	srv := startServer(t, withOnePost(), withAdmins(adminKey))
	bobClient := dial(t, srv, "bob", gossh.PublicKeys(bobKey))
	if _, errOut, status := run(t, bobClient, "comment "+testSlug, "spam spam"); status != 0 {
		t.Fatal(errOut)
	}
	admin := openReader(t, dial(t, srv, "boss", gossh.PublicKeys(adminKey)))
	admin.Press("spam spam", enter)
	admin.Press("hide/unhide", "c", "?")
	admin.Press("Ban bob? They can still read", "B")
	admin.Press("bob is banned", "y")

	_, errOut, status := run(t, bobClient, "comment "+testSlug, "more spam")
	if status == 0 || !strings.Contains(errOut, "banned") {
		t.Errorf("banned reader commented: %d %q", status, errOut)
	}
	if out, _, status := run(t, bobClient, "comments "+testSlug, ""); status != 0 || !strings.Contains(out, "spam spam") {
		t.Errorf("banned reader cannot read: %q", out)
	}

	admin.Press("Hidden", "H")
	if n := visibleComments(t, srv, testSlug); n != 0 {
		t.Errorf("%d visible comments after hiding", n)
	}
	admin.Press("", esc, esc)
	admin.Press("Moderation log", "L")
	admin.Expect("hid comment #1 by bob")
	admin.Expect("banned bob")
}

// 50 readers comment on one post at once: all 50 are stored.
func TestFiftyConcurrentCommenters(t *testing.T) {
	srv := startServer(t, withOnePost())
	const writers = 50
	clients := make([]*gossh.Client, writers)
	for i := range clients {
		clients[i] = dial(t, srv, fmt.Sprintf("writer%02d", i), gossh.PublicKeys(newKey(t)))
	}
	var wg sync.WaitGroup
	ids := make(chan string, writers)
	for i, c := range clients {
		wg.Add(1)
		go func() {
			defer wg.Done()
			sess, err := c.NewSession()
			if err != nil {
				ids <- "session: " + err.Error()
				return
			}
			defer sess.Close()
			sess.Stdin = strings.NewReader(fmt.Sprintf("comment number %d", i))
			var errOut bytes.Buffer
			sess.Stderr = &errOut
			out, err := sess.Output("comment " + testSlug)
			if err != nil {
				ids <- fmt.Sprintf("writer %d: %v %s", i, err, errOut.String())
				return
			}
			ids <- strings.TrimSpace(string(out))
		}()
	}
	wg.Wait()
	close(ids)
	seen := map[string]bool{}
	for id := range ids {
		if _, err := strconv.Atoi(id); err != nil {
			t.Error(id)
		}
		seen[id] = true
	}
	if len(seen) != writers {
		t.Errorf("%d distinct ids, want %d", len(seen), writers)
	}
	if n := visibleComments(t, srv, testSlug); n != writers {
		t.Errorf("%d comments stored, want %d", n, writers)
	}
}
