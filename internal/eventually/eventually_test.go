package eventually

import (
	"sync/atomic"
	"testing"
	"testing/synctest"
	"time"
)

func TestWithinWaitsForTheCondition(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		var done atomic.Bool
		time.AfterFunc(time.Second, func() { done.Store(true) })
		start := time.Now()
		if !Within(time.Minute, done.Load) {
			t.Fatal("the condition held, but Within said it did not")
		}
		if waited := time.Since(start); waited < time.Second || waited > time.Second+100*time.Millisecond {
			t.Errorf("waited %v for a condition that held after 1s", waited)
		}
	})
}

func TestWithinGivesUp(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		start := time.Now()
		if Within(time.Minute, func() bool { return false }) {
			t.Fatal("a condition that never held held")
		}
		if waited := time.Since(start); waited < time.Minute {
			t.Errorf("gave up after %v, before the minute", waited)
		}
	})
}
