package web

import (
	"context"
	"io"
	"net"
	"net/http"
	"net/netip"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/sshblog/sshblog/blog"
	"github.com/sshblog/sshblog/data"
	"github.com/sshblog/sshblog/posts"
)

// testSite is a site serving a real store on a loopback port.
type testSite struct {
	*Site
	url     string
	store   *data.Store
	client  *http.Client // takes no gzip unless asked, so tests see the bytes sent
	threads *blog.Threads
	inbox   *blog.Inbox
}

// setup is what startSite starts.
type setup struct {
	Config
	posts   []posts.Post
	baseURL string
	ln      net.Listener // a loopback port unless set
}

type siteOption func(*setup)

// withPosts serves list instead of the sample blog.
func withPosts(list ...posts.Post) siteOption { return func(s *setup) { s.posts = list } }

func withLimits(l Limits) siteOption { return func(s *setup) { s.Limits = l } }

func withBaseURL(base string) siteOption { return func(s *setup) { s.baseURL = base } }

func withListener(ln net.Listener) siteOption { return func(s *setup) { s.ln = ln } }

func withProxies(p ...string) siteOption {
	return func(s *setup) {
		for _, p := range p {
			s.TrustedProxies = append(s.TrustedProxies, netip.MustParsePrefix(p))
		}
	}
}

func startSite(t testing.TB, opts ...siteOption) *testSite {
	t.Helper()
	sample, err := posts.Sample()
	if err != nil {
		t.Fatal(err)
	}
	set := setup{Config: Config{Limits: DefaultLimits}, posts: sample}
	for _, o := range opts {
		o(&set)
	}
	cfg := set.Config
	store, err := data.Open(filepath.Join(t.TempDir(), "blog.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { store.Close() })
	ctx := context.Background()
	if _, err := store.SeedIfEmpty(ctx, set.posts); err != nil {
		t.Fatal(err)
	}
	b, err := blog.New(ctx, "Test Blog", store, time.Now)
	if err != nil {
		t.Fatal(err)
	}
	b.Address, b.BaseURL = "-p 2222 blog.test", set.baseURL
	if b.InstallID, err = store.InstallID(ctx); err != nil {
		t.Fatal(err)
	}
	threads := blog.NewThreads(store, b, posts.RateLimit{})
	b.OnPostsChanged(threads.Hub().PostsChanged)
	cfg.Blog, cfg.Threads, cfg.Inbox = b, threads, blog.NewInbox(store, threads)
	site := New(cfg)
	ln := set.ln
	if ln == nil {
		if ln, err = net.Listen("tcp", "127.0.0.1:0"); err != nil {
			t.Fatal(err)
		}
	}
	served := make(chan error, 1)
	go func() { served <- site.Serve(ln) }()
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		if err := site.Shutdown(ctx); err != nil {
			t.Errorf("shutdown: %v", err)
		}
		if err := <-served; err != nil {
			t.Errorf("serve: %v", err)
		}
	})
	return &testSite{Site: site, url: "http://" + ln.Addr().String(), store: store, threads: threads, inbox: cfg.Inbox,
		client: &http.Client{Transport: &http.Transport{DisableCompression: true},
			CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}}
}

// get fetches path with the headers given as name, value pairs.
func (s *testSite) get(t testing.TB, method, path string, headers ...string) (*http.Response, string) {
	t.Helper()
	req, err := http.NewRequest(method, s.url+path, nil)
	if err != nil {
		t.Fatal(err)
	}
	for i := 0; i+1 < len(headers); i += 2 {
		req.Header.Set(headers[i], headers[i+1])
	}
	resp, err := s.client.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return resp, string(body)
}

// comment posts text under slug as user, as the SSH side would.
func (s *testSite) comment(t testing.TB, user, slug string, parent int64, text string) posts.Comment {
	t.Helper()
	v := blog.Viewer{Fingerprint: "SHA256:" + user, PublicKey: "ssh-ed25519 AAAA" + user, User: user}
	c, err := s.threads.Add(context.Background(), v, slug, parent, text)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// seedSlug is the sample blog's newest post.
const seedSlug = "difference-between-networking-and-making-friends"

func contains(t testing.TB, what, body string, want ...string) {
	t.Helper()
	for _, w := range want {
		if !strings.Contains(body, w) {
			t.Errorf("%s lacks %q", what, w)
		}
	}
}

// shows gets the page at path, which must hold want already: the hub tells
// the cache of a comment before the call that made it returns.
func shows(t *testing.T, s *testSite, path, want string) string {
	t.Helper()
	_, body := s.get(t, "GET", path)
	contains(t, path, body, want)
	return body
}
