package server

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/pkg/sftp"
	gossh "golang.org/x/crypto/ssh"

	"github.com/sshblog/sshblog/data"
	"github.com/sshblog/sshblog/posts"
)

// notPlain says what in b could drive a terminal: an escape, a control
// character but newline and tab, a bidi override or isolate, or a byte
// that is not UTF-8; "" when b is plain text.
func notPlain(b []byte) string {
	for i := 0; i < len(b); {
		r, size := utf8.DecodeRune(b[i:])
		switch {
		case r == utf8.RuneError && size <= 1:
			return fmt.Sprintf("byte %#x at %d is not UTF-8", b[i], i)
		case r < 0x20 && r != '\n' && r != '\t', r >= 0x7f && r <= 0x9f,
			r >= 0x202a && r <= 0x202e, r >= 0x2066 && r <= 0x2069:
			return fmt.Sprintf("%U at %d", r, i)
		}
		i += size
	}
	return ""
}

// The gate judges text whole however it was cut into writes: a sequence or
// a character split across writes, a control string that never ends (it
// takes only the rest of its line), a line longer than the gate holds.
func TestPlainWriterCleansWhateverTheWrites(t *testing.T) {
	long := strings.Repeat("é", maxPending) // twice maxPending in bytes
	for _, tc := range []struct{ in, want string }{
		{"héllo \x1b]0;title\x07wörld\n", "héllo wörld\n"},
		{"a \x1b[31mred\x1b[0m \u009b2J word\n", "a red  word\n"},
		{"before\x1b]8;;http://evil.example/ never ends\nnext line\n", "before\nnext line\n"},
		{"no newline at the end \u202eflipped", "no newline at the end flipped"},
		{long + "\u202e" + long + "\n", long + long + "\n"},
	} {
		for _, chunk := range []int{1, 2, 3, 7, len(tc.in)} {
			var got bytes.Buffer
			w := newPlainWriter(&got)
			for in := tc.in; in != ""; {
				n := min(chunk, len(in))
				if m, err := w.Write([]byte(in[:n])); m != n || err != nil {
					t.Fatalf("write: %d, %v", m, err)
				}
				in = in[n:]
			}
			w.Flush()
			if got.String() != tc.want {
				t.Errorf("%q in writes of %d: got %q", tc.in[:min(len(tc.in), 60)], chunk, got.String()[:min(got.Len(), 60)])
			}
		}
	}
}

// hostile is text from outside with every kind of sequence in it, and tabs
// and newlines, which plain text may carry.
const hostile = "EVIL\x1b[2J\x1b]0;pwned\x07\u009b6n\u202e\x00\r\x7f\ttab\nline two"

