package server

import (
	"fmt"
	"net/http"
	"regexp"
	"sync"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"
)

// Metrics counts and times what the server does, for Prometheus, on a
// registry of its own (nothing registered globally by a library ends up in
// our scrape). The server counts connections, logins, sessions, commands,
// rejections and timeouts itself, and times sessions, commands and frames;
// whoever stores a comment calls CommentPosted. Make one with NewMetrics and
// hand it to one server in Config; the zero Config gets its own.
type Metrics struct {
	registry          *prometheus.Registry
	elsewhere         []prometheus.Gatherer // metrics another process keeps
	connections       prometheus.Counter
	sessions          prometheus.Counter
	comments          prometheus.Counter
	handshakeFailures prometheus.Counter
	panics            prometheus.Counter
	logins            labeledCounter // by authentication method
	commands          labeledCounter // by command name
	rejections        labeledCounter // by reason
	timeouts          labeledCounter // by kind: key_exchange, login, idle, session_length, no_session, watchdog

	firstFrame     prometheus.Histogram
	keyToFrame     prometheus.Histogram
	commentCommit  prometheus.Histogram
	commandSeconds *prometheus.HistogramVec // by the same names as commands
	readerSeconds  prometheus.Histogram
}

// Buckets, in seconds, around the targets: a first frame and a keystroke's
// frame within 50 ms, a comment confirmed within 1 s.
var (
	frameBuckets   = []float64{.0005, .001, .0025, .005, .01, .025, .05, .1, .25, .5, 1, 2.5}
	commitBuckets  = []float64{.001, .0025, .005, .01, .025, .05, .1, .25, .5, 1, 2.5, 5}
	sessionBuckets = []float64{1, 5, 15, 30, 60, 120, 300, 600, 1800, 3600, 7200}
)

// NewMetrics makes an empty set of metrics, with the Go runtime's and the
// process's own.
func NewMetrics() *Metrics {
	m := &Metrics{
		registry:          prometheus.NewRegistry(),
		connections:       counter("sshblog_connections_total", "Connections accepted since start, refused ones included."),
		sessions:          counter("sshblog_sessions_total", "Sessions opened since start."),
		comments:          counter("sshblog_comments_total", "Comments posted since start."),
		handshakeFailures: counter("sshblog_handshake_failures_total", "Connections that ended before logging in, other than refusals and timeouts."),
		panics:            counter("sshblog_panics_total", "Panics recovered in sessions."),
		logins:            newLabeledCounter("sshblog_logins_total", "Logins by authentication method.", "method"),
		commands:          newLabeledCounter("sshblog_commands_total", "Plain-text commands run, by name.", "command"),
		rejections:        newLabeledCounter("sshblog_rejections_total", "Connections and sessions turned away, by reason.", "reason"),
		timeouts:          newLabeledCounter("sshblog_timeouts_total", "Connections closed by a timeout, by kind.", "kind"),
		firstFrame: histogram("sshblog_first_frame_seconds",
			"From a reader's session opening to its first frame going out.", frameBuckets),
		keyToFrame: histogram("sshblog_keystroke_frame_seconds",
			"From the reader taking a key press to the frame that answers it going out.", frameBuckets),
		commentCommit: histogram("sshblog_comment_commit_seconds",
			"Storing a comment, from the insert to its commit.", commitBuckets),
		commandSeconds: prometheus.NewHistogramVec(prometheus.HistogramOpts{Name: "sshblog_command_duration_seconds",
			Help: "Plain-text commands from start to exit, by name.", Buckets: prometheus.DefBuckets}, []string{"command"}),
		readerSeconds: histogram("sshblog_reader_session_seconds",
			"How long reader sessions (the reader, or the line mode) lasted.", sessionBuckets),
	}
	m.registry.MustRegister(m.connections, m.sessions, m.comments, m.handshakeFailures, m.panics,
		m.logins.vec, m.commands.vec, m.rejections.vec, m.timeouts.vec,
		m.firstFrame, m.keyToFrame, m.commentCommit, m.commandSeconds, m.readerSeconds)
	m.registry.MustRegister(RuntimeCollectors()...)
	return m
}

// RuntimeCollectors are the Go runtime's and the process's metrics, as a
// process of sshblog's reports them; the web process reports the same,
// labelled, in serve's scrape. The Go runtime's are read through
// runtime/metrics, which unlike ReadMemStats does not stop the world; the
// GC cycle count is added to the defaults.
func RuntimeCollectors() []prometheus.Collector {
	return []prometheus.Collector{
		collectors.NewGoCollector(collectors.WithGoCollectorRuntimeMetrics(
			collectors.GoRuntimeMetricsRule{Matcher: regexp.MustCompile(`^/gc/cycles/total:gc-cycles$`)})),
		collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}),
	}
}

// Register adds collectors kept outside the server (the web front door's,
// the store's full-disk refusals, scheduled backups) to the same scrape.
func (m *Metrics) Register(cs ...prometheus.Collector) { m.registry.MustRegister(cs...) }

