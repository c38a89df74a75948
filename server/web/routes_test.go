package web

import (
	"bytes"
	"compress/gzip"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/sshblog/sshblog/blog"
)

// Every route answers with its status and type, and every answer carries
// the safe headers.
func TestEveryRoute(t *testing.T) {
	s := startSite(t)
	cases := []struct {
		path, accept string
		status       int
		kind         string // Content-Type prefix
		want         string // in the body
	}{
		{"/", "", 200, "text/html", "Difference between Networking and Making Friends"},
		{"/posts/" + seedSlug, "", 200, "text/html", "<h1>Difference between Networking and Making Friends</h1>"},
		{"/posts/" + seedSlug, "text/plain", 200, "text/plain", `title: "Difference between Networking and Making Friends"`},
		{"/posts/" + seedSlug + ".md", "", 200, "text/markdown", "Networking and making friends"},
		{"/tags", "", 200, "text/html", `href="/tags/friendship"`},
		{"/tags/friendship", "", 200, "text/html", "Posts tagged “friendship”"},
		{"/tags/friendship/feed.xml", "", 200, "application/atom+xml", "<feed"},
		{"/search?q=friends", "", 200, "text/html", "<mark>"},
		{"/search", "", 200, "text/html", `name="q"`},
		{"/feed.xml", "", 200, "application/atom+xml", "<feed"},
		{"/sitemap.xml", "", 200, "application/xml", "<urlset"},
		{"/robots.txt", "", 200, "text/plain", "Sitemap: "},
		{"/favicon.ico", "", 200, "image/svg+xml", "<svg"},
		{assets.CSS, "", 200, "text/css", "prefers-color-scheme"},
		{assets.JS, "", 200, "text/javascript", "EventSource"},
		{"/no/such/page", "", 404, "text/html", "Nothing here"},
		{"/posts/missing", "", 404, "text/html", "Nothing here"},
		{"/tags/missing", "", 404, "text/html", "Nothing here"},
		{"/?page=2", "", 404, "text/html", "Nothing here"},
		{"/static/style.0000000000.css", "", 404, "text/html", "Nothing here"},
		{"/" + seedSlug, "", 301, "text/html", ""},
	}
	for _, c := range cases {
		resp, body := s.get(t, "GET", c.path, "Accept", c.accept)
		if resp.StatusCode != c.status || !strings.HasPrefix(resp.Header.Get("Content-Type"), c.kind) || !strings.Contains(body, c.want) {
			t.Errorf("GET %s (Accept %q): %d %s; want %d %s with %q", c.path, c.accept, resp.StatusCode,
				resp.Header.Get("Content-Type"), c.status, c.kind, c.want)
		}
		checkSafeHeaders(t, c.path, resp.Header)
	}
	if resp, _ := s.get(t, "GET", "/"+seedSlug); resp.Header.Get("Location") != "/posts/"+seedSlug {
		t.Errorf("a post's address without /posts/ goes to %q", resp.Header.Get("Location"))
	}
	for _, method := range []string{"POST", "PUT", "DELETE"} {
		for _, path := range []string{"/", "/no-such-page"} {
			if resp, _ := s.get(t, method, path); resp.StatusCode != http.StatusMethodNotAllowed || resp.Header.Get("Allow") != "GET, HEAD" {
				t.Errorf("%s %s: %d, Allow %q", method, path, resp.StatusCode, resp.Header.Get("Allow"))
			}
		}
	}
}

func checkSafeHeaders(t *testing.T, path string, h http.Header) {
	t.Helper()
	csp := h.Get("Content-Security-Policy")
	if !strings.Contains(csp, "script-src 'self'") || strings.Contains(csp, "unsafe-inline") || !strings.Contains(csp, "frame-ancestors 'none'") {
		t.Errorf("%s: CSP %q", path, csp)
	}
	if h.Get("X-Content-Type-Options") != "nosniff" || h.Get("Referrer-Policy") == "" {
		t.Errorf("%s: nosniff %q, Referrer-Policy %q", path, h.Get("X-Content-Type-Options"), h.Get("Referrer-Policy"))
	}
}

