package main

import (
	"context"
	"sort"
	"sync"
	"time"
)

// settle is how long after the last session closes before the final reading:
// the server needs a moment to notice closed connections.
const settle = 5 * time.Second

// run opens the sessions, holds them, times keystrokes, closes them, and
// reads the server's state at each stage.
func run(ctx context.Context, o options) *report {
	rep := &report{Target: o.addr, Sessions: o.sessions, Rate: o.rate, Scenario: o.scenario, Failures: map[string]int{}}
	rep.Before = sample(o)

	var (
		mu        sync.Mutex
		readers   []*reader
		latencies []time.Duration
		wg        sync.WaitGroup
	)
	fail := func(err error) {
		mu.Lock()
		defer mu.Unlock()
		rep.Failed++
		rep.Failures[reason(err)]++
	}
	interval := time.Duration(float64(time.Second) / o.rate)
	ramp := time.NewTicker(interval)
	start := time.Now()
	for i := 0; i < o.sessions && ctx.Err() == nil; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			r, took, err := connect(ctx, o.addr, o.width, o.height)
			if err != nil {
				fail(err)
				return
			}
			if o.scenario == "read" {
				if err := r.readAPost(ctx); err != nil {
					r.close()
					fail(err)
					return
				}
			}
			mu.Lock()
			readers = append(readers, r)
			latencies = append(latencies, took)
			mu.Unlock()
		}()
		select {
		case <-ramp.C:
		case <-ctx.Done():
		}
	}
	ramp.Stop()
	wg.Wait()
	rep.RampSeconds = time.Since(start).Seconds()
	rep.OK = len(readers)
	rep.FirstFrame = summarize(latencies)

	// Idle: nobody types; how much CPU do the open sessions cost?
	rep.Holding = sample(o)
	select {
	case <-time.After(o.hold):
	case <-ctx.Done():
	}
	rep.AfterHold = sample(o)
	if held := rep.AfterHold.At.Sub(rep.Holding.At).Seconds(); held > 0 && rep.Holding.CPUSeconds >= 0 {
		rep.IdleCores = (rep.AfterHold.CPUSeconds - rep.Holding.CPUSeconds) / held
	}

	// Keystrokes, spread over the sessions, one at a time so each is timed
	// against an otherwise idle server.
	var keys []time.Duration
	for i := 0; i < o.keystrokes && len(readers) > 0 && ctx.Err() == nil; i++ {
		took, err := readers[(i*7919)%len(readers)].moveSelection(ctx)
		if err != nil {
			fail(err)
			continue
		}
		keys = append(keys, took)
	}
	rep.Keystroke = summarize(keys)

	closeStart := sample(o)
	for _, r := range readers {
		r.close()
	}
	select {
	case <-time.After(settle):
	case <-ctx.Done():
	}
	rep.After = sample(o)
	if len(readers) > 0 && rep.Before.CPUSeconds >= 0 {
		// CPU to open and close: everything the server spent outside the idle
		// hold and the timed keystrokes, per session.
		spent := (rep.Holding.CPUSeconds - rep.Before.CPUSeconds) + (rep.After.CPUSeconds - closeStart.CPUSeconds)
		rep.CPUPerSessionMS = spent * 1000 / float64(len(readers))
	}
	if len(readers) > 0 {
		rep.RSSPerSessionKiB = float64(rep.Holding.RSSKiB-rep.Before.RSSKiB) / float64(len(readers))
	}
	return rep
}

// latency is a distribution summary in milliseconds.
type latency struct {
	Count int     `json:"count"`
	P50   float64 `json:"p50_ms"`
	P95   float64 `json:"p95_ms"`
	P99   float64 `json:"p99_ms"`
	Max   float64 `json:"max_ms"`
}

func summarize(d []time.Duration) latency {
	if len(d) == 0 {
		return latency{}
	}
	sort.Slice(d, func(i, j int) bool { return d[i] < d[j] })
	at := func(q float64) float64 {
		i := int(q*float64(len(d))+0.5) - 1
		return ms(d[min(max(i, 0), len(d)-1)])
	}
	return latency{Count: len(d), P50: at(0.50), P95: at(0.95), P99: at(0.99), Max: ms(d[len(d)-1])}
}

func ms(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }
