package main

import (
	"bufio"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"strconv"
	"strings"
	"testing"
	"time"

	gossh "golang.org/x/crypto/ssh"

	"github.com/sshblog/sshblog/internal/eventually"
)

// rssKiB is a process's resident memory, from /proc.
func rssKiB(t *testing.T, pid int) int {
	t.Helper()
	status, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		t.Fatal(err)
	}
	for line := range strings.Lines(string(status)) {
		if rest, ok := strings.CutPrefix(line, "VmRSS:"); ok {
			n, err := strconv.Atoi(strings.TrimSuffix(strings.TrimSpace(rest), " kB"))
			if err != nil {
				t.Fatal(err)
			}
			return n
		}
	}
	t.Fatal("no VmRSS")
	return 0
}

// heapAfterGC is the server's heap after a garbage collection, which its
// profiler at debug runs before it reports.
func heapAfterGC(t *testing.T, debug string) int {
	t.Helper()
	resp, err := http.Get("http://" + debug + "/debug/pprof/heap?debug=1&gc=1")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	sc := bufio.NewScanner(resp.Body)
	sc.Buffer(nil, 1<<20)
	for sc.Scan() {
		if v, ok := strings.CutPrefix(sc.Text(), "# HeapAlloc = "); ok {
			n, err := strconv.Atoi(v)
			if err != nil {
				t.Fatal(err)
			}
			return n
		}
	}
	t.Fatal("no HeapAlloc in the heap profile")
	return 0
}

// freeLoopbackPort is a loopback address no one listens on now.
func freeLoopbackPort(t *testing.T) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	return ln.Addr().String()
}

// A connection whose ten sessions each send env requests without end, 20 MB
// a session, costs the server, measured in its own process, no memory it
// keeps: the variables are refused, not kept until a shell that never
// comes. While the flood's sessions are still open, the heap after a
// collection is within 10% of where it was, and the resident memory has
// grown by less than a tenth of what was sent (what grows is the garbage of
// the packets between two collections).
func TestEnvFloodLeavesTheServersMemoryWhereItWas(t *testing.T) {
	debug := freeLoopbackPort(t)
	r := start(t, t.TempDir(), "--debug-listen", debug)
	pid := r.cmd.Process.Pid
	cfg := &gossh.ClientConfig{User: "flood", Auth: []gossh.AuthMethod{keyless}, HostKeyCallback: gossh.InsecureIgnoreHostKey()}
	warm, err := gossh.Dial("tcp", r.addr, cfg)
	if err != nil {
		t.Fatal(err)
	}
	warm.Close()
	heapBefore, rssBefore := heapAfterGC(t, debug), rssKiB(t, pid)

	client, err := gossh.Dial("tcp", r.addr, cfg)
	if err != nil {
		t.Fatal(err)
	}
	defer client.Close()
	const sessions, perSession, size = 10, 200, 100 << 10
	value := strings.Repeat("x", size)
	for range sessions {
		ch, reqs, err := client.OpenChannel("session", nil)
		if err != nil {
			t.Fatal(err)
		}
		go gossh.DiscardRequests(reqs)
		for i := range perSession {
			env := gossh.Marshal(struct{ Name, Value string }{fmt.Sprintf("LC_X%d", i), value})
			if _, err := ch.SendRequest("env", false, env); err != nil {
				t.Fatal(err)
			}
		}
		// Answered once the server has handled every request before it.
		if _, err := ch.SendRequest("env", true, gossh.Marshal(struct{ Name, Value string }{"LANG", "C"})); err != nil {
			t.Fatal(err)
		}
	}
	if heap := heapAfterGC(t, debug); heap > heapBefore+heapBefore/10 {
		t.Errorf("the server's heap went from %d KiB to %d KiB under the env flood", heapBefore>>10, heap>>10)
	}
	if grown, sent := rssKiB(t, pid)-rssBefore, sessions*perSession*size>>10; grown > sent/10 {
		t.Errorf("the server's resident memory grew by %d KiB under an env flood of %d KiB", grown, sent)
	}
	// Once the flood has gone, so has its garbage: Go hands freed pages back
	// to the system in the background, after a collection.
	client.Close()
	back := func() bool { heapAfterGC(t, debug); return rssKiB(t, pid) <= rssBefore+rssBefore/10 }
	if !eventually.Within(eventually.Patience, back) {
		t.Errorf("after the flood the server's resident memory is %d KiB, more than 10%% over the %d KiB before", rssKiB(t, pid), rssBefore)
	}
}

