//go:build linux

package server

import (
	"bytes"
	"context"
	"io"
	"net"
	"runtime"
	"runtime/pprof"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"go.uber.org/goleak"
	gossh "golang.org/x/crypto/ssh"

	"github.com/sshblog/sshblog/internal/eventually"
)

// These tests are the quick versions of the fault runs of cmd/sshblog-load:
// a few sessions each, and no timing but generous deadlines.

// seedSlug is the sample blog's newest post, selected when the list opens.
const seedSlug = "difference-between-networking-and-making-friends"

// freezableConn is a client's socket that can stop being read, as when a
// client hangs: the server's writes then fill the socket buffers and block.
type freezableConn struct {
	net.Conn
	frozen atomic.Bool
	thaw   chan struct{}
}

func (c *freezableConn) Read(p []byte) (int, error) {
	if c.frozen.Load() {
		<-c.thaw
	}
	return c.Conn.Read(p)
}

// dialRaw connects with a socket the test controls: its receive buffer is
// small, so that a client that stops reading is noticed after a few frames.
func dialRaw(t *testing.T, srv *Server, user string, wrap func(net.Conn) net.Conn) *gossh.Client {
	t.Helper()
	d := net.Dialer{Timeout: 10 * time.Second, Control: func(_, _ string, c syscall.RawConn) error {
		return c.Control(func(fd uintptr) { syscall.SetsockoptInt(int(fd), syscall.SOL_SOCKET, syscall.SO_RCVBUF, 4096) })
	}}
	conn, err := d.Dial("tcp", srv.Addr().String())
	if err != nil {
		t.Fatal(err)
	}
	c, chans, reqs, err := gossh.NewClientConn(wrap(conn), srv.Addr().String(), clientConfig(user, keyless))
	if err != nil {
		t.Fatal(err)
	}
	client := gossh.NewClient(c, chans, reqs)
	t.Cleanup(func() { client.Close() })
	return client
}

// rawReader is a PTY session whose output is only counted: no screen is
// kept, so any window size is cheap for the test. It answers the device
// query as terminals do, unless mute.
type rawReader struct {
	session *gossh.Session
	stdin   io.WriteCloser
	got     atomic.Int64
	mute    bool
}

func openRaw(t *testing.T, client *gossh.Client, term string, width, height int) *rawReader {
	return openRawMute(t, client, term, width, height, false)
}

func openRawMute(t *testing.T, client *gossh.Client, term string, width, height int, mute bool) *rawReader {
	t.Helper()
	session, err := client.NewSession()
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { session.Close() })
	r := &rawReader{session: session, mute: mute}
	if err := session.RequestPty(term, height, width, gossh.TerminalModes{}); err != nil {
		t.Fatal(err)
	}
	r.stdin, _ = session.StdinPipe()
	stdout, _ := session.StdoutPipe()
	stderr, _ := session.StderrPipe()
	if err := session.Shell(); err != nil {
		t.Fatal(err)
	}
	go io.Copy(io.Discard, stderr)
	go func() {
		buf := make([]byte, 32<<10)
		for {
			n, err := stdout.Read(buf)
			r.got.Add(int64(n))
			if !r.mute && bytes.Contains(buf[:n], []byte("\x1b[c")) {
				r.stdin.Write([]byte("\x1b[?62;22c"))
			}
			if err != nil {
				return
			}
		}
	}()
	return r
}

// waitOutput waits until the session has sent something.
func (r *rawReader) waitOutput(t *testing.T) {
	t.Helper()
	eventually.True(t, "the session to send something", func() bool { return r.got.Load() > 0 })
}

// storm sends window changes, alternating two sizes so that every one
// repaints, one a millisecond, until stop is closed.
func storm(session *gossh.Session, stop <-chan struct{}, a, b [2]int) {
	tick := time.NewTicker(time.Millisecond)
	defer tick.Stop()
	for i := 0; ; i++ {
		size := a
		if i%2 == 1 {
			size = b
		}
		if session.WindowChange(size[1], size[0]) != nil {
			return
		}
		select {
		case <-stop:
			return
		case <-tick.C:
		}
	}
}

// logLines collects what the server logs.
type logLines struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (l *logLines) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.buf.Write(p)
}

func (l *logLines) contains(s string) bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	return strings.Contains(l.buf.String(), s)
}

