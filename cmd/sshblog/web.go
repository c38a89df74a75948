package main

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"syscall"

	"github.com/sshblog/sshblog/server"
	"github.com/sshblog/sshblog/server/web"
)

// webDoor is the web front door and the port it holds.
type webDoor struct {
	site *web.Site
	ln   net.Listener
	// public is --base-url: where readers find the web, which inside a
	// container the listener's own address is not.
	public string
}

// warnWebTaken says, once everything else is up, that the web is not.
func warnWebTaken(log *slog.Logger, addr string) {
	log.Warn("web: the default port is taken, so the blog is served over SSH only; set --http-listen to another address, or off",
		"addr", addr)
}

// listenWeb binds the web's port before the store is opened, so that a bad
// address is the one line said. The default port being taken only costs
// the web (taken: SSH serves on, and serve says so); an address asked for
// that cannot be bound is a bad setting. A nil listener: no web.
func listenWeb(cfg config) (ln net.Listener, taken bool, err error) {
	if cfg.httpListen == "" {
		return nil, false, nil
	}
	ln, err = net.Listen("tcp", cfg.httpListen)
	if err != nil {
		if !cfg.httpListenSet && errors.Is(err, syscall.EADDRINUSE) {
			return nil, true, nil
		}
		return nil, false, usageError{fmt.Sprintf("--http-listen=%s: %v", cfg.httpListen, err)}
	}
	return ln, false, nil
}

// newWebDoor puts the site on ln, with its metrics beside the server's.
func newWebDoor(ln net.Listener, cfg config, srvCfg server.Config, log *slog.Logger) *webDoor {
	if ln == nil {
		return nil
	}
	site := web.New(web.Config{Blog: srvCfg.Blog, Threads: srvCfg.Threads, Inbox: srvCfg.Inbox, Log: log,
		TrustedProxies: cfg.trustedProxies, Limits: web.DefaultLimits})
	srvCfg.Metrics.Register(site.Collectors()...)
	return &webDoor{site: site, ln: ln, public: cfg.baseURL}
}

// serve serves the web until shutdown; the channel is closed when it stops.
func (d *webDoor) serve(log *slog.Logger) <-chan struct{} {
	done := make(chan struct{})
	if d == nil {
		close(done)
		return done
	}
	where := []any{"addr", d.ln.Addr().String(), "open", "http://" + browserAddress(d.ln.Addr())}
	if d.public != "" {
		where = append(where, "public", d.public)
	}
	log.Info("web serving", where...)
	go func() {
		defer close(done)
		if err := d.site.Serve(d.ln); err != nil {
			log.Error("web server stopped", "err", err)
		}
	}()
	return done
}

func (d *webDoor) shutdown(ctx context.Context) {
	if d != nil {
		d.site.Shutdown(ctx)
	}
}

// browserAddress is what to type in a browser for a listen address: an
// unspecified host (":23280") is this machine.
func browserAddress(addr net.Addr) string {
	host, port, err := net.SplitHostPort(addr.String())
	if err != nil {
		return addr.String()
	}
	if ip := net.ParseIP(host); ip == nil || ip.IsUnspecified() {
		host = "localhost"
	}
	return net.JoinHostPort(host, port)
}
