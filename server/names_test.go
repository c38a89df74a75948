package server

import (
	"testing"

	gossh "golang.org/x/crypto/ssh"
)

// In the reader, a first comment from a key whose user name is reserved
// says which names are allowed, keeps the comment while a name is chosen,
// and takes a name of two words.
func TestReaderFirstCommentUnderAReservedName(t *testing.T) {
	srv := startServer(t, withOnePost())
	root := openReader(t, dial(t, srv, "root", gossh.PublicKeys(newKey(t))))
	root.Press("No comments yet", enter)
	root.Press("Comment on", "w")
	root.Paste("My first words here")
	root.Press("", ctrlS)
	root.Expect(`"root" is reserved; the reserved names are root,`)
	root.Expect("admin, administrator, sshblog, guest,")
	root.Expect("Your comment is kept")
	root.Paste("Alice Liddell")
	root.Press("Saved. Press esc to go back to your comment.", enter)
	root.Press("My first words here", esc) // back at the composer, text kept
	root.Press("Sent.", ctrlS)
	root.WaitForText("Alice Liddell · just now")
	if n := visibleComments(t, srv, testSlug); n != 1 {
		t.Errorf("%d comments, want the one", n)
	}
}
