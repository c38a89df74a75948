package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
)

func TestHealthcheckFailsWithoutAServer(t *testing.T) {
	out, status := outcome(t, exec.Command(binary, "healthcheck", "--listen", "127.0.0.1:1", "--data-dir", t.TempDir()))
	if status != 1 {
		t.Fatalf("healthcheck with nothing listening: exit status %d, want 1\n%s", status, out)
	}
	if !strings.Contains(string(out), "127.0.0.1:1") {
		t.Errorf("the failure does not name the address:\n%s", out)
	}
}

func TestBackupAndCheckWhileServing(t *testing.T) {
	dir := t.TempDir()
	r := start(t, dir)
	defer r.stop(t, syscall.SIGTERM)
	run := func(args ...string) (string, int) { return runIn(t, dir, args...) }
	if out, status := run("backup", "copy.db"); status != 0 || !strings.Contains(out, "backed up") {
		t.Fatalf("backup: status %d\n%s", status, out)
	}
	if out, status := run("backup", "copy.db"); status != 1 || !strings.Contains(out, "already exists") {
		t.Errorf("a second backup to the same file: status %d\n%s", status, out)
	}
	if out, status := run("check", "--data-dir", "."+string(filepath.Separator)); status != 1 {
		t.Errorf("check of a folder without a database: status %d\n%s", status, out)
	}
	// The backup, restored as a data folder, checks out and serves.
	restored := filepath.Join(dir, "restored")
	os.Mkdir(restored, 0o700)
	if err := os.Rename(filepath.Join(dir, "copy.db"), filepath.Join(restored, "sshblog.db")); err != nil {
		t.Fatal(err)
	}
	if out, status := run("check", "--data-dir", restored); status != 0 || !strings.Contains(out, "ok") {
		t.Errorf("check of the backup: status %d\n%s", status, out)
	}
	second := start(t, dir, "--data-dir", restored)
	client := dialKeyless(t, second.addr)
	session, _ := client.NewSession()
	if out, err := session.Output("ls"); err != nil || !strings.Contains(string(out), "friendships-change") {
		t.Errorf("ls from the restored backup: %v\n%s", err, out)
	}
	if strings.Contains(second.log.String(), "loaded the sample blog") {
		t.Errorf("the restored store was seeded again, as if empty:\n%s", second.log)
	}
}

func TestDialAddress(t *testing.T) {
	for listen, want := range map[string]string{
		":23234":         "127.0.0.1:23234",
		"0.0.0.0:22":     "127.0.0.1:22",
		"[::]:22":        "[::1]:22",
		"127.0.0.1:2222": "127.0.0.1:2222",
		"[::1]:2222":     "[::1]:2222",
	} {
		if got, err := dialAddress(listen); err != nil || got != want {
			t.Errorf("dialAddress(%q) = %q, %v; want %q", listen, got, err, want)
		}
	}
}
