package main

import (
	"fmt"
	"io"
	"sort"
	"strings"
	"time"
)

// report is what a run found; it is printed as a table and as JSON.
type report struct {
	Target      string         `json:"target"`
	Addr        string         `json:"addr"`
	Sessions    int            `json:"sessions"`
	Rate        float64        `json:"rate_per_second"`
	Scenario    string         `json:"scenario"`
	Tree        bool           `json:"process_tree"` // memory is PSS summed over processes; CPU is the machine's
	Close       string         `json:"close"`
	OK          int            `json:"ok"`
	Failed      int            `json:"failed"`
	Failures    map[string]int `json:"failures"`
	RampSeconds float64        `json:"ramp_seconds"`

	FirstFrame latency `json:"first_frame"` // dial to the list on screen
	Connect    latency `json:"connect"`     // dial to logged in, without a terminal
	Keystroke  latency `json:"keystroke"`
	Comment    latency `json:"comment"` // sending a comment to its confirmation

	IdleCores        float64 `json:"idle_cores"`
	CPUPerSessionMS  float64 `json:"cpu_per_session_ms"`
	RSSPerSessionKiB float64 `json:"rss_per_session_kib"`
	PSSPerSessionKiB float64 `json:"pss_per_session_kib"`
	SpinCores        float64 `json:"cores_after_close"`
	GoroutinesAfter  float64 `json:"goroutines_after_minus_before"`
	HeapAfterPercent float64 `json:"heap_after_vs_before_percent"`

	Before    serverState `json:"before"`
	Holding   serverState `json:"holding"`
	AfterHold serverState `json:"after_hold"`
	After     serverState `json:"after_close"`
	Spin      serverState `json:"after_close_idle"`
	// LaterWaves are the readings after each further wave has closed.
	LaterWaves       []serverState `json:"later_waves,omitempty"`
	HeapWavesPercent float64       `json:"heap_last_vs_first_wave_percent"`

	firstFrames []time.Duration
}

// fail counts a failed session by its reason.
func (r *report) fail(err error) {
	r.Failed++
	r.Failures[reason(err)]++
}

// reason shortens an error to a class worth counting.
func reason(err error) string {
	msg := err.Error()
	if len(msg) > 80 {
		msg = msg[:80]
	}
	return msg
}

// finish works out the per-session figures once the sessions are closed.
func (r *report) finish(closeStart serverState, sessions int) {
	if sessions > 0 && r.Before.CPUSeconds >= 0 {
		// CPU to open and close: everything the server spent outside the idle
		// hold and the timed keystrokes, per session.
		spent := (r.Holding.CPUSeconds - r.Before.CPUSeconds) + (r.After.CPUSeconds - closeStart.CPUSeconds)
		r.CPUPerSessionMS = spent * 1000 / float64(sessions)
		r.RSSPerSessionKiB = float64(r.Holding.RSSKiB-r.Before.RSSKiB) / float64(sessions)
		r.PSSPerSessionKiB = float64(r.Holding.PSSKiB-r.Before.PSSKiB) / float64(sessions)
	}
	if d := r.Spin.At.Sub(r.After.At).Seconds(); d > 0 && r.After.CPUSeconds >= 0 {
		r.SpinCores = (r.Spin.CPUSeconds - r.After.CPUSeconds) / d
	}
	if r.Before.Goroutines >= 0 && r.After.Goroutines >= 0 {
		r.GoroutinesAfter = r.After.Goroutines - r.Before.Goroutines
	}
	if r.Before.HeapBytes > 0 && r.After.HeapBytes >= 0 {
		r.HeapAfterPercent = 100 * (r.After.HeapBytes - r.Before.HeapBytes) / r.Before.HeapBytes
	}
}

// MemoryPerSessionKiB is what a session costs in memory: RSS growth of one
// process, PSS growth over a process tree (sshd's children share pages).
func (r *report) MemoryPerSessionKiB() float64 {
	if r.Tree {
		return r.PSSPerSessionKiB
	}
	return r.RSSPerSessionKiB
}

