package server

import (
	"strings"
	"testing"
	"time"

	gossh "golang.org/x/crypto/ssh"

	"github.com/sshblog/sshblog/blog"
)

// The line mode on a terminal of ours (ssh -t HOST plain): the server echoes
// and edits each line, the reader reads a post and comments, a second
// comment meets the rate limit and is kept to send again, and nothing but
// text, line ends and backspaces is ever sent.
func TestLineModeOnATerminal(t *testing.T) {
	srv := startServer(t, withOnePost(), withRateLimit(1))
	d := startDialogue(t, dial(t, srv, "alice", gossh.PublicKeys(newKey(t))), "xterm-256color", "plain")
	d.prompt("Test Blog: 1 post.", "The one post:\r\n1. Hello, readers, by Ann, ", ", no comments.\r\n", "1 read it, /words search")

	d.keys("x\x7f\x1b[A1\r") // a typo rubbed out, and an arrow key, which means nothing here
	d.prompt("x\b \b1\r\n", "Post 1 of 1: Hello, readers\r\n", "A short post to comment on.", "End of the post Hello, readers.", "c comments")
	d.say("c")
	d.prompt("No comments on Hello, readers yet.")

	d.say("w")
	d.expect("as alice.\r\nType it line by line")
	d.keys("Hello from the line mode, alicf\x7fe.\r")
	d.keys("a line I take back\x15") // ctrl+u
	d.keys("Bye for now\x17\x17then.\r.\r")
	d.prompt("Comment posted as alice.", "c comments")
	d.say("c")
	d.prompt("1 comment on Hello, readers, oldest first:\r\n1. alice, just now:\r\n   Hello from the line mode, alice.\r\n   Bye then.\r\n")

	d.say("w")
	d.keys("Too soon\r.\r")
	d.prompt("Not sent: You can post 1 comment a minute; wait 60 seconds before the next.", "Your text is kept", "s send your kept comment")
	d.say("t")
	d.prompt("Your kept comment on Hello, readers:\r\n   Too soon\r\nEnd of your kept comment.")
	d.say("s")
	d.prompt("Not sent: You can post 1 comment a minute")

	d.keys("half a line\x03")
	d.prompt("half a line^C\r\n", "Nothing done. Type q to quit.")
	d.say("q")
	status, out := d.end()
	if status != 0 {
		t.Errorf("quitting ends with status %d, want 0", status)
	}
	if !strings.HasSuffix(out, "Goodbye.\r\n") {
		t.Errorf("the session ends with %q, not a goodbye", out[max(len(out)-40, 0):])
	}
	plainBytes(t, out, true)
}

// Without a terminal (ssh HOST plain) the client's terminal edits lines:
// the line mode echoes nothing, ends lines with \n, stops long text at a
// "more" prompt, and tells a reader without a key why they cannot comment.
func TestLineModeWithoutATerminal(t *testing.T) {
	srv := startServer(t, withOnePost())
	d := startDialogue(t, dial(t, srv, "carol", keyless), "", "plain 5")
	d.prompt("Test Blog: 1 post.")
	d.say("1")
	d.prompt("Post 1 of 1: Hello, readers\n", "more, 3 lines to go")
	d.say("")
	d.prompt("A short post to comment on.\n\nEnd of the post Hello, readers.\n")
	d.say("w")
	d.prompt(blog.NoKey)
	d.say("n")
	d.prompt("No more posts: this is the last one.")
	d.say("h")
	d.prompt("Help for the line mode of Test Blog.", "more, ")
	d.say("q")
	d.prompt("Stopped.")
	d.say("9")
	d.prompt("There is no post 9: there is one post, 1.")
	d.say("zz")
	d.prompt(`There is no command "zz"; type h for help.`)
	d.say("/nothing")
	d.prompt(`No post matches "nothing". The list is as it was.`)
	d.say("b")
	d.prompt("Back to the list.", "1. Hello, readers")
	d.stdin.Close() // the person's ctrl+d
	status, out := d.end()
	if status != 0 || !strings.HasSuffix(out, "Goodbye.\n") {
		t.Errorf("the end of input ends with status %d after %q", status, out[max(len(out)-40, 0):])
	}
	plainBytes(t, out, false)
}