// writeBlocked reports whether some session's frame writer is parked in a
// socket or SSH-window wait: its client has stopped reading.
func writeBlocked() bool {
	var buf bytes.Buffer
	pprof.Lookup("goroutine").WriteTo(&buf, 2)
	for _, g := range strings.Split(buf.String(), "\n\n") {
		if strings.Contains(g, "tui.(*frameWriter).write(") &&
			(strings.Contains(g, "[IO wait") || strings.Contains(g, "[sync.Cond.Wait")) {
			return true
		}
	}
	return false
}

// freezeAndFlood stops the client reading and has the server draw until a
// write of it blocks.
func freezeAndFlood(t *testing.T, conn *freezableConn, r *rawReader) (stop func()) {
	t.Helper()
	conn.frozen.Store(true)
	halt := make(chan struct{})
	go storm(r.session, halt, [2]int{1000, 1000}, [2]int{999, 1000})
	if !eventually.Within(eventually.Patience, writeBlocked) {
		close(halt)
		t.Fatal("the server's writes never blocked on the frozen client")
	}
	return sync.OnceFunc(func() { close(halt) })
}

// A client that stops reading holds up no one: while its session's writes
// are blocked, other readers read, a comment is posted and reaches them
// live, and a shutdown drops it after a second instead of waiting out the
// stall limit. (The stall limit itself is tested on the frame writer.)
func TestStuckReaderHoldsUpNoOne(t *testing.T) {
	logs := &logLines{}
	srv := startServer(t, withLog(logs), withStallLimit(time.Hour))
	conn := &freezableConn{thaw: make(chan struct{})}
	stuck := openRaw(t, dialRaw(t, srv, "stuck", func(c net.Conn) net.Conn { conn.Conn = c; return conn }), "xterm-256color", 1000, 1000)
	defer close(conn.thaw)
	stuck.waitOutput(t)
	stop := freezeAndFlood(t, conn, stuck)
	defer stop()

	other := openTerminal(t, dial(t, srv, "other", keyless), 80, 24)
	other.WaitForText("Difference between Networking")
	other.Type("\r")
	other.WaitForText("pretty much similar")
	other.Type("\x1b")
	other.WaitForText("0 comments")
	out, errOut, status := run(t, dial(t, srv, "carol", gossh.PublicKeys(newKey(t))), "comment "+seedSlug, "Still here?")
	if status != 0 {
		t.Fatalf("commenting while a reader is stuck: status %d, %q %q", status, out, errOut)
	}
	other.WaitForText("4 years ago · 1 comment") // live, through the hub
	if !writeBlocked() {
		t.Fatal("the stuck reader's write was no longer blocked: the test proved nothing")
	}

	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	start := time.Now()
	if err := srv.Shutdown(ctx); err != nil {
		t.Fatalf("shutdown: %v", err)
	}
	// The stuck write gets closingStall (a second); far more means the
	// shutdown waited on it some other way.
	if took := time.Since(start); took > 10*time.Second {
		t.Errorf("shutdown took %v with a stuck reader", took)
	}
	if !logs.contains("dropped a reader whose terminal stopped reading") {
		t.Errorf("the stuck reader was not dropped; log:\n%s", logs.buf.String())
	}
}

// A reader whose client has stopped reading is dropped once a write to it
// has been blocked for the server's stall limit, long before the default.
func TestStalledReaderIsDroppedAtTheStallLimit(t *testing.T) {
	const limit = 300 * time.Millisecond
	logs := &logLines{}
	srv := startServer(t, withLog(logs), withStallLimit(limit))
	conn := &freezableConn{thaw: make(chan struct{})}
	stuck := openRaw(t, dialRaw(t, srv, "stuck", func(c net.Conn) net.Conn { conn.Conn = c; return conn }), "xterm-256color", 1000, 1000)
	defer close(conn.thaw)
	stuck.waitOutput(t)
	frozen := time.Now()
	stop := freezeAndFlood(t, conn, stuck)
	defer stop()
	dropped := func() bool { return logs.contains("dropped a reader whose terminal stopped reading") }
	// Half the default: a server that kept the default would not have.
	if !eventually.Within(defaultStallLimit/2, dropped) {
		t.Fatalf("a reader stalled for %v was not dropped with a stall limit of %v", defaultStallLimit/2, limit)
	}
	if took := time.Since(frozen); took < limit {
		t.Errorf("dropped %v after the client stopped reading, before the stall limit", took)
	}
}

