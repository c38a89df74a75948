package server

import (
	"context"
	"fmt"
	"log/slog"
	"strings"
	"sync"
	"testing"
	"time"
)

// capturedLog keeps every record the server logs, with its attributes.
type capturedLog struct {
	mu      sync.Mutex
	records []capturedRecord
	attrs   []slog.Attr
}

type capturedRecord struct {
	level slog.Level
	msg   string
	attrs map[string]string
	size  int // bytes of message and attributes
}

func (c *capturedLog) Enabled(context.Context, slog.Level) bool { return true }

func (c *capturedLog) Handle(_ context.Context, r slog.Record) error {
	rec := capturedRecord{level: r.Level, msg: r.Message, attrs: map[string]string{}, size: len(r.Message)}
	add := func(a slog.Attr) bool {
		v := a.Value.String()
		rec.attrs[a.Key] = v
		rec.size += len(a.Key) + len(v)
		return true
	}
	for _, a := range c.attrs {
		add(a)
	}
	r.Attrs(add)
	c.mu.Lock()
	defer c.mu.Unlock()
	c.records = append(c.records, rec)
	return nil
}

func (c *capturedLog) WithAttrs(attrs []slog.Attr) slog.Handler {
	return &capturedView{c, append(append([]slog.Attr{}, c.attrs...), attrs...)}
}

func (c *capturedLog) WithGroup(string) slog.Handler { return c }

// capturedView is the handler With returns: the same records, more attributes.
type capturedView struct {
	root  *capturedLog
	attrs []slog.Attr
}

func (v *capturedView) Enabled(context.Context, slog.Level) bool { return true }
func (v *capturedView) Handle(ctx context.Context, r slog.Record) error {
	r = r.Clone()
	r.AddAttrs(v.attrs...)
	return v.root.Handle(ctx, r)
}
func (v *capturedView) WithAttrs(attrs []slog.Attr) slog.Handler {
	return &capturedView{v.root, append(append([]slog.Attr{}, v.attrs...), attrs...)}
}
func (v *capturedView) WithGroup(string) slog.Handler { return v }

func (c *capturedLog) all() []capturedRecord {
	c.mu.Lock()
	defer c.mu.Unlock()
	return append([]capturedRecord(nil), c.records...)
}

func withCapturedLog(c *capturedLog) serverOption {
	return func(s *testSetup) { s.Log = slog.New(c) }
}

func TestLogHoldsABoundedPrefixOfWhatClientsSend(t *testing.T) {
	var log capturedLog
	srv := startServer(t, withCapturedLog(&log))
	long := strings.Repeat("x", 16<<10)
	client := dial(t, srv, "u"+strings.Repeat("n", 10<<10), keyless)
	run(t, client, "ls "+long, "")
	words := make([]string, 5000)
	for i := range words {
		words[i] = fmt.Sprintf("needle%d", i)
	}
	run(t, client, "search "+strings.Join(words, " "), "")
	for _, r := range log.all() {
		if r.size > 2*maxLoggedBytes+400 {
			t.Errorf("a %d-byte log line: %s", r.size, r.msg)
		}
		for k, v := range r.attrs {
			if r.level >= slog.LevelError && strings.Contains(v, "needle") {
				t.Errorf("%s %q logs the search query in %s: %.80s", r.level, r.msg, k, v)
			}
		}
	}
	var started bool
	for _, r := range log.all() {
		if r.msg == "session start" && strings.HasPrefix(r.attrs["command"], "ls xxx") && strings.HasSuffix(r.attrs["command"], fmt.Sprintf("(%d bytes)", len("ls ")+len(long))) {
			started = true
		}
	}
	if !started {
		t.Error("the session's start does not log the command's prefix and length")
	}
}

// One address gets a burst of log lines, then one a second; what was left
// out is counted on the next line.
func TestLogLinesAreRateLimitedPerAddress(t *testing.T) {
	var log capturedLog
	srv := startServer(t, withCapturedLog(&log))
	now := time.Unix(1e9, 0)
	var clock sync.Mutex
	srv.logLimit.mu.Lock()
	srv.logLimit.now = func() time.Time { clock.Lock(); defer clock.Unlock(); return now }
	srv.logLimit.mu.Unlock()
	flooder := logInFrom(t, srv, "127.0.1.1")
	for range logBurst + 30 {
		run(t, flooder, "help", "")
	}
	other := logInFrom(t, srv, "127.0.2.1")
	run(t, other, "help", "")
	starts := func(from string) (n int, leftOut string) {
		for _, r := range log.all() {
			if r.msg == "session start" && strings.HasPrefix(r.attrs["remote"], from+":") {
				n++
				if v, ok := r.attrs["lines_left_out"]; ok {
					leftOut = v
				}
			}
		}
		return n, leftOut
	}
	if n, _ := starts("127.0.1.1"); n != logBurst {
		t.Errorf("the flooding address logged %d session starts, want the burst of %d", n, logBurst)
	}
	if n, _ := starts("127.0.2.1"); n != 1 {
		t.Errorf("another address logged %d session starts, want 1", n)
	}
	clock.Lock()
	now = now.Add(logEvery)
	clock.Unlock()
	run(t, flooder, "help", "")
	if n, leftOut := starts("127.0.1.1"); n != logBurst+1 || leftOut != "30" {
		t.Errorf("after a second: %d starts, %q left out; want %d and 30", n, leftOut, logBurst+1)
	}
}
