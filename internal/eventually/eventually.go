// Package eventually is the tests' one way to wait for something that gives
// no event to wait on: a post list a watcher reloads, the goroutines still
// running, a count another goroutine keeps. It polls a condition, backing
// off, until it holds or a generous time has passed; on a loaded machine
// that is slow, never wrong. Where there is an event (output arriving, a
// channel), tests wait on it instead.
package eventually

import (
	"testing"
	"time"
)

// Patience is how long True waits: far more than anything takes, so that a
// machine busy with other work does not fail a test.
const Patience = 30 * time.Second

// True waits until cond holds, and fails t, naming what it waited for, if it
// has not held within Patience.
func True(t testing.TB, what string, cond func() bool) {
	t.Helper()
	if !Within(Patience, cond) {
		t.Fatalf("gave up waiting for %s", what)
	}
}

// Within waits until cond holds or d has passed, and reports whether it
// held: for callers that say more than True does when it has not.
func Within(d time.Duration, cond func() bool) bool {
	end := time.Now().Add(d)
	pause := time.Millisecond
	for !cond() {
		if !time.Now().Before(end) {
			return cond()
		}
		<-time.After(pause)
		pause = min(2*pause, 50*time.Millisecond)
	}
	return true
}
