package main

import (
	"encoding/json"
	"fmt"
	"io"
	"os"
)

// compareMain prints two reports side by side with the ratio of each
// figure: how many times more the first costs than the second.
func compareMain(args []string) int {
	if len(args) != 2 {
		fmt.Fprintln(os.Stderr, "usage: sshblog-load compare A.json B.json")
		return 2
	}
	var a, b report
	for i, r := range []*report{&a, &b} {
		raw, err := os.ReadFile(args[i])
		if err == nil {
			err = json.Unmarshal(raw, r)
		}
		if err != nil {
			fmt.Fprintln(os.Stderr, "sshblog-load compare:", err)
			return 1
		}
	}
	compare(os.Stdout, &a, &b)
	return 0
}

func compare(w io.Writer, a, b *report) {
	fmt.Fprintf(w, "%-34s %18s %18s %10s\n", fmt.Sprintf("%d sessions at %.0f/s", a.Sessions, a.Rate), a.Target, b.Target, "A ÷ B")
	fmt.Fprintf(w, "%-34s %18s %18s\n", "sessions ok / failed", fmt.Sprintf("%d / %d", a.OK, a.Failed), fmt.Sprintf("%d / %d", b.OK, b.Failed))
	row := func(name string, av, bv float64, format string) {
		ratio := "-"
		if bv > 0 && av >= 0 {
			ratio = fmt.Sprintf("%.1f×", av/bv)
		}
		fmt.Fprintf(w, "%-34s %18s %18s %10s\n", name, fmt.Sprintf(format, av), fmt.Sprintf(format, bv), ratio)
	}
	memory := func(r *report) string {
		if r.Tree {
			return "PSS"
		}
		return "RSS"
	}
	row(fmt.Sprintf("memory per session (KiB, %s/%s)", memory(a), memory(b)), a.MemoryPerSessionKiB(), b.MemoryPerSessionKiB(), "%.0f")
	row("first frame p50 (ms)", a.FirstFrame.P50, b.FirstFrame.P50, "%.1f")
	row("first frame p99 (ms)", a.FirstFrame.P99, b.FirstFrame.P99, "%.1f")
	row("CPU to open and close (ms)", a.CPUPerSessionMS, b.CPUPerSessionMS, "%.2f")
	row("idle cores per 1,000 sessions", perThousand(a), perThousand(b), "%.3f")
	row("keystroke p99 (ms)", a.Keystroke.P99, b.Keystroke.P99, "%.1f")
	row("processes while holding", float64(a.Holding.Processes), float64(b.Holding.Processes), "%.0f")
}

func perThousand(r *report) float64 { return r.IdleCores * 1000 / float64(max(r.OK, 1)) }
