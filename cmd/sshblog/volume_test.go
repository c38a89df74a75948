package main

import (
	"bytes"
	"crypto/sha256"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
)

// imageUID is the user the container image runs as; as root, permissions
// would not be tested at all.
const imageUID = 65532

// imageUser prepares a folder that uid 65532 can reach, with the binary in
// it, and returns the folder and a command maker running as that user.
func imageUser(t *testing.T) (dir string, command func(args ...string) *exec.Cmd) {
	t.Helper()
	if os.Getuid() != 0 {
		t.Skip("SKIPPED, NOT TESTED: running the binary as uid 65532 needs root; run the tests as root, as CI does")
	}
	dir = t.TempDir()
	// t.TempDir's parent is private to root.
	if err := os.Chmod(filepath.Dir(dir), 0o755); err != nil {
		t.Fatal(err)
	}
	os.Chmod(dir, 0o755)
	bin := filepath.Join(dir, "sshblog")
	src, err := os.ReadFile(binary)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(bin, src, 0o755); err != nil {
		t.Fatal(err)
	}
	return dir, func(args ...string) *exec.Cmd {
		cmd := exec.Command(bin, args...)
		cmd.Dir = dir
		cmd.Env = append(os.Environ(), "SSHBLOG_LISTEN=127.0.0.1:0", "HOME="+dir)
		cmd.SysProcAttr = &syscall.SysProcAttr{Credential: &syscall.Credential{Uid: imageUID, Gid: imageUID}}
		return cmd
	}
}

// chownTree gives dir and everything in it to uid.
func chownTree(t *testing.T, dir string, uid int) {
	t.Helper()
	filepath.Walk(dir, func(p string, _ os.FileInfo, err error) error {
		if err == nil {
			err = os.Lchown(p, uid, uid)
		}
		if err != nil {
			t.Fatal(err)
		}
		return nil
	})
}

// A data folder the server cannot use stops it with one line that names it
// and says what to do, exit status 1, and nothing in it changed.
func TestBrokenVolumesStopWithOneLine(t *testing.T) {
	root, command := imageUser(t)
	healthy := filepath.Join(root, "healthy")
	os.Mkdir(healthy, 0o700)
	chownTree(t, healthy, imageUID)
	r := startCmd(t, command("--data-dir", healthy))
	if status := r.stop(t, syscall.SIGTERM); status != 0 {
		t.Fatalf("the healthy blog did not stop cleanly: %d", status)
	}
	db, err := os.ReadFile(filepath.Join(healthy, "sshblog.db"))
	if err != nil {
		t.Fatal(err)
	}

	// copyOf is the healthy data folder, its database changed by damage.
	copyOf := func(name string, damage func([]byte) []byte) string {
		dir := filepath.Join(root, name)
		os.Mkdir(dir, 0o700)
		for _, f := range []string{"host_ed25519", "host_ecdsa"} {
			b, _ := os.ReadFile(filepath.Join(healthy, f))
			os.WriteFile(filepath.Join(dir, f), b, 0o600)
		}
		os.WriteFile(filepath.Join(dir, "sshblog.db"), damage(bytes.Clone(db)), 0o600)
		chownTree(t, dir, imageUID)
		return dir
	}
	readOnly := copyOf("read-only", func(b []byte) []byte { return b })
	os.Chmod(readOnly, 0o500)
	mounted := copyOf("read-only-mount", func(b []byte) []byte { return b })
	if err := syscall.Mount(mounted, mounted, "", syscall.MS_BIND, ""); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { syscall.Unmount(mounted, syscall.MNT_DETACH) })
	if err := syscall.Mount("", mounted, "", syscall.MS_REMOUNT|syscall.MS_BIND|syscall.MS_RDONLY, ""); err != nil {
		t.Fatal(err)
	}
	someoneElses := copyOf("someone-elses", func(b []byte) []byte { return b })
	chownTree(t, someoneElses, 0)
	os.Chmod(someoneElses, 0o755)
	notSQLite := copyOf("not-sqlite", func([]byte) []byte { return []byte(strings.Repeat("my notes\n", 1000)) })
	truncated := copyOf("truncated", func(b []byte) []byte { return b[:len(b)/2] })
	corrupt := copyOf("corrupt", func(b []byte) []byte {
		for i := 2 * 4096; i < 2*4096+200; i++ { // the b-tree header of page 3
			b[i] = 0xa5
		}
		return b
	})

	for _, c := range []struct {
		dir  string
		want []string
	}{
		{readOnly, []string{"data dir " + readOnly, "not writable by uid 65532", "chmod u+rwx"}},
		{mounted, []string{"data dir " + mounted, "read-only filesystem", "mount it read-write"}},
		{someoneElses, []string{"data dir " + someoneElses, "belongs to uid 0", "chown -R 65532"}},
		{notSQLite, []string{filepath.Join(notSQLite, "sshblog.db") + " is not an SQLite database", "nothing was changed", "sshblog restore FILE"}},
		{truncated, []string{filepath.Join(truncated, "sshblog.db") + " is damaged", "nothing was changed", "sshblog restore FILE"}},
		{corrupt, []string{filepath.Join(corrupt, "sshblog.db") + " is damaged", "sshblog check", "sshblog restore FILE"}},
	} {
		before := snapshot(t, c.dir)
		out, status := outcome(t, command("--data-dir", c.dir))
		out = strings.TrimSpace(out)
		if status != 1 || strings.Contains(out, "\n") {
			t.Errorf("%s: status %d, want 1 and one line:\n%s", filepath.Base(c.dir), status, out)
		}
		for _, w := range c.want {
			if !strings.Contains(out, w) {
				t.Errorf("%s: the line lacks %q:\n%s", filepath.Base(c.dir), w, out)
			}
		}
		if after := snapshot(t, c.dir); after != before {
			t.Errorf("%s: the folder changed:\nbefore %s\nafter  %s", filepath.Base(c.dir), before, after)
		}
	}
}

// snapshot is every file in dir with a hash of its bytes, to compare.
func snapshot(t *testing.T, dir string) string {
	t.Helper()
	var b strings.Builder
	entries, _ := os.ReadDir(dir)
	for _, e := range entries {
		if e.Name() == lockFile {
			continue // the lock serve takes first, empty, which changes nothing
		}
		content, err := os.ReadFile(filepath.Join(dir, e.Name()))
		if err != nil {
			t.Fatal(err)
		}
		fmt.Fprintf(&b, "%s %x; ", e.Name(), sha256.Sum256(content))
	}
	return b.String()
}
