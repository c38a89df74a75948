package web

import (
	"net/http"
	"time"
)

// Handler routes every request. Posts live under /posts/ so that no slug
// can clash with the other pages or the static files.
func (s *Site) Handler() http.Handler {
	mux := http.NewServeMux()
	handle := func(pattern, route string, h http.HandlerFunc) {
		mux.Handle(pattern, s.metrics.count(route, h))
	}
	handle("GET /{$}", "list", s.list)
	handle("GET /posts/{file}", "post", s.post)
	handle("GET /posts/{slug}/events", "events", s.events)
	handle("GET /tags", "tags", s.tags)
	handle("GET /tags/{tag}", "tag", s.tag)
	handle("GET /tags/{tag}/feed.xml", "feed", s.tagFeed)
	handle("GET /search", "search", s.search)
	handle("GET /feed.xml", "feed", s.feed)
	handle("GET /inbox/{file}", "inbox_feed", s.inboxFeed)
	handle("GET /sitemap.xml", "sitemap", s.sitemap)
	handle("GET /robots.txt", "robots", s.robots)
	handle("GET /favicon.ico", "static", s.favicon)
	handle("GET /static/{file}", "static", s.static)
	handle("/", "not_found", s.notFound)
	return s.guard(mux)
}

// safeHeaders go on every response, under their canonical names: a slice,
// as every request walks it. No value has spare capacity, so a handler's
// Add cannot write into it.
var safeHeaders = []struct {
	name  string
	value []string
}{
	{"Content-Security-Policy", []string{"default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' https: data:; connect-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"}},
	{"X-Content-Type-Options", []string{"nosniff"}},
	{"Referrer-Policy", []string{"strict-origin-when-cross-origin"}},
	{"X-Frame-Options", []string{"DENY"}},
	{"Cross-Origin-Opener-Policy", []string{"same-origin"}},
}

func setSafeHeaders(h http.Header) {
	for _, sh := range safeHeaders {
		h[sh.name] = sh.value
	}
}

// maxBody is the most a request may carry: every route reads, none takes
// a body.
const maxBody = 1 << 10

// guard sets the headers every response carries and turns away what no
// route takes: other methods, and bodies.
func (s *Site) guard(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		setSafeHeaders(h)
		if r.Method != http.MethodGet && r.Method != http.MethodHead {
			h.Set("Allow", "GET, HEAD")
			http.Error(w, "This blog is read-only on the web: comment over SSH.", http.StatusMethodNotAllowed)
			return
		}
		if r.ContentLength > maxBody {
			http.Error(w, "Request too large.", http.StatusRequestEntityTooLarge)
			return
		}
		if r.Body != http.NoBody {
			r.Body = http.MaxBytesReader(w, r.Body, maxBody)
		}
		next.ServeHTTP(w, r)
	})
}

// fail answers a request the site could not serve for an internal reason.
func (s *Site) fail(w http.ResponseWriter, r *http.Request, err error) {
	s.cfg.Log.Error("web page", "path", r.URL.Path, "err", err)
	w.Header().Set("Retry-After", "5")
	http.Error(w, "Something went wrong on our side; try again in a moment.", http.StatusInternalServerError)
}

// storageTimeout bounds the storage calls of one request.
const storageTimeout = 5 * time.Second
