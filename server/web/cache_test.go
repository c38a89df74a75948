package web

import (
	"errors"
	"fmt"
	"net/http"
	"strings"
	"sync"
	"testing"
	"testing/synctest"
	"time"

	"github.com/prometheus/client_golang/prometheus/testutil"
)

// Pages are built once per origin and kept for a few: a blog reached by
// two names serves both from memory, and a stranger sending made-up Host
// headers pays for each build from their address's allowance instead of
// making the server render for every request.
func TestHostsCannotFloodThePages(t *testing.T) {
	s := startSite(t, withLimits(Limits{SearchesPerMinute: 1, SearchBurst: 3}), withProxies("127.0.0.1/32"))
	get := func(host, from string) (int, string) {
		t.Helper()
		req, err := http.NewRequest("GET", s.url+"/", nil)
		if err != nil {
			t.Fatal(err)
		}
		req.Host = host
		req.Header.Set("X-Forwarded-For", from)
		resp, err := s.client.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		return resp.StatusCode, resp.Header.Get("Retry-After")
	}
	builds := func() int { return int(testutil.ToFloat64(s.metrics.builds)) }

	for range 5 {
		for _, host := range []string{"blog.test", "www.blog.test"} {
			if code, _ := get(host, "198.51.100.1"); code != http.StatusOK {
				t.Fatalf("%s: %d", host, code)
			}
		}
	}
	if n := builds(); n != 2 {
		t.Errorf("two names asked for five times each: %d builds, want 2", n)
	}

	if code, _ := get("made-up-1.test", "198.51.100.1"); code != http.StatusOK {
		t.Errorf("a third name, within the allowance: %d", code)
	}
	if code, retry := get("made-up-2.test", "198.51.100.1"); code != http.StatusTooManyRequests || retry == "" {
		t.Errorf("a fourth new name from the same address: %d (Retry-After %q), want 429 with Retry-After", code, retry)
	}
	if code, _ := get("blog.test", "198.51.100.1"); code != http.StatusOK {
		t.Errorf("a kept name, after the refusal: %d", code)
	}
	before := builds()
	if code, _ := get("www.blog.test", "198.51.100.1"); code != http.StatusOK || builds() != before {
		t.Errorf("a kept name: %d, %d builds (was %d)", code, builds(), before)
	}

	// Strangers elsewhere fill the origins kept; the least recently asked
	// for leaves, and comes back for one build.
	for i := range maxOrigins {
		if code, _ := get(fmt.Sprintf("flood-%d.test", i), fmt.Sprintf("203.0.113.%d", i+1)); code != http.StatusOK {
			t.Fatalf("flood %d: %d", i, code)
		}
	}
	before = builds()
	if code, _ := get("blog.test", "192.0.2.1"); code != http.StatusOK || builds() != before+1 {
		t.Errorf("a name pushed out: %d, %d builds (was %d), want one more", code, builds(), before)
	}
}

// Requests that miss the same page together wait for one build.
func TestOneBuildForRequestsThatMissTogether(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		c := newPages()
		at := place{path: "/", origin: "http://blog.test"}
		release, builds := make(chan struct{}), 0
		build := func() (*page, error) {
			builds++
			<-release
			return newPage(http.StatusOK, "text/plain", []byte("the list"), time.Unix(0, 0)), nil
		}
		got := make([]*page, 10)
		var wg sync.WaitGroup
		ask := func(i int) {
			wg.Go(func() {
				p, err := c.get(at, uses{}, admitted, build)
				if err != nil {
					t.Error(err)
				}
				got[i] = p
			})
		}
		ask(0)
		synctest.Wait() // the first is building
		for i := 1; i < len(got); i++ {
			ask(i)
		}
		synctest.Wait() // the others wait for it
		close(release)
		wg.Wait()
		if builds != 1 {
			t.Errorf("%d builds for %d requests that missed together, want 1", builds, len(got))
		}
		for i, p := range got {
			if p == nil || p != got[0] {
				t.Errorf("request %d got another page", i)
			}
		}
		if p, _ := c.get(at, uses{}, admitted, build); p != got[0] || builds != 1 {
			t.Errorf("a later request built again (%d builds)", builds)
		}
	})
}

// The fast path's lookup finds a page being rendered once it is, and
// finds none where none is being rendered.
func TestFreshWaitsForARenderUnderWay(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		c := newPages()
		at := place{path: "/", origin: "http://blog.test"}
		if p, _, _ := c.fresh(at, uses{}); p != nil {
			t.Fatal("a page found before any was rendered")
		}
		release := make(chan struct{})
		rendered := make(chan *page, 1)
		go func() {
			p, _ := c.get(at, uses{}, admitted, func() (*page, error) {
				<-release
				return newPage(http.StatusOK, "text/plain", []byte("the list"), time.Unix(0, 0)), nil
			})
			rendered <- p
		}()
		synctest.Wait() // rendering
		found := make(chan *page, 1)
		go func() {
			p, _, _ := c.fresh(at, uses{})
			found <- p
		}()
		synctest.Wait()
		if len(found) != 0 {
			t.Fatal("the lookup did not wait for the render under way")
		}
		close(release)
		if p, q := <-found, <-rendered; p == nil || p != q {
			t.Errorf("the lookup found %p, the render made %p", p, q)
		}
	})
}

// admitted admits every build.
func admitted() bool { return true }

