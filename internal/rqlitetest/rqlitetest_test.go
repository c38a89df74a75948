package rqlitetest

import (
	"os"
	"os/exec"
	"strings"
	"testing"

	"github.com/sshblog/sshblog/internal/heavy"
)

func TestMain(m *testing.M) { os.Exit(heavy.Shared(m)) }

// The binary the tests use is the pinned version.
func TestBinaryIsPinnedVersion(t *testing.T) {
	out, err := exec.Command(Binary(t), "-version").CombinedOutput()
	if err != nil {
		t.Fatalf("rqlited -version: %v\n%s", err, out)
	}
	if !strings.HasPrefix(string(out), "rqlited v8.43.4 ") {
		t.Errorf("rqlited -version = %q, want v8.43.4", out)
	}
}

// A killed leader is replaced by another voter, and the killed node comes
// back into the cluster on its data.
func TestClusterSurvivesKilledLeader(t *testing.T) {
	c := StartCluster(t, 3)
	old := c.Leader()
	c.Kill(old)
	if now := c.WaitLeader(); now == old {
		t.Fatalf("node %d is still leader after kill -9", old)
	}
	c.Restart(old)
	if !c.Nodes()[old].Ready() {
		t.Errorf("node %d restarted but is not ready", old)
	}
}

func TestSingleNode(t *testing.T) {
	c := StartCluster(t, 1)
	if c.Leader() != 0 {
		t.Fatal("a single node is not its own leader")
	}
	if got, want := c.URL(0), "rqlite://"+c.Nodes()[0].HTTPAddr; got != want {
		t.Errorf("URL(0) = %q, want %q", got, want)
	}
}
