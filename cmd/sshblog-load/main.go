// Command sshblog-load opens many SSH reader sessions against an sshblog
// server on this machine and reports how it held up: sessions ok and failed,
// connect-to-first-frame latency, keystroke and comment latency, and the
// server's memory, goroutines and CPU before, while holding, and after the
// sessions close. It also compares two runs side by side (compare), and
// kills a server under writes to prove no acknowledged comment is lost
// (crash), and kills the rqlite leader under a cluster of nodes (cluster).
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
	"slices"
	"time"
)

type options struct {
	addr       string
	sessions   int
	rate       float64
	hold       time.Duration
	scenario   string
	closeBy    string
	waves      int
	keystrokes int
	keysInHold bool
	keysLog    string
	warmup     bool
	pid        int
	tree       bool
	metrics    string
	debug      string
	key        string
	user       string
	slug       string
	jsonOut    string
	label      string
	timeout    time.Duration
	term       string
	width      int
	height     int
}

// scenarios are what a reader does after the first frame.
var scenarios = []string{"idle", "read", "comment", "exec-comment"}

const usage = `usage: sshblog-load [flags]                  load a server and report
       sshblog-load compare A.json B.json     two reports side by side, B/A
       sshblog-load crash [flags]             kill -9 a server under comments
       sshblog-load cluster [flags]           three nodes on rqlite, the leader killed mid-run

Load flags:
`

func main() {
	if len(os.Args) > 1 {
		switch os.Args[1] {
		case "compare":
			os.Exit(compareMain(os.Args[2:]))
		case "crash":
			os.Exit(crashMain(os.Args[2:]))
		case "cluster":
			os.Exit(clusterMain(os.Args[2:]))
		}
	}
	var o options
	fs := flag.NewFlagSet("sshblog-load", flag.ExitOnError)
	fs.Usage = func() { fmt.Fprint(fs.Output(), usage); fs.PrintDefaults() }
	fs.StringVar(&o.addr, "addr", "127.0.0.1:23234", "server address (loopback only)")
	fs.IntVar(&o.sessions, "n", 100, "sessions to open")
	fs.Float64Var(&o.rate, "rate", 100, "new sessions a second")
	fs.DurationVar(&o.hold, "hold", 10*time.Second, "how long to hold all sessions open, idle")
	fs.StringVar(&o.scenario, "scenario", "idle", "what each reader does after the first frame: idle; read (open a post, scroll, go back); "+
		"comment (write a comment in the reader; all send at once after the hold); exec-comment (ssh HOST comment SLUG, all at once, no terminal)")
	fs.StringVar(&o.closeBy, "close", "quit", "how sessions end: quit (close the session and connection) or reset (ask for a post and cut the TCP connection with a reset mid-render)")
	fs.IntVar(&o.waves, "waves", 1, "open and close the sessions this many times; later waves show whether anything grows from one to the next")
	fs.IntVar(&o.keystrokes, "keys", 200, "keystrokes to time after the hold (spread over sessions)")
	fs.BoolVar(&o.keysInHold, "keys-during-hold", false, "time the keystrokes evenly over the hold instead of after it, e.g. while another tool loads the server")
	fs.StringVar(&o.keysLog, "keys-log", "", "also write each timed keystroke to this file: when it was typed (Unix ms) and its latency (ms)")
	fs.BoolVar(&o.warmup, "warmup", true, "run one session through the scenario before the baseline reading, so that what the server builds once is in it")
	fs.IntVar(&o.pid, "pid", 0, "server process id, for memory and CPU from /proc (0: skip)")
	fs.BoolVar(&o.tree, "tree", false, "count the server process and all its descendants (sshd forks per connection): memory as their PSS, CPU as the whole machine's less this tool's")
	fs.StringVar(&o.metrics, "metrics", "", "server metrics URL for goroutines and heap, e.g. http://127.0.0.1:9090/metrics")
	fs.StringVar(&o.debug, "debug", "", "server profiler base URL (sshblog serve --debug-listen) for goroutines and the heap after a GC, e.g. http://127.0.0.1:6060")
	fs.StringVar(&o.key, "key", "", "private key file readers log in with (default: no key)")
	fs.StringVar(&o.user, "user", "load", "user name readers log in as (commenters get their own)")
	fs.StringVar(&o.slug, "slug", "difference-between-networking-and-making-friends", "post that exec-comment comments on")
	fs.StringVar(&o.jsonOut, "json", "", "also write the report as JSON to this file")
	fs.StringVar(&o.label, "label", "", "name of the server in the report (default: its address)")
	fs.DurationVar(&o.timeout, "timeout", 15*time.Minute, "give up after this long in all")
	fs.StringVar(&o.term, "term", "xterm-256color", "TERM of the readers' terminals")
	fs.IntVar(&o.width, "cols", 80, "terminal width")
	fs.IntVar(&o.height, "rows", 24, "terminal height")
	fs.Parse(os.Args[1:])

	if err := o.check(); err != nil {
		fmt.Fprintln(os.Stderr, "sshblog-load:", err)
		os.Exit(2)
	}
	ctx, cancel := context.WithTimeout(context.Background(), o.timeout)
	defer cancel()
	ctx, stop := signal.NotifyContext(ctx, os.Interrupt)
	defer stop()

	rep := run(ctx, &o)
	rep.print(os.Stdout)
	if o.jsonOut != "" {
		if err := writeJSON(o.jsonOut, rep); err != nil {
			fmt.Fprintln(os.Stderr, "sshblog-load:", err)
			os.Exit(1)
		}
	}
	if rep.Failed > 0 {
		os.Exit(1)
	}
}

func (o *options) check() error {
	switch {
	case !slices.Contains(scenarios, o.scenario):
		return fmt.Errorf("unknown scenario %q (%v)", o.scenario, scenarios)
	case o.closeBy != "quit" && o.closeBy != "reset":
		return fmt.Errorf("-close %q: quit or reset", o.closeBy)
	case o.sessions < 1 || o.sessions > 20000:
		return fmt.Errorf("-n %d: from 1 to 20000", o.sessions)
	case o.rate <= 0 || o.rate > 1000:
		return fmt.Errorf("-rate %v: above 0, at most 1000", o.rate)
	}
	if o.debug != "" {
		if err := checkLoopbackURL(o.debug); err != nil {
			return fmt.Errorf("-debug: %w", err)
		}
	}
	if o.label == "" {
		o.label = o.addr
	}
	return checkLoopback(o.addr)
}

func writeJSON(path string, v any) error {
	b, err := json.MarshalIndent(v, "", "  ")
	if err != nil {
		return err
	}
	return os.WriteFile(path, append(b, '\n'), 0o644)
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
