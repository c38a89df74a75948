package clusterfaults

import (
	"os/exec"
	"strings"
	"testing"
	"time"

	"github.com/sshblog/sshblog/internal/rqlitetest"
)

// TestStoreUnreachableAtStart: sshblog started while its rqlite node is
// down says so in one log line, keeps trying, opens no SSH port meanwhile
// (nothing served half-working), and healthcheck fails naming the store;
// once rqlite is back, the node serves without being restarted.
func TestStoreUnreachableAtStart(t *testing.T) {
	rq := rqlitetest.StartCluster(t, 1)
	rq.Kill(0)
	store := rq.URL(0)
	addr := freeHostPort(t, nodeHost(0))
	n := &node{t: t, name: "sshblog1", addr: addr, log: &lines{},
		args: []string{"serve", "--store", store, "--data-dir", t.TempDir()}}
	cmd := exec.Command(binary, append(n.args, "--http-listen", "off", "--listen", addr)...)
	stderr, err := cmd.StderrPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	n.cmd, n.exited = cmd, make(chan struct{})
	logged := make(chan struct{}, 1)
	serving := make(chan struct{}, 1)
	host := strings.TrimPrefix(store, "rqlite://")
	go func() {
		for line := range lineReader(stderr) {
			n.log.add(line)
			if strings.Contains(line, host) {
				select {
				case logged <- struct{}{}:
				default:
				}
			}
			if servingLine.MatchString(line) {
				serving <- struct{}{}
			}
		}
		cmd.Wait()
		close(n.exited)
	}()
	t.Cleanup(func() {
		n.kill()
		if t.Failed() {
			t.Logf("sshblog log:\n%s", n.log)
		}
	})
	select {
	case <-logged:
	case <-n.exited:
		t.Fatalf("sshblog exited when rqlite was unreachable, instead of waiting for it:\n%s", n.log)
	case <-time.After(waitLong):
		t.Fatalf("no log line names the unreachable store %s:\n%s", host, n.log)
	}

	out, err := exec.Command(binary, "healthcheck", "--listen", addr, "--store", store).CombinedOutput()
	if err == nil || !strings.Contains(strings.ToLower(string(out)), "rqlite") {
		t.Errorf("healthcheck while the store is unreachable: %v\n%s; want a failure naming rqlite", err, out)
	}
	if c, err := connect(addr, "early", nil, nil); err == nil {
		c.Close()
		t.Error("the node let a reader in before it had its store")
	}

	rq.Restart(0)
	select {
	case <-serving:
	case <-n.exited:
		t.Fatalf("sshblog exited instead of serving once rqlite was back:\n%s", n.log)
	case <-time.After(waitLong):
		t.Fatalf("sshblog did not serve within %s of rqlite being back:\n%s", waitLong, n.log)
	}
	if got := n.log.warnings(host); got != 1 {
		t.Errorf("%d warnings or errors name the unreachable store; want one, however many retries:\n%s", got, n.log)
	}
	mustExec(t, mustConnect(t, addr, "reader", nil), "ls", "")
}
