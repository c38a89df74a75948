package main

import (
	"context"
	"fmt"
	"net"
	"os"
	"sort"
	"strings"
	"sync"
	"time"

	"golang.org/x/crypto/ssh"
)

// settle is how long after the last session closes before the final reading:
// the server needs a moment to notice closed connections. spinWindow is how
// long after that the server's CPU is watched: with nobody connected it
// should be idle.
const (
	settle     = 5 * time.Second
	spinWindow = 5 * time.Second
)

// run opens the sessions, holds them, times keystrokes and comments, closes
// them, and reads the server's state at each stage.
func run(ctx context.Context, o *options) *report {
	rep := &report{Target: o.label, Addr: o.addr, Sessions: o.sessions, Rate: o.rate, Scenario: o.scenario, Tree: o.tree, Close: o.closeBy, Failures: map[string]int{}}
	auth, err := readerAuth(o.key)
	if err != nil {
		rep.fail(err)
		return rep
	}
	if err := waitListening(ctx, o.addr); err != nil {
		rep.fail(err)
		return rep
	}
	l := &load{o: o, rep: rep, auth: auth, run: runID()}
	if o.scenario == "exec-comment" {
		return l.execComments(ctx)
	}
	if o.warmup {
		if err := l.warm(ctx); err != nil {
			rep.fail(fmt.Errorf("warm-up: %w", err))
			return rep
		}
	}
	rep.Before = sample(o, true)

	readers := l.openAll(ctx)
	rep.Holding = sample(o, false)
	// A script waits for this line to load the server while the sessions are held.
	fmt.Fprintf(os.Stderr, "sshblog-load: holding %d sessions for %v\n", len(readers), o.hold)
	if o.keysInHold {
		rep.Keystroke = l.timeKeystrokes(ctx, readers, o.hold/time.Duration(max(o.keystrokes, 1)))
		sleep(ctx, time.Until(rep.Holding.At.Add(o.hold)))
	} else {
		// Idle: nobody types; how much CPU do the open sessions cost?
		sleep(ctx, o.hold)
	}
	rep.AfterHold = sample(o, false)
	if held := rep.AfterHold.At.Sub(rep.Holding.At).Seconds(); held > 0 && rep.Holding.CPUSeconds >= 0 {
		rep.IdleCores = (rep.AfterHold.CPUSeconds - rep.Holding.CPUSeconds) / held
	}
	if o.scenario == "comment" {
		rep.Comment = l.sendComments(ctx, readers)
	}
	if !o.keysInHold {
		rep.Keystroke = l.timeKeystrokes(ctx, readers, 0)
	}

	closeStart := sample(o, false)
	l.closeAll(readers)
	sleep(ctx, settle)
	rep.After = sample(o, true)
	sleep(ctx, spinWindow)
	rep.Spin = sample(o, false)
	rep.finish(closeStart, len(readers))
	// More waves, opened and closed the same way, show whether anything
	// grows from one to the next: the first leaves what Go keeps for reuse
	// (goroutine descriptors, pools) on the heap.
	for w := 1; w < o.waves && ctx.Err() == nil; w++ {
		l.closeAll(l.openAll(ctx))
		sleep(ctx, settle)
		rep.LaterWaves = append(rep.LaterWaves, sample(o, true))
	}
	rep.finishWaves()
	return rep
}

// closeAll ends the sessions as -close says.
func (l *load) closeAll(readers []*reader) {
	for _, r := range readers {
		if l.o.closeBy == "reset" {
			r.reset()
		} else {
			r.close()
		}
	}
}

// load is one run in progress.
type load struct {
	o    *options
	rep  *report
	auth ssh.AuthMethod
	run  string // tells this run's commenters apart
	mu   sync.Mutex
}

func (l *load) fail(err error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.rep.fail(err)
}

// warm runs one session through the scenario and closes it.
func (l *load) warm(ctx context.Context) error {
	r, err := l.open(ctx, -1)
	if err != nil {
		return err
	}
	r.close()
	sleep(ctx, time.Second)
	return nil
}

