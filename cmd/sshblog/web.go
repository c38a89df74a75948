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
}

// listenWeb binds the web's port, before anything else is opened, so that
// a bad address is the one line said. The default port being taken only
// costs the web (SSH serves on, and one line says so); an address asked
// for that cannot be bound is a bad setting. nil: no web.
func listenWeb(cfg config, log *slog.Logger) (net.Listener, error) {
	if cfg.httpListen == "" {
		return nil, nil
	}
	ln, err := net.Listen("tcp", cfg.httpListen)
	if err != nil {
		if !cfg.httpListenSet && errors.Is(err, syscall.EADDRINUSE) {
			log.Warn("web: the default port is taken, so the blog is served over SSH only; set --http-listen to another address, or off",
				"addr", cfg.httpListen)
			return nil, nil
		}
		return nil, usageError{fmt.Sprintf("--http-listen=%s: %v", cfg.httpListen, err)}
	}
	return ln, nil
}

// newWebDoor puts the site on ln, with its metrics beside the server's.
func newWebDoor(ln net.Listener, cfg config, srvCfg server.Config, log *slog.Logger) *webDoor {
	if ln == nil {
		return nil
	}
	site := web.New(web.Config{Blog: srvCfg.Blog, Threads: srvCfg.Threads, Log: log,
		TrustedProxies: cfg.trustedProxies, Limits: web.DefaultLimits})
	srvCfg.Metrics.Register(site.Collectors()...)
	return &webDoor{site: site, ln: ln}
}

// serve serves the web until shutdown; the channel is closed when it stops.
func (d *webDoor) serve(log *slog.Logger) <-chan struct{} {
	done := make(chan struct{})
	if d == nil {
		close(done)
		return done
	}
	log.Info("web serving", "addr", d.ln.Addr().String(), "open", "http://"+browserAddress(d.ln.Addr()))
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
