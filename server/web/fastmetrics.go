package web

import (
	"net/http"
	"sync/atomic"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	dto "github.com/prometheus/client_model/go"
)

// The fast path's answers are counted by each connection, by itself: a
// counter every connection adds to is a cache line every core writes, and
// on two cores that cost the fast path a quarter of its p99 under wrk.
// A scrape adds up the connections' counts, with those of the connections
// gone, into the request metrics that net/http's answers go to.

// fastRoutes are the routes the fast path answers, by index.
var fastRoutes = [...]string{"list", "post"}

const (
	fastList = iota
	fastPost
)

// durationBuckets are the upper bounds of sshblog_http_request_duration_seconds.
var durationBuckets = [...]float64{.0001, .00025, .0005, .001, .0025, .005, .01, .025, .05, .1, .25, 1}

// routeCounts are one connection's fast answers on one route: only its
// goroutine writes them.
type routeCounts struct {
	ok, notModified atomic.Uint64
	buckets         [len(durationBuckets) + 1]atomic.Uint64 // the last is above them all
	nanos           atomic.Uint64
}

// answering counts an answer with code, before it is sent: a client
// that has read it finds it counted.
func (c *routeCounts) answering(code int) {
	if code == http.StatusNotModified {
		c.notModified.Add(1)
	} else {
		c.ok.Add(1)
	}
}

// took times an answer, once it is sent.
func (c *routeCounts) took(d time.Duration) {
	i := 0 // most answers fall in the first bucket: a walk finds it soonest
	for i < len(durationBounds) && d > durationBounds[i] {
		i++
	}
	c.buckets[i].Add(1)
	c.nanos.Add(uint64(d))
}

// durationBounds are durationBuckets as durations.
var durationBounds = func() (b [len(durationBuckets)]time.Duration) {
	for i, s := range durationBuckets {
		b[i] = time.Duration(s * float64(time.Second))
	}
	return b
}()

// routeTotals are routeCounts added up.
type routeTotals struct {
	ok, notModified uint64
	buckets         [len(durationBuckets) + 1]uint64
	nanos           uint64
}

func (t *routeTotals) add(c *routeCounts) {
	t.ok += c.ok.Load()
	t.notModified += c.notModified.Load()
	for i := range c.buckets {
		t.buckets[i] += c.buckets[i].Load()
	}
	t.nanos += c.nanos.Load()
}

func (t *routeTotals) answers() uint64 { return t.ok + t.notModified }

// totals are the fast path's answers so far, by route.
func (f *fast) totals() [len(fastRoutes)]routeTotals {
	f.mu.Lock()
	defer f.mu.Unlock()
	t := f.gone
	for c := range f.open {
		for i := range t {
			t[i].add(&c.counts[i])
		}
	}
	return t
}

// withFast is the request metrics as scraped: net/http's answers and the
// fast path's, in the same series.
type withFast struct {
	m    *Metrics
	fast *fast
}

func (w withFast) Describe(ch chan<- *prometheus.Desc) {
	w.m.requests.Describe(ch)
	w.m.seconds.Describe(ch)
}

func (w withFast) Collect(ch chan<- prometheus.Metric) {
	totals := w.fast.totals()
	in := make(chan prometheus.Metric)
	go func() {
		w.m.requests.Collect(in)
		w.m.seconds.Collect(in)
		close(in)
	}()
	for m := range in {
		ch <- addFast(m, &totals)
	}
}

// addFast is m with the fast path's part of it added, if it has one: the
// series of the fast routes are made before any request (Metrics.route),
// so each is there to add to.
func addFast(m prometheus.Metric, totals *[len(fastRoutes)]routeTotals) prometheus.Metric {
	var d dto.Metric
	if m.Write(&d) != nil {
		return m
	}
	labels := map[string]string{}
	for _, l := range d.GetLabel() {
		labels[l.GetName()] = l.GetValue()
	}
	route := -1
	for i, name := range fastRoutes {
		if labels["route"] == name {
			route = i
		}
	}
	if route < 0 {
		return m
	}
	t := &totals[route]
	switch {
	case d.Counter != nil:
		n := map[string]uint64{"200": t.ok, "304": t.notModified}[labels["code"]]
		return prometheus.MustNewConstMetric(m.Desc(), prometheus.CounterValue, d.Counter.GetValue()+float64(n),
			fastRoutes[route], labels["code"])
	case d.Histogram != nil:
		h := d.Histogram
		buckets := map[float64]uint64{}
		var below uint64 // the fast answers at or under this bound
		for i, b := range h.GetBucket() {
			below += t.buckets[i]
			buckets[b.GetUpperBound()] = b.GetCumulativeCount() + below
		}
		return prometheus.MustNewConstHistogram(m.Desc(), h.GetSampleCount()+t.answers(),
			h.GetSampleSum()+time.Duration(t.nanos).Seconds(), buckets, fastRoutes[route])
	}
	return m
}