// Odd terminals: no size, one cell, far too big, a size no terminal has,
// a dumb one (the line mode), no TERM at all, one that answers no query, and a storm of
// resizes. Each reader still quits with q, nothing panics and the heap does
// not run away.
func TestOddTerminals(t *testing.T) {
	logs := &logLines{}
	srv := startServer(t, withLog(logs))
	before := heapAfterGC()
	client := dial(t, srv, "odd", keyless)
	for _, tc := range []struct {
		term          string
		width, height int
		mute          bool // q is typed while the server still waits for an answer
	}{
		{"xterm-256color", 0, 0, false}, {"xterm-256color", 1, 1, false}, {"xterm-256color", 10000, 10000, false},
		{"xterm-256color", 1<<32 - 1, 1<<32 - 1, false}, {"dumb", 80, 24, false}, {"", 80, 24, false},
		{"xterm-256color", 80, 24, true},
	} {
		r := openRawMute(t, client, tc.term, tc.width, tc.height, tc.mute)
		r.waitOutput(t)
		r.stdin.Write([]byte("q\r")) // a dumb terminal has the line mode, which takes lines
		if err := waitSession(r.session); err != nil {
			t.Errorf("TERM=%q %d×%d: %v", tc.term, tc.width, tc.height, err)
		}
	}

	r := openRaw(t, client, "xterm-256color", 80, 24)
	r.waitOutput(t)
	sizes := [][2]int{{0, 0}, {10000, 10000}, {1, 1}, {1<<32 - 1, 7}, {80, 24}}
	for i := range 1000 {
		s := sizes[i%len(sizes)]
		if err := r.session.WindowChange(s[1], s[0]); err != nil {
			t.Fatal(err)
		}
	}
	r.stdin.Write([]byte("q"))
	if err := waitSession(r.session); err != nil {
		t.Errorf("after a resize storm: %v", err)
	}

	if logs.contains("panic") {
		t.Fatalf("a session panicked:\n%s", logs.buf.String())
	}
	// Sessions hold no memory once closed; a generous bound catches a frame
	// or screen sized by what the client claimed.
	if grew := heapAfterGC() - before; grew > 64<<20 {
		t.Errorf("the heap grew by %d MiB", grew>>20)
	}
}

// waitSession waits for a session to end with status 0.
func waitSession(s *gossh.Session) error {
	errc := make(chan error, 1)
	go func() { errc <- s.Wait() }()
	select {
	case err := <-errc:
		return err
	case <-time.After(30 * time.Second):
		return context.DeadlineExceeded
	}
}

func heapAfterGC() int64 {
	runtime.GC()
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	return int64(m.HeapAlloc)
}

// Sessions cut by a TCP reset at any point of drawing, before, during or
// after the first frame and while a post renders, leave nothing behind: the
// goroutines go back to what they were, and a second wave of them leaves the
// heap where the first did. (The first grows it for good by what Go keeps
// for reuse, such as goroutine descriptors, whatever the program.)
func TestResetSessionsLeaveNothingBehind(t *testing.T) {
	srv := startServer(t)
	// One session first, so that what starts once (caches, pools) is there
	// before the baseline.
	warm := openTerminal(t, dial(t, srv, "warm", keyless), 80, 24)
	warm.WaitForText("Difference between Networking")
	warm.Type("\r")
	warm.WaitForText("pretty much similar")
	warm.Type("q")
	warm.Wait()
	baseline := goleak.IgnoreCurrent()

	var afterFirst int64
	for wave := 1; wave <= 2; wave++ {
		resetWave(t, srv, 60)
		noGoroutinesLeft(t, baseline)
		heap := heapAfterGC()
		if wave == 1 {
			afterFirst = heap
			continue
		}
		// 10% of a test's small heap is allocator noise: allow a MiB more.
		if heap > afterFirst+afterFirst/10+1<<20 {
			t.Errorf("heap %d KiB after the second wave, %d KiB after the first", heap>>10, afterFirst>>10)
		}
	}
}

// resetWave opens sessions and cuts each with a TCP reset: right away,
// once output starts, or once a post is asked for.
func resetWave(t *testing.T, srv *Server, sessions int) {
	t.Helper()
	for i := range sessions {
		var tcp *net.TCPConn
		client := dialRaw(t, srv, "reset", func(c net.Conn) net.Conn { tcp = c.(*net.TCPConn); return c })
		r := openRaw(t, client, "xterm-256color", 80, 24)
		switch i % 3 {
		case 1: // mid-frame: as soon as output starts
			r.waitOutput(t)
		case 2: // while the post renders
			r.waitOutput(t)
			r.stdin.Write([]byte("\r"))
		}
		tcp.SetLinger(0) // close with a reset, not a goodbye
		tcp.Close()
	}
}
