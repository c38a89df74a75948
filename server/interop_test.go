package server

import (
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// Real clients against the real server: Debian's openssh-client and
// dropbear-bin must be installed (.ci/run installs them); a missing one
// fails the test rather than skipping it.

// need fails the test unless tool is on the PATH, naming the package.
func need(t *testing.T, tool, pkg string) string {
	t.Helper()
	path, err := exec.LookPath(tool)
	if err != nil {
		t.Fatalf("%s is needed for this test: apt-get install -y %s", tool, pkg)
	}
	return path
}

// runTool runs a client to completion with no stdin and returns what it
// printed and its exit status. HOME is a fresh folder, so no key, config or
// known host of the machine's user takes part.
func runTool(t *testing.T, name string, args ...string) (string, int) {
	t.Helper()
	cmd := exec.Command(name, args...)
	cmd.Env = append(os.Environ(), "HOME="+t.TempDir())
	out, err := cmd.CombinedOutput()
	if exit, ok := err.(*exec.ExitError); ok {
		return string(out), exit.ExitCode()
	}
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	return string(out), 0
}

// sshArgs are OpenSSH options for a test: no known hosts kept, no prompt.
func sshArgs(s *Server, more ...string) []string {
	_, port, _ := net.SplitHostPort(s.Addr().String())
	return append([]string{"-p", port, "-F", "none", "-o", "BatchMode=yes", "-o", "StrictHostKeyChecking=no",
		"-o", "UserKnownHostsFile=/dev/null", "-o", "LogLevel=ERROR"}, more...)
}

// clientKey makes an OpenSSH ed25519 key and returns its file's path.
func clientKey(t *testing.T) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "id_ed25519")
	if out, err := exec.Command(need(t, "ssh-keygen", "openssh-client"), "-q", "-t", "ed25519", "-N", "", "-f", path).CombinedOutput(); err != nil {
		t.Fatalf("ssh-keygen: %v\n%s", err, out)
	}
	return path
}

// TestOpenSSHAsAFIPSClient connects as a FIPS-mode OpenSSH would: NIST P-256
// key exchange, an ECDSA host key, AES-CTR with a plain HMAC.
func TestOpenSSHAsAFIPSClient(t *testing.T) {
	s := startServer(t)
	ssh := need(t, "ssh", "openssh-client")
	out, status := runTool(t, ssh, sshArgs(s, "-i", clientKey(t), "-o", "IdentitiesOnly=yes",
		"-o", "KexAlgorithms=ecdh-sha2-nistp256", "-o", "HostKeyAlgorithms=ecdsa-sha2-nistp256",
		"-o", "Ciphers=aes256-ctr", "-o", "MACs=hmac-sha2-512",
		"reader@127.0.0.1", "help")...)
	if status != 0 || !strings.Contains(out, "this help") {
		t.Fatalf("ssh with FIPS algorithms: status %d\n%s", status, out)
	}
}

// TestDropbearClient connects with Dropbear's dbclient, keyless, with
// AES-CTR and the one SHA-2 MAC it knows (it has no encrypt-then-MAC).
func TestDropbearClient(t *testing.T) {
	s := startServer(t)
	dbclient := need(t, "dbclient", "dropbear-bin")
	_, port, _ := net.SplitHostPort(s.Addr().String())
	out, status := runTool(t, dbclient, "-y", "-y", "-c", "aes128-ctr", "-m", "hmac-sha2-256",
		"-p", port, "reader@127.0.0.1", "help")
	if status != 0 || !strings.Contains(out, "this help") {
		t.Fatalf("dbclient: status %d\n%s", status, out)
	}
}

// TestLibssh2Client connects with curl, whose Debian build uses libssh2
// 1.10: AES-CTR with a plain HMAC is all it can do. Logging in as guest is
// enough to show the transport works.
func TestLibssh2Client(t *testing.T) {
	s := startServer(t)
	curl := need(t, "curl", "curl")
	if version, _ := runTool(t, curl, "-V"); !strings.Contains(version, "libssh2/1.") {
		t.Fatalf("this curl is not built with libssh2:\n%s", version)
	}
	out, _ := runTool(t, curl, "-v", "-k", "--max-time", "20", "scp://guest@"+s.Addr().String()+"/feed")
	if !strings.Contains(out, "Authentication complete") {
		t.Fatalf("curl (libssh2) did not log in:\n%s", out)
	}
}
