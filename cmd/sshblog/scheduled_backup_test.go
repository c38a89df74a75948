package main

import (
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"

	"github.com/sshblog/sshblog/internal/smalldisk"
)

const backupWritten = "scheduled backup written and checked"

// Scheduled backups are written, checked, and only the newest kept; each
// one restores to a blog that checks out.
func TestScheduledBackupsKeepTheNewest(t *testing.T) {
	dir := t.TempDir()
	backups := filepath.Join(dir, "backups")
	os.MkdirAll(backups, 0o700)
	os.WriteFile(filepath.Join(backups, "notes.txt"), []byte("not a backup"), 0o600)
	r := start(t, dir, "--backup-dir", backups, "--backup-every", "100ms", "--backup-keep", "2", "--metrics-listen", "127.0.0.1:0")
	r.log.waitForCount(t, backupWritten, 4)
	r.stop(t, syscall.SIGTERM)
	names, _ := filepath.Glob(filepath.Join(backups, "sshblog-*.db"))
	if len(names) != 2 {
		t.Fatalf("%d scheduled backups kept, want 2: %v", len(names), names)
	}
	if _, err := os.Stat(filepath.Join(backups, "notes.txt")); err != nil {
		t.Errorf("pruning removed a file that is not a backup: %v", err)
	}
	if out, status := runIn(t, dir, "restore", names[1]); status != 0 {
		t.Fatalf("restore of the newest scheduled backup: %d %s", status, out)
	}
	if out, status := runIn(t, dir, "check"); status != 0 {
		t.Errorf("check after restoring it: %d %s", status, out)
	}
}

// With too little free space no backup starts, and one that fails (its
// folder cannot be made) is logged and counted; the blog serves on.
func TestScheduledBackupsNeverFillTheDiskOrStopTheBlog(t *testing.T) {
	dir := t.TempDir()
	small := smalldisk.Mount(t, 8<<20) // less than the 64 MiB kept free for the blog
	blocker := filepath.Join(dir, "a-file")
	os.WriteFile(blocker, nil, 0o600)
	for _, c := range []struct {
		backupDir, logged, result string
	}{
		{small, "scheduled backup skipped", `sshblog_backups_total{result="skipped"}`},
		{filepath.Join(blocker, "backups"), "scheduled backup failed; the blog goes on", `sshblog_backups_total{result="failed"}`},
	} {
		r := start(t, t.TempDir(), "--backup-dir", c.backupDir, "--backup-every", "100ms", "--metrics-listen", "127.0.0.1:0")
		r.log.waitForCount(t, c.logged, 2)
		if metrics := scrape(t, r); !strings.Contains(metrics, c.result) {
			t.Errorf("%s: the metrics lack %s", c.backupDir, c.result)
		}
		if out, status := sshRun(t, commenter(t, r.addr, "ada"), "comment "+restorePost, "Still here."); status != 0 {
			t.Errorf("%s: a comment beside failing backups: %d %s", c.backupDir, status, out)
		}
		if entries, _ := os.ReadDir(small); c.backupDir == small && len(entries) != 0 {
			t.Errorf("a skipped backup left %v", entries)
		}
		r.stop(t, syscall.SIGTERM)
	}
}
