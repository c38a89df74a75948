package tui

import (
	"sync"
	"testing"
	"testing/synctest"
	"time"
)

// frameTimes records what OnFrame hears.
type frameTimes struct {
	mu    sync.Mutex
	keyAt []time.Time
}

func (f *frameTimes) record(keyAt time.Time) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.keyAt = append(f.keyAt, keyAt)
}

func (f *frameTimes) heard() []time.Time {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]time.Time(nil), f.keyAt...)
}

// A frame is timed from the oldest key press it answers; a key press that
// changes nothing is answered by no frame, so a later frame (a live
// comment) is not charged to it.
func TestOnFrameTimesTheKeysAFrameAnswers(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		fw, _ := newTestWriter(20, 2)
		var times frameTimes
		fw.onFrame = times.record
		fw.draw("first")

		time.Sleep(time.Second) // a reader looking at the screen
		fw.keyPressed()         // a key with nothing to do
		fw.draw("first")
		time.Sleep(time.Second)
		fw.draw("a live change")

		time.Sleep(time.Second)
		pressed := time.Now()
		fw.keyPressed()
		fw.draw("moved") // at once: the last frame is older than the interval
		time.Sleep(time.Millisecond)
		held := time.Now()
		fw.keyPressed() // a held key: its frame waits for the interval's end
		fw.draw("moved on")
		time.Sleep(time.Millisecond)
		fw.keyPressed() // answered by the same frame, which is timed from the older
		fw.draw("moved on again")
		time.Sleep(frameInterval)
		synctest.Wait()

		got := times.heard()
		want := []time.Time{{}, {}, pressed, held}
		if len(got) != len(want) {
			t.Fatalf("%d frames timed, want %d: %v", len(got), len(want), got)
		}
		for i := range want {
			if !got[i].Equal(want[i]) {
				t.Errorf("frame %d answers the key of %v, want %v", i, got[i], want[i])
			}
		}
	})
}
