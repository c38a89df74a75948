package main

import (
	"context"
	"errors"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"time"

	dto "github.com/prometheus/client_model/go"
	"github.com/prometheus/common/expfmt"
)

// webMetricsTimeout bounds one ask for the web process's metrics, well
// inside a scrape's usual 10 s.
const webMetricsTimeout = 3 * time.Second

// webMetrics gathers the web process's metrics into serve's /metrics, so
// that one scrape still sees both front doors. They come over a Unix
// socket in a folder only this user can enter.
type webMetrics struct {
	dir    string
	ln     *net.UnixListener // held, unused, so that the socket outlives each web process
	file   *os.File          // ln's, handed to each web process
	client *http.Client
	log    *slog.Logger
}

func newWebMetrics(log *slog.Logger) (*webMetrics, error) {
	dir, err := os.MkdirTemp("", "sshblog-web-")
	if err != nil {
		return nil, err
	}
	path := webMetricsPath(dir)
	ln, err := net.ListenUnix("unix", &net.UnixAddr{Name: path, Net: "unix"})
	if err != nil {
		os.RemoveAll(dir)
		return nil, err
	}
	file, err := ln.File()
	if err != nil {
		ln.Close()
		os.RemoveAll(dir)
		return nil, err
	}
	dial := func(ctx context.Context, _, _ string) (net.Conn, error) {
		var d net.Dialer
		return d.DialContext(ctx, "unix", path)
	}
	return &webMetrics{dir: dir, ln: ln, file: file, log: log,
		client: &http.Client{Timeout: webMetricsTimeout, Transport: &http.Transport{DialContext: dial}}}, nil
}

// Gather asks the web process for its metrics. While none runs (it is
// being started again) they are left out, and the scrape gets the rest:
// sshblog_web_process_starts_total says why.
func (m *webMetrics) Gather() ([]*dto.MetricFamily, error) {
	families, err := m.ask()
	if err != nil {
		m.log.Debug("the web process's metrics", "err", err)
		return nil, nil
	}
	return families, nil
}

func (m *webMetrics) ask() ([]*dto.MetricFamily, error) {
	req, err := http.NewRequest(http.MethodGet, "http://web/metrics", nil)
	if err != nil {
		return nil, err
	}
	req.Header.Set("Accept", string(expfmt.NewFormat(expfmt.TypeProtoDelim)))
	resp, err := m.client.Do(req)
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	dec := expfmt.NewDecoder(resp.Body, expfmt.ResponseFormat(resp.Header))
	var families []*dto.MetricFamily
	for {
		f := &dto.MetricFamily{}
		if err := dec.Decode(f); err != nil {
			if errors.Is(err, io.EOF) {
				return families, nil
			}
			return nil, err
		}
		families = append(families, f)
	}
}

func (m *webMetrics) close() {
	m.file.Close()
	m.ln.Close()
	os.RemoveAll(m.dir)
}
