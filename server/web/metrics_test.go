package web

import (
	"testing"

	"github.com/prometheus/client_golang/prometheus"
	dto "github.com/prometheus/client_model/go"
)

// Request durations are kept by route, live streams excluded: no series
// for them, which would read as a route nobody asked for.
func TestDurationsLeaveOutLiveStreams(t *testing.T) {
	s := startSite(t)
	s.get(t, "GET", "/posts/"+seedSlug)
	ch := make(chan prometheus.Metric, 64)
	go func() {
		s.metrics.seconds.Collect(ch)
		close(ch)
	}()
	routes := map[string]uint64{}
	for m := range ch {
		var d dto.Metric
		if err := m.Write(&d); err != nil {
			t.Fatal(err)
		}
		for _, l := range d.GetLabel() {
			if l.GetName() == "route" {
				routes[l.GetValue()] = d.GetHistogram().GetSampleCount()
			}
		}
	}
	if routes["post"] != 1 {
		t.Errorf("the post page was timed %d times, want 1 (series %v)", routes["post"], routes)
	}
	if _, ok := routes["events"]; ok {
		t.Errorf("live streams have a duration series: %v", routes)
	}
}
