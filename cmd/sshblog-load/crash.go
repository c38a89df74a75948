package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"math/rand/v2"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"time"

	"github.com/sshblog/sshblog/data"
	"github.com/sshblog/sshblog/internal/powercut"
)

// crashOptions are the kill -9 run's settings.
type crashOptions struct {
	server     string // the sshblog binary
	dir        string // data dir, kept across trials as a real server's is
	trials     int
	commenters int
	slug       string
	maxRun     time.Duration // the kill comes at a random moment up to this
	jsonOut    string
	// powerCut runs the server on the power-cut layer and, after the kill,
	// drops every write it did not fsync; fsyncDelay is the disk's latency.
	powerCut   bool
	fsyncDelay time.Duration
}

// crashReport is what the trials found.
type crashReport struct {
	PowerCut     bool     `json:"power_cut"`
	Trials       int      `json:"trials"`
	Commenters   int      `json:"commenters"`
	Acknowledged int      `json:"acknowledged"` // comments whose command reported success
	Lost         int      `json:"lost"`         // acknowledged but not stored, or stored wrong
	Unsound      int      `json:"unsound"`      // trials after which the integrity check failed
	Problems     []string `json:"problems"`
	Seconds      float64  `json:"seconds"`
	// CommentSeconds is how long the commenters ran, all trials together:
	// Acknowledged / CommentSeconds is the comments a second acknowledged.
	CommentSeconds float64 `json:"comment_seconds"`
}

func crashMain(args []string) int {
	var o crashOptions
	fs := flag.NewFlagSet("sshblog-load crash", flag.ExitOnError)
	fs.StringVar(&o.server, "server", "sshblog", "the sshblog binary to run and kill")
	fs.StringVar(&o.dir, "dir", "", "data dir to use (default: a new temporary one)")
	fs.IntVar(&o.trials, "trials", 100, "how many times to kill the server")
	fs.IntVar(&o.commenters, "commenters", 20, "concurrent commenters, each with its own key")
	fs.StringVar(&o.slug, "slug", "difference-between-networking-and-making-friends", "post to comment on")
	fs.DurationVar(&o.maxRun, "max-run", 3*time.Second, "kill at a random moment up to this long after the comments start")
	fs.StringVar(&o.jsonOut, "json", "", "also write the result as JSON to this file")
	fs.BoolVar(&o.powerCut, "power-cut", false, "cut the power instead: run on a FUSE layer that drops every write not fsynced (root)")
	fs.DurationVar(&o.fsyncDelay, "fsync-delay", 0, "with -power-cut, how long each fsync takes, as a real disk's would")
	fs.Parse(args)
	if o.powerCut {
		inside, status, err := powercut.Reexec() // mounts in a namespace of our own, gone when we are
		if err != nil {
			fmt.Fprintln(os.Stderr, "sshblog-load crash: -power-cut needs a private mount namespace (run as root):", err)
			return 1
		}
		if !inside {
			return status
		}
	}
	if o.dir == "" {
		dir, err := os.MkdirTemp("", "sshblog-crash")
		if err != nil {
			fmt.Fprintln(os.Stderr, "sshblog-load crash:", err)
			return 1
		}
		defer os.RemoveAll(dir)
		o.dir = dir
	}
	ctx, cancel := context.WithTimeout(context.Background(), time.Duration(o.trials)*time.Minute)
	defer cancel()
	rep, err := crash(ctx, o, func(trial int, r *crashReport) {
		if trial%10 == 0 || trial == o.trials {
			fmt.Fprintf(os.Stderr, "trial %d/%d: %d comments acknowledged, %d lost\n", trial, o.trials, r.Acknowledged, r.Lost)
		}
	})
	if err != nil {
		fmt.Fprintln(os.Stderr, "sshblog-load crash:", err)
		return 1
	}
	rep.print(os.Stdout)
	if o.jsonOut != "" {
		if err := writeJSON(o.jsonOut, rep); err != nil {
			fmt.Fprintln(os.Stderr, "sshblog-load crash:", err)
			return 1
		}
	}
	if rep.Lost > 0 || rep.Unsound > 0 {
		return 1
	}
	return 0
}

