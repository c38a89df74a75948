package server_test

import (
	"bytes"
	"context"
	"crypto/ed25519"
	"crypto/rand"
	"io"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	gossh "golang.org/x/crypto/ssh"

	"github.com/sshblog/sshblog/data"
	"github.com/sshblog/sshblog/posts"
	"github.com/sshblog/sshblog/server"
	"github.com/sshblog/sshblog/tui"
)

// deadline is how long a test waits for something to show: generous, for a
// slow shared machine; a passing test never waits for it.
const deadline = 30 * time.Second

// testSlug names the one post of the test blog.
const testSlug = "hello"

type testServer struct {
	addr    string
	store   *data.Store
	threads *tui.Threads
}

type serverOption func(*server.Config, *posts.RateLimit)

func withAdmins(keys ...gossh.Signer) serverOption {
	return func(c *server.Config, _ *posts.RateLimit) {
		c.Admins = map[string]bool{}
		for _, k := range keys {
			c.Admins[gossh.FingerprintSHA256(k.PublicKey())] = true
		}
	}
}

func withRateLimit(n int) serverOption {
	return func(_ *server.Config, l *posts.RateLimit) { l.Count = n }
}

// startServer serves a one-post blog from a real database in a temp dir on
// a free loopback port.
func startServer(t testing.TB, opts ...serverOption) *testServer {
	t.Helper()
	store, err := data.Open(filepath.Join(t.TempDir(), "blog.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { store.Close() })
	ctx := context.Background()
	post := posts.Post{Slug: testSlug, Title: "Hello, readers", Author: "Ann", Published: time.Now().Add(-72 * time.Hour),
		Summary: "A short post.", Body: "A short post to comment on."}
	if err := store.SavePost(ctx, post); err != nil {
		t.Fatal(err)
	}
	blog, err := tui.NewBlog(ctx, "testblog", store, tui.NewRenderCache(1<<20))
	if err != nil {
		t.Fatal(err)
	}
	cfg := server.Config{Listen: "127.0.0.1:0", HostKey: newSigner(t), Blog: blog, Catalog: store}
	limit := posts.DefaultRateLimit
	for _, o := range opts {
		o(&cfg, &limit)
	}
	cfg.Threads = tui.NewThreads(store, blog, limit)
	srv, err := server.New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	if err := srv.Start(); err != nil {
		t.Fatal(err)
	}
	go srv.Serve()
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		srv.Shutdown(ctx)
	})
	return &testServer{addr: srv.Addr().String(), store: store, threads: cfg.Threads}
}

func newSigner(t testing.TB) gossh.Signer {
	t.Helper()
	_, key, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	s, err := gossh.NewSignerFromKey(key)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func fingerprint(s gossh.Signer) string { return gossh.FingerprintSHA256(s.PublicKey()) }

// keyless answers keyboard-interactive with nothing, as the server asks nothing.
var keyless = gossh.KeyboardInteractive(func(string, string, []string, []bool) ([]string, error) { return nil, nil })

func dial(t testing.TB, addr, user string, auth ...gossh.AuthMethod) *gossh.Client {
	t.Helper()
	c, err := gossh.Dial("tcp", addr, &gossh.ClientConfig{
		User: user, Auth: auth, HostKeyCallback: gossh.InsecureIgnoreHostKey(), Timeout: deadline,
	})
	if err != nil {
		t.Fatalf("dial as %s: %v", user, err)
	}
	t.Cleanup(func() { c.Close() })
	return c
}

// run runs one command without a terminal and returns its output and status.
func run(t *testing.T, c *gossh.Client, stdin, cmd string) (stdout, stderr string, status int) {
	t.Helper()
	sess, err := c.NewSession()
	if err != nil {
		t.Fatal(err)
	}
	defer sess.Close()
	var out, errOut bytes.Buffer
	sess.Stdin, sess.Stdout, sess.Stderr = strings.NewReader(stdin), &out, &errOut
	err = sess.Run(cmd)
	var exit *gossh.ExitError
	switch {
	case err == nil:
	case asExit(err, &exit):
		status = exit.ExitStatus()
	default:
		t.Fatalf("%s: %v", cmd, err)
	}
	return out.String(), errOut.String(), status
}

func asExit(err error, exit **gossh.ExitError) bool {
	e, ok := err.(*gossh.ExitError)
	*exit = e
	return ok
}

// screen is a reader's terminal over a real SSH session with a PTY: it
// records every byte the server sends.
type screen struct {
	t     *testing.T
	in    io.WriteCloser
	mu    sync.Mutex
	out   []byte
	seen  int // expect looks after this offset
	grown chan struct{}
}

func (s *screen) Write(p []byte) (int, error) {
	s.mu.Lock()
	s.out = append(s.out, p...)
	s.mu.Unlock()
	select {
	case s.grown <- struct{}{}:
	default:
	}
	return len(p), nil
}

// bytes is everything received so far.
func (s *screen) bytes() []byte {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]byte(nil), s.out...)
}

// openReader starts the reader on a 100×40 terminal without colours.
func openReader(t *testing.T, c *gossh.Client) *screen {
	t.Helper()
	sess, err := c.NewSession()
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { sess.Close() })
	s := &screen{t: t, grown: make(chan struct{}, 1)}
	sess.Stdout = s
	if s.in, err = sess.StdinPipe(); err != nil {
		t.Fatal(err)
	}
	if err := sess.RequestPty("dumb", 40, 100, gossh.TerminalModes{}); err != nil {
		t.Fatal(err)
	}
	if err := sess.Shell(); err != nil {
		t.Fatal(err)
	}
	s.expect("Hello, readers")
	return s
}

// expect waits until text appears in what arrived since the last match.
func (s *screen) expect(text string) {
	s.t.Helper()
	end := time.After(deadline)
	for {
		s.mu.Lock()
		i := bytes.Index(s.out[s.seen:], []byte(text))
		if i >= 0 {
			s.seen += i + len(text)
		}
		s.mu.Unlock()
		if i >= 0 {
			return
		}
		select {
		case <-s.grown:
		case <-time.After(50 * time.Millisecond):
		case <-end:
			s.t.Fatalf("waited %v for %q; the screen got:\n%s", deadline, text, visible(s.bytes()))
		}
	}
}

// press types keys, one at a time, and waits for text to show after them.
// Keys go one per write so that each arrives as its own key press.
func (s *screen) press(text string, keys ...string) {
	s.t.Helper()
	for _, k := range keys {
		if _, err := io.WriteString(s.in, k); err != nil {
			s.t.Fatal(err)
		}
		time.Sleep(20 * time.Millisecond) // two keys in one read would be one paste
	}
	if text != "" {
		s.expect(text)
	}
}

// typeText types text as one paste, as a person's terminal delivers it.
func (s *screen) typeText(text string) {
	s.t.Helper()
	if _, err := io.WriteString(s.in, "\x1b[200~"+text+"\x1b[201~"); err != nil {
		s.t.Fatal(err)
	}
	time.Sleep(20 * time.Millisecond)
}

// visible shows a capture with escapes spelt out, for failure messages.
func visible(b []byte) string {
	s := strings.ReplaceAll(string(b), "\x1b", "␛")
	if len(s) > 4000 {
		s = "…" + s[len(s)-4000:]
	}
	return s
}