// Pages revalidate with 304s, by ETag (of either encoding) and by date;
// static files are kept a year; pages vary by Accept and encoding.
func TestValidatorsAndCaching(t *testing.T) {
	s := startSite(t)
	for _, path := range []string{"/", "/posts/" + seedSlug, "/feed.xml", "/sitemap.xml", assets.CSS} {
		resp, _ := s.get(t, "GET", path)
		etag, modified := resp.Header.Get("ETag"), resp.Header.Get("Last-Modified")
		if etag == "" || modified == "" {
			t.Fatalf("%s: ETag %q, Last-Modified %q", path, etag, modified)
		}
		if again, body := s.get(t, "GET", path, "If-None-Match", etag); again.StatusCode != http.StatusNotModified || body != "" {
			t.Errorf("%s with its ETag: %d, %d bytes", path, again.StatusCode, len(body))
		}
		zipped, _ := s.get(t, "GET", path, "Accept-Encoding", "gzip")
		if zipped.Header.Get("ETag") == etag {
			t.Errorf("%s: the gzipped body has the same ETag as the plain one", path)
		}
		if again, _ := s.get(t, "GET", path, "If-None-Match", zipped.Header.Get("ETag")); again.StatusCode != http.StatusNotModified {
			t.Errorf("%s with the gzipped ETag, taken plain: %d", path, again.StatusCode)
		}
		if again, _ := s.get(t, "GET", path, "If-Modified-Since", modified); again.StatusCode != http.StatusNotModified {
			t.Errorf("%s If-Modified-Since its own date: %d", path, again.StatusCode)
		}
		if again, _ := s.get(t, "GET", path, "If-None-Match", `"other"`); again.StatusCode != http.StatusOK {
			t.Errorf("%s with another ETag: %d", path, again.StatusCode)
		}
	}
	page, _ := s.get(t, "GET", "/")
	if cc := page.Header.Get("Cache-Control"); !strings.Contains(cc, "s-maxage=") || !strings.Contains(cc, "max-age=0") {
		t.Errorf("a page's Cache-Control %q", cc)
	}
	if v := page.Header.Get("Vary"); v != "Accept, Accept-Encoding" {
		t.Errorf("Vary %q", v)
	}
	css, _ := s.get(t, "GET", assets.CSS)
	if cc := css.Header.Get("Cache-Control"); !strings.Contains(cc, "immutable") {
		t.Errorf("the stylesheet's Cache-Control %q", cc)
	}
}

// A page made for one request (a search, a 404) is not to be kept: it
// has no validators to revalidate by, so it never answers 304, and it is
// gzipped at gzip's fastest, while a kept page is gzipped at its best. The
// gzip header's XFL byte says which: 2 for the best, 4 for the fastest.
func TestOneOffPagesAreNotValidated(t *testing.T) {
	s := startSite(t)
	level := func(resp *http.Response, body string) byte {
		if resp.Header.Get("Content-Encoding") != "gzip" || len(body) < 10 {
			t.Fatalf("%s: not gzipped (%q, %d bytes)", resp.Request.URL, resp.Header.Get("Content-Encoding"), len(body))
		}
		return body[8]
	}
	for _, path := range []string{"/search?q=friends", "/no/such/page"} {
		resp, body := s.get(t, "GET", path, "Accept-Encoding", "gzip")
		h := resp.Header
		if h.Get("Cache-Control") != "no-store" || h.Get("ETag") != "" || h.Get("Last-Modified") != "" {
			t.Errorf("%s: Cache-Control %q, ETag %q, Last-Modified %q; want no-store alone", path, h.Get("Cache-Control"), h.Get("ETag"), h.Get("Last-Modified"))
		}
		if xfl := level(resp, body); xfl != 4 {
			t.Errorf("%s: gzipped with XFL %d, want 4 (fastest)", path, xfl)
		}
	}
	// A search page once carried an ETag and a date, and answered 304 (a
	// 404 never could: only a 200 is ever validated).
	if again, _ := s.get(t, "GET", "/search?q=friends", "If-Modified-Since", time.Now().Add(time.Hour).Format(http.TimeFormat)); again.StatusCode == http.StatusNotModified {
		t.Error("a search: 304 for a page nobody kept")
	}
	if xfl := level(s.get(t, "GET", "/", "Accept-Encoding", "gzip")); xfl != 2 {
		t.Errorf("the front page: gzipped with XFL %d, want 2 (best)", xfl)
	}
}

