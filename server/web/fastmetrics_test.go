package web

import (
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	dto "github.com/prometheus/client_model/go"
)

// A fast answer's time goes in the bucket a histogram would put it in
// (bounds included), and a scrape adds the fast path's answers to
// net/http's in the same cumulative buckets.
func TestFastAnswersTimedAsTheHistogramWould(t *testing.T) {
	m := newMetrics()
	m.route("list").answered(200, time.Now().Add(-200*time.Millisecond)) // net/http's, about 0.2 s
	var c routeCounts
	for _, d := range []time.Duration{50 * time.Microsecond, 100 * time.Microsecond, 3 * time.Millisecond, 2 * time.Second} {
		c.answering(200)
		c.took(d)
	}
	var totals [len(fastRoutes)]routeTotals
	totals[fastList].add(&c)
	ch := make(chan prometheus.Metric, 8)
	m.seconds.Collect(ch)
	close(ch)
	if len(ch) != 1 {
		t.Fatalf("%d duration series, want the list's", len(ch))
	}
	for metric := range ch {
		var d dto.Metric
		if err := addFast(metric, &totals).Write(&d); err != nil {
			t.Fatal(err)
		}
		h := d.GetHistogram()
		if h.GetSampleCount() != 5 {
			t.Errorf("%d answers timed, want 5", h.GetSampleCount())
		}
		want := map[float64]uint64{.0001: 2, .0025: 2, .005: 3, .1: 3, .25: 4, 1: 4}
		for _, b := range h.GetBucket() {
			if n, ok := want[b.GetUpperBound()]; ok && b.GetCumulativeCount() != n {
				t.Errorf("%d answers within %v s, want %d", b.GetCumulativeCount(), b.GetUpperBound(), n)
			}
		}
		if sum := h.GetSampleSum(); sum < 2.2 || sum > 2.3 {
			t.Errorf("their sum %v s, want about 2.2", sum)
		}
	}
}
