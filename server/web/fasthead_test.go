package web

import (
	"bufio"
	"io"
	"net/http"
	"strings"
	"testing"
	"testing/iotest"

	"golang.org/x/net/http/httpguts"
)

// Whatever head the fast path takes, net/http reads alike: the same
// request, taken, with the same headers for what the fast path reads of
// it. A head the fast path refuses is net/http's to answer, so refusing
// is always safe; taking one net/http would read otherwise is not.
func FuzzParseHead(f *testing.F) {
	for _, seed := range []string{
		"GET / HTTP/1.1\r\nHost: blog.test\r\n\r\n",
		"HEAD /posts/a-b-1 HTTP/1.1\r\nhost: 127.0.0.1:8080\r\nAccept-Encoding: gzip;q=0.5, br\r\naccept-encoding: *;q=0\r\n\r\n",
		"GET /posts/x HTTP/1.1\r\nHost: [::1]:80\r\nIf-None-Match: W/\"a\", \"b-gz\"\r\nIf-Modified-Since: Mon, 01 Jan 2001 00:00:00 GMT\r\n\r\n",
		"GET / HTTP/1.1\r\nHost: x\r\nAccept: text/plain;q=0.9, text/html\r\nX-Forwarded-Proto: https\r\nConnection: Keep-Alive\r\n\r\n",
		"GET / HTTP/1.1\r\nHost: x\r\nUser-Agent: \t ü \t\r\nCookie: a=b\r\n\r\n",
		"GET / HTTP/1.1\r\nHost: x\r\n continued\r\n\r\n",
		"GET / HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\n\r\n",
		"GET / HTTP/1.1\r\nHost: x\rHost: y\r\n\r\n",
		"GET  / HTTP/1.1\r\nHost: x\r\n\r\n",
		"GET /posts/../ HTTP/1.1\r\nHost: x\r\n\r\n",
	} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, head string) {
		raw, err := readHead(bufio.NewReaderSize(strings.NewReader(head), fastBuffer), func() {})
		if err != nil || raw == nil {
			return
		}
		// However the bytes come, the head is the same.
		for _, slow := range []func(io.Reader) io.Reader{iotest.OneByteReader, iotest.HalfReader} {
			if again, err := readHead(bufio.NewReaderSize(slow(strings.NewReader(head)), fastBuffer), func() {}); string(again) != string(raw) {
				t.Fatalf("%q read slowly is %q, %v; at once %q", head, again, err, raw)
			}
		}
		r, ok := parseHead(string(raw))
		if !ok {
			return
		}
		// net/http must end the request where the fast path does: the next
		// one is read from the byte after the head.
		const next = "GET /next HTTP/1.1\r\nHost: next.test\r\n\r\n"
		in := bufio.NewReader(strings.NewReader(string(raw) + next))
		req, err := http.ReadRequest(in)
		if err != nil {
			t.Fatalf("the fast path took %q; net/http refuses it: %v", raw, err)
		}
		if after, err := http.ReadRequest(in); err != nil || after.Host != "next.test" || after.RequestURI != "/next" {
			t.Fatalf("after %q net/http reads %v, %v, not the next request", raw, after, err)
		}
		// What net/http's server checks beyond ReadRequest.
		if hosts := req.Header.Values("Host"); len(hosts) > 1 || !httpguts.ValidHostHeader(req.Host) {
			t.Fatalf("the fast path took %q; net/http refuses its host", raw)
		}
		for name, values := range req.Header {
			for _, v := range values {
				if !httpguts.ValidHeaderFieldName(name) || !httpguts.ValidHeaderFieldValue(v) {
					t.Fatalf("the fast path took %q; net/http refuses its header %q: %q", raw, name, v)
				}
			}
		}
		want := fastRequest{head: req.Method == "HEAD", target: req.RequestURI, host: req.Host,
			ifNoneMatch: req.Header.Get("If-None-Match"), ifModified: req.Header.Get("If-Modified-Since"),
			accept: req.Header.Get("Accept"), forwardProto: req.Header.Get("X-Forwarded-Proto")}
		got := r
		got.gzip, got.seen = gzipAsk{}, 0
		if got != want || req.Method != "GET" && req.Method != "HEAD" {
			t.Fatalf("%q: the fast path read %+v; net/http %s %+v", raw, got, req.Method, want)
		}
		if req.URL.Path != r.target || req.URL.RawQuery != "" || req.Close || req.ContentLength != 0 ||
			req.TransferEncoding != nil || req.ProtoMinor != 1 || r.gzip.taken() != acceptsGzip(req) {
			t.Fatalf("%q: net/http reads path %q, query %q, close %v, length %d, gzip %v", raw,
				req.URL.Path, req.URL.RawQuery, req.Close, req.ContentLength, acceptsGzip(req))
		}
	})
}
