package web

import (
	"net/http"
	"net/http/httptest"
	"testing"
)

// A cached page is served from memory: what one request costs the handler,
// headers and 304 check included, without the network.
func BenchmarkServePage(b *testing.B) {
	s := startSite(b)
	h := s.Handler()
	for _, path := range []string{"/", "/posts/" + seedSlug} {
		b.Run(path, func(b *testing.B) {
			req := httptest.NewRequest("GET", path, nil)
			req.Header.Set("Accept-Encoding", "gzip")
			b.ReportAllocs()
			for b.Loop() {
				w := httptest.NewRecorder()
				h.ServeHTTP(w, req)
				if w.Code != http.StatusOK {
					b.Fatal(w.Code)
				}
			}
		})
	}
}
