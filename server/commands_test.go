package server

import (
	"bytes"
	"strings"
	"testing"
	"unicode/utf8"

	gossh "golang.org/x/crypto/ssh"

	"github.com/sshblog/sshblog/posts"
)

// The help fits 80 columns and tells the address readers really type.
func TestHelpFitsAndNamesTheAddress(t *testing.T) {
	srv := startServer(t, withAddress("-p 2222 blog.example.com"))
	out, _, status := run(t, dial(t, srv, "helper", keyless), "help", "")
	if status != 0 {
		t.Fatalf("help: status %d", status)
	}
	for _, line := range strings.Split(out, "\n") {
		if n := utf8.RuneCountInString(line); n > 80 {
			t.Errorf("a line of %d columns: %q", n, line)
		}
	}
	for _, want := range []string{
		"ssh -t -p 2222 blog.example.com\n",
		"ssh -p 2222 blog.example.com read love-or-lust",
		"scp -P 2222 post.md blog.example.com:",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("help lacks %q:\n%s", want, out)
		}
	}
	if strings.Contains(out, "HOST") {
		t.Errorf("help says HOST:\n%s", out)
	}
}

// Without a configured address, hints name the one the server listens on.
func TestHintsDefaultToTheListenAddress(t *testing.T) {
	srv := startServer(t, withOnePost())
	_, stderr, _ := run(t, dial(t, srv, "reader", keyless), "read nosuch", "")
	addr := DefaultAddress(srv.Addr().String())
	want := "sshblog: no post \"nosuch\"; `ssh " + addr + " ls` lists them\n"
	if stderr != want || !strings.HasPrefix(addr, "-p ") {
		t.Errorf("stderr %q, want %q", stderr, want)
	}
}

func TestDefaultAddress(t *testing.T) {
	for listen, want := range map[string]string{
		":23234":          "-p 23234 localhost",
		"0.0.0.0:2222":    "-p 2222 localhost",
		"[::]:22":         "localhost",
		"127.0.0.1:24103": "-p 24103 127.0.0.1",
		"[::1]:2222":      "-p 2222 ::1",
		"blog.lan:2222":   "-p 2222 blog.lan",
	} {
		if got := DefaultAddress(listen); got != want {
			t.Errorf("%s: %q, want %q", listen, got, want)
		}
	}
}

// read takes several slugs and prints them one after another, like cat: a
// missing one is told and fails the command, the others still print.
func TestReadPrintsSeveralPosts(t *testing.T) {
	client := dial(t, startServer(t), "reader", keyless)
	out, stderr, status := run(t, client, "read love-or-lust nosuch friendships-change", "")
	if status != 1 || !strings.Contains(stderr, `no post "nosuch"`) {
		t.Errorf("status %d, stderr %q", status, stderr)
	}
	first, second, found := strings.Cut(out, "\n\n---\n")
	if !found {
		t.Fatalf("the posts are not one after another:\n%s", out)
	}
	for i, src := range []string{first, "---\n" + second} {
		p, err := posts.Parse("read.md", []byte(src))
		if want := []string{"Love Or Lust", "Friendships Change"}[i]; err != nil || p.Title != want {
			t.Errorf("post %d: %q, %v; want %q", i+1, p.Title, err, want)
		}
	}
}

// ssh -t HOST read SLUG opens the reader on the post; back is the list.
func TestReadWithATerminalOpensTheReaderOnThePost(t *testing.T) {
	client := dial(t, startServer(t), "reader", keyless)
	term := runInTerminal(t, client, "xterm-256color", 80, 24, "read love-or-lust")
	term.WaitForText("by Tushti")
	term.WaitForText("We all have been in this dilemma")
	term.Press("", esc)
	term.WaitForText("7 posts")
	term.WaitForText("▌ Love Or Lust")
	term.Press("", "q")
	if status := term.Wait(); status != 0 {
		t.Errorf("status %d", status)
	}

	missing, err := client.NewSession()
	if err != nil {
		t.Fatal(err)
	}
	defer missing.Close()
	var stderr bytes.Buffer
	missing.Stderr = &stderr
	if err := missing.RequestPty("xterm-256color", 24, 80, gossh.TerminalModes{}); err != nil {
		t.Fatal(err)
	}
	status := exitStatus(t, "read nosuch", missing.Run("read nosuch"))
	if status != 1 || !strings.Contains(stderr.String(), `no post "nosuch"`) {
		t.Errorf("a missing post: status %d, %q", status, stderr.String())
	}
}

// comment tells a person what happened on stderr; stdout keeps the bare id
// for scripts.
func TestCommentTellsAPersonAndAScript(t *testing.T) {
	client := dial(t, startServer(t, withOnePost()), "ann", gossh.PublicKeys(newKey(t)))
	out, stderr, status := run(t, client, "comment "+testSlug, "First!")
	if status != 0 || out != "1\n" || stderr != "Posted comment #1 under “Hello, readers”.\n" {
		t.Errorf("comment: status %d, stdout %q, stderr %q", status, out, stderr)
	}
	out, stderr, status = run(t, client, "comment "+testSlug+" 1", "Me again.")
	if status != 0 || out != "2\n" || stderr != "Posted comment #2 in reply to #1 under “Hello, readers”.\n" {
		t.Errorf("reply: status %d, stdout %q, stderr %q", status, out, stderr)
	}
}

