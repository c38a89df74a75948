// Package clusterfaults is the cluster's fault suite: real rqlited voters
// (internal/rqlitetest), sshblog processes on the cluster, each on its own
// loopback address, and real SSH clients, through kill -9 of rqlite leaders,
// sshblog nodes and the rqlite node a node talks to. It elects leaders and
// checks "within 10 s", so it runs alone (heavy.Exclusive).
package clusterfaults

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"testing"

	"github.com/sshblog/sshblog/internal/heavy"
)

// binary is sshblog, built once for the suite.
var binary string

func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "sshblog-clusterfaults")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	binary = filepath.Join(dir, "sshblog")
	build := exec.Command("go", "build", "-o", binary, "github.com/sshblog/sshblog/cmd/sshblog")
	build.Stdout, build.Stderr = os.Stderr, os.Stderr
	if err := build.Run(); err != nil {
		fmt.Fprintln(os.Stderr, "build sshblog:", err)
		os.Exit(1)
	}
	code := heavy.Exclusive(m)
	os.RemoveAll(dir)
	os.Exit(code)
}
