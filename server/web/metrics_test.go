package web

import (
	"testing"

	"github.com/prometheus/client_golang/prometheus"
	dto "github.com/prometheus/client_model/go"

	waitFor "github.com/sshblog/sshblog/internal/eventually"
)

// Request durations are kept by route, live streams excluded: no series
// for them, which would read as a route nobody asked for.
func TestDurationsLeaveOutLiveStreams(t *testing.T) {
	s := startSite(t)
	s.get(t, "GET", "/posts/"+seedSlug)
	// A request is timed after its last byte is written, which the client
	// may have read before.
	var routes map[string]uint64
	waitFor.True(t, "the post page to be timed", func() bool {
		routes = durations(t, s)
		return routes["post"] == 1
	})
	if _, ok := routes["events"]; ok {
		t.Errorf("live streams have a duration series: %v", routes)
	}
}

// durations are the site's request durations: how many of each route.
func durations(t *testing.T, s *testSite) map[string]uint64 {
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
	return routes
}
