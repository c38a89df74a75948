package clusterfaults

import (
	"fmt"
	"testing"
	"time"

	gossh "golang.org/x/crypto/ssh"
)

// title is the test post's, as the reader shows it.
const title = "Difference between Networking and Making Friends"

// resumeLimit is how soon after a kill comments must be taken again.
const resumeLimit = 10 * time.Second

// openPost opens the reader on the test post and waits for its whole first
// frame, whose status line ends in "Top".
func openPost(t *testing.T, c *gossh.Client, name string) *terminal {
	t.Helper()
	term := openTerminal(t, c, name, "read "+slug)
	term.Expect(title)
	term.Expect("Top")
	return term
}

// openReaders opens n readers on the test post on each node, each with its
// own key, and waits until each shows it.
func openReaders(t *testing.T, b *blog, n int) []*terminal {
	t.Helper()
	var readers []*terminal
	for i, nd := range b.nodes {
		for r := range n {
			name := fmt.Sprintf("reader %d on %s", r, nd.name)
			readers = append(readers, openPost(t, mustConnect(t, nd.addr, fmt.Sprintf("reader%d-%d", i, r), newIdentity(t)), name))
		}
	}
	return readers
}

// checkReadersServed fails the test for a reader whose session ended, or
// that no longer redraws when its window changes.
func checkReadersServed(t *testing.T, readers []*terminal) {
	t.Helper()
	for _, r := range readers {
		if !r.alive() {
			t.Errorf("%s was dropped", r.name)
			continue
		}
		if err := r.session.WindowChange(39, 100); err != nil {
			t.Errorf("%s: window change: %v", r.name, err)
			continue
		}
		r.Expect(title)
	}
}

// TestLeaderKilledWhileTwentyComment is the first fault: 20
// commenters on two nodes post while the rqlite leader is killed with
// SIGKILL. Every comment whose command reported success is stored; the ones
// refused meanwhile are told the blog cannot take comments for a moment;
// comments are taken again within 10 s; no reader on either node is dropped.
func TestLeaderKilledWhileTwentyComment(t *testing.T) {
	b := newBlog(t, 3, 2, newIdentity(t))
	readers := openReaders(t, b, 3)
	cs := startCommenters(t, 20, b.nodes[0].addr, b.nodes[1].addr)
	cs.waitSentAfter(time.Time{}, 40)

	leader := b.rqlite.Leader()
	killed := time.Now()
	b.rqlite.Kill(leader)
	cs.waitSentAfter(killed, 40)
	cs.finish()

	if gap := cs.resumed(killed).Sub(killed); gap > resumeLimit {
		t.Errorf("comments were taken again %s after the leader was killed; want within %s", gap.Round(time.Millisecond), resumeLimit)
	}
	t.Logf("leader (rqlite node %d) killed; the first comment sent after was taken %s later; %d acknowledged in all; refusals: %v",
		leader+1, cs.resumed(killed).Sub(killed).Round(time.Millisecond), len(cs.acknowledged()), cs.refusalList())
	cs.checkRefusals(unavailableMessage)
	checkStored(t, b.rqlite.HTTPAddrs(), cs.acknowledged())
	checkReadersServed(t, readers)
}

// TestNoLeaderKeepsTheReadersText: with no leader at all (two of three
// voters killed, so none can be elected), a comment sent from the reader's
// composer is refused with "the blog cannot take comments for a moment",
// and the composer keeps the text; once a voter is back and a leader
// elected, the same text sends, within 10 s.
func TestNoLeaderKeepsTheReadersText(t *testing.T) {
	b := newBlog(t, 3, 1, newIdentity(t))
	reader := openPost(t, mustConnect(t, b.nodes[0].addr, "alice", newIdentity(t)), "alice")
	reader.Press("Comment on", "w")
	const text = "Written while the cluster had no leader"
	reader.Paste(text)
	reader.Expect(text)

	leader := b.rqlite.Leader()
	other := (leader + 1) % 3
	b.rqlite.Kill(leader)
	b.rqlite.Kill(other)
	reader.Press("cannot take comments for a moment", ctrlS)
	// Still in the composer, with the text: a redraw shows both.
	if err := reader.session.WindowChange(39, 100); err != nil {
		t.Fatal(err)
	}
	reader.Expect(text)

	b.rqlite.Restart(other) // waits for a leader
	elected := time.Now()
	reader.Press("", ctrlS)
	if !reader.ExpectWithin("Sent.", resumeLimit) {
		t.Fatalf("the kept text was not sent within %s of the election:\n%s", resumeLimit, tailText(reader.text(), 2000))
	}
	t.Logf("sent %s after a leader was elected", time.Since(elected).Round(time.Millisecond))
	found := false
	for _, body := range storedComments(t, b.rqlite.HTTPAddrs()) {
		found = found || body == text
	}
	if !found {
		t.Errorf("the comment %q is not stored", text)
	}
}
