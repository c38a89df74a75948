package main

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// With -keys-during-hold the keystrokes are typed over the hold, evenly, so
// that they fall while another tool loads the server; -keys-log says when.
func TestKeystrokesSpreadOverTheHold(t *testing.T) {
	port, err := freePort()
	if err != nil {
		t.Fatal(err)
	}
	addr := fmt.Sprintf("127.0.0.1:%d", port)
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	server, err := startServer(ctx, crashOptions{server: sshblogBinary}, t.TempDir(), addr)
	if err != nil {
		t.Fatal(err)
	}
	defer func() { server.Process.Kill(); server.Wait() }()

	log := filepath.Join(t.TempDir(), "keys")
	o := options{addr: addr, sessions: 3, rate: 100, hold: 2 * time.Second, scenario: "idle", closeBy: "quit",
		waves: 1, keystrokes: 4, keysInHold: true, keysLog: log, user: "load", term: "xterm-256color", width: 80, height: 24}
	if err := o.check(); err != nil {
		t.Fatal(err)
	}
	rep := run(ctx, &o)
	if rep.Failed > 0 || rep.Keystroke.Count != 4 {
		t.Fatalf("%d failed (%v), %d keystrokes timed; want 0 and 4", rep.Failed, rep.Failures, rep.Keystroke.Count)
	}
	b, err := os.ReadFile(log)
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSpace(string(b)), "\n")
	if len(lines) != 4 {
		t.Fatalf("keys log has %d lines, want 4:\n%s", len(lines), b)
	}
	holdStart, holdEnd := rep.Holding.At.UnixMilli(), rep.AfterHold.At.UnixMilli()
	for i, line := range lines {
		var at int64
		var took float64
		if _, err := fmt.Sscanf(line, "%d %f", &at, &took); err != nil || took <= 0 {
			t.Fatalf("keys log line %q: %v", line, err)
		}
		// Keystroke i waits for i quarters of the hold.
		if earliest := holdStart + int64(i)*o.hold.Milliseconds()/4; at < earliest || at > holdEnd {
			t.Errorf("keystroke %d typed %d ms into the hold; want from %d ms to the hold's end at %d ms",
				i, at-holdStart, earliest-holdStart, holdEnd-holdStart)
		}
	}
}
