package server

import "github.com/prometheus/client_golang/prometheus"

// Register adds collectors kept outside the server (the store's full-disk
// refusals, scheduled backups) to the ones served at /metrics.
func (m *Metrics) Register(cs ...prometheus.Collector) {
	m.registry.MustRegister(cs...)
}