// finishWaves compares the heap after the last wave with after the first.
func (r *report) finishWaves() {
	if len(r.LaterWaves) == 0 || r.After.HeapBytes <= 0 {
		return
	}
	last := r.LaterWaves[len(r.LaterWaves)-1]
	r.HeapWavesPercent = 100 * (last.HeapBytes - r.After.HeapBytes) / r.After.HeapBytes
}

func (r *report) print(w io.Writer) {
	fmt.Fprintf(w, "sshblog-load: %d sessions at %.0f/s against %s (%s, closed by %s)\n", r.Sessions, r.Rate, r.Target, r.Scenario, r.Close)
	fmt.Fprintf(w, "  sessions ok %d, failed %d, ramp %.1fs\n", r.OK, r.Failed, r.RampSeconds)
	reasons := make([]string, 0, len(r.Failures))
	for k := range r.Failures {
		reasons = append(reasons, k)
	}
	sort.Strings(reasons)
	for _, k := range reasons {
		fmt.Fprintf(w, "    %5d × %s\n", r.Failures[k], k)
	}
	fmt.Fprintf(w, "  %-24s %8s %8s %8s %8s\n", "latency (ms)", "p50", "p95", "p99", "max")
	for _, l := range []struct {
		name string
		v    latency
	}{{"connect → first frame", r.FirstFrame}, {"connect → logged in", r.Connect}, {"keystroke → screen", r.Keystroke}, {"comment → confirmed", r.Comment}} {
		if l.v.Count > 0 {
			fmt.Fprintf(w, "  %-24s %8.1f %8.1f %8.1f %8.1f\n", l.name, l.v.P50, l.v.P95, l.v.P99, l.v.Max)
		}
	}
	fmt.Fprintf(w, "  %-24s %12s %12s %12s %12s %12s\n", "server", "before", "holding", "after hold", "after close", "+5s idle")
	row := func(name string, f func(serverState) string) {
		cell := func(s serverState) string {
			if s.At.IsZero() {
				return "-"
			}
			return f(s)
		}
		fmt.Fprintf(w, "  %-24s %12s %12s %12s %12s %12s\n", name, cell(r.Before), cell(r.Holding), cell(r.AfterHold), cell(r.After), cell(r.Spin))
	}
	row("processes", func(s serverState) string { return num(float64(s.Processes), s.Processes > 0) })
	row("RSS (MiB)", func(s serverState) string { return num(float64(s.RSSKiB)/1024, s.RSSKiB >= 0) })
	row("PSS (MiB)", func(s serverState) string { return num(float64(s.PSSKiB)/1024, s.PSSKiB >= 0) })
	row("CPU (s)", func(s serverState) string { return num(s.CPUSeconds, s.CPUSeconds >= 0) })
	row("goroutines", func(s serverState) string { return num(s.Goroutines, s.Goroutines >= 0) })
	row("heap (MiB, GC'd first)", func(s serverState) string { return num(s.HeapBytes/(1<<20), s.HeapBytes >= 0) })
	fmt.Fprintf(w, "  per session: RSS %.1f KiB, PSS %.1f KiB, CPU to open and close %.2f ms\n", r.RSSPerSessionKiB, r.PSSPerSessionKiB, r.CPUPerSessionMS)
	fmt.Fprintf(w, "  idle: %.3f cores (%.3f per 1,000 sessions)\n", r.IdleCores, r.IdleCores*1000/float64(max(r.OK, 1)))
	fmt.Fprintf(w, "  after close: %+.0f goroutines, heap %+.1f%% against before; %.3f cores with no one connected\n",
		r.GoroutinesAfter, r.HeapAfterPercent, r.SpinCores)
	for i, s := range r.LaterWaves {
		fmt.Fprintf(w, "  after wave %d: %s goroutines, heap %s MiB\n", i+2, num(s.Goroutines, s.Goroutines >= 0), num(s.HeapBytes/(1<<20), s.HeapBytes >= 0))
	}
	if len(r.LaterWaves) > 0 {
		fmt.Fprintf(w, "  heap after the last wave %+.1f%% against after the first\n", r.HeapWavesPercent)
	}
}

func num(v float64, ok bool) string {
	if !ok {
		return "-"
	}
	return strings.TrimSuffix(fmt.Sprintf("%.1f", v), ".0")
}
