package main

import (
	"fmt"
	"io"
	"sort"
	"strings"
)

// report is what a run found; it is printed as a table and as JSON.
type report struct {
	Target           string         `json:"target"`
	Sessions         int            `json:"sessions"`
	Rate             float64        `json:"rate_per_second"`
	Scenario         string         `json:"scenario"`
	OK               int            `json:"ok"`
	Failed           int            `json:"failed"`
	Failures         map[string]int `json:"failures"`
	RampSeconds      float64        `json:"ramp_seconds"`
	FirstFrame       latency        `json:"first_frame"`
	Keystroke        latency        `json:"keystroke"`
	IdleCores        float64        `json:"idle_cores"`
	CPUPerSessionMS  float64        `json:"cpu_per_session_ms"`
	RSSPerSessionKiB float64        `json:"rss_per_session_kib"`
	Before           serverState    `json:"before"`
	Holding          serverState    `json:"holding"`
	AfterHold        serverState    `json:"after_hold"`
	After            serverState    `json:"after_close"`
}

// reason shortens an error to a class worth counting.
func reason(err error) string {
	msg := err.Error()
	if len(msg) > 80 {
		msg = msg[:80]
	}
	return msg
}

func (r *report) print(w io.Writer) {
	fmt.Fprintf(w, "sshblog-load: %d sessions at %.0f/s against %s (%s)\n", r.Sessions, r.Rate, r.Target, r.Scenario)
	fmt.Fprintf(w, "  sessions ok %d, failed %d, ramp %.1fs\n", r.OK, r.Failed, r.RampSeconds)
	reasons := make([]string, 0, len(r.Failures))
	for k := range r.Failures {
		reasons = append(reasons, k)
	}
	sort.Strings(reasons)
	for _, k := range reasons {
		fmt.Fprintf(w, "    %5d × %s\n", r.Failures[k], k)
	}
	fmt.Fprintf(w, "  %-22s %8s %8s %8s %8s\n", "latency (ms)", "p50", "p95", "p99", "max")
	for _, l := range []struct {
		name string
		v    latency
	}{{"connect → first frame", r.FirstFrame}, {"keystroke → screen", r.Keystroke}} {
		fmt.Fprintf(w, "  %-22s %8.1f %8.1f %8.1f %8.1f\n", l.name, l.v.P50, l.v.P95, l.v.P99, l.v.Max)
	}
	fmt.Fprintf(w, "  %-22s %12s %12s %12s %12s\n", "server", "before", "holding", "after hold", "after close")
	row := func(name string, f func(serverState) string) {
		fmt.Fprintf(w, "  %-22s %12s %12s %12s %12s\n", name, f(r.Before), f(r.Holding), f(r.AfterHold), f(r.After))
	}
	row("RSS (MiB)", func(s serverState) string { return num(float64(s.RSSKiB)/1024, s.RSSKiB >= 0) })
	row("CPU (s)", func(s serverState) string { return num(s.CPUSeconds, s.CPUSeconds >= 0) })
	row("goroutines", func(s serverState) string { return num(s.Goroutines, s.Goroutines >= 0) })
	row("heap (MiB)", func(s serverState) string { return num(s.HeapBytes/(1<<20), s.HeapBytes >= 0) })
	fmt.Fprintf(w, "  per session: RSS %.1f KiB, CPU to open and close %.2f ms; idle: %.3f cores (%.3f per 1,000)\n",
		r.RSSPerSessionKiB, r.CPUPerSessionMS, r.IdleCores, r.IdleCores*1000/float64(max(r.OK, 1)))
}

func num(v float64, ok bool) string {
	if !ok {
		return "-"
	}
	return strings.TrimSuffix(fmt.Sprintf("%.1f", v), ".0")
}
