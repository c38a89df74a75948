package main

import (
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"

	"github.com/sshblog/sshblog/internal/eventually"
	"github.com/sshblog/sshblog/internal/rqlitetest"
)

// runIn runs an sshblog command in dir and returns its output and status.
func runIn(dir string, args ...string) (string, int) {
	cmd := exec.Command(binary, args...)
	cmd.Dir = dir
	out, err := cmd.CombinedOutput()
	var exit *exec.ExitError
	if errors.As(err, &exit) {
		return string(out), exit.ExitCode()
	}
	return string(out), 0
}

// An rqlite cluster that does not answer when sshblog starts gets one log
// line and is asked again until it does; meanwhile nothing is served and the
// healthcheck says why; then the blog serves from it. The store's password
// is never in a log line or a message.
func TestClusterStoreUnreachableAtStartThenServed(t *testing.T) {
	dir := t.TempDir()
	c := rqlitetest.StartCluster(t, 1, rqlitetest.Auth("blog", "s3cret-pw"))
	node := c.Nodes()[0]
	store := "rqlite://blog:s3cret-pw@" + node.HTTPAddr
	c.Kill(0)

	cmd := exec.Command(binary, "--store", store, "--data-dir", dir)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "SSHBLOG_LISTEN=127.0.0.1:0")
	stderr, _ := cmd.StderrPipe()
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	r := watchLog(t, cmd, stderr)
	eventually.True(t, "the line that the store cannot be reached", func() bool {
		return strings.Contains(r.log.String(), "the store cannot be reached")
	})
	if out, status := runIn(dir, "healthcheck", "--store", store, "--data-dir", dir); status != 1 || !strings.Contains(out, "no rqlite node") {
		t.Errorf("healthcheck with the store down: status %d\n%s", status, out)
	}

	c.Restart(0)
	r.waitServing(t)
	defer r.stop(t, syscall.SIGTERM)
	if n := strings.Count(r.log.String(), "the store cannot be reached"); n != 1 {
		t.Errorf("%d log lines about the unreachable store, want 1:\n%s", n, r.log)
	}
	out, status := runIn(dir, "healthcheck", "--store", store, "--listen", r.addr, "--data-dir", dir)
	if status != 0 || !strings.Contains(out, "is the leader") {
		t.Errorf("healthcheck of a node on a live cluster: status %d\n%q", status, out)
	}
	client := dialKeyless(t, r.addr)
	session, _ := client.NewSession()
	if out, err := session.Output("ls"); err != nil || !strings.Contains(string(out), "friendships-change") {
		t.Errorf("ls from the cluster: %v\n%s", err, out)
	}
	wrong, status := runIn(dir, "check", "--store", "rqlite://blog:wrong-pw@"+node.HTTPAddr)
	if status != 1 || !strings.Contains(wrong, "refused the store's credentials") {
		t.Errorf("check with a wrong password: status %d\n%s", status, wrong)
	}
	bad, status := runIn(dir, "check", "--store", "rqlite://blog:s3cret-pw@nohostport")
	for what, text := range map[string]string{"the log": r.log.String(), "check with a wrong password": wrong, "a bad setting": bad, "the healthcheck": out} {
		if strings.Contains(text, "s3cret-pw") || strings.Contains(text, "wrong-pw") {
			t.Errorf("%s shows the store's password:\n%s", what, text)
		}
	}
	if status != 2 {
		t.Errorf("a bad --store: status %d, want 2\n%s", status, bad)
	}
}

// A single-node blog moves into a cluster with one command, and a copy
// comes back out that check accepts.
func TestLoadIntoAClusterAndBackUpOut(t *testing.T) {
	dir := t.TempDir()
	single := start(t, dir)
	if out, status := runIn(dir, "backup", "single.db"); status != 0 {
		t.Fatalf("backup: status %d\n%s", status, out)
	}
	single.stop(t, syscall.SIGTERM)
	c := rqlitetest.StartCluster(t, 1)
	store := c.URL(0)
	if out, status := runIn(dir, "load", "--store", store, "single.db"); status != 0 || !strings.Contains(out, "loaded single.db") {
		t.Fatalf("load: status %d\n%s", status, out)
	}
	if out, status := runIn(dir, "check", "--store", store); status != 0 || !strings.Contains(out, "ok") {
		t.Fatalf("check of the cluster: status %d\n%s", status, out)
	}
	out := filepath.Join(dir, "out")
	os.Mkdir(out, 0o700)
	if o, status := runIn(dir, "backup", "--store", store, filepath.Join(out, "sshblog.db")); status != 0 {
		t.Fatalf("backup of the cluster: status %d\n%s", status, o)
	}
	if o, status := runIn(dir, "check", "--data-dir", out); status != 0 || !strings.Contains(o, "ok") {
		t.Errorf("check of the copy out: status %d\n%s", status, o)
	}
}
