package clusterfaults

import (
	"strings"
	"testing"
)

// TestLiveAcrossNodes: what is done on one node reaches a reader on
// another without a key pressed: a comment, its edit, its hiding by an
// admin, and a post published over SSH, which the other node then serves.
func TestLiveAcrossNodes(t *testing.T) {
	admin := newIdentity(t)
	b := newBlog(t, 3, 2, admin)
	here, there := b.nodes[0].addr, b.nodes[1].addr
	watcher := openPost(t, mustConnect(t, there, "watcher", newIdentity(t)), "reader on node 2")
	// At the end of the thread, the reader follows it as it grows.
	watcher.Press("No comments yet", "G")
	list := openTerminal(t, mustConnect(t, there, "lister", newIdentity(t)), "list on node 2", "")
	list.Expect(title)

	writer := openPost(t, mustConnect(t, here, "wanda", newIdentity(t)), "writer on node 1")
	writer.Press("Comment on", "w")
	writer.Paste("Hello from the first node")
	writer.Press("Sent.", ctrlS)
	watcher.Expect("wanda · just now") // live: no key pressed
	watcher.Press("Hello from the first node", "G")

	writer.Press("Edit your comment", "e")
	writer.Paste(", edited")
	writer.Press("Saved.", ctrlS)
	watcher.Expect("wanda · just now · edited")
	watcher.Press("Hello from the first node, edited", "G")

	moderator := openPost(t, mustConnect(t, here, "ann", admin), "admin on node 1")
	moderator.Press("Hello from the first node, edited", "G")
	moderator.Press("hide", "c")
	moderator.Press("Hidden", "H")
	watcher.Expect("0 comments") // a hidden comment without replies is gone for readers

	post := "---\ntitle: Published on the first node\nslug: from-node-one\ndate: 2024-05-01\n---\n\nRead on the second.\n"
	if out, errOut, status, err := execOn(mustConnect(t, here, "ann", admin), "publish", post); err != nil || status != 0 {
		t.Fatalf("publish on node 1: status %d, %v\n%s%s", status, err, out, errOut)
	}
	list.Expect("Published on the first node")
	if out := mustExec(t, mustConnect(t, there, "reader", nil), "read from-node-one", ""); !strings.Contains(out, "Read on the second.") {
		t.Errorf("node 2 serves the post published on node 1 as:\n%s", out)
	}
}
