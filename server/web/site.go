// Package web is the blog's front door on the web, beside the SSH one:
// every post and its thread at a URL, the list, tags, search, Atom feeds, a
// sitemap and robots.txt, read-only (commenting stays with SSH keys, and
// every post says how). Pages are rendered once per post and thread revision
// and served from memory, gzipped once, with validators for 304s; one hub
// listener for the whole site tells it what changed. Comments go live over
// Server-Sent Events for readers who allow the one small script. It stands
// on package blog's services, as the SSH reader does, and knows no store.
package web

import (
	"context"
	"errors"
	"log/slog"
	"net"
	"net/http"
	"net/netip"
	"sync"
	"time"

	"github.com/sshblog/sshblog/blog"
)

// Config is what the web front door serves and how.
type Config struct {
	Blog    *blog.Blog
	Threads *blog.Threads
	// Inbox serves readers' private inbox feeds; nil serves none.
	Inbox *blog.Inbox
	Log   *slog.Logger
	// TrustedProxies are the proxies whose X-Forwarded-For and
	// X-Forwarded-Proto are believed; from anyone else they are ignored.
	TrustedProxies []netip.Prefix
	Limits         Limits
}

// Site serves the blog over HTTP.
type Site struct {
	cfg       Config
	pages     *pages
	unobserve func() // stops the pages hearing of changes
	streams   streams
	searches  *buckets
	metrics   *Metrics
	fast      *fast
	http      *http.Server
	closing   chan struct{} // closed when shutdown starts: live streams end
}

// Timeouts of every connection, so that a slow client cannot hold one;
// live streams set their own write deadlines instead.
const (
	readHeaderTimeout = 5 * time.Second
	readTimeout       = 10 * time.Second
	writeTimeout      = 30 * time.Second
	idleTimeout       = 2 * time.Minute
	maxHeaderBytes    = 16 << 10
)

// New makes the site; it serves nothing until Serve.
func New(cfg Config) *Site {
	if cfg.Log == nil {
		cfg.Log = slog.New(slog.DiscardHandler)
	}
	s := &Site{cfg: cfg, pages: newPages(), metrics: newMetrics(), closing: make(chan struct{}),
		streams:  streams{open: map[netip.Addr]int{}, max: cfg.Limits.StreamsPerAddress},
		searches: newBuckets(cfg.Limits.SearchesPerMinute, cfg.Limits.SearchBurst, cfg.Blog.Now)}
	s.fast = newFast(s)
	s.unobserve = cfg.Threads.Hub().Observe(s.pages.apply)
	s.http = &http.Server{Handler: s.Handler(), ReadHeaderTimeout: readHeaderTimeout, ReadTimeout: readTimeout,
		WriteTimeout: writeTimeout, IdleTimeout: idleTimeout, MaxHeaderBytes: maxHeaderBytes,
		ErrorLog: slog.NewLogLogger(cfg.Log.Handler(), slog.LevelDebug)}
	var once sync.Once
	s.http.RegisterOnShutdown(func() { once.Do(func() { close(s.closing) }) })
	return s
}

// Serve serves HTTP on ln, a listener of plain TCP (the web has no TLS
// of its own: a proxy in front does it), until Shutdown: cached pages on
// the fast path (fast.go), the rest with net/http.
func (s *Site) Serve(ln net.Listener) error {
	slow := newHandoff(ln)
	go s.fast.accept(ln, slow)
	if err := s.http.Serve(slow); !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	return nil
}

// Shutdown ends live streams, lets requests in flight finish until ctx
// ends, and stops following the hub.
func (s *Site) Shutdown(ctx context.Context) error {
	defer s.unobserve()
	s.fast.shut()
	err := s.http.Shutdown(ctx)
	if waited := s.fast.wait(ctx); err == nil {
		err = waited
	}
	return err
}