// The other doors into the line mode: a dumb terminal, SSHBLOG_MODE=plain
// sent with ssh -o SetEnv, and read SLUG on a dumb terminal, which opens
// the post.
func TestLineModeDoors(t *testing.T) {
	srv := startServer(t, withOnePost())
	c := dial(t, srv, "dora", keyless)
	for _, door := range []struct {
		term, command string
		env           []string
		first         string
	}{
		{"dumb", "", nil, "1 read it, /words search"},
		{"xterm-256color", "", []string{"SSHBLOG_MODE", "plain"}, "1 read it, /words search"},
		{"dumb", "read " + testSlug, nil, "A short post to comment on."},
	} {
		d := startDialogue(t, c, door.term, door.command, door.env...)
		d.prompt("Test Blog: 1 post. This is the line mode", door.first)
		d.say("q")
		status, out := d.end()
		if status != 0 {
			t.Errorf("TERM=%s %q %v: status %d", door.term, door.command, door.env, status)
		}
		plainBytes(t, out, true)
	}
	if _, stderr, status := run(t, c, "plain many", ""); status != exitUsage || !strings.Contains(stderr, "usage: ssh") {
		t.Errorf("plain with a wrong argument: status %d, %q", status, stderr)
	}
}

// A refused comment keeps its text: one too long, and a first comment
// whose user name cannot be a display name, which asks for one and then
// sends. Admins are pointed to the full-screen reader for moderation.
func TestLineModeKeepsRefusedComments(t *testing.T) {
	key := newKey(t)
	srv := startServer(t, withOnePost(), withAdmins(key))
	d := startDialogue(t, dial(t, srv, "root", gossh.PublicKeys(key)), "", "plain")
	d.prompt("Test Blog: 1 post.")
	d.say("1")
	d.prompt("End of the post")
	d.say("w")
	d.prompt("Your first comment needs a display name.")
	d.say("x")
	d.prompt("2–32")
	d.say("robin")
	d.expect("a line holding only the word cancel.")
	d.say(strings.Repeat("é", 4001))
	d.say(".")
	d.prompt("Not sent: The comment is 4001 characters long; the most is 4000.", "Your text is kept")
	d.say("x")
	d.prompt("Your kept comment is thrown away.", "w write a comment")
	d.say("w")
	d.expect("as robin.")
	d.say("First!")
	d.say(".")
	d.prompt("Comment posted as robin.")
	d.say("c")
	d.prompt("Hiding, deleting and banning are in the full-screen reader: ssh -t ")
	d.say("page 5")
	d.prompt("A screenful is now 5 lines.")
	d.say("h")
	d.prompt("more, ")
	d.say("page 0")
	d.prompt("Posts and comments now print whole")
	d.say("h")
	d.prompt("Moderation (hiding, deleting, banning) and editing or deleting comments are in the full-screen reader")
	d.say("q")
	if status, out := d.end(); status != 0 {
		t.Errorf("status %d", status)
	} else {
		plainBytes(t, out, false)
	}
}

