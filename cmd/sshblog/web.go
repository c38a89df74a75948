package main

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"syscall"

	"github.com/sshblog/sshblog/blog"
	"github.com/sshblog/sshblog/server"
)

// webDoor is the web front door: its port, and the process serving it.
type webDoor struct {
	ln   net.Listener
	proc *webProcess
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

// newWebDoor readies the web process for ln, with its metrics beside the
// server's. On SQLite serve relays its hub's changes to it; on rqlite it
// follows the change log, where serve's writes are too.
func newWebDoor(ln net.Listener, cfg config, args []string, srvCfg server.Config, log *slog.Logger) (*webDoor, error) {
	if ln == nil {
		return nil, nil
	}
	var relayed *blog.Hub
	if cfg.store == nil {
		relayed = srvCfg.Threads.Hub()
	}
	proc, err := newWebProcess(ln, args, relayed, log)
	if err != nil {
		return nil, fmt.Errorf("web: %w", err)
	}
	srvCfg.Metrics.Register(proc.starts)
	srvCfg.Metrics.Gather(proc.metrics)
	return &webDoor{ln: ln, proc: proc, public: cfg.baseURL}, nil
}

// serve starts the web process, telling it the address readers ssh to,
// and says where it serves once it does; the channel is closed when it has
// stopped for good.
func (d *webDoor) serve(ctx context.Context, sshAddress string, log *slog.Logger) <-chan struct{} {
	if d == nil {
		done := make(chan struct{})
		close(done)
		return done
	}
	where := []any{"addr", d.ln.Addr().String(), "open", "http://" + browserAddress(d.ln.Addr())}
	if d.public != "" {
		where = append(where, "public", d.public)
	}
	d.proc.start(ctx, webProcessEnv(sshAddress), func() { log.Info("web serving", where...) })
	return d.proc.done
}

func (d *webDoor) shutdown(ctx context.Context) {
	if d != nil {
		d.proc.shutdown(ctx)
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
