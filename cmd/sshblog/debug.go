package main

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"net/http/pprof"
	"time"
)

// serveDebug serves Go's profiler on addr, which must be a loopback address:
// profiles show what the server holds and may be costly to take, so they
// are never offered to the network. It is how a performance problem is
// found (go tool pprof http://ADDR/debug/pprof/profile), and how
// sshblog-load reads the heap after a garbage collection:
// /debug/pprof/heap?gc=1 collects before it reports.
func serveDebug(addr string, log *slog.Logger) (stop func(), err error) {
	if err := checkLoopbackAddr(addr); err != nil {
		return nil, usageError{fmt.Sprintf("--debug-listen %s: %v", addr, err)}
	}
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return nil, fmt.Errorf("debug listener: %w", err)
	}
	mux := http.NewServeMux()
	mux.HandleFunc("/debug/pprof/", pprof.Index) // heap, goroutine, allocs, …
	mux.HandleFunc("/debug/pprof/cmdline", pprof.Cmdline)
	mux.HandleFunc("/debug/pprof/profile", pprof.Profile)
	mux.HandleFunc("/debug/pprof/symbol", pprof.Symbol)
	mux.HandleFunc("/debug/pprof/trace", pprof.Trace)
	srv := &http.Server{Handler: mux, ReadHeaderTimeout: 10 * time.Second}
	go srv.Serve(ln)
	log.Info("profiler serving", "addr", "http://"+ln.Addr().String()+"/debug/pprof/")
	return func() {
		ctx, cancel := context.WithTimeout(context.Background(), time.Second)
		defer cancel()
		srv.Shutdown(ctx)
	}, nil
}

// checkLoopbackAddr refuses a listen address that is not on loopback:
// an empty host (":6060") means every interface.
func checkLoopbackAddr(addr string) error {
	host, _, err := net.SplitHostPort(addr)
	if err != nil {
		return err
	}
	if host == "localhost" {
		return nil
	}
	ip := net.ParseIP(host)
	if ip == nil || !ip.IsLoopback() {
		return errors.New("the profiler only listens on a loopback address, such as 127.0.0.1:6060")
	}
	return nil
}
