package server

import (
	"bytes"
	"context"
	"errors"
	"net"
	"strings"
	"testing"
	"time"

	gossh "golang.org/x/crypto/ssh"

	"github.com/sshblog/sshblog/data"
	"github.com/sshblog/sshblog/posts"
)

func TestReadTheBlogWithAKey(t *testing.T) {
	srv := startServer(t)
	client := dial(t, srv, "alice", gossh.PublicKeys(newKey(t)))
	readTheBlog(t, client)
}

func TestReadTheBlogWithoutAKey(t *testing.T) {
	srv := startServer(t)
	client := dial(t, srv, "bob", keyless)
	readTheBlog(t, client)
}

// readTheBlog is what a new reader does: see the list, open the first post,
// resize the window, go back, quit.
func readTheBlog(t *testing.T, client *gossh.Client) {
	t.Helper()
	term := openTerminal(t, client, 80, 24)
	term.WaitForText("Difference between Networking and Making Friends")
	screen := term.Screen()
	for _, title := range []string{"Test Blog", "Love Yourself – Everything Else Will Fall Into Place", "4 years ago · 0 comments", "enter read"} {
		if !strings.Contains(screen, title) {
			t.Errorf("the list lacks %q:\n%s", title, screen)
		}
	}
	if !bytes.Contains(term.Raw(), []byte("\x1b[?1049h")) {
		t.Error("the reader did not use the alternate screen")
	}

	term.Type("\r")
	term.WaitForText("Networking and making friends seem pretty much similar.")
	term.WaitForText("4 years ago · 5 min read")

	term.Resize(50, 20)
	term.WaitFor("the post re-wrapped to 50 columns", func(s string) bool {
		rows := strings.Split(s, "\n")
		return len(rows) == 20 && strings.Contains(s, "Networking and making friends seem") &&
			!strings.Contains(s, "Networking and making friends seem pretty much similar.")
	})

	term.Type("\x1b") // esc: back to the list
	term.WaitForText("Love Yourself – Everything")
	term.Type("q")
	if status := term.Wait(); status != 0 {
		t.Errorf("q ended the session with status %d, want 0", status)
	}
	if !bytes.HasSuffix(bytes.TrimRight(term.Raw(), "\r\n"), []byte("\x1b[?1049l")) {
		t.Errorf("the terminal was not given back: output ends %q", tail(term.Raw(), 40))
	}
}

func tail(b []byte, n int) []byte { return b[max(len(b)-n, 0):] }

func TestWithoutAPtyTheListIsPlainText(t *testing.T) {
	srv := startServer(t)
	client := dial(t, srv, "carol", keyless)
	session, err := client.NewSession()
	if err != nil {
		t.Fatal(err)
	}
	out, err := session.Output("")
	if err != nil {
		t.Fatalf("no-PTY session failed: %v", err)
	}
	if bytes.ContainsRune(out, 0x1b) {
		t.Errorf("plain output carries escape sequences: %q", out)
	}
	for _, want := range []string{"Test Blog: 7 posts", "Difference between Networking and Making Friends", "How To Look Irresistible On Your First Date ??", "4 years ago · 0 comments"} {
		if !bytes.Contains(out, []byte(want)) {
			t.Errorf("plain output lacks %q:\n%s", want, out)
		}
	}
}

func TestUnknownCommandIsAUsageError(t *testing.T) {
	srv := startServer(t)
	client := dial(t, srv, "dave", keyless)
	session, err := client.NewSession()
	if err != nil {
		t.Fatal(err)
	}
	var stderr bytes.Buffer
	session.Stderr = &stderr
	err = session.Run("frobnicate")
	var exit *gossh.ExitError
	if !errors.As(err, &exit) || exit.ExitStatus() != 2 {
		t.Fatalf("unknown command: %v, want exit status 2", err)
	}
	if !strings.Contains(stderr.String(), `unknown command "frobnicate"`) || !strings.Contains(stderr.String(), "this help") {
		t.Errorf("stderr = %q", stderr.String())
	}
}