func (r *crashReport) print(w io.Writer) {
	how := "killed with SIGKILL"
	if r.PowerCut {
		how = "power cut (SIGKILL, then every write not fsynced dropped)"
	}
	fmt.Fprintf(w, "sshblog-load crash: %d trials of %d concurrent commenters, %s at a random moment (%.0fs)\n",
		r.Trials, r.Commenters, how, r.Seconds)
	if r.CommentSeconds > 0 {
		fmt.Fprintf(w, "  %.0f comments a second acknowledged while commenting\n", float64(r.Acknowledged)/r.CommentSeconds)
	}
	fmt.Fprintf(w, "  comments acknowledged %d, lost %d; integrity check failed after %d trials\n", r.Acknowledged, r.Lost, r.Unsound)
	for _, p := range r.Problems {
		fmt.Fprintf(w, "    %s\n", p)
	}
}

// crash runs the trials; progress is told after each.
func crash(ctx context.Context, o crashOptions, progress func(int, *crashReport)) (*crashReport, error) {
	start := time.Now()
	rep := &crashReport{Commenters: o.commenters, PowerCut: o.powerCut}
	port, err := freePort()
	if err != nil {
		return nil, err
	}
	addr := fmt.Sprintf("127.0.0.1:%d", port)
	run := runID()
	if o.powerCut {
		// The blog is installed first, and stopped cleanly: the trials cut
		// the power under a blog that was running, not under its first start.
		if err := install(ctx, o, addr); err != nil {
			return nil, err
		}
	}
	for trial := 1; trial <= o.trials && ctx.Err() == nil; trial++ {
		dataDir := o.dir
		var layer *powercut.FS
		if o.powerCut {
			if layer, err = powercut.Mount(o.dir, o.fsyncDelay); err != nil {
				return nil, err
			}
			dataDir = layer.Dir
		}
		acked, took, err := crashTrial(ctx, o, dataDir, addr, fmt.Sprintf("%s-%d", run, trial))
		if layer != nil {
			// The server is dead: now the power goes, and with it what was not fsynced.
			if cerr := layer.Cut(); err == nil {
				err = cerr
			}
			dataDir = layer.Live()
		}
		if err != nil {
			return nil, fmt.Errorf("trial %d: %w", trial, err)
		}
		rep.Trials++
		rep.Acknowledged += len(acked)
		rep.CommentSeconds += took.Seconds()
		problems, err := verify(ctx, filepath.Join(dataDir, "sshblog.db"), acked)
		if err != nil {
			return nil, fmt.Errorf("trial %d: %w", trial, err)
		}
		for _, p := range problems {
			if strings.HasPrefix(p, "integrity: ") {
				rep.Unsound++
			} else {
				rep.Lost++
			}
			rep.Problems = append(rep.Problems, fmt.Sprintf("trial %d: %s", trial, p))
		}
		progress(trial, rep)
	}
	rep.Seconds = time.Since(start).Seconds()
	return rep, ctx.Err()
}

// install starts the server once on the power-cut layer and stops it with
// SIGTERM, which closes the database cleanly, synced.
func install(ctx context.Context, o crashOptions, addr string) error {
	layer, err := powercut.Mount(o.dir, 0)
	if err != nil {
		return err
	}
	defer layer.Unmount()
	srv, err := startServer(ctx, o, layer.Dir, addr)
	if err != nil {
		return err
	}
	srv.Process.Signal(syscall.SIGTERM)
	if err := srv.Wait(); err != nil {
		return fmt.Errorf("the first start did not stop cleanly: %w", err)
	}
	return nil
}

// acked is a comment the server said it stored: its id and text.
type acked struct {
	id   int64
	text string
}

