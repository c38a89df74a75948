package tui

import (
	"bytes"
	"strings"
	"testing"
	"testing/synctest"
	"time"

	"github.com/charmbracelet/x/ansi"
)

// at is the cursor move to the start of row.
func at(row int) string { return ansi.CursorPosition(1, row) }

func newTestWriter(width, height int) (*frameWriter, *bytes.Buffer) {
	var out bytes.Buffer
	return &frameWriter{out: &out, width: width, height: height}, &out
}

func TestFrameWriterWritesOnlyChangedLines(t *testing.T) {
	fw, out := newTestWriter(20, 3)
	fw.draw("one\ntwo\nthree")
	first := out.String()
	for _, want := range []string{at(1) + "one", at(2) + "two", at(3) + "three"} {
		if !strings.Contains(first, want) {
			t.Fatalf("first frame lacks %q: %q", want, first)
		}
	}
	out.Reset()
	fw.lastFlush = time.Time{} // as if the frame interval had passed
	fw.draw("one\nTWO\nthree")
	if got := out.String(); !strings.Contains(got, at(2)+"TWO") || strings.Contains(got, "one") || strings.Contains(got, "three") {
		t.Fatalf("second frame should rewrite line 2 only: %q", got)
	}
	out.Reset()
	fw.draw("one\nTWO\nthree")
	if out.Len() != 0 {
		t.Fatalf("an unchanged frame wrote %q", out.String())
	}
}

func TestFrameWriterSetsTheModesWithTheFirstFrame(t *testing.T) {
	fw, out := newTestWriter(20, 2)
	fw.open()
	if out.Len() != 0 {
		t.Fatalf("open wrote before there was a frame: %q", out.String())
	}
	fw.draw("first")
	if got := out.String(); !strings.HasPrefix(got, enterScreen) || !strings.Contains(got, "first") {
		t.Fatalf("the first frame's write = %q; want the modes, then the frame", got)
	}
	out.Reset()
	fw.lastFlush = time.Time{}
	fw.draw("second")
	if strings.Contains(out.String(), enterScreen) {
		t.Fatalf("the modes were set again: %q", out.String())
	}
}

func TestFrameWriterCutsLinesToTheWidth(t *testing.T) {
	fw, out := newTestWriter(5, 2)
	fw.draw("abcdefghij\nxy\nbeyond the height")
	got := out.String()
	if strings.Contains(got, "abcdef") || !strings.Contains(got, "abcde") {
		t.Errorf("line not cut to 5 cells: %q", got)
	}
	if strings.Contains(got, "beyond") {
		t.Errorf("a line past the height was drawn: %q", got)
	}
}

// The burst's last frame goes out when the frame interval since the first
// ends, on the bubble's fake clock: the buffer never blocks, so the timer's
// flush is the only other goroutine, and synctest.Wait waits for it. It
// writes under fw.mu, which the test takes to read (the race detector does
// not count the fake clock's advance as an order).
func TestFrameWriterCoalescesBursts(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		fw, out := newTestWriter(20, 1)
		written := func() string {
			fw.mu.Lock()
			defer fw.mu.Unlock()
			return out.String()
		}
		fw.draw("a")
		for _, f := range []string{"b", "c", "d"} {
			fw.draw(f) // within the frame interval: held back
		}
		time.Sleep(frameInterval - time.Millisecond)
		synctest.Wait()
		if early := written(); strings.Contains(early, "d") {
			t.Fatalf("a burst was drawn frame by frame: %q", early)
		}
		time.Sleep(time.Millisecond)
		synctest.Wait()
		got := written()
		if !strings.Contains(got, at(1)+"d") {
			t.Fatalf("the last frame of a burst did not arrive when the frame interval ended: %q", got)
		}
		if strings.Contains(got, at(1)+"b") || strings.Contains(got, at(1)+"c") {
			t.Errorf("intermediate frames were drawn: %q", got)
		}
	})
}

func TestFrameWriterRepaintsAfterResizeAndStopsWhenClosed(t *testing.T) {
	fw, out := newTestWriter(20, 2)
	fw.draw("same\nframe")
	fw.resize(30, 2)
	out.Reset()
	fw.lastFlush = time.Time{}
	fw.draw("same\nframe")
	if !strings.Contains(out.String(), "same") || !strings.Contains(out.String(), "frame") {
		t.Fatalf("after a resize the whole frame must be redrawn: %q", out.String())
	}
	fw.close()
	if !strings.HasSuffix(out.String(), leaveScreen) {
		t.Fatal("close did not restore the terminal")
	}
	out.Reset()
	fw.lastFlush = time.Time{}
	fw.draw("after close")
	if out.Len() != 0 {
		t.Fatalf("drew after close: %q", out.String())
	}
}
