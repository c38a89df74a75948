package server

import (
	"fmt"
	"strings"
	"testing"
	"time"

	gossh "golang.org/x/crypto/ssh"

	"github.com/sshblog/sshblog/blog"
	"github.com/sshblog/sshblog/posts"
)

// dialKeyFrom logs in as user with key from the loopback address from.
func dialKeyFrom(t *testing.T, s *Server, from, user string, key gossh.Signer) *gossh.Client {
	t.Helper()
	c, err := dialFrom(s, from, clientConfig(user, gossh.PublicKeys(key)))
	if err != nil {
		t.Fatalf("log in as %s from %s: %v", user, from, err)
	}
	t.Cleanup(func() { c.Close() })
	return c
}

// commentFrom posts text under the test post as a fresh session of c and
// returns the command's errors and status.
func commentFrom(t *testing.T, c *gossh.Client, text string) (string, int) {
	t.Helper()
	_, errOut, status := run(t, c, "comment "+testSlug, text)
	return errOut, status
}

// countComments is how many comments the thread shows.
func countComments(t *testing.T, s *Server) int {
	t.Helper()
	out, _, status := run(t, dial(t, s, "reader", keyless), "comments "+testSlug, "")
	if status != 0 {
		t.Fatalf("comments: status %d\n%s", status, out)
	}
	return strings.Count(out, "\n#")
}

// TestFreshKeysFromFewAddressesAreLimited is the attack of issue 11: many
// fresh keys from a few addresses. Each address brings in 2 new keys an
// hour and posts 3 comments a minute, whichever keys post them.
func TestFreshKeysFromFewAddressesAreLimited(t *testing.T) {
	t.Parallel()
	s := startServer(t, withOnePost(), withRateLimit(5), withAddressLimits(posts.AddressLimits{
		Comments:      posts.RateLimit{Count: 3, Per: time.Minute},
		NewIdentities: posts.RateLimit{Count: 2, Per: time.Hour},
	}))
	const addresses, keysEach = 4, 5
	for a := range addresses {
		from := fmt.Sprintf("127.%d.0.%d", 31+a, 1+a)
		var admitted []*gossh.Client
		for k := range keysEach {
			c := dialKeyFrom(t, s, from, fmt.Sprintf("fresh%d-%d", a, k), newKey(t))
			errOut, status := commentFrom(t, c, "first!")
			if k < 2 {
				if status != 0 {
					t.Fatalf("key %d from %s: status %d, %s", k, from, status, errOut)
				}
				admitted = append(admitted, c)
				continue
			}
			if status == 0 || !strings.Contains(errOut, "Your address may bring 2 new keys an hour; wait") {
				t.Fatalf("new key %d from %s: status %d, %q; want the new-identity limit", k, from, status, errOut)
			}
		}
		// The two admitted keys share the address's 3 a minute.
		if errOut, status := commentFrom(t, admitted[0], "second"); status != 0 {
			t.Fatalf("third comment from %s: status %d, %s", from, status, errOut)
		}
		errOut, status := commentFrom(t, admitted[1], "third")
		if status == 0 || !strings.Contains(errOut, "Your address can post 3 a minute, all keys together; wait") {
			t.Fatalf("fourth comment from %s: status %d, %q; want the address's limit", from, status, errOut)
		}
	}
	if got := countComments(t, s); got != addresses*3 {
		t.Errorf("%d comments posted, want %d", got, addresses*3)
	}
}

// TestRangeBan: an admin bans a range; no key from it can comment, keys
// outside it can; unban lets it comment again. Both are in the log.
func TestRangeBan(t *testing.T) {
	t.Parallel()
	adminKey, readerKey := newKey(t), newKey(t)
	s := startServer(t, withOnePost(), withAdmins(adminKey))
	admin := dialKeyFrom(t, s, "127.41.0.1", "ann", adminKey)
	reader := dialKeyFrom(t, s, "127.42.0.5", "bob", readerKey)
	if errOut, status := commentFrom(t, reader, "before"); status != 0 {
		t.Fatalf("comment before the ban: status %d, %s", status, errOut)
	}

	if out, errOut, status := run(t, reader, "ban 127.41.0.0/24", ""); status != exitFailed || !strings.Contains(errOut, "Only the blog's admins") {
		t.Fatalf("ban by a reader: status %d\n%s%s", status, out, errOut)
	}
	if _, errOut, status := run(t, admin, "ban 127.42.0.0/33", ""); status != exitUsage || !strings.Contains(errOut, "not an address or a range") {
		t.Fatalf("ban of a malformed range: status %d, %q", status, errOut)
	}
	if _, errOut, status := run(t, admin, "ban 127.41.0.0/16", ""); status != exitFailed || !strings.Contains(errOut, "your own address") {
		t.Fatalf("ban of the admin's own range: status %d, %q", status, errOut)
	}
	// A range given unmasked is banned as its network.
	if out, errOut, status := run(t, admin, "ban 127.42.0.77/24", ""); status != 0 || !strings.Contains(out, "Banned 127.42.0.0/24") {
		t.Fatalf("ban: status %d\n%s%s", status, out, errOut)
	}
	for _, c := range []*gossh.Client{reader, dialKeyFrom(t, s, "127.42.0.9", "carl", newKey(t))} {
		if errOut, status := commentFrom(t, c, "during"); status == 0 || !strings.Contains(errOut, "address range is banned from commenting") {
			t.Fatalf("comment from the banned range: status %d, %q", status, errOut)
		}
	}
	if errOut, status := commentFrom(t, dialKeyFrom(t, s, "127.43.0.1", "dora", newKey(t)), "outside"); status != 0 {
		t.Fatalf("comment from outside the range: status %d, %s", status, errOut)
	}

	if out, errOut, status := run(t, admin, "unban 127.42.0.0/24", ""); status != 0 || !strings.Contains(out, "Unbanned 127.42.0.0/24") {
		t.Fatalf("unban: status %d\n%s%s", status, out, errOut)
	}
	if errOut, status := commentFrom(t, reader, "after"); status != 0 {
		t.Fatalf("comment after the unban: status %d, %s", status, errOut)
	}
	if _, errOut, status := run(t, admin, "unban 127.42.0.0/24", ""); status != exitFailed || !strings.Contains(errOut, "is not banned") {
		t.Fatalf("second unban: status %d, %q", status, errOut)
	}

	// A key is banned the same way, by its fingerprint.
	fp := keyFingerprint(readerKey)
	if out, errOut, status := run(t, admin, "ban "+fp, ""); status != 0 || !strings.Contains(out, "Banned "+fp) {
		t.Fatalf("ban of a key: status %d\n%s%s", status, out, errOut)
	}
	if errOut, status := commentFrom(t, reader, "banned key"); status == 0 || !strings.Contains(errOut, "You are banned") {
		t.Fatalf("comment with the banned key: status %d, %q", status, errOut)
	}
	if out, errOut, status := run(t, admin, "unban "+fp, ""); status != 0 || !strings.Contains(out, "Unbanned "+fp) {
		t.Fatalf("unban of a key: status %d\n%s%s", status, out, errOut)
	}

	log, err := s.cfg.Threads.ModerationLog(t.Context(), blog.Viewer{Fingerprint: keyFingerprint(adminKey), Admin: true}, 10)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, a := range log {
		got = append(got, a.Action+" "+a.Target)
	}
	if want := []string{"unban " + fp, "ban " + fp, "unban-range 127.42.0.0/24", "ban-range 127.42.0.0/24"}; strings.Join(got, ", ") != strings.Join(want, ", ") {
		t.Errorf("moderation log %q, want %q", got, want)
	}
}
