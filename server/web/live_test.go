package web

import (
	"bufio"
	"net/http"
	"strings"
	"testing"
)

// openStream opens the post's live stream from the address the proxy
// forwards for (the site trusts 127.0.0.1 as a proxy in these tests).
func openStream(t *testing.T, s *testSite, slug, from string) *http.Response {
	t.Helper()
	req, err := http.NewRequestWithContext(t.Context(), "GET", s.url+"/posts/"+slug+"/events", nil)
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("X-Forwarded-For", from)
	resp, err := s.client.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { resp.Body.Close() })
	return resp
}

// A post's stream says when its comments change; each
// address may hold so many streams, and the proxy's forwarded address is
// the one counted.
func TestLiveCommentStream(t *testing.T) {
	s := startSite(t, withLimits(Limits{StreamsPerAddress: 1}), withProxies("127.0.0.1/32"))
	s.get(t, "GET", "/posts/"+seedSlug) // cached before the comment
	resp := openStream(t, s, seedSlug, "127.1.0.1")
	if resp.StatusCode != http.StatusOK || resp.Header.Get("Content-Type") != "text/event-stream" {
		t.Fatalf("stream: %d %s", resp.StatusCode, resp.Header.Get("Content-Type"))
	}
	events := bufio.NewReader(resp.Body)
	if line, err := events.ReadString('\n'); err != nil || !strings.HasPrefix(line, "retry:") {
		t.Fatalf("first line %q, %v", line, err)
	}
	if second := openStream(t, s, seedSlug, "127.1.0.1"); second.StatusCode != http.StatusTooManyRequests {
		t.Errorf("a second stream from the same address: %d", second.StatusCode)
	}
	if other := openStream(t, s, seedSlug, "127.2.0.1"); other.StatusCode != http.StatusOK {
		t.Errorf("a stream from another address: %d", other.StatusCode)
	}
	s.comment(t, "alice", "love-or-lust", 0, "elsewhere")
	s.comment(t, "bob", seedSlug, 0, "here")
	for {
		line, err := events.ReadString('\n')
		if err != nil {
			t.Fatalf("the stream ended: %v", err)
		}
		if line == "data: changed\n" {
			break
		}
		if line != "\n" {
			t.Fatalf("unexpected line %q", line)
		}
	}
	shows(t, s, "/posts/"+seedSlug, "here") // what the page's script loads when told
	if missing := openStream(t, s, "no-such-post", "127.3.0.1"); missing.StatusCode != http.StatusNotFound {
		t.Errorf("a stream for no post: %d", missing.StatusCode)
	}
}

// Searches are limited per address: the forwarded one from a trusted
// proxy, the connection's own otherwise (so a forged header gains nothing).
func TestSearchLimitPerAddress(t *testing.T) {
	s := startSite(t, withLimits(Limits{SearchesPerMinute: 1, SearchBurst: 2}), withProxies("127.0.0.1/32"))
	search := func(from string) int {
		resp, _ := s.get(t, "GET", "/search?q=friends", "X-Forwarded-For", from)
		return resp.StatusCode
	}
	for i := range 2 {
		if code := search("198.51.100.7"); code != http.StatusOK {
			t.Fatalf("search %d: %d", i+1, code)
		}
	}
	if code := search("198.51.100.7"); code != http.StatusTooManyRequests {
		t.Errorf("the third search in a burst of two: %d", code)
	}
	if code := search("203.0.113.9, 198.51.100.8"); code != http.StatusOK {
		t.Errorf("another client behind the proxy: %d", code)
	}

	direct := startSite(t, withLimits(Limits{SearchesPerMinute: 1, SearchBurst: 2}))
	for i, forged := range []string{"198.51.100.1", "198.51.100.2", "198.51.100.3"} {
		resp, body := direct.get(t, "GET", "/search?q=friends", "X-Forwarded-For", forged)
		if want := map[bool]int{true: 200, false: 429}[i < 2]; resp.StatusCode != want {
			t.Errorf("untrusted search %d (forged %s): %d, want %d", i+1, forged, resp.StatusCode, want)
		}
		if i == 2 {
			contains(t, "the refusal", body, "Too many searches from your address")
		}
	}
}

// Shutting down ends the open streams instead of waiting for them.
func TestShutdownEndsStreams(t *testing.T) {
	s := startSite(t)
	resp := openStream(t, s, seedSlug, "")
	events := bufio.NewReader(resp.Body)
	events.ReadString('\n') // the retry line: the stream is open
	if err := s.Shutdown(t.Context()); err != nil {
		t.Fatalf("shutdown: %v", err)
	}
	for {
		if _, err := events.ReadString('\n'); err != nil {
			return // ended
		}
	}
}