// crashTrial starts the server on dataDir, has the commenters comment until
// it is killed at a random moment, and returns what was acknowledged and how
// long they commented.
func crashTrial(ctx context.Context, o crashOptions, dataDir, addr, run string) ([]acked, time.Duration, error) {
	srv, err := startServer(ctx, o, dataDir, addr)
	if err != nil {
		return nil, 0, err
	}
	started := time.Now()
	var (
		mu   sync.Mutex
		got  []acked
		wg   sync.WaitGroup
		stop = make(chan struct{})
	)
	for c := range o.commenters {
		wg.Add(1)
		go func() {
			defer wg.Done()
			auth, err := newIdentity()
			if err != nil {
				return
			}
			r, err := dial(addr, fmt.Sprintf("crash-%s-%d", run, c), auth)
			if err != nil {
				return
			}
			defer r.close()
			for n := 0; ; n++ {
				select {
				case <-stop:
					return
				default:
				}
				text := fmt.Sprintf("Crash run %s, commenter %d, comment %d.", run, c, n)
				id, err := postComment(r, o.slug, text)
				if err != nil {
					return // the server is gone
				}
				mu.Lock()
				got = append(got, acked{id, text})
				mu.Unlock()
			}
		}()
	}
	time.Sleep(time.Duration(rand.Int64N(int64(o.maxRun))))
	srv.Process.Kill()
	took := time.Since(started)
	srv.Wait()
	close(stop)
	wg.Wait()
	return got, took, nil
}

// postComment runs `comment SLUG` and returns the id the server printed.
func postComment(r *reader, slug, text string) (int64, error) {
	s, err := r.client.NewSession()
	if err != nil {
		return 0, err
	}
	defer s.Close()
	s.Stdin = strings.NewReader(text)
	out, err := s.Output("comment " + slug)
	if err != nil {
		return 0, err
	}
	var id int64
	if _, err := fmt.Sscan(string(out), &id); err != nil {
		return 0, fmt.Errorf("no id in %q", out)
	}
	return id, nil
}

// startServer runs sshblog on addr with dataDir, rate limits off, and
// waits until it takes connections.
func startServer(ctx context.Context, o crashOptions, dataDir, addr string) (*exec.Cmd, error) {
	cmd := exec.Command(o.server, "serve", "--data-dir", dataDir, "--listen", addr, "--log-level", "error",
		"--comments-per-minute", "0", "--max-sessions-per-address", "0", "--max-unauthenticated-per-address", "0",
		"--connection-rate", "0", "--comments-per-minute-per-address", "0", "--new-identities-per-hour", "0")
	cmd.Stdout, cmd.Stderr = os.Stderr, os.Stderr
	if err := cmd.Start(); err != nil {
		return nil, err
	}
	deadline := time.Now().Add(30 * time.Second)
	for time.Now().Before(deadline) && ctx.Err() == nil {
		if c, err := net.DialTimeout("tcp", addr, time.Second); err == nil {
			c.Close()
			return cmd, nil
		}
		time.Sleep(20 * time.Millisecond)
	}
	cmd.Process.Kill()
	cmd.Wait()
	return nil, errors.New("the server did not start listening")
}

// verify checks the database after a kill: it must pass SQLite's integrity
// check, and hold every acknowledged comment as it was sent.
func verify(ctx context.Context, path string, comments []acked) (problems []string, err error) {
	unsound, err := data.Check(ctx, path) // opening it also recovers the WAL, as a restart does
	if err != nil {
		return unusable(err, comments), nil
	}
	for _, p := range unsound {
		problems = append(problems, "integrity: "+p)
	}
	store, err := data.OpenReadOnly(path)
	if err != nil {
		return append(problems, unusable(err, comments)...), nil
	}
	defer store.Close()
	for _, a := range comments {
		c, err := store.Comment(ctx, a.id)
		switch {
		case err != nil:
			problems = append(problems, fmt.Sprintf("comment %d (%q) acknowledged, then lost: %v", a.id, a.text, err))
		case c.Body != a.text:
			problems = append(problems, fmt.Sprintf("comment %d stored as %q, sent as %q", a.id, c.Body, a.text))
		}
	}
	return problems, nil
}

// unusable is what a database that does not open lost: it is unsound, and
// every comment acknowledged is gone.
func unusable(err error, comments []acked) []string {
	problems := []string{"integrity: the database does not open: " + err.Error()}
	for _, a := range comments {
		problems = append(problems, fmt.Sprintf("comment %d (%q) acknowledged, then lost with the database", a.id, a.text))
	}
	return problems
}

// freePort finds a loopback port nobody listens on.
func freePort() (int, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return 0, err
	}
	defer ln.Close()
	return ln.Addr().(*net.TCPAddr).Port, nil
}
