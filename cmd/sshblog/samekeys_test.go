package main

import (
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/sshblog/sshblog/server"
)

// sharedHostKeys makes the two host key files every node of a cluster is
// given, and returns the flags that give them.
func sharedHostKeys(t *testing.T) []string {
	t.Helper()
	dir := t.TempDir()
	ed, ecdsa := filepath.Join(dir, "host_ed25519"), filepath.Join(dir, "host_ecdsa")
	if _, err := server.LoadOrCreateHostKey(ed); err != nil {
		t.Fatal(err)
	}
	if _, err := server.LoadOrCreateECDSAHostKey(ecdsa); err != nil {
		t.Fatal(err)
	}
	return []string{"--host-key", ed, "--host-key-ecdsa", ecdsa}
}

// opensshAs runs OpenSSH's ssh as guest against addr, checking its host key
// strictly against knownHosts under the name blog.example.com, as a reader
// would reach any node of the cluster, and returns its output and status.
func opensshAs(t *testing.T, addr, knownHosts, checking string, extra ...string) (string, int) {
	t.Helper()
	host, port, _ := strings.Cut(addr, ":")
	args := append([]string{"-F", "/dev/null", "-p", port, "-o", "BatchMode=yes", "-o", "HostKeyAlias=blog.example.com",
		"-o", "UserKnownHostsFile=" + knownHosts, "-o", "StrictHostKeyChecking=" + checking}, extra...)
	return outcome(t, exec.Command("ssh", append(args, "guest@"+host, "ls")...))
}

// TestNodesGivenTheSameKeyFilesAreOneHostToReaders: two nodes started with
// the same host key files present the same keys, ed25519 and ECDSA: the
// known_hosts OpenSSH wrote on its first visit, to one node, lets it into
// the other without a warning. A node with keys of its own is refused
// with OpenSSH's warning, so the check is real.
func TestNodesGivenTheSameKeyFilesAreOneHostToReaders(t *testing.T) {
	if _, err := exec.LookPath("ssh"); err != nil {
		t.Fatal("ssh is needed: install openssh-client")
	}
	keys := sharedHostKeys(t)
	a, b := start(t, t.TempDir(), keys...), start(t, t.TempDir(), keys...)
	stranger := start(t, t.TempDir())
	for _, alg := range []string{"ssh-ed25519", "ecdsa-sha2-nistp256"} {
		knownHosts := filepath.Join(t.TempDir(), "known_hosts")
		pin := []string{"-o", "HostKeyAlgorithms=" + alg}
		if out, status := opensshAs(t, a.addr, knownHosts, "accept-new", pin...); status != 0 {
			t.Fatalf("%s: first visit, to node a: status %d\n%s", alg, status, out)
		}
		out, status := opensshAs(t, b.addr, knownHosts, "yes", pin...)
		if status != 0 || !strings.Contains(out, "\t") { // ls: slug, date and title
			t.Fatalf("%s: node b with node a's known_hosts: status %d\n%s", alg, status, out)
		}
		if out, status := opensshAs(t, stranger.addr, knownHosts, "yes", pin...); status == 0 || !strings.Contains(out, "REMOTE HOST IDENTIFICATION HAS CHANGED") {
			t.Fatalf("%s: a node with other keys was not refused: status %d\n%s", alg, status, out)
		}
	}
}
