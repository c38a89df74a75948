package server

import (
	"context"
	"fmt"
	"regexp"
	"strings"
	"testing"
	"time"

	gossh "golang.org/x/crypto/ssh"

	"github.com/sshblog/sshblog/data"
)

// linkCodeIn finds the code in `link`'s output.
var linkCodeIn = regexp.MustCompile(`link ([0-9a-z]{5}-[0-9a-z]{5})\n`)

// newLinkCode asks for a code as client, which must have a name.
func newLinkCode(t *testing.T, client *gossh.Client) string {
	t.Helper()
	out, errOut, status := run(t, client, "link", "")
	m := linkCodeIn.FindStringSubmatch(out)
	if status != 0 || m == nil {
		t.Fatalf("link: %d %q %q", status, out, errOut)
	}
	return m[1]
}

// mustRun runs cmd and fails the test unless it succeeds.
func mustRun(t *testing.T, client *gossh.Client, cmd, stdin string) string {
	t.Helper()
	out, errOut, status := run(t, client, cmd, stdin)
	if status != 0 {
		t.Fatalf("%s: %d %q %q", cmd, status, out, errOut)
	}
	return out
}

// refusedCmd runs cmd, which must fail saying want.
func refusedCmd(t *testing.T, client *gossh.Client, cmd, want string) {
	t.Helper()
	out, errOut, status := run(t, client, cmd, "")
	if status == 0 || !strings.Contains(errOut, want) {
		t.Errorf("%s: status %d, %q %q; want a refusal saying %q", cmd, status, out, errOut, want)
	}
}

func TestLinkedKeysAreOneReader(t *testing.T) {
	clock := newTestClock()
	srv := startServer(t, withOnePost(), withClock(clock))
	store := srv.cfg.Catalog.(*data.Store)
	laptopKey, desktopKey := newKey(t), newKey(t)
	laptop := dial(t, srv, "ann", gossh.PublicKeys(laptopKey))
	refusedCmd(t, laptop, "link", "display name")
	mustRun(t, laptop, "comment "+testSlug, "From the laptop")
	code := newLinkCode(t, laptop)

	desktop := dial(t, srv, "desk", gossh.PublicKeys(desktopKey))
	mustRun(t, desktop, "ls", "") // a visit only: merged
	if out := mustRun(t, desktop, "link "+strings.ToUpper(code), ""); !strings.Contains(out, "is now ann") {
		t.Errorf("link: %q", out)
	}
	out := mustRun(t, desktop, "name", "")
	if !strings.Contains(out, "name  ann\n") || !strings.Contains(out, keyFingerprint(desktopKey)) {
		t.Errorf("the linked key's name: %q; want ann, with its own key %s", out, keyFingerprint(desktopKey))
	}
	id := mustRun(t, desktop, "comment "+testSlug, "From the desktop")
	c, err := store.Comment(context.Background(), atoi(t, id))
	if err != nil || c.Author != keyFingerprint(laptopKey) || c.AuthorName != "ann" {
		t.Errorf("the desktop's comment is %q/%q (%v); want the laptop's identity", c.Author, c.AuthorName, err)
	}
	mustRun(t, desktop, "name Ann B", "")
	if out := mustRun(t, laptop, "name", ""); !strings.Contains(out, "Ann B") {
		t.Errorf("renamed from the desktop, the laptop sees %q", out)
	}

	stranger := dial(t, srv, "mallory", gossh.PublicKeys(newKey(t)))
	refusedCmd(t, stranger, "link "+code, "already used")
	second := newLinkCode(t, laptop)
	clock.Advance(11 * time.Minute)
	refusedCmd(t, stranger, "link "+second, "expired")
	refusedCmd(t, stranger, "link abcde-fghjk", "wrong")

	keys := mustRun(t, laptop, "keys", "")
	if !strings.Contains(keys, keyFingerprint(laptopKey)) || !strings.Contains(keys, keyFingerprint(desktopKey)) ||
		!strings.Contains(keys, "this key") || strings.Count(keys, "\n") != 3 {
		t.Errorf("keys:\n%s", keys)
	}
	reader := openReader(t, dial(t, srv, "ann", gossh.PublicKeys(laptopKey)))
	reader.Expect("A key was linked to your account")

	refusedCmd(t, laptop, "unlink SHA256:nope", "not one of your keys")
	mustRun(t, desktop, "unlink "+keyFingerprint(laptopKey), "")
	if out := mustRun(t, laptop, "name", ""); strings.Contains(out, "Ann B") {
		t.Errorf("the unlinked laptop is still the reader: %q", out)
	}
	if out := mustRun(t, desktop, "name", ""); !strings.Contains(out, "Ann B") {
		t.Errorf("the desktop lost the account with the laptop: %q", out)
	}
	refusedCmd(t, desktop, "unlink "+keyFingerprint(desktopKey), "only key")
	refusedCmd(t, dial(t, srv, "guest", keyless), "link", "guest has no account")
}

func TestLinkAttemptsAreCapped(t *testing.T) {
	srv := startServer(t, withOnePost())
	guesser := dial(t, srv, "guesser", gossh.PublicKeys(newKey(t)))
	for i := range 5 {
		refusedCmd(t, guesser, fmt.Sprintf("link aaaaa-aaaa%d", i), "wrong")
	}
	refusedCmd(t, guesser, "link aaaaa-aaaaz", "Too many wrong link codes")
	// Fresh keys from the same address get no more.
	for i := range 5 {
		refusedCmd(t, dial(t, srv, "guesser", gossh.PublicKeys(newKey(t))), fmt.Sprintf("link bbbbb-bbbb%d", i), "wrong")
	}
	refusedCmd(t, dial(t, srv, "guesser", gossh.PublicKeys(newKey(t))), "link ccccc-ccccc", "Too many wrong link codes")
}

// The linked key is decided as the first is: a client that offers the
// linked key without signing for it, then signs with its own, is its own.
func TestOfferedLinkedKeyIsNotTheIdentity(t *testing.T) {
	srv := startServer(t, withOnePost())
	victimKey, linkedKey, attacker := newKey(t), newKey(t), newKey(t)
	victim := dial(t, srv, "victim", gossh.PublicKeys(victimKey))
	mustRun(t, victim, "name Victim", "")
	mustRun(t, dial(t, srv, "v", gossh.PublicKeys(linkedKey)), "link "+newLinkCode(t, victim), "")

	viaOther := dial(t, srv, "mallory", gossh.PublicKeys(offerOnly{offered: linkedKey.PublicKey()}, attacker))
	out := mustRun(t, viaOther, "name", "")
	if strings.Contains(out, "Victim") || !strings.Contains(out, keyFingerprint(attacker)) {
		t.Errorf("after offering the linked key and signing with another: %q", out)
	}
	refusedCmd(t, viaOther, "unlink "+keyFingerprint(linkedKey), "not one of your keys")
}
