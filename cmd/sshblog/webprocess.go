package main

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"os"
	"os/exec"
	"strings"
	"sync"
	"syscall"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/sshblog/sshblog/blog"
)

// Restarts of a web process that stopped back off from webRestartWait,
// doubling up to webRestartWaitMax; one that ran a minute starts afresh.
const (
	webRestartWait    = time.Second
	webRestartWaitMax = 30 * time.Second
	webRanLong        = time.Minute
)

// A web process that stops answering (hung, or stopped with SIGSTOP) is
// killed after webWatchMisses asks in a row, webWatchEvery apart, go
// unanswered within the metrics timeout; supervise then starts another.
const (
	webWatchEvery  = 15 * time.Second
	webWatchMisses = 3
)

// webProcess keeps the web process (webchild.go) running: serve holds the
// web's port, so that a web process started again finds connections
// waiting, not refused.
type webProcess struct {
	port    *os.File // the web's listener, handed to each web process
	metrics *webMetrics
	args    []string  // serve's own, which the web process reads alike
	hub     *blog.Hub // relayed to the web process; nil when it follows rqlite's change log itself
	log     *slog.Logger
	starts  prometheus.Counter

	stop chan struct{} // closed by shutdown
	done chan struct{} // closed when no web process runs or will

	mu       sync.Mutex
	started  bool
	running  *os.Process
	stopping bool
}

func newWebProcess(ln net.Listener, args []string, hub *blog.Hub, log *slog.Logger) (*webProcess, error) {
	port, err := ln.(*net.TCPListener).File()
	if err != nil {
		return nil, err
	}
	return &webProcess{port: port, metrics: &webMetrics{log: log, timeout: webMetricsTimeout}, args: args, hub: hub, log: log,
		starts: prometheus.NewCounter(prometheus.CounterOpts{Name: "sshblog_web_process_starts_total",
			Help: "Times serve started the web process: more than one means it stopped and was started again."}),
		stop: make(chan struct{}), done: make(chan struct{})}, nil
}

// webStartWait bounds how long serve waits for the first web process
// before it serves SSH anyway; the web then comes up when it does.
const webStartWait = 10 * time.Second

// start runs the web process, and again whenever it stops, until shutdown;
// serving is told once, when the first one serves. It waits for that (or
// for the first to fail) for at most webStartWait, or until ctx ends, so
// that "web serving" normally comes before "sshblog serving".
func (p *webProcess) start(ctx context.Context, env []string, serving func()) {
	p.mu.Lock()
	p.started = true
	p.mu.Unlock()
	settled := make(chan struct{})
	settle := sync.OnceFunc(func() { close(settled) })
	serving = sync.OnceFunc(serving)
	go p.supervise(env, func() { serving(); settle() }, settle)
	t := time.NewTimer(webStartWait)
	defer t.Stop()
	select {
	case <-settled:
	case <-ctx.Done():
	case <-t.C:
		p.log.Warn("the web process has not started yet; serving SSH meanwhile", "waited", webStartWait.String())
	}
}

// supervise runs web processes until shutdown; ready is told when one
// serves, settled when one has ended.
func (p *webProcess) supervise(env []string, ready, settled func()) {
	defer close(p.done)
	wait := webRestartWait
	for {
		began := time.Now()
		err := p.runOnce(env, ready)
		settled()
		if p.isStopping() {
			return
		}
		if time.Since(began) > webRanLong {
			wait = webRestartWait
		}
		if err == nil {
			err = errors.New("it exited")
		}
		p.log.Error("the web process stopped; starting it again", "err", err, "in", wait.String())
		t := time.NewTimer(wait)
		select {
		case <-p.stop:
			t.Stop()
			return
		case <-t.C:
		}
		wait = min(2*wait, webRestartWaitMax)
	}
}

