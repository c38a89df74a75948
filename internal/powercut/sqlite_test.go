package powercut_test

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/sshblog/sshblog/data"
	"github.com/sshblog/sshblog/posts"
)

// Before trusting a power cut through the layer: SQLite's WAL, its shared
// memory and its locks work there, within a process and between processes,
// and a committed comment outlives a cut.
func TestSQLiteWorksThroughTheLayer(t *testing.T) {
	f := mount(t)
	path := filepath.Join(f.Dir, "sshblog.db")
	s, err := data.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	if err := s.SavePost(ctx, posts.Post{Slug: "post", Title: "Post", Published: time.Now().Add(-time.Hour), Body: "x"}); err != nil {
		t.Fatal(err)
	}
	ada := posts.Identity{Fingerprint: "SHA256:ada", Name: "ada", PublicKey: "ssh-ed25519 AAAA"}
	c, err := s.AddComment(ctx, posts.NewComment{PostSlug: "post", Author: ada, Body: "through FUSE"})
	if err != nil {
		t.Fatal(err)
	}
	// Another connection in this process reads the WAL through the SHM.
	ro, err := data.OpenReadOnly(path)
	if err != nil {
		t.Fatal(err)
	}
	if got, err := ro.Comment(ctx, c.ID); err != nil || got.Body != "through FUSE" {
		t.Errorf("a second connection: %+v, %v", got, err)
	}
	ro.Close()
	// Another process does too, while the writer holds the database open.
	sqlite3, err := exec.LookPath("sqlite3")
	if err != nil {
		t.Fatal("sqlite3 is needed for this test: apt-get install -y sqlite3")
	}
	if _, err := os.Stat(path + "-shm"); err != nil {
		t.Fatalf("no SHM beside the database: %v", err)
	}
	out, err := exec.Command(sqlite3, path, "SELECT body FROM comments; PRAGMA journal_mode;").CombinedOutput()
	if err != nil || strings.TrimSpace(string(out)) != "through FUSE\nwal" {
		t.Errorf("sqlite3 in another process: %v %q", err, out)
	}
	// A lock this process holds keeps another process out.
	lock, err := os.OpenFile(filepath.Join(f.Dir, "lock"), os.O_RDWR|os.O_CREATE, 0o600)
	if err != nil {
		t.Fatal(err)
	}
	defer lock.Close()
	if err := lockFile(lock); err != nil {
		t.Fatal(err)
	}
	probe := exec.Command("python3", "-c", "import fcntl,sys; fcntl.lockf(open(sys.argv[1], 'r+'), fcntl.LOCK_EX | fcntl.LOCK_NB)", lock.Name())
	if out, err := probe.CombinedOutput(); err == nil || !strings.Contains(string(out), "BlockingIOError") {
		t.Errorf("another process took a lock this one holds: %v %s", err, out)
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	lock.Close()
	if err := f.Cut(); err != nil {
		t.Fatal(err)
	}
	problems, err := data.Check(ctx, filepath.Join(f.Live(), "sshblog.db"))
	if err != nil || len(problems) > 0 {
		t.Fatalf("check after the cut: %v, %v", problems, err)
	}
	after, err := data.OpenReadOnly(filepath.Join(f.Live(), "sshblog.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer after.Close()
	if got, err := after.Comment(ctx, c.ID); err != nil || got.Body != "through FUSE" {
		t.Errorf("the committed comment after the cut: %+v, %v", got, err)
	}
}

// lockFile takes a POSIX write lock on the whole of f, as SQLite locks.
func lockFile(f *os.File) error {
	return syscall.FcntlFlock(f.Fd(), syscall.F_SETLK, &syscall.Flock_t{Type: syscall.F_WRLCK, Whence: 0})
}