// A build for a new origin that its asker's allowance refuses is not
// started, so nobody waits on it; requests that wait for a build someone
// else was admitted to get its page and are not charged.
func TestRefusedAskersLeaveNoBuild(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		c, at := newPages(), place{path: "/", origin: "http://new.test"}
		builds, release := 0, make(chan struct{})
		build := func() (*page, error) {
			builds++
			<-release
			return newPage(http.StatusOK, "text/plain", []byte("the list"), time.Unix(0, 0)), nil
		}
		if _, err := c.get(at, uses{}, func() bool { return false }, build); !errors.Is(err, errTooMany) || builds != 0 || len(c.rendering) != 0 {
			t.Fatalf("a refused asker: %v, %d builds, %d under way; want errTooMany and none", err, builds, len(c.rendering))
		}
		var wg sync.WaitGroup
		wg.Go(func() {
			if _, err := c.get(at, uses{}, admitted, build); err != nil {
				t.Error(err)
			}
		})
		synctest.Wait() // the admitted one is building
		charged := 0
		got := make([]*page, 5)
		for i := range got {
			wg.Go(func() {
				p, err := c.get(at, uses{}, func() bool { charged++; return false }, build)
				if err != nil {
					t.Errorf("waiter %d: %v", i, err)
				}
				got[i] = p
			})
		}
		synctest.Wait() // the others wait for it
		close(release)
		wg.Wait()
		if builds != 1 || charged != 0 {
			t.Errorf("%d builds, %d waiters charged; want 1 and 0", builds, charged)
		}
		for i, p := range got {
			if p == nil || p != got[0] {
				t.Errorf("waiter %d got another page", i)
			}
		}
	})
}

// A comment changes its post's page and the list, not another post's page,
// which shows none of its counts.
func TestACommentRebuildsOnlyItsPost(t *testing.T) {
	s := startSite(t)
	var other string
	for _, p := range s.cfg.Blog.Posts() {
		if p.Slug != seedSlug {
			other = "/posts/" + p.Slug
			break
		}
	}
	if other == "" {
		t.Fatal("the sample has one post")
	}
	s.get(t, "GET", other)
	s.comment(t, "alice", seedSlug, 0, "Elsewhere.")
	shows(t, s, "/posts/"+seedSlug, "Elsewhere.")
	before := testutil.ToFloat64(s.metrics.builds)
	s.get(t, "GET", other)
	if n := testutil.ToFloat64(s.metrics.builds) - before; n != 0 {
		t.Errorf("a comment on another post rebuilt %s (%v builds)", other, n)
	}
	shows(t, s, "/", "1 comment ·")
}

// A comment rebuilds the pages that show comments or their counts and no
// other: robots.txt, the sitemap, the tags, the feeds and a post's text
// are served from memory after it.
func TestACommentRebuildsOnlyWhatShowsIt(t *testing.T) {
	s := startSite(t)
	unchanged := []string{"/robots.txt", "/sitemap.xml", "/tags", "/feed.xml", "/tags/friendship/feed.xml", "/posts/" + seedSlug + ".md"}
	for _, path := range append(unchanged, "/", "/tags/friendship") {
		s.get(t, "GET", path)
	}
	s.comment(t, "alice", seedSlug, 0, "Counted.")
	shows(t, s, "/", "1 comment ·")
	shows(t, s, "/tags/friendship", "1 comment ·")
	before := testutil.ToFloat64(s.metrics.builds)
	for _, path := range unchanged {
		s.get(t, "GET", path)
		if n := testutil.ToFloat64(s.metrics.builds) - before; n != 0 {
			t.Errorf("a comment rebuilt %s", path)
			before += n
		}
	}
}

// Made-up addresses neither grow the cache nor cost a render each: an
// address gets 404 pages that name what it asked for while its searches
// last, then the one 404 page kept for everyone, built once; still a 404,
// not a refusal.
func TestMadeUpAddressesCostOne404(t *testing.T) {
	s := startSite(t, withLimits(Limits{SearchesPerMinute: 1, SearchBurst: 2}), withProxies("127.0.0.1/32"))
	get := func(path, from string) (int, string) {
		resp, body := s.get(t, "GET", path, "X-Forwarded-For", from)
		return resp.StatusCode, body
	}
	for i := range 2 {
		path := fmt.Sprintf("/made-up-%d", i)
		if code, body := get(path, "198.51.100.1"); code != http.StatusNotFound || !strings.Contains(body, "<code>"+path+"</code>") {
			t.Errorf("404 %d within the allowance: %d, names the address: %v", i, code, strings.Contains(body, path))
		}
	}
	builds := func() float64 { return testutil.ToFloat64(s.metrics.builds) }
	kept := func() int {
		s.pages.mu.Lock()
		defer s.pages.mu.Unlock()
		return len(s.pages.byPlace)
	}
	before, keptBefore := builds(), kept()
	for i := 2; i < 50; i++ {
		path := fmt.Sprintf("/made-up-%d", i)
		code, body := get(path, "198.51.100.1")
		if code != http.StatusNotFound || strings.Contains(body, path) || !strings.Contains(body, "There is no page at this address") {
			t.Fatalf("404 %d over the allowance: %d, names the address: %v", i, code, strings.Contains(body, path))
		}
	}
	if n := builds() - before; n != 1 {
		t.Errorf("48 made-up addresses over the allowance: %v builds, want 1", n)
	}
	if n := kept() - keptBefore; n != 1 {
		t.Errorf("48 made-up addresses over the allowance: %d pages kept more, want 1", n)
	}
	if code, body := get("/made-up-0", "203.0.113.1"); code != http.StatusNotFound || !strings.Contains(body, "<code>/made-up-0</code>") {
		t.Errorf("another address: %d, names the address: %v", code, strings.Contains(body, "/made-up-0"))
	}
}
