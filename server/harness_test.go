package server

import (
	"bytes"
	"context"
	"crypto/ed25519"
	"crypto/rand"
	"errors"
	"io"
	"log/slog"
	"path/filepath"
	"strconv"
	"testing"
	"time"

	gossh "golang.org/x/crypto/ssh"

	"github.com/sshblog/sshblog/blog"
	"github.com/sshblog/sshblog/data"
	"github.com/sshblog/sshblog/posts"
	"github.com/sshblog/sshblog/tui"
)

// waitLong bounds every wait for something the server does: generous, so a
// slow machine passes; a test that is right never waits this long.
const waitLong = 30 * time.Second

// testSetup is what startServer's options change: the server's Config and
// the blog it serves.
type testSetup struct {
	Config
	posts     []posts.Post    // the sample blog's unless an option says
	rateLimit posts.RateLimit // on each reader's comments
	address   string          // what readers type after ssh; "" for the listen address
	baseURL   string          // where the blog is on the web; "" for nowhere
	perAddr   posts.AddressLimits
	library   func(blog.Library) blog.Library // wraps the store the blog reads
	clock     *testClock                      // of the store, the services and the readers
	publish   bool                            // admins publish into the store
}

// serverOption changes what startServer starts.
type serverOption func(*testSetup)

func withLimits(lim Limits) serverOption {
	return func(s *testSetup) { s.Limits = lim }
}

// withStallLimit sets how long a write to a terminal may block.
func withStallLimit(d time.Duration) serverOption {
	return func(s *testSetup) { s.StallLimit = d }
}

// withLog has the server log to w.
func withLog(w io.Writer) serverOption {
	return func(s *testSetup) { s.Log = slog.New(slog.NewTextHandler(w, nil)) }
}

// withAdmins lets keys moderate.
func withAdmins(keys ...gossh.Signer) serverOption {
	return func(s *testSetup) {
		s.Admins = map[string]bool{}
		for _, k := range keys {
			s.Admins[keyFingerprint(k)] = true
		}
	}
}

// withRateLimit lets each reader comment n times a minute.
func withRateLimit(n int) serverOption {
	return func(s *testSetup) { s.rateLimit.Count = n }
}

// withAddress tells readers to type address after ssh.
func withAddress(address string) serverOption {
	return func(s *testSetup) { s.address = address }
}

// withBaseURL puts the blog on the web at base.
func withBaseURL(base string) serverOption {
	return func(s *testSetup) { s.baseURL = base }
}

// withAddressLimits limits what each address may do, whatever its keys.
func withAddressLimits(l posts.AddressLimits) serverOption {
	return func(s *testSetup) { s.perAddr = l }
}

// withPublishing lets admins publish, into the store (no posts folder).
func withPublishing() serverOption {
	return func(s *testSetup) { s.publish = true }
}

// testSlug names the one post of withOnePost's blog.
const testSlug = "hello"

// withOnePost serves a blog of one post, three days old, to comment on.
func withOnePost() serverOption {
	return func(s *testSetup) {
		s.posts = []posts.Post{{Slug: testSlug, Title: "Hello, readers", Author: "Ann", Published: testDay.Add(-72 * time.Hour),
			Summary: "A short post.", Body: "A short post to comment on."}}
	}
}