func TestShutdownEndsOpenSessions(t *testing.T) {
	srv := startServer(t)
	client := dial(t, srv, "erin", keyless)
	term := openTerminal(t, client, 80, 24)
	term.WaitForText("Difference between Networking")
	idle := logInFrom(t, srv, "127.2.0.1") // logged in, no session
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	shutdown := make(chan error, 1)
	go func() { shutdown <- srv.Shutdown(ctx) }()
	if status := term.Wait(); status != exitTempFail {
		t.Errorf("session ended with %d on shutdown, want 75: come back later", status)
	}
	if err := <-shutdown; err != nil {
		t.Errorf("shutdown: %v", err)
	}
	// The reader is told why, after it gave the terminal back.
	raw := string(term.Raw())
	if i := strings.LastIndex(raw, restartNotice); i < 0 || i < strings.LastIndex(raw, "\x1b[?1049l") {
		t.Errorf("the reader was not told the blog is restarting after leaving the screen; output ends %q", tail([]byte(raw), 200))
	}
	if err := idle.Wait(); err == nil {
		t.Errorf("the connection without a session ended without an error")
	}
	if _, err := net.DialTimeout("tcp", srv.Addr().String(), time.Second); err == nil {
		t.Error("the server still accepts connections after shutdown")
	}
}

func TestNoPasswordAuthOrForwarding(t *testing.T) {
	srv := startServer(t)
	_, err := gossh.Dial("tcp", srv.Addr().String(), clientConfig("mallory", gossh.Password("hunter2")))
	if err == nil {
		t.Fatal("password authentication was accepted")
	}
	client := dial(t, srv, "mallory", keyless)
	if _, err := client.Dial("tcp", "127.0.0.1:22"); err == nil {
		t.Error("local port forwarding was allowed")
	}
	if _, err := client.Listen("tcp", "127.0.0.1:0"); err == nil {
		t.Error("remote port forwarding was allowed")
	}
}

func TestReturningReaderSeesWhatIsNew(t *testing.T) {
	clock := newTestClock()
	srv := startServer(t, withClock(clock))
	key := newKey(t)
	first := openTerminal(t, dial(t, srv, "regular", gossh.PublicKeys(key)), 80, 24)
	first.WaitForText("7 posts")
	if strings.Contains(first.Screen(), "since your last visit") {
		t.Fatalf("a first visit shows new posts:\n%s", first.Screen())
	}
	first.Type("q")
	first.Wait()

	// Dated a second ahead, as visits are kept to the second, and brought
	// out by moving the blog's clock to its date.
	ctx := context.Background()
	if err := srv.cfg.Catalog.(*data.Store).SavePost(ctx, posts.Post{Slug: "brand-new", Title: "Brand New", Author: "Tushti",
		Published: clock.Now().Add(time.Second), Body: "Hot off the press."}); err != nil {
		t.Fatal(err)
	}
	clock.Advance(1100 * time.Millisecond) // its date has come
	if err := srv.cfg.Blog.PostsChanged(ctx); err != nil {
		t.Fatal(err)
	}
	if n := len(srv.cfg.Blog.Posts()); n != 8 {
		t.Fatalf("%d posts listed once the new one's date has come, want 8", n)
	}
	again := openTerminal(t, dial(t, srv, "regular", gossh.PublicKeys(key)), 80, 24)
	again.WaitForText("8 posts · 1 new since your last visit")
	if screen := again.Screen(); !strings.Contains(screen, "new · Tushti · ") || !strings.Contains(screen, " · just now · ") {
		t.Errorf("the new post is not marked:\n%s", again.Screen())
	}
	stranger := openTerminal(t, dial(t, srv, "stranger", keyless), 80, 24)
	stranger.WaitForText("8 posts")
	if strings.Contains(stranger.Screen(), "since your last visit") {
		t.Error("a keyless reader is told what is new")
	}
}