// A reply's id is a number, all of it; a comment too long for the input is
// refused whole, never cut to what fitted.
func TestCommentRefusesWhatItCannotTakeWhole(t *testing.T) {
	srv := startServer(t, withOnePost())
	client := dial(t, srv, "ann", gossh.PublicKeys(newKey(t)))
	run(t, client, "comment "+testSlug, "The thread.")
	_, stderr, status := run(t, client, "comment "+testSlug+" 1abc", "A reply?")
	if status != exitUsage || !strings.Contains(stderr, `"1abc" is not a comment id`) {
		t.Errorf("1abc: status %d, %q", status, stderr)
	}
	// Short text, then blanks past the input limit, then the rest: cut at
	// the limit, it would pass as the short text alone.
	long := "The start." + strings.Repeat(" ", maxCommentInput) + "The end."
	_, stderr, status = run(t, client, "comment "+testSlug, long)
	if status != exitFailed || !strings.Contains(stderr, "nothing was posted") {
		t.Errorf("over the limit: status %d, %q", status, stderr)
	}
	if n := visibleComments(t, srv, testSlug); n != 1 {
		t.Errorf("%d comments, want only the first", n)
	}
}

// Blank lines inside a comment print as empty lines, not as the indent.
func TestCommentsPrintBlankLinesEmpty(t *testing.T) {
	client := dial(t, startServer(t, withOnePost()), "ann", gossh.PublicKeys(newKey(t)))
	run(t, client, "comment "+testSlug, "One paragraph.\n\nAnother.")
	out, _, _ := run(t, client, "comments "+testSlug, "")
	if !strings.Contains(out, "  One paragraph.\n\n  Another.\n") {
		t.Errorf("comments:\n%q", out)
	}
	for _, line := range strings.Split(out, "\n") {
		if strings.TrimRight(line, " ") != line {
			t.Errorf("a line with trailing spaces: %q", line)
		}
	}
}

// Display names may be words with single spaces, and the rules and the
// reserved names are told whole.
func TestNamesWithSpacesAndTheReserved(t *testing.T) {
	srv := startServer(t, withOnePost())
	alice := dial(t, srv, "alice", gossh.PublicKeys(newKey(t)))
	other := dial(t, srv, "other", gossh.PublicKeys(newKey(t)))
	if out, stderr, status := run(t, alice, "name Alice Liddell", ""); status != 0 || out != "Your comments now appear as Alice Liddell.\n" {
		t.Errorf("two words: status %d, %q %q", status, out, stderr)
	}
	if _, stderr, status := run(t, other, "name 'alice liddell'", ""); status != 1 || !strings.Contains(stderr, "already goes by") {
		t.Errorf("the same name in other case: status %d, %q", status, stderr)
	}
	_, stderr, status := run(t, other, "name 'Bob  Smith'", "")
	if want := `"Bob  Smith" is not a usable name. A name has 2–32 letters, digits, . - _ or single spaces inside.`; status != 1 || !strings.Contains(stderr, want) {
		t.Errorf("two spaces: status %d, %q", status, stderr)
	}
	_, stderr, status = run(t, other, "name guest", "")
	if want := "the reserved names are root, admin, administrator, sshblog, guest,"; status != 1 || !strings.Contains(stderr, want) || !strings.Contains(stderr, "Test Blog (this blog's name)") {
		t.Errorf("guest: status %d, %q", status, stderr)
	}
	if _, stderr, status := run(t, other, "name 'test blog'", ""); status != 1 || !strings.Contains(stderr, "is reserved") {
		t.Errorf("the blog's name: status %d, %q", status, stderr)
	}
}

// A first comment from a key whose user name cannot be a display name says
// which names can, and how to go on.
func TestRefusedFirstNameSaysWhichNamesAreAllowed(t *testing.T) {
	srv := startServer(t, withOnePost(), withAddress("blog.example.com"))
	root := dial(t, srv, "root", gossh.PublicKeys(newKey(t)))
	_, stderr, status := run(t, root, "comment "+testSlug, "Hello.")
	for _, want := range []string{"Choose a display name for your first comment.", "the reserved names are root, admin", "ssh blog.example.com name YOUR-NAME, then send the comment again"} {
		if status != 1 || !strings.Contains(stderr, want) {
			t.Errorf("status %d, stderr %q lacks %q", status, stderr, want)
		}
	}
}

// Without a key there is no name to show or set, and the reader is told so.
func TestKeylessNameSaysNamesComeWithAKey(t *testing.T) {
	client := dial(t, startServer(t, withOnePost(), withAddress("blog.example.com")), "guest", keyless)
	for _, cmd := range []string{"name", "name Alice"} {
		_, stderr, status := run(t, client, cmd, "")
		if status != 1 || !strings.HasPrefix(stderr, "sshblog: you connected without an SSH key, and display names come with a key.") ||
			!strings.Contains(stderr, "ssh blog.example.com name YOUR-NAME") {
			t.Errorf("%s: status %d, %q", cmd, status, stderr)
		}
	}
}