// runOnce runs one web process until it ends; ready is told when it
// serves.
func (p *webProcess) runOnce(env []string, ready func()) error {
	cmd := exec.Command(serveBinary(), append([]string{webProcessCommand}, p.args...)...)
	cmd.Args[0] = os.Args[0] // what ps shows
	cmd.Env, cmd.Stderr = env, os.Stderr
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true} // a terminal's ^C reaches serve, which stops it
	stdin, err := cmd.StdinPipe()
	if err != nil {
		return err
	}
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		return err
	}
	metrics, err := p.metrics.pair()
	if err != nil {
		return err
	}
	defer p.metrics.close()
	cmd.ExtraFiles = []*os.File{p.port, metrics} // webListenerFD, webMetricsFD
	var relay *blog.Listener
	if p.hub != nil { // listening before the start, nothing committed meanwhile is missed
		relay = p.hub.Listen()
		defer relay.Close()
	}
	err = cmd.Start()
	metrics.Close() // the web process has its own
	if err != nil {
		return err
	}
	p.starts.Inc()
	if !p.track(cmd.Process) { // shutdown came while it started
		cmd.Process.Signal(syscall.SIGTERM)
	}
	line, _ := bufio.NewReader(stdout).ReadString('\n')
	if strings.TrimSpace(line) != webReady {
		if err := cmd.Wait(); err != nil {
			return fmt.Errorf("it did not start: %w", err)
		}
		return errors.New("it did not start")
	}
	ready()
	p.log.Debug("the web process serves", "pid", cmd.Process.Pid)
	if relay != nil {
		go relayChanges(relay, stdin)
	}
	ended := make(chan struct{})
	go watch(p.metrics.answers, webWatchEvery, ended, func() {
		p.log.Error("the web process has stopped answering; killing it, and another starts",
			"asked", webWatchMisses, "every", webWatchEvery.String())
		cmd.Process.Kill()
	})
	err = cmd.Wait()
	close(ended)
	stdin.Close()
	return err
}

// watch asks answers every interval until ended, and calls kill once it
// has said no webWatchMisses times in a row. One timer for the server.
func watch(answers func() bool, every time.Duration, ended <-chan struct{}, kill func()) {
	t := time.NewTimer(every)
	defer t.Stop()
	for misses := 0; ; {
		select {
		case <-ended:
			return
		case <-t.C:
		}
		if answers() {
			misses = 0
		} else if misses++; misses == webWatchMisses {
			kill()
			return
		}
		t.Reset(every)
	}
}

// track records the running web process; false once shutdown has begun.
func (p *webProcess) track(proc *os.Process) bool {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.running = proc
	return !p.stopping
}

func (p *webProcess) isStopping() bool {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.stopping
}

// relayChanges writes what serve's hub tells, one JSON line each, until the
// listener is closed or the web process stops reading. A web process that
// falls behind fills the pipe; the listener then drops what waits and says
// Lost, which the web process reads as "reload everything".
func relayChanges(l *blog.Listener, w io.Writer) {
	enc := json.NewEncoder(w)
	for {
		select {
		case <-l.Done():
			return
		case <-l.Ready():
		}
		changes := l.Take()
		if len(changes.Comments) == 0 && !changes.Posts && !changes.Lost {
			continue // an inbox's news, which no web page shows
		}
		if err := enc.Encode(changes); err != nil {
			return
		}
	}
}

// shutdown asks the web process to stop (it finishes what it serves within
// its grace) and waits until it has, or kills it when ctx ends; then it
// lets go of the port. Once is enough; again is nothing.
func (p *webProcess) shutdown(ctx context.Context) {
	p.mu.Lock()
	if p.stopping {
		p.mu.Unlock()
		return
	}
	p.stopping = true
	started, proc := p.started, p.running
	p.mu.Unlock()
	close(p.stop)
	if proc != nil {
		proc.Signal(syscall.SIGTERM)
	}
	if started {
		select {
		case <-p.done:
		case <-ctx.Done():
			p.mu.Lock()
			proc = p.running // one started meanwhile was told to stop by track
			p.mu.Unlock()
			if proc != nil {
				proc.Kill()
			}
			<-p.done
		}
	}
	p.port.Close()
	p.metrics.close()
}

// serveBinary is what the web process runs: this very binary, which
// /proc/self/exe names even after an upgrade in place has replaced the file
// (a newer web process might not understand this serve); without /proc, as
// in a bare chroot, the path serve was started by.
func serveBinary() string {
	const self = "/proc/self/exe"
	if _, err := os.Stat(self); err == nil {
		return self
	}
	return os.Args[0]
}

// webProcessEnv is serve's environment, with the address readers ssh to as
// serve resolved it.
func webProcessEnv(sshAddress string) []string {
	return append(os.Environ(), envName("ssh-address")+"="+sshAddress)
}
