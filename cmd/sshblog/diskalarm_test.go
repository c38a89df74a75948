package main

import (
	"bytes"
	"errors"
	"log/slog"
	"strings"
	"testing"
	"time"

	"github.com/sshblog/sshblog/server"
)

// A full disk is logged at most once a minute, the next line saying how
// many refusals went unlogged; every refusal is counted.
func TestDiskAlarmLogsOnceAMinute(t *testing.T) {
	var logged bytes.Buffer
	now := time.Date(2026, 12, 1, 12, 0, 0, 0, time.UTC)
	a := newDiskAlarm(slog.New(slog.NewTextHandler(&logged, nil)), func() time.Time { return now }, server.NewMetrics())
	full := errors.New("database or disk is full")
	for _, after := range []time.Duration{0, 10 * time.Second, 59 * time.Second, 61 * time.Second} {
		now = time.Date(2026, 12, 1, 12, 0, 0, 0, time.UTC).Add(after)
		a.full("database", full)
	}
	lines := strings.Split(strings.TrimSpace(logged.String()), "\n")
	if len(lines) != 2 || !strings.Contains(lines[0], "level=ERROR") || !strings.Contains(lines[1], "refused_since_last_line=2") {
		t.Errorf("four refusals over 61 s logged as:\n%s", logged.String())
	}
}
