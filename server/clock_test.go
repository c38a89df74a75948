package server

import (
	"sync/atomic"
	"time"
)

// testDay is where every test server's clock starts: the sample blog reads
// "4 years ago" whatever the wall clock says.
var testDay = time.Date(2026, 11, 26, 12, 0, 0, 0, time.UTC)

// testClock is a test server's clock, for its store, services and readers:
// it stands still unless the test moves it.
type testClock struct{ at atomic.Int64 }

func newTestClock() *testClock {
	c := &testClock{}
	c.at.Store(testDay.UnixNano())
	return c
}

func (c *testClock) Now() time.Time { return time.Unix(0, c.at.Load()).UTC() }

// Advance moves the clock on by d.
func (c *testClock) Advance(d time.Duration) { c.at.Add(int64(d)) }

// withClock runs the server on c, for a test that moves it.
func withClock(c *testClock) serverOption {
	return func(s *testSetup) { s.clock = c }
}
