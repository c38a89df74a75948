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

// durations are the site's request durations, as /metrics shows them:
// how many of each route.
func durations(t *testing.T, s *testSite) map[string]uint64 {
	routes := map[string]uint64{}
	for _, f := range s.gather(t) {
		if f.GetName() != "sshblog_http_request_duration_seconds" {
			continue
		}
		for _, m := range f.GetMetric() {
			for _, l := range m.GetLabel() {
				if l.GetName() == "route" {
					routes[l.GetValue()] = m.GetHistogram().GetSampleCount()
				}
			}
		}
	}
	return routes
}

// gather is the site's metrics as /metrics shows them, checked as
// Prometheus checks a collector.
func (s *testSite) gather(t testing.TB) []*dto.MetricFamily {
	t.Helper()
	reg := prometheus.NewPedanticRegistry()
	reg.MustRegister(s.Collectors()...)
	families, err := reg.Gather()
	if err != nil {
		t.Fatal(err)
	}
	return families
}