// open connects reader i and takes it through the scenario's preparation;
// i < 0 is the warm-up reader.
func (l *load) open(ctx context.Context, i int) (*reader, error) {
	user, auth := l.o.user, l.auth
	if l.o.scenario == "comment" {
		var err error
		if auth, err = newIdentity(); err != nil {
			return nil, err
		}
		user = l.commenter(i)
	}
	r, took, err := connect(ctx, l.o, user, auth)
	if err != nil {
		return nil, err
	}
	switch l.o.scenario {
	case "read":
		err = r.readAPost(ctx)
	case "comment":
		err = r.openComposer(ctx, l.commentText(i))
	}
	if err != nil {
		r.close()
		return nil, err
	}
	if i >= 0 {
		l.mu.Lock()
		l.rep.firstFrames = append(l.rep.firstFrames, took)
		l.mu.Unlock()
	}
	return r, nil
}

// commenter is the user name, and so the display name, of commenter i.
func (l *load) commenter(i int) string {
	if i < 0 {
		return "load-" + l.run + "-warm"
	}
	return fmt.Sprintf("load-%s-%d", l.run, i)
}

func (l *load) commentText(i int) string {
	return fmt.Sprintf("Comment %d of load run %s.", i, l.run)
}

// openAll opens the sessions at the rate, each through the scenario's
// preparation, and returns those that made it.
func (l *load) openAll(ctx context.Context) []*reader {
	var (
		readers []*reader
		wg      sync.WaitGroup
	)
	ramp := time.NewTicker(time.Duration(float64(time.Second) / l.o.rate))
	defer ramp.Stop()
	start := time.Now()
	for i := 0; i < l.o.sessions && ctx.Err() == nil; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			r, err := l.open(ctx, i)
			if err != nil {
				l.fail(err)
				return
			}
			l.mu.Lock()
			readers = append(readers, r)
			l.mu.Unlock()
		}()
		select {
		case <-ramp.C:
		case <-ctx.Done():
		}
	}
	wg.Wait()
	if l.rep.RampSeconds == 0 { // the first wave is the one timed
		l.rep.RampSeconds = time.Since(start).Seconds()
		l.rep.FirstFrame = summarize(l.rep.firstFrames)
		l.rep.OK = len(readers)
	}
	return readers
}

// timeKeystrokes times keystrokes spread over the sessions, one at a time
// so each is timed against a server nobody else types to; with every > 0
// keystroke i is typed no sooner than every×i after the first.
func (l *load) timeKeystrokes(ctx context.Context, readers []*reader, every time.Duration) latency {
	if l.o.scenario == "comment" {
		return latency{} // the readers are in their composers
	}
	var (
		keys  []time.Duration
		typed []time.Time
	)
	start := time.Now()
	for i := 0; i < l.o.keystrokes && len(readers) > 0 && ctx.Err() == nil; i++ {
		sleep(ctx, time.Until(start.Add(every*time.Duration(i))))
		at := time.Now()
		took, err := readers[(i*7919)%len(readers)].moveSelection(ctx)
		if err != nil {
			l.fail(err)
			continue
		}
		keys = append(keys, took)
		typed = append(typed, at)
	}
	if l.o.keysLog != "" {
		if err := writeKeysLog(l.o.keysLog, typed, keys); err != nil {
			l.fail(err)
		}
	}
	return summarize(keys)
}

// writeKeysLog writes one line a keystroke: when it was typed, in Unix
// milliseconds, and its latency in milliseconds.
func writeKeysLog(path string, typed []time.Time, took []time.Duration) error {
	var b strings.Builder
	for i, at := range typed {
		fmt.Fprintf(&b, "%d %.3f\n", at.UnixMilli(), ms(took[i]))
	}
	return os.WriteFile(path, []byte(b.String()), 0o644)
}

// waitListening waits up to 10 s for the server to take connections, so a
// script may start it and the load at once.
func waitListening(ctx context.Context, addr string) error {
	deadline := time.Now().Add(10 * time.Second)
	for {
		c, err := net.DialTimeout("tcp", addr, time.Second)
		if err == nil {
			c.Close()
			return nil
		}
		if time.Now().After(deadline) || ctx.Err() != nil {
			return fmt.Errorf("%s takes no connections: %w", addr, err)
		}
		sleep(ctx, 50*time.Millisecond)
	}
}

func sleep(ctx context.Context, d time.Duration) {
	select {
	case <-time.After(d):
	case <-ctx.Done():
	}
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
