package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"

	"github.com/sshblog/sshblog/server"
)

// TestBothHostKeysKeptAndChecked: the server makes an ECDSA P-256 host key
// beside the ed25519 one, 0600, keeps it across restarts, and healthcheck
// fails when the server presents another ECDSA key than the file's.
func TestBothHostKeysKeptAndChecked(t *testing.T) {
	dir := t.TempDir()
	data := filepath.Join(dir, ".sshblog")
	healthcheck := func(addr string) (string, int) {
		return outcome(t, exec.Command(binary, "healthcheck", "--listen", addr, "--data-dir", data))
	}

	first := start(t, dir)
	ecdsaPath := filepath.Join(data, "host_ecdsa")
	for _, name := range []string{"host_ed25519", "host_ecdsa"} {
		info, err := os.Stat(filepath.Join(data, name))
		if err != nil {
			t.Fatalf("no %s in the data dir: %v", name, err)
		}
		if info.Mode().Perm() != 0o600 {
			t.Errorf("%s has mode %v, want 0600", name, info.Mode().Perm())
		}
	}
	key, err := server.LoadOrCreateECDSAHostKey(ecdsaPath)
	if err != nil {
		t.Fatal(err)
	}
	if key.PublicKey().Type() != "ecdsa-sha2-nistp256" {
		t.Fatalf("the second host key is %s, want ecdsa-sha2-nistp256", key.PublicKey().Type())
	}
	if out, status := healthcheck(first.addr); status != 0 || !strings.Contains(out, "healthy") {
		t.Fatalf("healthcheck: status %d\n%s", status, out)
	}
	if status := first.stop(t, syscall.SIGTERM); status != 0 {
		t.Fatalf("SIGTERM: exit %d", status)
	}

	// A restart serves the same key: healthcheck still matches the file.
	second := start(t, dir)
	if out, status := healthcheck(second.addr); status != 0 {
		t.Fatalf("healthcheck after a restart: status %d\n%s", status, out)
	}
	// Another ECDSA key in the file than the one served: unhealthy.
	if err := os.Remove(ecdsaPath); err != nil {
		t.Fatal(err)
	}
	if _, err := server.LoadOrCreateECDSAHostKey(ecdsaPath); err != nil {
		t.Fatal(err)
	}
	out, status := healthcheck(second.addr)
	if status != 1 || !strings.Contains(out, "ecdsa-sha2-nistp256") {
		t.Errorf("healthcheck against a server with another ECDSA key: status %d, want 1 naming the key\n%s", status, out)
	}
}