// HEAD gives GET's headers and no body.
func TestHead(t *testing.T) {
	s := startSite(t)
	for _, path := range []string{"/", "/posts/" + seedSlug, "/feed.xml", "/no/such"} {
		get, body := s.get(t, "GET", path)
		head, none := s.get(t, "HEAD", path)
		if head.StatusCode != get.StatusCode || none != "" || head.Header.Get("Content-Length") != get.Header.Get("Content-Length") ||
			head.Header.Get("ETag") != get.Header.Get("ETag") || len(body) == 0 {
			t.Errorf("HEAD %s: %d, %d bytes, length %s, ETag %s; GET: %d, length %s, ETag %s", path, head.StatusCode, len(none),
				head.Header.Get("Content-Length"), head.Header.Get("ETag"), get.StatusCode, get.Header.Get("Content-Length"), get.Header.Get("ETag"))
		}
	}
}

// A client that takes gzip gets the same page, smaller; one that refuses
// it (q=0) gets it plain.
func TestGzip(t *testing.T) {
	s := startSite(t)
	for _, path := range []string{"/", "/posts/" + seedSlug, "/feed.xml", assets.CSS} {
		_, plain := s.get(t, "GET", path)
		resp, zipped := s.get(t, "GET", path, "Accept-Encoding", "br, gzip")
		if resp.Header.Get("Content-Encoding") != "gzip" || len(zipped) >= len(plain) {
			t.Fatalf("%s: Content-Encoding %q, %d bytes against %d", path, resp.Header.Get("Content-Encoding"), len(zipped), len(plain))
		}
		zr, err := gzip.NewReader(strings.NewReader(zipped))
		if err != nil {
			t.Fatal(err)
		}
		unzipped, err := io.ReadAll(zr)
		if err != nil || !bytes.Equal(unzipped, []byte(plain)) {
			t.Errorf("%s: the gzipped body is not the page (%v)", path, err)
		}
		if resp, _ := s.get(t, "GET", path, "Accept-Encoding", "gzip;q=0"); resp.Header.Get("Content-Encoding") != "" {
			t.Errorf("%s: gzip;q=0 got %q", path, resp.Header.Get("Content-Encoding"))
		}
	}
}

// A new comment, and a hidden one, change the post's page (and its ETag);
// the page shows the thread as the reader does.
func TestCommentsChangeThePage(t *testing.T) {
	s := startSite(t)
	path := "/posts/" + seedSlug
	before, body := s.get(t, "GET", path)
	contains(t, "the page without comments", body, "No comments yet", "ssh -t -p 2222 blog.test read "+seedSlug,
		"echo 'Your comment' | ssh -p 2222 blog.test comment "+seedSlug)
	first := s.comment(t, "alice", seedSlug, 0, "First!")
	s.comment(t, "bob", seedSlug, first.ID, "A reply.")
	body = shows(t, s, path, "A reply.")
	contains(t, "the page with comments", body, "<h2 id=\"comments-heading\">2 comments</h2>", "<strong>alice</strong>", "First!", "<strong>bob</strong>")
	if strings.Index(body, "First!") > strings.Index(body, "A reply.") {
		t.Error("the reply comes before its comment")
	}
	after, _ := s.get(t, "GET", path, "If-None-Match", before.Header.Get("ETag"))
	if after.StatusCode != http.StatusOK {
		t.Errorf("the old ETag still matches: %d", after.StatusCode)
	}
	hidden := s.comment(t, "carol", seedSlug, 0, "Hide me.")
	admin := blog.Viewer{Fingerprint: "SHA256:admin", Admin: true}
	for id, action := range map[int64]string{first.ID: "delete", hidden.ID: "hide"} {
		if _, err := s.threads.Moderate(t.Context(), admin, id, action); err != nil {
			t.Fatal(err)
		}
	}
	_, body = s.get(t, "GET", path)
	if strings.Contains(body, "First!") || strings.Contains(body, "Hide me.") {
		t.Error("the page still shows the deleted or the hidden comment")
	}
	if strings.Contains(body, "carol") {
		t.Error("the hidden comment's author is shown")
	}
	contains(t, "the page after the delete", body, "[deleted]", "A reply.", "1 comment</h2>")
	_, list := s.get(t, "GET", "/")
	contains(t, "the list", list, "1 comment ·")
}
