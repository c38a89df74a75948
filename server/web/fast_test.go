package web

import (
	"bufio"
	"io"
	"net"
	"net/http"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"testing"
	"testing/synctest"
	"time"

	waitFor "github.com/sshblog/sshblog/internal/eventually"
)

// rawConn is a client connection that writes requests as bytes and reads
// responses as the bytes that came.
type rawConn struct {
	t  testing.TB
	c  net.Conn
	in *bufio.Reader
}

func (s *testSite) dial(t testing.TB) *rawConn {
	t.Helper()
	c, err := net.Dial("tcp", strings.TrimPrefix(s.url, "http://"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { c.Close() })
	return &rawConn{t: t, c: c, in: bufio.NewReader(c)}
}

func (c *rawConn) send(req string) {
	c.t.Helper()
	if _, err := io.WriteString(c.c, req); err != nil {
		c.t.Fatal(err)
	}
}

// response reads one response to a request with method whole, as sent:
// its head, and the body its Content-Length gives.
func (c *rawConn) response(method string) string {
	c.t.Helper()
	var raw strings.Builder
	length := 0
	for {
		line, err := c.in.ReadString('\n')
		if err != nil {
			c.t.Fatalf("%q, then %v", raw.String(), err)
		}
		raw.WriteString(line)
		if v, ok := strings.CutPrefix(line, "Content-Length: "); ok {
			length, _ = strconv.Atoi(strings.TrimSpace(v))
		}
		if line == "\r\n" {
			break
		}
	}
	if method == "HEAD" {
		length = 0
	}
	body := make([]byte, length)
	if _, err := io.ReadFull(c.in, body); err != nil {
		c.t.Fatal(err)
	}
	raw.Write(body)
	return raw.String()
}

// ask sends req on a new connection and returns the response.
func (s *testSite) ask(t testing.TB, req string) string {
	t.Helper()
	c := s.dial(t)
	c.send(req)
	return c.response(strings.Fields(req)[0])
}

// fastAnswers is how many requests the fast path has answered.
func (s *testSite) fastAnswers() float64 {
	var n uint64
	for _, t := range s.fast.totals() {
		n += t.answers()
	}
	return float64(n)
}

// scraped is the series name with the labels given as name, value pairs,
// as /metrics shows it: a counter's value, a histogram's count.
func (s *testSite) scraped(t testing.TB, name string, labels ...string) float64 {
	t.Helper()
	for _, f := range s.gather(t) {
		if f.GetName() != name {
			continue
		}
		for _, m := range f.GetMetric() {
			has := map[string]string{}
			for _, l := range m.GetLabel() {
				has[l.GetName()] = l.GetValue()
			}
			match := true
			for i := 0; i+1 < len(labels); i += 2 {
				match = match && has[labels[i]] == labels[i+1]
			}
			if !match {
				continue
			}
			if h := m.GetHistogram(); h != nil {
				return float64(h.GetSampleCount())
			}
			return m.GetCounter().GetValue()
		}
	}
	t.Fatalf("no series %s %v", name, labels)
	return 0
}

var dateHeader = regexp.MustCompile(`(?m)^Date: [^\r]*\r$`)

// withoutDate is a response with its Date blanked out: the two sides may
// answer in different seconds.
func withoutDate(resp string) string { return dateHeader.ReplaceAllString(resp, "Date: -\r") }

// The fast path answers cached pages byte for byte as net/http does:
// every request here is sent once as it is, which the fast path answers,
// and once with a Content-Length: 0, which changes nothing in net/http's
// answer and which the fast path leaves to it. Links start with the
// request's host (a trusted proxy's scheme), or with --base-url.
func TestFastPathAnswersAsNetHTTPDoes(t *testing.T) {
	for _, site := range []struct {
		name string
		opt  siteOption
	}{
		{"by the request", withProxies("127.0.0.0/8")},
		{"by the request, no proxy trusted", withLimits(DefaultLimits)},
		{"with a base URL", withBaseURL("https://blog.example.com")},
	} {
		t.Run(site.name, func(t *testing.T) { answersAsNetHTTP(t, startSite(t, site.opt)) })
	}
}

func answersAsNetHTTP(t *testing.T, s *testSite) {
	post := "/posts/" + seedSlug
	s.comment(t, "ada", seedSlug, 0, "A comment, so the page has a thread.")
	gz, _ := s.get(t, "GET", post, "Accept-Encoding", "gzip")
	plain, page := s.get(t, "GET", post)
	gzTag, plainTag := gz.Header.Get("Etag"), plain.Header.Get("Etag")
	if !strings.HasSuffix(gzTag, `-gz"`) || plainTag == "" || !strings.Contains(page, "A comment") {
		t.Fatalf("the post page: etags %q, %q", gzTag, plainTag)
	}
	host := strings.TrimPrefix(s.url, "http://")
	for _, c := range []struct{ name, method, target, headers string }{
		{"the list", "GET", "/", "Host: " + host},
		{"the list gzipped", "GET", "/", "Host: blog.test\r\nAccept-Encoding: gzip, deflate, br, zstd"},
		{"the list for HEAD", "HEAD", "/", "Host: blog.test\r\nAccept-Encoding: gzip"},
		{"a post", "GET", post, "Host: blog.test\r\nAccept: text/html,application/xhtml+xml,*/*;q=0.8\r\nConnection: keep-alive\r\nUser-Agent: Mozilla/5.0"},
		{"a post gzipped", "GET", post, "host: blog.test\r\naccept-encoding: gzip;q=1.0\r\nAccept-Encoding: identity"},
		{"gzip refused", "GET", post, "Host: blog.test\r\nAccept-Encoding: gzip;q=0, *"},
		{"a post behind a proxy", "GET", post, "Host: blog.example\r\nX-Forwarded-Proto: https\r\nX-Forwarded-For: 192.0.2.7\r\nAccept-Encoding: gzip"},
		{"a current copy by its gzipped tag", "GET", post, "Host: blog.test\r\nAccept-Encoding: gzip\r\nIf-None-Match: W/" + gzTag},
		{"a current copy by its plain tag", "GET", post, "Host: blog.test\r\nIf-None-Match: \"old\", " + plainTag},
		{"a stale copy by tag", "GET", post, "Host: blog.test\r\nIf-None-Match: \"old\"\r\nIf-Modified-Since: Mon, 01 Jan 2100 00:00:00 GMT"},
		{"a current copy by date", "GET", "/", "Host: blog.test\r\nIf-Modified-Since: Mon, 01 Jan 2100 00:00:00 GMT"},
		{"a stale copy by date", "GET", "/", "Host: blog.test\r\nIf-Modified-Since: Mon, 01 Jan 2001 00:00:00 GMT"},
		{"a date that is not one", "GET", "/", "Host: blog.test\r\nIf-Modified-Since: yesterday"},
	} {
		t.Run(c.name, func(t *testing.T) {
			req := c.method + " " + c.target + " HTTP/1.1\r\n" + c.headers + "\r\n\r\n"
			s.ask(t, req) // renders the page for this origin, if it is a new one
			before := s.fastAnswers()
			fast := s.ask(t, req)
			if s.fastAnswers() != before+1 {
				t.Fatalf("the fast path did not answer %q", req)
			}
			slow := s.ask(t, strings.Replace(req, "\r\n\r\n", "\r\nContent-Length: 0\r\n\r\n", 1))
			if s.fastAnswers() != before+1 {
				t.Fatal("the fast path answered a request with a Content-Length")
			}
			if withoutDate(fast) != withoutDate(slow) {
				t.Errorf("the fast path answered\n%s\nnet/http answered\n%s", fast, slow)
			}
			date, _, _ := strings.Cut(dateHeader.FindString(fast), "\r")
			if at, err := http.ParseTime(strings.TrimPrefix(date, "Date: ")); err != nil || time.Since(at) > time.Minute {
				t.Errorf("the fast path's %q is not now", date)
			}
		})
	}
}

// What the fast path does not answer, net/http does, as if the fast path
// were not there: on the same connection, which stays net/http's.
func TestFastPathLeavesTheRestToNetHTTP(t *testing.T) {
	s := startSite(t)
	post := "/posts/" + seedSlug
	s.get(t, "GET", "/")
	s.get(t, "GET", post)
	for _, c := range []struct {
		name, req, status string
	}{
		{"HTTP/1.0", "GET / HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n", "HTTP/1.0 200 OK"},
		{"a query", "GET /?page=2 HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n", "HTTP/1.1 404 Not Found"},
		{"text asked for", "GET " + post + " HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: text/plain\r\n\r\n", "HTTP/1.1 200 OK"},
		{"a post not there", "GET /posts/no-such-post HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n", "HTTP/1.1 404 Not Found"},
		{"an escaped path", "GET /posts/difference%2Dbetween-networking-and-making-friends HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n", "HTTP/1.1 200 OK"},
		{"a path to clean", "GET /posts/../posts/" + seedSlug + " HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n", "HTTP/1.1 307 Temporary Redirect"},
		{"bare line feeds", "GET / HTTP/1.1\nHost: 127.0.0.1\n\n", "HTTP/1.1 200 OK"},
		{"a long head", "GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nCookie: " + strings.Repeat("c", 6<<10) + "\r\n\r\n", "HTTP/1.1 200 OK"},
		{"a head too long", "GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nCookie: " + strings.Repeat("c", 20<<10) + "\r\n\r\n", "HTTP/1.1 431 Request Header Fields Too Large"},
		{"no host", "GET / HTTP/1.1\r\n\r\n", "HTTP/1.1 400 Bad Request"},
		{"two hosts", "GET / HTTP/1.1\r\nHost: a.test\r\nHost: b.test\r\n\r\n", "HTTP/1.1 400 Bad Request"},
		{"a host that is not one", "GET / HTTP/1.1\r\nHost: a b\r\n\r\n", "HTTP/1.1 400 Bad Request"},
		{"a control character", "GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nUser-Agent: a\x01b\r\n\r\n", "HTTP/1.1 400 Bad Request"},
		{"a space before the colon", "GET / HTTP/1.1\r\nHost : 127.0.0.1\r\n\r\n", "HTTP/1.1 400 Bad Request"},
		{"a body", "GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 2000\r\n\r\n" + strings.Repeat("b", 2000), "HTTP/1.1 413 Request Entity Too Large"},
		{"another method", "POST / HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 0\r\n\r\n", "HTTP/1.1 405 Method Not Allowed"},
		{"an absolute target", "GET http://127.0.0.1/ HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n", "HTTP/1.1 200 OK"},
		{"closing after", "GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n", "HTTP/1.1 200 OK"},
	} {
		t.Run(c.name, func(t *testing.T) {
			before := s.fastAnswers()
			conn := s.dial(t)
			conn.send(c.req)
			got := conn.response(strings.Fields(c.req)[0])
			if status, _, _ := strings.Cut(got, "\r\n"); !strings.HasPrefix(status, c.status) {
				t.Fatalf("%q: %q, want %q", c.req, status, c.status)
			}
			if s.fastAnswers() != before {
				t.Errorf("the fast path answered %q", c.req)
			}
			if !strings.HasPrefix(c.status, "HTTP/1.1 2") || strings.Contains(c.req, "close") {
				return
			}
			// The connection is net/http's now, for the rest of its life.
			conn.send("GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
			if got := conn.response("GET"); !strings.HasPrefix(got, "HTTP/1.1 200 OK\r\n") || s.fastAnswers() != before {
				t.Errorf("the request after it: %q, fast answers %v→%v", got[:min(len(got), 40)], before, s.fastAnswers())
			}
		})
	}
}

// A connection is answered request after request, however its requests
// come: together, or a byte at a time; once the page changes, net/http
// renders it and has the connection.
func TestFastPathKeepsConnections(t *testing.T) {
	s := startSite(t)
	post := "/posts/" + seedSlug
	s.get(t, "GET", "/")
	s.get(t, "GET", post)
	host := strings.TrimPrefix(s.url, "http://")
	req := func(target string) string { return "GET " + target + " HTTP/1.1\r\nHost: " + host + "\r\n\r\n" }
	c := s.dial(t)
	before := s.fastAnswers()
	counted := func(route string) float64 {
		return s.scraped(t, "sshblog_http_requests_total", "route", route, "code", "200")
	}
	timed := func(route string) float64 {
		return s.scraped(t, "sshblog_http_request_duration_seconds", "route", route)
	}
	// net/http counts the warming answers after writing them.
	waitFor.True(t, "the pages' first answers to be timed", func() bool { return timed("list") == 1 && timed("post") == 1 })
	listed, posted, listTimed, postTimed := counted("list"), counted("post"), timed("list"), timed("post")
	c.send(req("/") + req(post) + req("/"))
	for _, want := range []string{"Recent posts", seedSlug, "Recent posts"} {
		if got := c.response("GET"); !strings.Contains(got, want) {
			t.Fatalf("a pipelined answer lacks %q", want)
		}
	}
	for _, b := range []byte(req(post)) {
		c.send(string(b))
	}
	if got := c.response("GET"); !strings.HasPrefix(got, "HTTP/1.1 200 OK\r\n") {
		t.Fatalf("a request sent a byte at a time: %q", got[:40])
	}
	if got := s.fastAnswers() - before; got != 4 {
		t.Fatalf("the fast path answered %v requests of 4", got)
	}
	if got := s.scraped(t, "sshblog_http_fast_answers_total"); got != s.fastAnswers() {
		t.Errorf("/metrics shows %v fast answers of %v", got, s.fastAnswers())
	}
	if counted("list") != listed+2 || counted("post") != posted+2 {
		t.Errorf("answers counted: list %v, post %v; want %v, %v", counted("list"), counted("post"), listed+2, posted+2)
	}
	// An answer is timed once written, which the client may have read
	// before.
	waitFor.True(t, "the fast answers to be timed", func() bool {
		return timed("list") == listTimed+2 && timed("post") == postTimed+2
	})
	s.comment(t, "ada", seedSlug, 0, "New since the page was rendered.")
	c.send(req(post))
	if got := c.response("GET"); !strings.Contains(got, "New since the page was rendered.") {
		t.Fatal("the page after a comment is the one rendered before it")
	}
	c.send(req(post))
	if got := c.response("GET"); !strings.Contains(got, "New since the page was rendered.") || s.fastAnswers()-before != 4 {
		t.Fatalf("after the handover: fast answers %v", s.fastAnswers()-before)
	}
}

// Shutdown closes the connections waiting for a request at once, rather
// than when they would have timed out.
func TestShutdownClosesIdleFastConnections(t *testing.T) {
	s := startSite(t)
	s.get(t, "GET", "/")
	c := s.dial(t)
	before := s.fastAnswers()
	c.send("GET / HTTP/1.1\r\nHost: " + strings.TrimPrefix(s.url, "http://") + "\r\n\r\n")
	c.response("GET")
	if s.fastAnswers() != before+1 {
		t.Fatal("the fast path did not answer")
	}
	start := time.Now()
	shut := make(chan error, 1)
	go func() { shut <- s.Shutdown(t.Context()) }()
	if n, err := c.in.ReadByte(); err != io.EOF {
		t.Fatalf("an idle connection read %q, %v after shutdown; want it closed", n, err)
	}
	if waited := time.Since(start); waited > readHeaderTimeout {
		t.Errorf("the idle connection closed after %v", waited)
	}
	if err := <-shut; err != nil {
		t.Errorf("shutdown: %v", err)
	}
}

// The fast path keeps net/http's timeouts: a first head must come whole
// within readHeaderTimeout, a next request within idleTimeout, and its
// head within readHeaderTimeout of its first byte.
func TestFastPathTimesOutSlowClients(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		ln := newPipeListener()
		s := startSite(t, withListener(ln))
		req := "GET / HTTP/1.1\r\nHost: blog.test\r\n\r\n"
		warm := ln.dial(t)
		warm.send(req) // renders the page, on net/http
		warm.response("GET")
		closedAfter := func(c *rawConn, want time.Duration) {
			t.Helper()
			start := time.Now()
			if b, err := c.in.ReadByte(); err != io.EOF {
				t.Fatalf("read %q, %v; want the connection closed", b, err)
			}
			if waited := time.Since(start); waited != want {
				t.Errorf("closed after %v, want %v", waited, want)
			}
		}
		closedAfter(ln.dial(t), readHeaderTimeout)

		part := ln.dial(t)
		part.send(req[:20])
		closedAfter(part, readHeaderTimeout)

		idle := ln.dial(t)
		before := s.fastAnswers()
		idle.send(req)
		idle.response("GET")
		if s.fastAnswers() != before+1 {
			t.Fatal("the fast path did not answer")
		}
		closedAfter(idle, idleTimeout)

		slow := ln.dial(t)
		slow.send(req)
		slow.response("GET")
		time.Sleep(idleTimeout - time.Second) // fake time: waits for nothing
		slow.send(req[:1])
		closedAfter(slow, readHeaderTimeout)
	})
}

// pipeListener serves in-memory connections, whose deadlines a synctest
// bubble's clock drives.
type pipeListener struct {
	conns  chan net.Conn
	closed chan struct{}
	once   sync.Once
}

func newPipeListener() *pipeListener {
	return &pipeListener{conns: make(chan net.Conn), closed: make(chan struct{})}
}

func (l *pipeListener) Accept() (net.Conn, error) {
	select {
	case c := <-l.conns:
		return c, nil
	case <-l.closed:
		return nil, net.ErrClosed
	}
}

func (l *pipeListener) Close() error {
	l.once.Do(func() { close(l.closed) })
	return nil
}

func (l *pipeListener) Addr() net.Addr { return pipeAddr{} }

type pipeAddr struct{}

func (pipeAddr) Network() string { return "pipe" }
func (pipeAddr) String() string  { return "pipe" }

func (l *pipeListener) dial(t testing.TB) *rawConn {
	client, server := net.Pipe()
	l.conns <- server
	t.Cleanup(func() { client.Close() })
	return &rawConn{t: t, c: client, in: bufio.NewReader(client)}
}
