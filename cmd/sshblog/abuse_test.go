package main

import (
	"bufio"
	"fmt"
	"net"
	"net/http"
	"os"
	"strconv"
	"strings"
	"testing"

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
