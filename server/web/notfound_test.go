package web

import (
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/prometheus/client_golang/prometheus/testutil"
)

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
