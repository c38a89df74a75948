package tui

import (
	"context"
	"errors"
	"strings"
	"sync"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"
)

// stuckTerminal is a terminal that stopped reading: every write blocks until
// the connection is dropped, then fails.
type stuckTerminal struct {
	dropped chan struct{}
	blocked chan struct{} // closed when the first write starts to block
	once    sync.Once
	writes  int // guarded by the frame writer's mutex
}

func newStuckTerminal() *stuckTerminal {
	return &stuckTerminal{dropped: make(chan struct{}), blocked: make(chan struct{})}
}

func (s *stuckTerminal) Write(p []byte) (int, error) {
	s.writes++
	if s.writes == 1 {
		close(s.blocked)
	}
	<-s.dropped
	return 0, errors.New("connection closed")
}

func (s *stuckTerminal) drop() { s.once.Do(func() { close(s.dropped) }) }

// waitDropped fails the test unless the terminal is dropped within limit.
func (s *stuckTerminal) waitDropped(t *testing.T, limit time.Duration) {
	t.Helper()
	select {
	case <-s.dropped:
	case <-time.After(limit):
		t.Fatalf("the stuck terminal was not dropped within %v", limit)
	}
}

func TestStuckTerminalIsDroppedAndNotWrittenToAgain(t *testing.T) {
	term := newStuckTerminal()
	fw := &frameWriter{out: term, width: 20, height: 2, stallLimit: 50 * time.Millisecond, drop: term.drop}
	done := make(chan struct{})
	go func() {
		fw.draw("first frame")
		close(done)
	}()
	term.waitDropped(t, 30*time.Second)
	<-done
	fw.lastFlush = time.Time{}
	fw.draw("second frame")
	fw.resize(30, 3)
	fw.close()
	if term.writes != 1 {
		t.Fatalf("%d writes to a dropped terminal; want only the one that stalled", term.writes)
	}
}

// A write stuck when the session ends (a shutdown, the reader leaving) is cut
// short rather than waiting out the stall limit.
func TestEndingSessionCutsAStuckWriteShort(t *testing.T) {
	term := newStuckTerminal()
	ctx, cancel := context.WithCancel(context.Background())
	s := NewSession(ctx, nil, nil, term, 20, 2)
	s.OnStall(time.Hour, term.drop)
	go s.screen.draw("a frame")
	<-term.blocked
	start := time.Now()
	cancel()
	term.waitDropped(t, 30*time.Second)
	if took := time.Since(start); took < closingStall/2 {
		t.Errorf("dropped %v after the session ended; a healthy terminal gets %v to take its last write", took, closingStall)
	}
}

func TestHugeWindowsAreClamped(t *testing.T) {
	blog, _ := sampleBlog(t)
	m := newTestModel(blog, 1<<32-1, 1<<32-1)
	if m.width != maxSide || m.height != maxSide {
		t.Fatalf("model laid out for %d×%d", m.width, m.height)
	}
	if lines := strings.Count(m.View(), "\n") + 1; lines > maxSide {
		t.Fatalf("a frame of %d lines", lines)
	}
	m.Update(tea.WindowSizeMsg{Width: -5, Height: 1 << 40})
	if m.width != 0 || m.height != maxSide {
		t.Fatalf("model laid out for %d×%d", m.width, m.height)
	}
	if m.View() == "" {
		t.Fatal("no frame for a window of no width")
	}
}