// goroutines is how many goroutines the server runs, from its profiler.
func goroutines(t *testing.T, debug string) int {
	t.Helper()
	resp, err := http.Get("http://" + debug + "/debug/pprof/goroutine?debug=1")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	line, _ := bufio.NewReader(resp.Body).ReadString('\n')
	n, err := strconv.Atoi(strings.TrimSpace(strings.TrimPrefix(line, "goroutine profile: total")))
	if err != nil {
		t.Fatalf("goroutine profile starts %q", line)
	}
	return n
}

// openFiles is how many file descriptors a process holds.
func openFiles(t *testing.T, pid int) int {
	t.Helper()
	fds, err := os.ReadDir("/proc/" + strconv.Itoa(pid) + "/fd")
	if err != nil {
		t.Fatal(err)
	}
	return len(fds)
}

// The attacks of the front-door review, run against the server in its own
// process: window changes with no shell (which once wedged a connection for
// good), logged-in connections that open nothing, half-open connections
// from twenty networks, and command lines of 240 KB. Once the attackers
// have gone, the server holds the goroutines and descriptors it held
// before, and its resident memory is back within 10%.
func TestAttacksLeaveTheServerAsItWas(t *testing.T) {
	debug := freeLoopbackPort(t)
	// One attacker address opens more connections than a minute's rate.
	r := start(t, t.TempDir(), "--debug-listen", debug, "--connection-rate", "0")
	pid := r.cmd.Process.Pid
	cfg := &gossh.ClientConfig{User: "attacker", Auth: []gossh.AuthMethod{keyless}, HostKeyCallback: gossh.InsecureIgnoreHostKey()}
	warm, err := gossh.Dial("tcp", r.addr, cfg)
	if err != nil {
		t.Fatal(err)
	}
	if out, err := mustSession(t, warm).Output("ls"); err != nil || len(out) == 0 {
		t.Fatalf("ls: %v %q", err, out)
	}
	warm.Close()
	settled := func(want func() bool) {
		t.Helper()
		if !eventually.Within(eventually.Patience, func() bool { heapAfterGC(t, debug); return want() }) {
			t.Errorf("the server holds %d goroutines and %d descriptors, %d KiB resident",
				goroutines(t, debug), openFiles(t, pid), rssKiB(t, pid))
		}
	}
	heapAfterGC(t, debug)
	routines, files, rss := goroutines(t, debug), openFiles(t, pid), rssKiB(t, pid)

	var closers []io.Closer
	// Window changes and no shell.
	for range 20 {
		c, err := gossh.Dial("tcp", r.addr, cfg)
		if err != nil {
			t.Fatal(err)
		}
		closers = append(closers, c)
		s := mustSession(t, c)
		if err := s.RequestPty("xterm", 24, 80, gossh.TerminalModes{}); err != nil {
			t.Fatal(err)
		}
		for i := range 40 {
			s.WindowChange(24+i, 80)
		}
	}
	// Logged in, nothing open.
	for range 10 {
		c, err := gossh.Dial("tcp", r.addr, cfg)
		if err != nil {
			t.Fatal(err)
		}
		closers = append(closers, c)
	}
	// Half-open: TCP only, from networks of their own.
	_, port, _ := net.SplitHostPort(r.addr)
	for n := range 20 {
		d := net.Dialer{LocalAddr: &net.TCPAddr{IP: net.IPv4(127, byte(60+n), 0, 1)}}
		c, err := d.Dial("tcp", net.JoinHostPort("127.0.0.1", port))
		if err != nil {
			t.Fatal(err)
		}
		closers = append(closers, c)
	}
	// Command lines far past the limit: refused before any work.
	long := strings.Repeat("a", 240<<10)
	for range 4 {
		c, err := gossh.Dial("tcp", r.addr, cfg)
		if err != nil {
			t.Fatal(err)
		}
		s, ran := mustSession(t, c), make(chan error, 1)
		go func() { ran <- s.Run("search " + long) }()
		select {
		case err := <-ran:
			if err == nil {
				t.Error("a 240 KB command line ran")
			}
		case <-time.After(eventually.Patience):
			t.Errorf("a 240 KB command line was not refused within %v", eventually.Patience)
		}
		c.Close()
	}
	// Every connection still open holds its descriptor: the window changes
	// did not stop the server reading them.
	if open := openFiles(t, pid); open < files+20+10 {
		t.Errorf("%d descriptors open under attack, want at least %d", open, files+30)
	}
	for _, c := range closers {
		c.Close()
	}
	settled(func() bool {
		return goroutines(t, debug) <= routines && openFiles(t, pid) <= files && rssKiB(t, pid) <= rss+rss/10
	})
}

func mustSession(t *testing.T, c *gossh.Client) *gossh.Session {
	t.Helper()
	s, err := c.NewSession()
	if err != nil {
		t.Fatal(err)
	}
	return s
}
