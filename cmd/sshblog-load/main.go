// Command sshblog-load opens many SSH reader sessions against an sshblog
// server on this machine and reports how it held up: sessions ok and failed,
// connect-to-first-frame latency, keystroke latency, and the server's memory,
// goroutines and CPU before, while holding, and after the sessions close.
//
// It only targets loopback addresses, and stops by itself.
package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"net"
	"os"
	"os/signal"
	"time"
)

type options struct {
	addr       string
	sessions   int
	rate       float64
	hold       time.Duration
	scenario   string
	keystrokes int
	pid        int
	metrics    string
	jsonOut    string
	timeout    time.Duration
	width      int
	height     int
}

func main() {
	var o options
	flag.StringVar(&o.addr, "addr", "127.0.0.1:23234", "server address (loopback only)")
	flag.IntVar(&o.sessions, "n", 100, "concurrent sessions to open")
	flag.Float64Var(&o.rate, "rate", 100, "new sessions a second")
	flag.DurationVar(&o.hold, "hold", 10*time.Second, "how long to hold all sessions open, idle")
	flag.StringVar(&o.scenario, "scenario", "idle", "what each reader does after the first frame: idle, or read (open a post, scroll, go back)")
	flag.IntVar(&o.keystrokes, "keys", 200, "keystrokes to time while holding (spread over sessions)")
	flag.IntVar(&o.pid, "pid", 0, "server process id, for RSS and CPU from /proc (0: skip)")
	flag.StringVar(&o.metrics, "metrics", "", "server metrics URL for goroutines and heap, e.g. http://127.0.0.1:9090/metrics")
	flag.StringVar(&o.jsonOut, "json", "", "also write the report as JSON to this file")
	flag.DurationVar(&o.timeout, "timeout", 10*time.Minute, "give up after this long in all")
	flag.IntVar(&o.width, "cols", 80, "terminal width")
	flag.IntVar(&o.height, "rows", 24, "terminal height")
	flag.Parse()

	if err := checkLoopback(o.addr); err != nil {
		fmt.Fprintln(os.Stderr, "sshblog-load:", err)
		os.Exit(2)
	}
	if o.scenario != "idle" && o.scenario != "read" {
		fmt.Fprintf(os.Stderr, "sshblog-load: unknown scenario %q (idle or read)\n", o.scenario)
		os.Exit(2)
	}
	ctx, cancel := context.WithTimeout(context.Background(), o.timeout)
	defer cancel()
	ctx, stop := signal.NotifyContext(ctx, os.Interrupt)
	defer stop()

	rep := run(ctx, o)
	rep.print(os.Stdout)
	if o.jsonOut != "" {
		b, _ := json.MarshalIndent(rep, "", "  ")
		if err := os.WriteFile(o.jsonOut, b, 0o644); err != nil {
			fmt.Fprintln(os.Stderr, "sshblog-load:", err)
			os.Exit(1)
		}
	}
	if rep.Failed > 0 {
		os.Exit(1)
	}
}

// checkLoopback refuses any target that is not on this machine.
func checkLoopback(addr string) error {
	host, _, err := net.SplitHostPort(addr)
	if err != nil {
		return err
	}
	ips, err := net.LookupIP(host)
	if err != nil {
		return err
	}
	for _, ip := range ips {
		if !ip.IsLoopback() {
			return fmt.Errorf("%s is not a loopback address: this tool only loads servers on this machine", addr)
		}
	}
	return nil
}
