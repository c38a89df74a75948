package web

import (
	"bufio"
	"bytes"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"
)

// A cached page over a kept-alive loopback connection, as wrk asks for it:
// what one request costs the whole server, on the fast path (the list and
// a post) or net/http (a tag). The client reads into one buffer and
// allocates nothing, so allocs/op are the server's.
func BenchmarkServePage(b *testing.B) {
	s := startSite(b)
	for _, path := range []string{"/", "/posts/" + seedSlug, "/tags/friendship"} {
		b.Run(path, func(b *testing.B) {
			conn, err := net.Dial("tcp", strings.TrimPrefix(s.url, "http://"))
			if err != nil {
				b.Fatal(err)
			}
			defer conn.Close()
			req := []byte("GET " + path + " HTTP/1.1\r\nHost: blog.test\r\nAccept-Encoding: gzip\r\n\r\n")
			s.ask(b, string(req)) // renders it: a connection whose first ask misses is net/http's
			in := bufio.NewReaderSize(conn, 64<<10)
			body := make([]byte, 64<<10)
			b.ReportAllocs()
			for b.Loop() {
				if _, err := conn.Write(req); err != nil {
					b.Fatal(err)
				}
				if n := readResponse(b, in, body); n == 0 {
					b.Fatal("empty body")
				}
			}
		})
	}
}

// readResponse reads one response with a Content-Length into body and
// returns the body's length; a status other than 200 fails b.
func readResponse(b *testing.B, in *bufio.Reader, body []byte) int {
	n := -1
	for first := true; ; first = false {
		line, err := in.ReadSlice('\n')
		if err != nil {
			b.Fatal(err)
		}
		if first && !bytes.HasPrefix(line, []byte("HTTP/1.1 200 ")) {
			b.Fatalf("status line %q", line)
		}
		if len(line) <= 2 {
			break
		}
		if v, ok := bytes.CutPrefix(line, []byte("Content-Length: ")); ok {
			n, _ = strconv.Atoi(string(bytes.TrimSpace(v)))
		}
	}
	if n < 0 || n > len(body) {
		b.Fatalf("content length %d", n)
	}
	if _, err := io.ReadFull(in, body[:n]); err != nil {
		b.Fatal(err)
	}
	return n
}

// A 404, which anyone may ask for at any address and which is made per
// request: the page rendered and gzipped, without the network.
func BenchmarkNotFound(b *testing.B) {
	s := startSite(b)
	h := s.Handler()
	b.ReportAllocs()
	for b.Loop() {
		w := httptest.NewRecorder()
		r := httptest.NewRequest("GET", "/no/such/page", nil)
		r.Header.Set("Accept-Encoding", "gzip")
		h.ServeHTTP(w, r)
		if w.Code != http.StatusNotFound || w.Header().Get("Content-Encoding") != "gzip" {
			b.Fatalf("%d, encoding %q", w.Code, w.Header().Get("Content-Encoding"))
		}
	}
}
