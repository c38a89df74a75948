package main

import (
	"bytes"
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
// or file another user could open serves them. It is a packet socket, one
// message per ask and per answer: serve asks with one byte, a number it
// counts up, and the web process answers with the same byte and its metric
// families, length-delimited protobuf. An answer that comes too late is
// told apart by its number and skipped, so a web process slow once is
// heard again at the next scrape.
const (
	webMetricsTimeout = 3 * time.Second // well inside a scrape's usual 10 s
	webMetricsMax     = 4 << 20         // an answer's bytes, at most
)

var webMetricsFormat = expfmt.NewFormat(expfmt.TypeProtoDelim)

// webMetrics is serve's end: a prometheus.Gatherer of the running web
// process's metrics.
type webMetrics struct {
	log     *slog.Logger
	timeout time.Duration // webMetricsTimeout; tests shorten it

	mu     sync.Mutex
	conn   *net.UnixConn // nil while no web process runs
	asked  byte          // the number of the last ask
	answer []byte        // room for one answer, kept between scrapes
}

// pair makes the socket pair for a web process about to start, keeps one
// end and returns the other, for the process.
func (m *webMetrics) pair() (*os.File, error) {
	fds, err := syscall.Socketpair(syscall.AF_UNIX, syscall.SOCK_SEQPACKET|syscall.SOCK_CLOEXEC, 0)
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
	defer m.mu.Unlock()
	if m.conn != nil {
		m.conn.Close()
	}
	m.conn = conn.(*net.UnixConn)
	return os.NewFile(uintptr(fds[1]), "web metrics"), nil
}

// Gather asks the web process for its metrics. While none runs (it is
// being started again), or it does not answer in time, they are left out
// and the scrape gets the rest; sshblog_web_process_starts_total and the
// log say why.
func (m *webMetrics) Gather() ([]*dto.MetricFamily, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.conn == nil {
		return nil, nil
	}
	answer, err := m.ask()
	if err == nil {
		var families []*dto.MetricFamily
		if families, err = decodeFamilies(answer); err == nil {
			return families, nil
		}
	}
	m.log.Warn("the web process's metrics are left out of this scrape", "err", err)
	return nil, nil
}

// answers reports whether the web process answers an ask in time; none
// running counts as answering, since supervise sees to that.
func (m *webMetrics) answers() bool {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.conn == nil {
		return true
	}
	_, err := m.ask()
	return err == nil
}

// ask asks once and returns the answer's families, still encoded; the
// caller holds mu.
func (m *webMetrics) ask() ([]byte, error) {
	if m.answer == nil {
		m.answer = make([]byte, webMetricsMax+1)
	}
	m.asked++
	m.conn.SetDeadline(time.Now().Add(m.timeout))
	if _, err := m.conn.Write([]byte{m.asked}); err != nil {
		return nil, err
	}
	for {
		n, _, flags, _, err := m.conn.ReadMsgUnix(m.answer, nil)
		if err != nil {
			return nil, err
		}
		if n == 0 {
			return nil, io.EOF // the web process has ended
		}
		if flags&syscall.MSG_TRUNC != 0 {
			return nil, fmt.Errorf("an answer of more than %d bytes", webMetricsMax)
		}
		if m.answer[0] == m.asked {
			return m.answer[1:n], nil
		}
		// an answer to an earlier ask, which came too late
	}
}

func decodeFamilies(b []byte) ([]*dto.MetricFamily, error) {
	dec := expfmt.NewDecoder(bytes.NewReader(b), webMetricsFormat)
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

// close lets go of the ended web process's end.
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
func answerMetrics(conn *net.UnixConn, g prometheus.Gatherer, log *slog.Logger) {
	defer conn.Close()
	ask := make([]byte, 1)
	for {
		if n, err := conn.Read(ask); err != nil || n == 0 {
			return
		}
		families, err := g.Gather()
		if err != nil { // what could be gathered still goes
			log.Warn("gathering the web's metrics", "err", err)
		}
		var out bytes.Buffer
		out.WriteByte(ask[0])
		enc := expfmt.NewEncoder(&out, webMetricsFormat)
		for _, f := range families {
			if err := enc.Encode(f); err != nil {
				log.Warn("encoding the web's metrics", "err", err)
				out.Truncate(1)
				break
			}
		}
		if _, err := conn.Write(out.Bytes()); err != nil {
			log.Warn("answering serve's ask for the web's metrics", "err", err, "bytes", out.Len())
			if _, err := conn.Write(ask); err != nil { // an empty answer, so serve need not wait
				return
			}
		}
	}
}
