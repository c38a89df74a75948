package main

import (
	"crypto/ed25519"
	"crypto/rand"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	gossh "golang.org/x/crypto/ssh"

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
	if out, status := runIn(dir, "tui", "--store", store); status != 2 || !strings.Contains(out, "ssh to one of its nodes") {
		t.Errorf("tui on a cluster: status %d\n%s", status, out)
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

// Two sshblog nodes on one cluster are one blog: a name taken on one is
// taken on the other, a comment made through one is read through the other,
// and a key's rate limit counts its comments on both.
func TestTwoNodesAreOneBlog(t *testing.T) {
	c := rqlitetest.StartCluster(t, 1)
	a := start(t, t.TempDir(), "--store", c.URL(0), "--comments-per-minute", "2")
	defer a.stop(t, syscall.SIGTERM)
	b := start(t, t.TempDir(), "--store", c.URL(0), "--comments-per-minute", "2")
	defer b.stop(t, syscall.SIGTERM)
	_, key, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	signer, err := gossh.NewSignerFromKey(key)
	if err != nil {
		t.Fatal(err)
	}
	run := func(node *running, user, command, stdin string) (string, error) {
		client, err := gossh.Dial("tcp", node.addr, &gossh.ClientConfig{User: user, Auth: []gossh.AuthMethod{gossh.PublicKeys(signer)},
			HostKeyCallback: gossh.InsecureIgnoreHostKey(), Timeout: 10 * time.Second})
		if err != nil {
			t.Fatal(err)
		}
		defer client.Close()
		session, err := client.NewSession()
		if err != nil {
			t.Fatal(err)
		}
		session.Stdin = strings.NewReader(stdin)
		out, err := session.CombinedOutput(command)
		return string(out), err
	}
	const slug = "difference-between-networking-and-making-friends"
	if out, err := run(a, "reader", "name Ada", ""); err != nil {
		t.Fatalf("name on node a: %v\n%s", err, out)
	}
	if out, err := run(b, "reader", "comment "+slug, "Written through node b"); err != nil {
		t.Fatalf("comment on node b: %v\n%s", err, out)
	}
	eventually.True(t, "node a to read node b's comment", func() bool {
		out, err := run(a, "guest", "comments "+slug, "")
		return err == nil && strings.Contains(out, "Written through node b") && strings.Contains(out, "Ada")
	})
	if out, err := run(a, "reader", "comment "+slug, "Second, through node a"); err != nil {
		t.Fatalf("second comment on node a: %v\n%s", err, out)
	}
	if out, err := run(b, "reader", "comment "+slug, "Third, over the limit"); err == nil || !strings.Contains(out, "2 comments a minute") {
		t.Errorf("a third comment within the minute, through the other node: %v\n%s", err, out)
	}
}
