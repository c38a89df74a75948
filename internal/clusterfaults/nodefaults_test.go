package clusterfaults

import (
	"fmt"
	"net"
	"strings"
	"testing"
	"time"

	gossh "golang.org/x/crypto/ssh"
)

// learnHostKey connects to addr once and returns a check that accepts only
// the host key it presented, as a reader's known_hosts would.
func learnHostKey(t *testing.T, addr string) gossh.HostKeyCallback {
	t.Helper()
	var key gossh.PublicKey
	c, err := connect(addr, "learner", nil, func(_ string, _ net.Addr, k gossh.PublicKey) error { key = k; return nil })
	if err != nil {
		t.Fatal(err)
	}
	c.Close()
	return gossh.FixedHostKey(key)
}

// TestSSHBlogNodeKilled: kill -9 of an sshblog node ends its readers'
// sessions; each reconnects to the other node, which presents the same host
// key, and reads on. Its commenters move over too, and nothing acknowledged
// by either node is lost.
func TestSSHBlogNodeKilled(t *testing.T) {
	b := newBlog(t, 3, 2, newIdentity(t))
	known := learnHostKey(t, b.nodes[0].addr)
	type reader struct {
		id   *identity
		term *terminal
	}
	var readers []reader
	for r := range 3 {
		id := newIdentity(t)
		c, err := connect(b.nodes[0].addr, fmt.Sprintf("reader%d", r), id, known)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { c.Close() })
		readers = append(readers, reader{id, openPost(t, c, fmt.Sprintf("reader %d", r))})
	}
	cs := startCommenters(t, 10, b.nodes[0].addr, b.nodes[1].addr)
	cs.waitSentAfter(time.Time{}, 20)

	killed := time.Now()
	b.nodes[0].kill()
	for r, rd := range readers {
		select {
		case <-rd.term.ended:
		case <-time.After(waitLong):
			t.Fatalf("reader %d's session outlived its node", r)
		}
		c, err := connect(b.nodes[1].addr, fmt.Sprintf("reader%d", r), rd.id, known)
		if err != nil {
			t.Fatalf("reader %d reconnecting to the other node with the first one's host key: %v", r, err)
		}
		t.Cleanup(func() { c.Close() })
		openPost(t, c, fmt.Sprintf("reader %d, back", r))
	}
	cs.waitSentAfter(killed, 20)
	cs.finish()
	cs.checkRefusals("no exit status", "connect: node down")
	checkStored(t, b.rqlite.HTTPAddrs(), cs.acknowledged())
}

// TestTheRqliteNodeANodeUsesDies: an sshblog node's first rqlite node, the
// leader, is killed. The node moves on to the next address: reads go on
// during the election, and comments are taken again within 10 s. Its
// reader stays.
func TestTheRqliteNodeANodeUsesDies(t *testing.T) {
	b := newBlog(t, 3, 0, newIdentity(t))
	leader := b.rqlite.Leader()
	b.nodes = append(b.nodes, b.startNode(0, b.rqlite.URL(leader)))
	nd := b.nodes[0]
	reader := openPost(t, mustConnect(t, nd.addr, "reader", newIdentity(t)), "reader")
	c := mustConnect(t, nd.addr, "carol", newIdentity(t))
	if _, why := comment(c, "Before the kill"); why != "" {
		t.Fatalf("comment before the kill: %s", why)
	}

	killed := time.Now()
	b.rqlite.Kill(leader)
	// Reads go on, from the next node's copy (which may not have applied
	// the last commit yet: without a leader no read can wait for it).
	mustExec(t, c, "comments "+slug, "")
	mustExec(t, c, "ls", "")
	readsAt := time.Since(killed)
	var refusals []string
	for {
		if _, why := comment(c, "After the kill"); why == "" {
			break
		} else if len(refusals) == 0 || refusals[len(refusals)-1] != why {
			refusals = append(refusals, why)
		}
		if time.Since(killed) > 2*resumeLimit {
			t.Fatalf("no comment taken %s after the node's rqlite node was killed: %q", time.Since(killed), refusals)
		}
	}
	took := time.Since(killed)
	t.Logf("reads answered %s after the kill; a comment taken after %s; refused meanwhile with %q", readsAt.Round(time.Millisecond), took.Round(time.Millisecond), refusals)
	if took > resumeLimit {
		t.Errorf("comments were taken again %s after the kill; want within %s", took.Round(time.Millisecond), resumeLimit)
	}
	for _, why := range refusals {
		if why != unavailableMessage {
			t.Errorf("a comment during the election was refused with %q, want %q", why, unavailableMessage)
		}
	}
	if out := mustExec(t, c, "comments "+slug, ""); !strings.Contains(out, "Before the kill") || !strings.Contains(out, "After the kill") {
		t.Errorf("after the election, the thread lacks a comment:\n%s", out)
	}
	checkReadersServed(t, []*terminal{reader})
}

// TestNodeBackCatchesUp: a machine (its rqlite node and its sshblog node)
// is down while comments are posted on another; when it is back, a reader
// on its sshblog node, which reads its own rqlite node, sees them all.
func TestNodeBackCatchesUp(t *testing.T) {
	b := newBlog(t, 3, 1, newIdentity(t))
	down := 1
	if b.rqlite.Leader() == down {
		down = 2 // keep the election out of it: this is about catching up
	}
	b.nodes = append(b.nodes, b.startNode(down, b.rqlite.URL(down)))
	b.nodes[1].kill()
	b.rqlite.Kill(down)

	c := mustConnect(t, b.nodes[0].addr, "dora", newIdentity(t))
	var missed []string
	for i := range 5 {
		text := fmt.Sprintf("Posted while the machine was down, %d", i)
		if _, why := comment(c, text); why != "" {
			t.Fatalf("comment %d: %s", i, why)
		}
		missed = append(missed, text)
	}

	b.rqlite.Restart(down)
	b.nodes[1].start()
	reader := openPost(t, mustConnect(t, b.nodes[1].addr, "eve", newIdentity(t)), "reader on the node back")
	reader.Press("", "G")
	for _, text := range missed {
		reader.Expect(text)
	}
}
