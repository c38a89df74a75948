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
			Buckets: []float64{.0001, .00025, .0005, .001, .0025, .005, .01, .025, .05, .1, .25, 1}}, []string{"route"}),
		streams: prometheus.NewGauge(prometheus.GaugeOpts{Name: "sshblog_http_live_streams",
			Help: "Live-comment streams open now."}),
		builds: prometheus.NewCounter(prometheus.CounterOpts{Name: "sshblog_http_page_builds_total",
			Help: "Pages rendered for the cache: once per page, origin and change of what it shows."}),
	}
}

// Collectors are the metrics to register where /metrics is served.
func (s *Site) Collectors() []prometheus.Collector {
	return []prometheus.Collector{s.metrics.requests, s.metrics.seconds, s.metrics.streams, s.metrics.builds}
}

// count wraps a route's handler. The counters of the usual answers are
// looked up once, not per request.
func (m *Metrics) count(route string, h http.Handler) http.Handler {
	counters := map[int]prometheus.Counter{}
	for _, code := range []int{http.StatusOK, http.StatusNotModified, http.StatusNotFound} {
		counters[code] = m.requests.WithLabelValues(route, strconv.Itoa(code))
	}
	// Live streams last minutes: they are not timed, and have no series
	// that would read as never asked for.
	var seconds prometheus.Observer
	if route != "events" {
		seconds = m.seconds.WithLabelValues(route)
	}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		sw := &statusWriter{ResponseWriter: w, code: http.StatusOK}
		h.ServeHTTP(sw, r)
		if c, ok := counters[sw.code]; ok {
			c.Inc()
		} else {
			m.requests.WithLabelValues(route, strconv.Itoa(sw.code)).Inc()
		}
		if seconds != nil {
			seconds.Observe(time.Since(start).Seconds())
		}
	})
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
