package main

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/sshblog/sshblog/data"
)

func TestForgetVisitorsAfterDefaultsTo90DaysAndReadsItsVariable(t *testing.T) {
	cfg, err := parseConfig(nil, envOf(nil))
	if err != nil || cfg.forgetVisitorsAfter != 90*24*time.Hour {
		t.Errorf("default %v, %v", cfg.forgetVisitorsAfter, err)
	}
	cfg, err = parseConfig(nil, envOf(map[string]string{"SSHBLOG_FORGET_VISITORS_AFTER": "720h"}))
	if err != nil || cfg.forgetVisitorsAfter != 30*24*time.Hour {
		t.Errorf("from the environment %v, %v", cfg.forgetVisitorsAfter, err)
	}
}

// The server sweeps at start: a key that only came to read, 100 days ago,
// is forgotten.
func TestServerForgetsKeysThatOnlyCameLongAgo(t *testing.T) {
	dir := t.TempDir()
	dataDir := filepath.Join(dir, ".sshblog")
	if err := os.Mkdir(dataDir, 0o700); err != nil {
		t.Fatal(err)
	}
	store, err := data.Open(filepath.Join(dataDir, databaseFile))
	if err != nil {
		t.Fatal(err)
	}
	if _, _, err := store.Visit(context.Background(), "SHA256:stranger", time.Now().Add(-100*24*time.Hour)); err != nil {
		t.Fatal(err)
	}
	if err := store.Close(); err != nil {
		t.Fatal(err)
	}
	r := start(t, dir)
	// The first sweep runs at start, and a shutdown waits for it.
	if status := r.stop(t, syscall.SIGTERM); status != 0 {
		t.Fatalf("exit status %d", status)
	}
	if !strings.Contains(r.log.String(), `msg="forgot old visitors" keys=1`) {
		t.Errorf("the stranger was not forgotten:\n%s", r.log)
	}
}
