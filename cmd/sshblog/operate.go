package main

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"time"

	"github.com/sshblog/sshblog/blog"
	"github.com/sshblog/sshblog/posts"
	"github.com/sshblog/sshblog/server"
)

// databaseFile is the database's name in the data folder.
const databaseFile = "sshblog.db"

func databasePath(cfg config) string { return filepath.Join(cfg.dataDir, databaseFile) }

// countedComments counts and times in the metrics every comment stored
// through it, from the insert to its commit: the reader and the commands
// both post through blog.Threads, which posts through this.
type countedComments struct {
	blog.CommentStore
	metrics *server.Metrics
}

func (c countedComments) AddComment(ctx context.Context, nc posts.NewComment) (posts.Comment, error) {
	start := time.Now()
	comment, err := c.CommentStore.AddComment(ctx, nc)
	if err == nil {
		c.metrics.CommentPosted(time.Since(start))
	}
	return comment, err
}

// newLogger writes to standard error, as a container's logs expect, in the
// chosen format.
func newLogger(cfg config) *slog.Logger {
	opts := &slog.HandlerOptions{Level: cfg.logLevel}
	if cfg.logFormat == "json" {
		return slog.New(slog.NewJSONHandler(os.Stderr, opts))
	}
	return slog.New(slog.NewTextHandler(os.Stderr, opts))
}

// serveMetrics serves the server's metrics at /metrics on addr, unless addr
// is empty. stop ends it.
func serveMetrics(addr string, srv *server.Server, log *slog.Logger) (stop func(), err error) {
	if addr == "" {
		return func() {}, nil
	}
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return nil, fmt.Errorf("metrics: listen on %s: %w", addr, err)
	}
	mux := http.NewServeMux()
	mux.Handle("GET /metrics", srv.MetricsHandler())
	web := &http.Server{Handler: mux, ReadHeaderTimeout: 10 * time.Second, IdleTimeout: time.Minute}
	go func() {
		if err := web.Serve(ln); !errors.Is(err, http.ErrServerClosed) {
			log.Error("metrics server stopped", "err", err)
		}
	}()
	log.Info("metrics serving", "addr", ln.Addr().String(), "path", "/metrics")
	return func() {
		ctx, cancel := context.WithTimeout(context.Background(), time.Second)
		defer cancel()
		web.Shutdown(ctx)
	}, nil
}