// A store full of hostile posts, names, comments and file names: whatever
// any command prints of them, on stdout or stderr, is plain text.
func TestEveryCommandPrintsPlainText(t *testing.T) {
	admin := newKey(t)
	srv := startServer(t, withOnePost(), withAdmins(admin), withPublishing())
	store := srv.cfg.Catalog.(*data.Store)
	ctx := context.Background()
	hostilePost := posts.Post{Slug: "hostile", Title: "Title " + hostile, Author: hostile, Published: testDay.Add(-24 * time.Hour),
		Summary: hostile, Body: "Body " + hostile, Tags: []string{hostile}}
	draft := hostilePost
	draft.Slug, draft.Draft = "hostile-draft", true
	for _, p := range []posts.Post{hostilePost, draft} {
		if err := store.SavePost(ctx, p); err != nil {
			t.Fatal(err)
		}
	}
	if err := srv.cfg.Blog.PostsChanged(ctx); err != nil {
		t.Fatal(err)
	}
	// Names and comments straight into the store, past the rules that
	// would refuse them: what is stored is printed through the gate all
	// the same.
	author := posts.Identity{Fingerprint: "SHA256:hostile", Name: "Name " + hostile}
	if err := store.SetName(ctx, author, posts.Origin{}); err != nil {
		t.Fatal(err)
	}
	first, err := store.AddComment(ctx, posts.NewComment{PostSlug: "hostile", Author: author, Body: "Comment " + hostile})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := store.AddComment(ctx, posts.NewComment{PostSlug: "hostile", ParentID: first.ID, Author: author, Body: "Reply " + hostile}); err != nil {
		t.Fatal(err)
	}

	quoted := "'" + hostile + "'"
	// Front matter refuses control characters, not bidi controls: the
	// publisher's refusal names the title with them.
	badPost := "---\ntitle: Trip EVIL\u202eflipped\u2066\nwhen: soon\n---\n\nBody.\n"
	runs := []struct {
		as         gossh.Signer
		cmd, stdin string
		shows      string // what of the hostile text must survive, on stdout or stderr
	}{
		{nil, "", "", "Title EVIL"},
		{nil, "ls", "", "Title EVIL"},
		{nil, "read hostile", "", "Body EVIL"},
		{nil, "read nosuch " + quoted + " hostile", "", "EVIL"},
		{nil, "search EVIL", "", "EVIL"},
		{nil, "search " + quoted, "", "EVIL"},
		{nil, "feed", "", "EVIL"},
		{nil, "comments hostile", "", "Comment EVIL"},
		{nil, "comment hostile", "Posted " + hostile, "Title EVIL"},
		{nil, "comment hostile " + quoted, "x", "EVIL"},
		{nil, "comment " + quoted, "x", "EVIL"},
		{nil, "name", "", ""},
		{nil, "name " + quoted, "", ""},
		{nil, "publish", badPost, ""},
		{nil, "ban " + quoted, "", ""},
		{nil, quoted, "", "EVIL"},
		{nil, "help " + quoted, "", ""},
		{admin, "drafts", "", "Title EVIL"},
		{admin, "publish", badPost, "Trip EVIL"},
		{admin, "publish " + quoted, "", "EVIL"},
		{admin, "unpublish " + quoted, "", "EVIL"},
		{admin, "ban " + quoted, "", ""},
		{admin, "unban SHA256:" + quoted, "", ""},
		{admin, "rsync " + quoted, "", ""},
		{admin, "scp -f " + quoted, "", ""},
	}
	reader := newKey(t)
	for _, r := range runs {
		key := r.as
		if key == nil {
			key = reader
		}
		out, errOut, _ := run(t, dial(t, srv, "someone", gossh.PublicKeys(key)), r.cmd, r.stdin)
		for stream, got := range map[string]string{"stdout": out, "stderr": errOut} {
			if bad := notPlain([]byte(got)); bad != "" {
				t.Errorf("%q: %s has %s:\n%q", r.cmd, stream, bad, got)
			}
		}
		if !strings.Contains(out+errOut, r.shows) {
			t.Errorf("%q: the text around the sequences was lost, no %q in:\n%s%s", r.cmd, r.shows, out, errOut)
		}
	}

	// SFTP tells why it refuses a file on stderr, through the gate too.
	session, err := dial(t, srv, "admin", gossh.PublicKeys(admin)).NewSession()
	if err != nil {
		t.Fatal(err)
	}
	toServer, _ := session.StdinPipe()
	fromServer, _ := session.StdoutPipe()
	stderr, _ := session.StderrPipe()
	told := make(chan []byte, 1)
	go func() { // until the server closes the channel
		b, _ := io.ReadAll(stderr)
		told <- b
	}()
	if err := session.RequestSubsystem("sftp"); err != nil {
		t.Fatal(err)
	}
	client, err := sftp.NewClientPipe(fromServer, toServer)
	if err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"sub" + hostile + "/post.md", hostile + ".md", "trip.md"} {
		f, err := client.Create(name)
		if err != nil {
			continue // refused, as it should be: why is on stderr
		}
		io.WriteString(f, badPost)
		f.Close()
	}
	client.Close()
	errOut := <-told
	if bad := notPlain(errOut); bad != "" || !strings.Contains(string(errOut), "top folder") || !strings.Contains(string(errOut), "unknown key") {
		t.Errorf("sftp's stderr has %s:\n%q", bad, errOut)
	}
}
