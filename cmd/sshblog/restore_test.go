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
)

// runIn runs the sshblog binary in dir and returns its output and status.
func runIn(t *testing.T, dir string, args ...string) (string, int) {
	t.Helper()
	cmd := exec.Command(binary, args...)
	cmd.Dir = dir
	return outcome(t, cmd)
}

// commenter is a reader with a key of their own, on one connection.
func commenter(t *testing.T, addr, user string) *gossh.Client {
	t.Helper()
	_, key, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	signer, err := gossh.NewSignerFromKey(key)
	if err != nil {
		t.Fatal(err)
	}
	client, err := gossh.Dial("tcp", addr, &gossh.ClientConfig{User: user, Auth: []gossh.AuthMethod{gossh.PublicKeys(signer)},
		HostKeyCallback: gossh.InsecureIgnoreHostKey(), Timeout: 10 * time.Second})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { client.Close() })
	return client
}

// sshRun runs one command on client with stdin and returns its output and
// exit status.
func sshRun(t *testing.T, client *gossh.Client, command, stdin string) (string, int) {
	t.Helper()
	session, err := client.NewSession()
	if err != nil {
		t.Fatal(err)
	}
	defer session.Close()
	session.Stdin = strings.NewReader(stdin)
	out, err := session.CombinedOutput(command)
	var exit *gossh.ExitError
	if errors.As(err, &exit) {
		return string(out), exit.ExitStatus()
	}
	if err != nil {
		t.Fatalf("%s: %v", command, err)
	}
	return string(out), 0
}

const restorePost = "difference-between-networking-and-making-friends"

// Back up, write more, restore (refused while serving), start: the blog is
// as the backup had it, and the database it replaced is kept beside it.
func TestRestorePutsTheBackupBack(t *testing.T) {
	dir := t.TempDir()
	r := start(t, dir)
	ada := commenter(t, r.addr, "ada")
	if out, status := sshRun(t, ada, "comment "+restorePost, "Before the backup."); status != 0 {
		t.Fatalf("comment: %d %s", status, out)
	}
	if out, status := runIn(t, dir, "backup", "snapshot.db"); status != 0 {
		t.Fatalf("backup: %d %s", status, out)
	}
	if out, status := sshRun(t, ada, "comment "+restorePost, "After the backup."); status != 0 {
		t.Fatalf("comment: %d %s", status, out)
	}
	out, status := runIn(t, dir, "restore", "snapshot.db")
	if status != 1 || !strings.Contains(out, "a server is running on this data folder") || !strings.Contains(out, "stop it") {
		t.Errorf("restore while serving: status %d\n%s", status, out)
	}
	if got, _ := sshRun(t, ada, "comments "+restorePost, ""); !strings.Contains(got, "After the backup.") {
		t.Fatalf("the refused restore changed the served blog:\n%s", got)
	}
	if status := r.stop(t, syscall.SIGTERM); status != 0 {
		t.Fatalf("stop: %d", status)
	}

	out, status = runIn(t, dir, "restore", "snapshot.db")
	if status != 0 || !strings.Contains(out, "sshblog.db.before-restore") || !strings.Contains(out, "host keys are not in backups") {
		t.Fatalf("restore: status %d\n%s", status, out)
	}
	for _, gone := range []string{"sshblog.db-wal", "sshblog.db-shm"} {
		if _, err := os.Stat(filepath.Join(dir, ".sshblog", gone)); err == nil {
			t.Errorf("%s of the old database is still beside the restored one", gone)
		}
	}
	if out, status := runIn(t, dir, "check"); status != 0 {
		t.Errorf("check after restore: %d %s", status, out)
	}
	again := start(t, dir)
	got, _ := sshRun(t, commenter(t, again.addr, "bob"), "comments "+restorePost, "")
	if !strings.Contains(got, "Before the backup.") || strings.Contains(got, "After the backup.") {
		t.Errorf("the restored blog is not the backup's:\n%s", got)
	}
	// The old database, with its WAL, still has the later comment.
	old := t.TempDir()
	for _, suffix := range []string{"", "-wal"} {
		if b, err := os.ReadFile(filepath.Join(dir, ".sshblog", "sshblog.db.before-restore"+suffix)); err == nil {
			os.WriteFile(filepath.Join(old, "sshblog.db"+suffix), b, 0o600)
		}
	}
	if out, status := runIn(t, dir, "check", "--data-dir", old); status != 0 {
		t.Errorf("the database put aside does not check: %d %s", status, out)
	}

	// A second restore keeps the first one's file rather than overwrite it.
	again.stop(t, syscall.SIGTERM)
	if out, status := runIn(t, dir, "restore", "snapshot.db"); status != 1 || !strings.Contains(out, "move it away first") {
		t.Errorf("a restore over an earlier one's kept file: status %d\n%s", status, out)
	}
}

// A file that is not a sound sshblog database is refused and nothing changes.
func TestRestoreRefusesWhatIsNotABackup(t *testing.T) {
	dir := t.TempDir()
	r := start(t, dir)
	r.stop(t, syscall.SIGTERM)
	db := filepath.Join(dir, ".sshblog", "sshblog.db")
	before, err := os.ReadFile(db)
	if err != nil {
		t.Fatal(err)
	}
	os.WriteFile(filepath.Join(dir, "notes.txt"), []byte(strings.Repeat("not a database\n", 400)), 0o600)
	out, status := runIn(t, dir, "restore", "notes.txt")
	if status != 1 || !strings.Contains(out, "notes.txt is not a database sshblog can restore") || !strings.Contains(out, "nothing was changed") {
		t.Errorf("restore of a text file: status %d\n%s", status, out)
	}
	if after, _ := os.ReadFile(db); string(after) != string(before) {
		t.Error("the refused restore changed the database")
	}
	if _, err := os.Stat(db + ".before-restore"); err == nil {
		t.Error("the refused restore put the database aside")
	}
}
