package web

import (
	"bufio"
	"context"
	"net"
	"net/http"
	"net/netip"
	"strings"
	"sync"
	"sync/atomic"
	"time"
	"unsafe"
)

// fast is the fast path. On two cores net/http costs a cached page's
// answer most of its time: compare-nginx.sh's floor, net/http sending
// captured responses, has about three times the p99 of its raw floor,
// which sends them without an HTTP library. So the site reads each
// connection's requests itself while they are plain GETs (or HEADs) of a
// cached front page or post page, as browsers, curl and wrk send them, and
// answers each with the page's prebuilt head and body in one write. The
// first request it does not answer so (another route, a page not cached
// yet, any header it does not read), it hands the connection over, that
// request still unread, to net/http, which serves it from then on.
type fast struct {
	site    *Site
	date    atomic.Pointer[dateLine]
	closing atomic.Bool
	mu      sync.Mutex
	open    map[*fastConn]struct{}       // the connections the fast path still serves
	gone    [len(fastRoutes)]routeTotals // the answers of those it served before
	serving sync.WaitGroup
}

// fastBuffer is how much of a connection the fast path reads ahead, and so
// the longest head it answers: longer ones, up to maxHeaderBytes, are
// net/http's.
const fastBuffer = 4 << 10

func newFast(s *Site) *fast {
	return &fast{site: s, open: map[*fastConn]struct{}{}}
}

// accept serves the connections of ln until it is closed, handing to
// slow those the fast path does not answer.
func (f *fast) accept(ln net.Listener, slow *handoff) {
	for {
		c, err := ln.Accept()
		if err != nil {
			// net/http's accept loop backs off from an error that may pass,
			// and stops at one that will not.
			if !slow.fail(err) {
				return
			}
			continue
		}
		fc := &fastConn{Conn: c}
		if !f.add(fc) {
			// Shutting down: net/http has it until it closes the listener,
			// and answers it as it answers its own meanwhile.
			if !slow.give(c) {
				c.Close()
			}
			continue
		}
		go f.serve(fc, slow)
	}
}

func (f *fast) add(c *fastConn) bool {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.closing.Load() {
		return false
	}
	f.open[c] = struct{}{}
	f.serving.Add(1)
	return true
}

func (f *fast) forget(c *fastConn) {
	f.mu.Lock()
	delete(f.open, c)
	for i := range f.gone {
		f.gone[i].add(&c.counts[i])
	}
	f.mu.Unlock()
	f.serving.Done()
}

// fastConn is a connection the fast path serves, with what it reuses from
// one answer to the next.
type fastConn struct {
	net.Conn
	in                *bufio.Reader
	readDue, writeDue time.Time // the deadlines set last
	answeredAt        time.Time // when the last answer started (at first, the connection)
	last              foundPage
	counts            [len(fastRoutes)]routeCounts
}

// deadlineSlack is how much earlier than asked for a deadline may fall. A
// deadline set for one request is kept for the next ones until it falls
// that much short, so that a connection asking request after request
// re-arms its timers about once a second rather than twice a request.
const deadlineSlack = time.Second

func (c *fastConn) readBy(t time.Time) {
	if t.Before(c.readDue) || t.Sub(c.readDue) > deadlineSlack {
		c.SetReadDeadline(t)
		c.readDue = t
	}
}

func (c *fastConn) writeBy(t time.Time) {
	if t.Before(c.writeDue) || t.Sub(c.writeDue) > deadlineSlack {
		c.SetWriteDeadline(t)
		c.writeDue = t
	}
}

// serve answers c's requests until one is not the fast path's, then hands
// c to net/http; it closes c when it ends otherwise. The timeouts are
// net/http's, up to deadlineSlack early: the first head must come within
// readHeaderTimeout, the next request within idleTimeout and its head
// within readHeaderTimeout of its first byte, an answer be written within
// writeTimeout.
func (f *fast) serve(fc *fastConn, slow *handoff) {
	c := fc.Conn
	fc.in = bufio.NewReaderSize(c, fastBuffer)
	handed := false
	defer func() {
		f.forget(fc)
		if !handed {
			c.Close()
		}
	}()
	fc.answeredAt = time.Now()
	for wait := readHeaderTimeout; ; wait = idleTimeout {
		// From when the last answer started, a few microseconds back: one
		// clock read fewer an answer.
		fc.readBy(fc.answeredAt.Add(wait))
		// After the deadline, so that shut's deadline, set after closing,
		// cannot be put off by this one.
		if f.closing.Load() {
			return
		}
		if _, err := fc.in.Peek(1); err != nil {
			return
		}
		// A head mostly comes whole with its first byte; one that does not
		// has readHeaderTimeout from then.
		head, err := readHead(fc.in, func() {
			if wait != readHeaderTimeout { // a first head's is set already
				fc.readBy(time.Now().Add(readHeaderTimeout))
				if f.closing.Load() { // shut's deadline was put off
					c.SetReadDeadline(time.Now())
				}
			}
		})
		if err != nil {
			return
		}
		answered := false
		if head != nil {
			if answered, err = f.answer(fc, head); err != nil {
				return
			}
		}
		if !answered {
			handed = slow.give(&replayConn{Conn: c, in: fc.in})
			return
		}
	}
}