// startServer serves a blog, the sample one unless opts say otherwise, from
// a real store in a temp dir on a loopback port, and stops it when the test
// ends.
func startServer(t testing.TB, opts ...serverOption) *Server {
	t.Helper()
	sample, err := posts.Sample()
	if err != nil {
		t.Fatal(err)
	}
	setup := testSetup{Config: Config{Listen: "127.0.0.1:0"}, posts: sample, rateLimit: posts.DefaultRateLimit, clock: newTestClock()}
	for _, opt := range opts {
		opt(&setup)
	}
	dir := t.TempDir()
	store, err := data.Open(filepath.Join(dir, "blog.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { store.Close() })
	store.Now = setup.clock.Now
	ctx := context.Background()
	if _, err := store.SeedIfEmpty(ctx, setup.posts); err != nil {
		t.Fatal(err)
	}
	cache := tui.NewRenderCache(8 << 20)
	var lib blog.Library = store
	if setup.library != nil {
		lib = setup.library(store)
	}
	b, err := blog.New(ctx, "Test Blog", lib, setup.clock.Now)
	if err != nil {
		t.Fatal(err)
	}
	b.Address, b.BaseURL = setup.address, setup.baseURL
	if b.InstallID, err = store.InstallID(ctx); err != nil {
		t.Fatal(err)
	}
	hostKey, err := LoadOrCreateHostKey(filepath.Join(dir, "host_ed25519"))
	if err != nil {
		t.Fatal(err)
	}
	if setup.HostKeyECDSA, err = LoadOrCreateECDSAHostKey(filepath.Join(dir, "host_ecdsa")); err != nil {
		t.Fatal(err)
	}
	cfg := setup.Config
	cfg.HostKey, cfg.Blog, cfg.Catalog, cfg.Visits, cfg.RenderCache = hostKey, b, store, blog.NewVisits(store, b), cache
	cfg.Reader = tui.NewBlog(b, cache)
	cfg.Threads = blog.NewThreads(store, b, setup.rateLimit)
	cfg.Threads.LimitAddresses(setup.perAddr)
	cfg.Accounts = blog.NewAccounts(store, b, setup.Admins)
	cfg.Inbox = blog.NewInbox(store, cfg.Threads)
	cfg.Reading = blog.NewReading(store, b, func(err error) { t.Errorf("writing positions: %v", err) })
	t.Cleanup(func() { cfg.Reading.Close() })
	if setup.publish {
		cfg.Publisher = blog.NewPublisher(store, b, nil)
	}
	srv, err := New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	if err := srv.Start(); err != nil {
		t.Fatal(err)
	}
	served := make(chan error, 1)
	go func() { served <- srv.Serve() }()
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		srv.Shutdown(ctx)
		<-served
	})
	return srv
}

// newKey makes a fresh ed25519 client key.
func newKey(t testing.TB) gossh.Signer {
	t.Helper()
	_, priv, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	signer, err := gossh.NewSignerFromKey(priv)
	if err != nil {
		t.Fatal(err)
	}
	return signer
}

// keyFingerprint is the identity the server gives a key.
func keyFingerprint(k gossh.Signer) string { return gossh.FingerprintSHA256(k.PublicKey()) }

// keyless answers keyboard-interactive with nothing, as a person without a
// key would see it: no questions.
var keyless = gossh.KeyboardInteractive(func(string, string, []string, []bool) ([]string, error) { return nil, nil })

// clientConfig logs in as user with auth, trusting the host key of the
// server the test started.
func clientConfig(user string, auth ...gossh.AuthMethod) *gossh.ClientConfig {
	return &gossh.ClientConfig{User: user, Auth: auth, HostKeyCallback: gossh.InsecureIgnoreHostKey(), Timeout: waitLong}
}

// dial logs in as user, and logs out when the test ends.
func dial(t testing.TB, srv *Server, user string, auth ...gossh.AuthMethod) *gossh.Client {
	t.Helper()
	client, err := gossh.Dial("tcp", srv.Addr().String(), clientConfig(user, auth...))
	if err != nil {
		t.Fatalf("dial as %s: %v", user, err)
	}
	t.Cleanup(func() { client.Close() })
	return client
}

// run runs `ssh HOST cmd` without a terminal, with stdin as its input, and
// returns its output, errors and exit status. Like OpenSSH's client, it
// does not count a command that ends before reading all its input as an
// error. Output without a terminal must carry no escape sequences.
func run(t testing.TB, client *gossh.Client, cmd, stdin string) (stdout, stderr string, status int) {
	t.Helper()
	session, err := client.NewSession()
	if err != nil {
		t.Fatal(err)
	}
	defer session.Close()
	var out, errOut bytes.Buffer
	session.Stdout, session.Stderr = &out, &errOut
	in, err := session.StdinPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := session.Start(cmd); err != nil {
		t.Fatal(err)
	}
	go func() {
		io.WriteString(in, stdin)
		in.Close()
	}()
	status = exitStatus(t, strconv.Quote(cmd), session.Wait())
	if bytes.ContainsRune(out.Bytes(), 0x1b) || bytes.ContainsRune(errOut.Bytes(), 0x1b) {
		t.Errorf("%q: output without a terminal carries escape sequences", cmd)
	}
	return out.String(), errOut.String(), status
}

// exitStatus is the status with which a session ended, as its Wait
// reports it; what ended without one fails the test.
func exitStatus(t testing.TB, what string, err error) int {
	t.Helper()
	var exit *gossh.ExitError
	switch {
	case err == nil:
		return 0
	case errors.As(err, &exit):
		return exit.ExitStatus()
	}
	t.Fatalf("%s ended without a status: %v", what, err)
	return -1
}