// The line mode is a person reading, not a command: it is not held to a
// command's input limit, and the idle timeout ends it with its notice and
// status 75. A post taken down after the list was shown is not opened.
func TestLineModeLimitsAndChanges(t *testing.T) {
	t.Parallel() // it waits for the idle timeout
	admin := newKey(t)
	srv := startServer(t, withOnePost(), withAdmins(admin), withPublishing(),
		withLimits(Limits{MaxInput: 64, IdleTimeout: 2 * time.Second}))
	d := startDialogue(t, dial(t, srv, "erin", gossh.PublicKeys(newKey(t))), "xterm-256color", "plain")
	d.prompt("Test Blog: 1 post.")
	d.say("/" + strings.Repeat("nothing", 20)) // past a command's 64 bytes of input
	d.prompt("No post matches")
	if _, stderr, status := run(t, dial(t, srv, "admin", gossh.PublicKeys(admin)), "unpublish "+testSlug, ""); status != 0 {
		t.Fatalf("unpublish: %d %s", status, stderr)
	}
	d.say("1")
	d.prompt("Hello, readers was taken down since the list was shown.")
	d.say("b")
	d.prompt("There are no posts yet.")
	status, out := d.end()
	if status != exitTempFail || !strings.Contains(out, idleNotice(2*time.Second)) {
		t.Errorf("an idle line mode ended with status %d; it ends %q", status, out[max(len(out)-100, 0):])
	}
}

// A reader who comes back with the same key hears which posts are new
// since their last visit, in the line mode as in the reader.
func TestLineModeSaysWhatIsNew(t *testing.T) {
	clock, admin, reader := newTestClock(), newKey(t), newKey(t)
	srv := startServer(t, withOnePost(), withClock(clock), withAdmins(admin), withPublishing())
	c := dial(t, srv, "fay", gossh.PublicKeys(reader))
	d := startDialogue(t, c, "", "plain")
	if out := d.prompt("Test Blog: 1 post. This is"); strings.Contains(out, "new") {
		t.Errorf("a first visit marks posts new:\n%s", out)
	}
	d.say("q")
	d.end()
	clock.Advance(time.Hour)
	post := "---\ntitle: Fresh\ndate: 2026-11-26\n---\n\nJust out.\n"
	if _, stderr, status := run(t, dial(t, srv, "admin", gossh.PublicKeys(admin)), "publish", post); status != 0 {
		t.Fatalf("publish: %d %s", status, stderr)
	}
	d = startDialogue(t, c, "", "plain")
	d.prompt("Test Blog: 2 posts, 1 new since your last visit.", "1. Fresh, ", ", new.\n2. Hello, readers, by Ann, 23 November 2026, no comments.\n")
	d.say("q")
	d.end()
}

// What others do while a person reads is said before their next prompt:
// a comment by someone else on the open post, and a post published.
func TestLineModeSaysWhatChanged(t *testing.T) {
	admin := newKey(t)
	srv := startServer(t, withOnePost(), withAdmins(admin), withPublishing())
	srv.cfg.Blog.OnPostsChanged(srv.cfg.Threads.Hub().PostsChanged) // as cmd/sshblog wires it
	d := startDialogue(t, dial(t, srv, "gil", gossh.PublicKeys(newKey(t))), "", "plain")
	d.prompt("Test Blog: 1 post.")
	d.say("1")
	d.prompt("End of the post")
	bob := dial(t, srv, "bob", gossh.PublicKeys(newKey(t)))
	if _, stderr, status := run(t, bob, "comment "+testSlug, "Hi from bob"); status != 0 {
		t.Fatalf("comment: %d %s", status, stderr)
	}
	d.say("")
	d.prompt("1 new comment on this post since you opened it, by bob; type c to list the comments.")
	d.say("")
	if out := d.prompt(); strings.Contains(out, "new comment") {
		t.Errorf("a comment was told of twice: %q", out)
	}
	post := "---\ntitle: Fresh\ndate: 2026-11-20\n---\n\nJust out.\n"
	if _, stderr, status := run(t, dial(t, srv, "admin", gossh.PublicKeys(admin)), "publish", post); status != 0 {
		t.Fatalf("publish: %d %s", status, stderr)
	}
	d.say("")
	d.prompt("Posts were published or taken down since the list was shown")
	d.say("b")
	d.prompt("All 2 posts, newest first:")
	d.say("q")
	d.end()
}
