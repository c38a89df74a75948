package server

import (
	"bytes"
	"net/http"
	"sort"
	"sync"
	"sync/atomic"
)

// Metrics counts what the server does, for Prometheus. The server counts
// connections, logins, sessions, commands, rejections and timeouts itself;
// whoever stores a comment calls CommentPosted. Make one with NewMetrics and
// hand it to the server in Config; the zero Config gets its own.
type Metrics struct {
	connections       atomic.Uint64
	sessions          atomic.Uint64
	comments          atomic.Uint64
	handshakeFailures atomic.Uint64
	panics            atomic.Uint64
	logins            labeledCounter // by authentication method
	commands          labeledCounter // by command name
	rejections        labeledCounter // by reason
	timeouts          labeledCounter // by kind: key_exchange, login, idle, session_length, no_session, watchdog
}

// NewMetrics makes an empty set of counters.
func NewMetrics() *Metrics { return &Metrics{} }

// CommentPosted counts one comment stored. It is safe on a nil *Metrics, so
// code that posts comments can call it whether or not metrics are on.
func (m *Metrics) CommentPosted() {
	if m != nil {
		m.comments.Add(1)
	}
}

// labeledCounter is a counter family with one label. Its values come from a
// fixed vocabulary, but it stops at maxLabelValues distinct ones all the
// same, counting the rest as "other": a scrape must stay small whatever
// clients send.
type labeledCounter struct {
	mu     sync.Mutex
	counts map[string]uint64
}

const maxLabelValues = 64

func (l *labeledCounter) inc(value string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.counts == nil {
		l.counts = map[string]uint64{}
	}
	if _, seen := l.counts[value]; !seen && len(l.counts) >= maxLabelValues {
		value = "other"
	}
	l.counts[value]++
}

// snapshot returns the label values in order and their counts.
func (l *labeledCounter) snapshot() ([]string, []uint64) {
	l.mu.Lock()
	defer l.mu.Unlock()
	values := make([]string, 0, len(l.counts))
	for v := range l.counts {
		values = append(values, v)
	}
	sort.Strings(values)
	counts := make([]uint64, len(values))
	for i, v := range values {
		counts[i] = l.counts[v]
	}
	return values, counts
}

// RenderStats is what the render cache reports (tui.RenderCache has it).
type RenderStats interface {
	Stats() (hits, misses uint64)
}

// MetricsHandler serves every metric in Prometheus' text format.
func (s *Server) MetricsHandler() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		var buf bytes.Buffer
		s.writeMetrics(&exposition{w: &buf})
		w.Header().Set("Content-Type", "text/plain; version=0.0.4; charset=utf-8")
		w.Write(buf.Bytes())
	})
}

func (s *Server) writeMetrics(e *exposition) {
	m := s.metrics
	unauth, sessions := s.gate.counts()
	e.gauge("sshblog_sessions_active", "Sessions open now.", float64(sessions))
	e.counter("sshblog_sessions_total", "Sessions opened since start.", m.sessions.Load())
	e.gauge("sshblog_connections_unauthenticated", "Connections that have not logged in yet.", float64(unauth))
	e.counter("sshblog_connections_total", "Connections accepted since start, refused ones included.", m.connections.Load())
	e.labeled("sshblog_logins_total", "Logins by authentication method.", "method", &m.logins)
	e.labeled("sshblog_commands_total", "Plain-text commands run, by name.", "command", &m.commands)
	e.counter("sshblog_comments_total", "Comments posted since start.", m.comments.Load())
	e.labeled("sshblog_rejections_total", "Connections and sessions turned away, by reason.", "reason", &m.rejections)
	e.labeled("sshblog_timeouts_total", "Connections closed by a timeout, by kind.", "kind", &m.timeouts)
	e.counter("sshblog_handshake_failures_total", "Connections that ended before logging in, other than refusals and timeouts.", m.handshakeFailures.Load())
	e.counter("sshblog_panics_total", "Panics recovered in sessions.", m.panics.Load())
	if s.cfg.RenderCache != nil {
		hits, misses := s.cfg.RenderCache.Stats()
		e.counter("sshblog_render_cache_hits_total", "Post renderings served from the cache.", hits)
		e.counter("sshblog_render_cache_misses_total", "Post renderings made.", misses)
	}
	writeRuntimeMetrics(e)
}