// Gather adds the metrics g gathers (another process's, which must not
// share a name with these) to the same scrape. Call it before
// MetricsHandler.
func (m *Metrics) Gather(g prometheus.Gatherer) { m.elsewhere = append(m.elsewhere, g) }

func counter(name, help string) prometheus.Counter {
	return prometheus.NewCounter(prometheus.CounterOpts{Name: name, Help: help})
}

func histogram(name, help string, buckets []float64) prometheus.Histogram {
	return prometheus.NewHistogram(prometheus.HistogramOpts{Name: name, Help: help, Buckets: buckets})
}

// CommentPosted counts one comment stored, which took took to commit. It is
// safe on a nil *Metrics, so code that posts comments can call it whether
// or not metrics are on.
func (m *Metrics) CommentPosted(took time.Duration) {
	if m != nil {
		m.comments.Inc()
		m.commentCommit.Observe(took.Seconds())
	}
}

// commandRan counts and times a finished command.
func (m *Metrics) commandRan(name string, took time.Duration) {
	name = m.commands.inc(name)
	m.commandSeconds.WithLabelValues(name).Observe(took.Seconds())
}

// frameTimer times a reader's frames: the first from started, when its
// session opened, and each that answers a key press from the key. The frame
// writer calls it one frame at a time.
func (m *Metrics) frameTimer(started time.Time) func(keyAt time.Time) {
	first := true
	return func(keyAt time.Time) {
		if first {
			first = false
			m.firstFrame.Observe(time.Since(started).Seconds())
		}
		if !keyAt.IsZero() {
			m.keyToFrame.Observe(time.Since(keyAt).Seconds())
		}
	}
}

// labeledCounter is a counter family with one label. Its values come from a
// fixed vocabulary, but it stops at maxLabelValues distinct ones all the
// same, counting the rest as "other": a scrape must stay small whatever
// clients send.
type labeledCounter struct {
	vec  *prometheus.CounterVec
	mu   sync.Mutex
	seen map[string]bool
}

const maxLabelValues = 64

func newLabeledCounter(name, help, label string) labeledCounter {
	return labeledCounter{vec: prometheus.NewCounterVec(prometheus.CounterOpts{Name: name, Help: help}, []string{label}), seen: map[string]bool{}}
}

// inc counts one for value and returns the value it was counted under.
func (l *labeledCounter) inc(value string) string {
	l.mu.Lock()
	if !l.seen[value] {
		if len(l.seen) >= maxLabelValues {
			value = "other"
		}
		l.seen[value] = true
	}
	l.mu.Unlock()
	l.vec.WithLabelValues(value).Inc()
	return value
}

// RenderStats is what the render cache reports (tui.RenderCache has it).
type RenderStats interface {
	Stats() (hits, misses uint64)
}

// watch adds what s reads at scrape time: the open sessions and logins, the
// readers following live comments, and the render cache's hits and misses.
func (m *Metrics) watch(s *Server) error {
	gauges := []prometheus.Collector{
		prometheus.NewGaugeFunc(prometheus.GaugeOpts{Name: "sshblog_sessions_active", Help: "Sessions open now."},
			func() float64 { _, sessions := s.gate.counts(); return float64(sessions) }),
		prometheus.NewGaugeFunc(prometheus.GaugeOpts{Name: "sshblog_connections_unauthenticated", Help: "Connections that have not logged in yet."},
			func() float64 { unauth, _ := s.gate.counts(); return float64(unauth) }),
	}
	if threads := s.cfg.Threads; threads != nil {
		gauges = append(gauges,
			prometheus.NewGaugeFunc(prometheus.GaugeOpts{Name: "sshblog_live_listeners", Help: "Readers following new comments live now."},
				func() float64 { return float64(threads.Hub().Listeners()) }))
	}
	if cache := s.cfg.RenderCache; cache != nil {
		gauges = append(gauges,
			prometheus.NewCounterFunc(prometheus.CounterOpts{Name: "sshblog_render_cache_hits_total", Help: "Post renderings served from the cache."},
				func() float64 { hits, _ := cache.Stats(); return float64(hits) }),
			prometheus.NewCounterFunc(prometheus.CounterOpts{Name: "sshblog_render_cache_misses_total", Help: "Post renderings made."},
				func() float64 { _, misses := cache.Stats(); return float64(misses) }))
	}
	for _, g := range gauges {
		if err := m.registry.Register(g); err != nil {
			return fmt.Errorf("metrics: one Metrics serves one server: %w", err)
		}
	}
	return nil
}

// MetricsHandler serves every metric in Prometheus' text format.
func (s *Server) MetricsHandler() http.Handler {
	m := s.metrics
	// What another process gave that does not fit (a family of the same
	// name told differently) is left out; the rest is served.
	return promhttp.HandlerFor(append(prometheus.Gatherers{m.registry}, m.elsewhere...), promhttp.HandlerOpts{ErrorHandling: promhttp.ContinueOnError})
}
