package main

import (
	"fmt"
	"os"
	"strconv"
	"strings"
	"testing"

	gossh "golang.org/x/crypto/ssh"
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

// A connection whose ten sessions each send env requests without end, 20 MB
// a session, leaves the server's memory, measured on the server in its own
// process, within 10% of where it was: the variables are refused, not kept
// until a shell that never comes.
func TestEnvFloodLeavesTheServersMemoryWhereItWas(t *testing.T) {
	r := start(t, t.TempDir())
	pid := r.cmd.Process.Pid
	cfg := &gossh.ClientConfig{User: "flood", Auth: []gossh.AuthMethod{keyless}, HostKeyCallback: gossh.InsecureIgnoreHostKey()}
	warm, err := gossh.Dial("tcp", r.addr, cfg)
	if err != nil {
		t.Fatal(err)
	}
	warm.Close()
	before := rssKiB(t, pid)

	client, err := gossh.Dial("tcp", r.addr, cfg)
	if err != nil {
		t.Fatal(err)
	}
	defer client.Close()
	value := strings.Repeat("x", 100<<10)
	for range 10 {
		ch, reqs, err := client.OpenChannel("session", nil)
		if err != nil {
			t.Fatal(err)
		}
		go gossh.DiscardRequests(reqs)
		for i := range 200 {
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
	during := rssKiB(t, pid)
	if during > before+before/10 {
		t.Errorf("the server's memory went from %d KiB to %d KiB under the env flood", before, during)
	}
}
