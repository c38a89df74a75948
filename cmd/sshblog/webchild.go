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
	"os/signal"
	"syscall"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/sshblog/sshblog/blog"
	"github.com/sshblog/sshblog/data"
	"github.com/sshblog/sshblog/posts"
	"github.com/sshblog/sshblog/server"
	"github.com/sshblog/sshblog/server/web"
)

// The web front door runs in a process of its own, started by serve from
// the same binary with serve's own settings: Go's scheduler has no
// priorities, and every garbage collection scans every goroutine's stack,
// so in one process a loaded web delays the keystrokes of every SSH reader
// (README, "The web mirror against nginx"). The web process reads the
// store (the SQLite file read-only; rqlite as any node does) and hears of
// changes from serve over its standard input, one JSON line each.

// webProcessCommand is the hidden subcommand serve starts.
const webProcessCommand = "web-process"

// The files serve hands the web process, after stdin, stdout and stderr.
const (
	webListenerFD = 3 // the web's port, which serve keeps open across restarts
	webMetricsFD  = 4 // where serve asks for the web's metrics (webmetrics.go)
)

// webReady is the line the web process prints once it serves.
const webReady = "ready"

// runWebProcess runs the web process and returns its exit status. Why it
// stopped goes to its log, in serve's log format: its standard error is
// serve's, where a plain line would break a log of JSON lines.
func runWebProcess(args []string) int {
	cfg, err := parseConfig(args, os.Getenv)
	if err != nil { // serve has read these settings already: only a web-process started by hand gets here
		return exitStatus(err)
	}
	log := newLogger(cfg).With("process", "web")
	if err := serveWebProcess(cfg, log); err != nil {
		log.Error("the web process stops", "err", err)
		return 1
	}
	return 0
}

// serveWebProcess is the web process: it serves until serve closes its
// standard input or sends SIGTERM.
func serveWebProcess(cfg config, log *slog.Logger) error {
	signal.Ignore(os.Interrupt) // serve, told first, decides when the web stops
	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGTERM)
	defer stop()
	ln, err := inherited(webListenerFD, "web", net.FileListener)
	if err != nil {
		return err
	}
	metricsConn, err := inherited(webMetricsFD, "web metrics", net.FileConn)
	if err != nil {
		return err
	}
	// Answered from the start: a store slow to open does not cost serve's
	// scrape its wait.
	registry := prometheus.NewRegistry()
	prometheus.WrapRegistererWith(prometheus.Labels{"process": "web"}, registry).MustRegister(server.RuntimeCollectors()...)
	go answerMetrics(metricsConn.(*net.UnixConn), registry, log)
	store, err := openWebStore(ctx, cfg)
	if err != nil {
		return err
	}
	defer store.Close()
	b, err := blog.New(ctx, cfg.blogName, store, time.Now)
	if err != nil {
		return err
	}
	b.Address, b.BaseURL = cfg.readerAddress(), cfg.baseURL
	if b.InstallID, err = store.InstallID(ctx); err != nil {
		return err
	}
	threads := blog.NewThreads(store, b, posts.RateLimit{Count: cfg.commentsPerMinute, Per: time.Minute})
	hub := threads.Hub()
	b.OnPostsChanged(hub.PostsChanged)
	if cfg.store != nil { // every node's writes, serve's included, are in the change log
		defer followFeed(ctx, store, b, hub, log)()
	}
	site := web.New(web.Config{Blog: b, Threads: threads, Inbox: blog.NewInbox(store, threads), Log: log,
		TrustedProxies: cfg.trustedProxies, Limits: web.DefaultLimits})
	registry.MustRegister(site.Collectors()...)
	served := make(chan error, 1)
	go func() { served <- site.Serve(ln) }()
	fmt.Println(webReady)
	go func() {
		hearServe(ctx, os.Stdin, b, hub, log)
		stop() // serve is gone, or said something this process cannot read
	}()
	select {
	case err := <-served:
		return err
	case <-ctx.Done():
	}
	shutdownCtx, cancel := context.WithTimeout(context.Background(), cfg.shutdownGrace)
	defer cancel()
	site.Shutdown(shutdownCtx)
	return <-served
}

// inherited makes what fd, handed down by serve, holds; the file itself is
// closed, so that closing what it makes lets go of the socket.
func inherited[T any](fd uintptr, name string, from func(*os.File) (T, error)) (T, error) {
	f := os.NewFile(fd, name)
	defer f.Close()
	v, err := from(f)
	if err != nil {
		return v, fmt.Errorf("the web process was given no %s socket: %w", name, err)
	}
	return v, nil
}

// openWebStore opens the store for reading: the web writes nothing.
func openWebStore(ctx context.Context, cfg config) (*data.Store, error) {
	if cfg.store == nil {
		return data.OpenReadOnly(databasePath(cfg))
	}
	return data.OpenRqliteToRead(ctx, *cfg.store)
}

// hearServe applies the changes serve relays until its standard input ends.
func hearServe(ctx context.Context, in io.Reader, b *blog.Blog, hub *blog.Hub, log *slog.Logger) {
	dec := json.NewDecoder(bufio.NewReader(in))
	for {
		var changes blog.Changes
		if err := dec.Decode(&changes); err != nil {
			if !errors.Is(err, io.EOF) && !errors.Is(err, io.ErrUnexpectedEOF) { // serve gone, maybe mid-line
				log.Error("the web process cannot read what serve relays; stopping", "err", err)
			}
			return
		}
		tell(ctx, changes, b, hub, log)
	}
}