// answer sends the cached page head asks for, reporting false, with head
// left unread, when it is not one the fast path answers.
func (f *fast) answer(c *fastConn, head []byte) (bool, error) {
	start := time.Now()
	c.answeredAt = start
	// head stays in c.in's buffer as it is until the next read (Discard
	// below reads nothing: it is all buffered), and nothing made of r is
	// kept beyond this answer (cached copies what it keeps): a string over
	// it need not be a copy.
	r, ok := parseHead(unsafe.String(unsafe.SliceData(head), len(head)))
	if !ok {
		return false, nil
	}
	p, route := f.cached(&r, c)
	if p == nil {
		return false, nil
	}
	c.in.Discard(len(head))
	w := p.encodingFor(r.gzip.taken()).onWireAt(start, f.dateAt)
	code := p.statusFor(p.notModified(r.ifNoneMatch, r.ifModified))
	out := w.whole
	switch {
	case code == http.StatusNotModified:
		out = w.notModified
	case r.head:
		out = w.whole[:w.headLen]
	}
	counts := &c.counts[route]
	counts.answering(code)
	c.writeBy(start.Add(writeTimeout))
	_, err := c.Write(out)
	counts.took(time.Since(start))
	return true, err
}

// cached is the page r asks for, with its route's metrics, when it is
// cached and current: nil for any other, which net/http then serves (and
// renders for the cache). A connection mostly asks for one page again
// and again, so the last one found is kept with it while the cache has
// not changed.
func (f *fast) cached(r *fastRequest, c *fastConn) (*page, int) {
	if r.target != "/" && prefersText(r.accept) {
		return nil, 0
	}
	pages, m := f.site.pages, &c.last
	if m.page != nil && m.changed == pages.changed.Load() &&
		m.target == r.target && m.host == r.host && m.proto == r.forwardProto {
		pages.askedAgain(m.asked)
		return m.page, m.route
	}
	p, route, changed, asked := f.lookup(r, c)
	if p == nil || p.status != http.StatusOK || p.plain.wire == nil {
		return nil, 0
	}
	// Copies: r's strings are over the read buffer.
	*m = foundPage{target: strings.Clone(r.target), host: strings.Clone(r.host), proto: strings.Clone(r.forwardProto),
		changed: changed, asked: asked, page: p, route: route}
	return p, route
}

// foundPage is the page a connection was last answered with, found in the
// cache at changed for its target, host and forwarded scheme.
type foundPage struct {
	target, host, proto string
	changed             uint64
	asked               *atomic.Uint64
	page                *page
	route               int // of fastRoutes
}

// lookup finds the page r asks for in the cache, as the net/http routes
// would.
func (f *fast) lookup(r *fastRequest, c net.Conn) (*page, int, uint64, *atomic.Uint64) {
	s := f.site
	origin := s.cfg.Blog.BaseURL
	if origin == "" {
		origin = s.pages.origin(s.forwardedScheme(r.forwardProto, func() netip.Addr { return addrOf(c.RemoteAddr()) }), r.host)
	}
	if r.target == "/" {
		p, changed, asked := s.pages.fresh(listPlace("/", 1, origin))
		return p, fastList, changed, asked
	}
	slug := r.target[len("/posts/"):]
	list, at := s.cfg.Blog.Listed(slug)
	if at < 0 {
		return nil, 0, 0, nil
	}
	p, changed, asked := s.pages.fresh(postPlace(r.target, origin, list[at]))
	return p, fastPost, changed, asked
}

// dateLine is the Date header of one second, with the empty line that
// ends a head.
type dateLine struct {
	unix int64
	line []byte
}

// dateAt is the Date line of t's second, made once a second at most.
func (f *fast) dateAt(t time.Time) []byte {
	if d := f.date.Load(); d != nil && d.unix == t.Unix() {
		return d.line
	}
	line := append(t.UTC().AppendFormat([]byte("Date: "), http.TimeFormat), "\r\n\r\n"...)
	f.date.Store(&dateLine{t.Unix(), line})
	return line
}

// shut stops the fast path: a connection waiting for a request closes now,
// one being answered once it is. Where net/http says "Connection: close"
// in an answer it sends while shutting down, the fast path just closes
// after it, which ends a connection as well.
func (f *fast) shut() {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.closing.Store(true)
	for c := range f.open {
		c.SetReadDeadline(time.Now())
	}
}

// wait waits until every connection the fast path serves is closed or
// handed over, or until ctx ends, and then closes those left.
func (f *fast) wait(ctx context.Context) error {
	done := make(chan struct{})
	go func() {
		f.serving.Wait()
		close(done)
	}()
	select {
	case <-done:
		return nil
	case <-ctx.Done():
		f.mu.Lock()
		for c := range f.open {
			c.Close()
		}
		f.mu.Unlock()
		<-done
		return ctx.Err()
	}
}
