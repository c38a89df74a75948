package main

import (
	"bytes"
	endian "encoding/binary" // "binary" is the tests' built sshblog
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"os"
	"sync"
	"syscall"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	dto "github.com/prometheus/client_model/go"
	"github.com/prometheus/common/expfmt"
)

// The web process's metrics reach serve's /metrics over a socket pair of
// their own, so that one scrape still sees both front doors, and no port
// or file another user could open serves them. serve writes one byte to
// ask; the web process answers with the length of what follows (4 bytes,
// big-endian) and its metric families, length-delimited protobuf.
const (
	webMetricsTimeout = 3 * time.Second // well inside a scrape's usual 10 s
	webMetricsMax     = 64 << 20
)

var webMetricsFormat = expfmt.NewFormat(expfmt.TypeProtoDelim)

// webMetrics is serve's end: a prometheus.Gatherer of the running web
// process's metrics.
type webMetrics struct {
	log *slog.Logger

	mu   sync.Mutex
	conn net.Conn // nil while no web process answers
}

// pair makes the socket pair for a web process about to start, keeps one
// end and returns the other, for the process.
func (m *webMetrics) pair() (*os.File, error) {
	fds, err := syscall.Socketpair(syscall.AF_UNIX, syscall.SOCK_STREAM|syscall.SOCK_CLOEXEC, 0)
	if err != nil {
		return nil, fmt.Errorf("the web's metrics socket: %w", err)
	}
	mine := os.NewFile(uintptr(fds[0]), "web metrics")
	conn, err := net.FileConn(mine)
	mine.Close()
	if err != nil {
		syscall.Close(fds[1])
		return nil, fmt.Errorf("the web's metrics socket: %w", err)
	}
	m.mu.Lock()
	if m.conn != nil {
		m.conn.Close()
	}
	m.conn = conn
	m.mu.Unlock()
	return os.NewFile(uintptr(fds[1]), "web metrics"), nil
}

// Gather asks the web process for its metrics. While none answers (it is
// being started again) they are left out and the scrape gets the rest;
// sshblog_web_process_starts_total says why.
func (m *webMetrics) Gather() ([]*dto.MetricFamily, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.conn == nil {
		return nil, nil
	}
	families, err := askMetrics(m.conn)
	if err != nil {
		m.log.Warn("the web process did not give its metrics; they are left out until it is started again", "err", err)
		m.conn.Close()
		m.conn = nil
		return nil, nil
	}
	return families, nil
}

func askMetrics(conn net.Conn) ([]*dto.MetricFamily, error) {
	conn.SetDeadline(time.Now().Add(webMetricsTimeout))
	if _, err := conn.Write([]byte{0}); err != nil {
		return nil, err
	}
	var size [4]byte
	if _, err := io.ReadFull(conn, size[:]); err != nil {
		return nil, err
	}
	n := endian.BigEndian.Uint32(size[:])
	if n > webMetricsMax {
		return nil, fmt.Errorf("%d bytes of metrics", n)
	}
	dec := expfmt.NewDecoder(io.LimitReader(conn, int64(n)), webMetricsFormat)
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
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.conn != nil {
		m.conn.Close()
		m.conn = nil
	}
}

// answerMetrics is the web process's end: it answers each ask with what g
// gathers, until serve's end closes.
func answerMetrics(conn net.Conn, g prometheus.Gatherer, log *slog.Logger) {
	defer conn.Close()
	ask := make([]byte, 1)
	for {
		if _, err := io.ReadFull(conn, ask); err != nil {
			return
		}
		families, err := g.Gather()
		if err != nil { // what could be gathered still goes
			log.Warn("gathering the web's metrics", "err", err)
		}
		var out bytes.Buffer
		out.Write(make([]byte, 4)) // the length, once known
		enc := expfmt.NewEncoder(&out, webMetricsFormat)
		for _, f := range families {
			if err := enc.Encode(f); err != nil {
				log.Warn("encoding the web's metrics", "err", err)
				return
			}
		}
		endian.BigEndian.PutUint32(out.Bytes(), uint32(out.Len()-4))
		if _, err := conn.Write(out.Bytes()); err != nil {
			return
		}
	}
}
