package data

import (
	"context"
	"os"
	"path/filepath"
	"syscall"
	"testing"
	"time"
)

// The database, its WAL and SHM, and backups hold readers' keys: only the
// server's user reads them, even under a umask that takes nothing away.
func TestDatabaseFilesAndBackupsArePrivateWhateverTheUmask(t *testing.T) {
	old := syscall.Umask(0)
	t.Cleanup(func() { syscall.Umask(old) })
	dir := t.TempDir()
	path := filepath.Join(dir, "blog.db")
	s, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	ctx := context.Background()
	if err := s.SavePost(ctx, samplePost("p", time.Now())); err != nil {
		t.Fatal(err)
	}
	if _, err := s.ListPosts(ctx); err != nil { // a reader maps the SHM too
		t.Fatal(err)
	}
	backup := filepath.Join(dir, "backup.db")
	if err := Backup(ctx, path, backup); err != nil {
		t.Fatal(err)
	}
	for _, f := range []string{path, path + "-wal", path + "-shm", backup} {
		info, err := os.Stat(f)
		if err != nil {
			t.Errorf("%s: %v", filepath.Base(f), err)
			continue
		}
		if mode := info.Mode().Perm(); mode != 0o600 {
			t.Errorf("%s is %o, want 600", filepath.Base(f), mode)
		}
	}
}

// A database made readable by others before files were kept private is
// made private when opened, with its WAL and SHM.
func TestAnOlderDatabaseIsMadePrivate(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "blog.db")
	s, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	if err := s.SavePost(context.Background(), samplePost("p", time.Now())); err != nil {
		t.Fatal(err)
	}
	s.Close()
	for _, f := range []string{path, path + "-wal", path + "-shm"} {
		if err := os.Chmod(f, 0o644); err != nil && !os.IsNotExist(err) {
			t.Fatal(err)
		}
	}
	s, err = Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	for _, f := range []string{path, path + "-wal", path + "-shm"} {
		if info, err := os.Stat(f); err == nil && info.Mode().Perm() != 0o600 {
			t.Errorf("%s is %o after opening, want 600", filepath.Base(f), info.Mode().Perm())
		}
	}
}
