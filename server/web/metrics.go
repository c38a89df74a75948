package web

import (
	"net/http"
	"strconv"
	"time"

	"github.com/prometheus/client_golang/prometheus"
)

// Metrics count and time the web front door's requests, by route (never
// by path, which anyone may make up) and status.
type Metrics struct {
	requests *prometheus.CounterVec
	seconds  *prometheus.HistogramVec
	streams  prometheus.Gauge
	builds   prometheus.Counter
}

func newMetrics() *Metrics {
	return &Metrics{
		requests: prometheus.NewCounterVec(prometheus.CounterOpts{Name: "sshblog_http_requests_total",
			Help: "Web requests answered, by route and status code."}, []string{"route", "code"}),
		seconds: prometheus.NewHistogramVec(prometheus.HistogramOpts{Name: "sshblog_http_request_duration_seconds",
			Help:    "Web requests from routing to the last byte written, by route; live streams excluded.",
			Buckets: durationBuckets[:]}, []string{"route"}),
		streams: prometheus.NewGauge(prometheus.GaugeOpts{Name: "sshblog_http_live_streams",
			Help: "Live-comment streams open now."}),
		builds: prometheus.NewCounter(prometheus.CounterOpts{Name: "sshblog_http_page_builds_total",
			Help: "Pages rendered for the cache: once per page, origin and change of what it shows."}),
	}
}

// Collectors are the metrics to register where /metrics is served.
func (s *Site) Collectors() []prometheus.Collector {
	fastAnswers := prometheus.NewCounterFunc(prometheus.CounterOpts{Name: "sshblog_http_fast_answers_total",
		Help: "Requests for cached pages answered without net/http, by the fast path; counted in sshblog_http_requests_total too."},
		func() float64 {
			var n uint64
			for _, t := range s.fast.totals() {
				n += t.answers()
			}
			return float64(n)
		})
	return []prometheus.Collector{withFast{s.metrics, s.fast}, s.metrics.streams, s.metrics.builds, fastAnswers}
}

// count wraps a route's handler.
func (m *Metrics) count(route string, h http.Handler) http.Handler {
	counted := m.route(route)
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		sw := &statusWriter{ResponseWriter: w, code: http.StatusOK}
		h.ServeHTTP(sw, r)
		counted.answered(sw.code, start)
	})
}

// routeMetrics are one route's series. The counters of the usual answers
// are looked up once, not per request.
type routeMetrics struct {
	name     string
	requests *prometheus.CounterVec
	counters map[int]prometheus.Counter
	seconds  prometheus.Observer // nil for live streams
}

func (m *Metrics) route(name string) *routeMetrics {
	r := &routeMetrics{name: name, requests: m.requests, counters: map[int]prometheus.Counter{}}
	for _, code := range []int{http.StatusOK, http.StatusNotModified, http.StatusNotFound} {
		r.counters[code] = m.requests.WithLabelValues(name, strconv.Itoa(code))
	}
	// Live streams last minutes: they are not timed, and have no series
	// that would read as never asked for.
	if name != "events" {
		r.seconds = m.seconds.WithLabelValues(name)
	}
	return r
}

// answered counts a request answered with code, started at start.
func (r *routeMetrics) answered(code int, start time.Time) {
	if c, ok := r.counters[code]; ok {
		c.Inc()
	} else {
		r.requests.WithLabelValues(r.name, strconv.Itoa(code)).Inc()
	}
	if r.seconds != nil {
		r.seconds.Observe(time.Since(start).Seconds())
	}
}

// statusWriter keeps the status code a handler wrote.
type statusWriter struct {
	http.ResponseWriter
	code int
}

func (w *statusWriter) WriteHeader(code int) {
	w.code = code
	w.ResponseWriter.WriteHeader(code)
}

// Unwrap lets http.ResponseController reach the connection (flushes,
// deadlines).
func (w *statusWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }
