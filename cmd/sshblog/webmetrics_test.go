package main

import (
	"log/slog"
	"net"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	dto "github.com/prometheus/client_model/go"
)

// An answer that comes after serve gave up waiting is skipped at the next
// scrape, which gets its own answer: one slow moment of the web process
// does not cost the metrics that follow.
func TestWebMetricsSkipALateAnswer(t *testing.T) {
	m := &webMetrics{log: slog.New(slog.DiscardHandler), timeout: 50 * time.Millisecond}
	file, err := m.pair()
	if err != nil {
		t.Fatal(err)
	}
	defer m.close()
	theirs, err := inherited(file.Fd(), "web metrics", net.FileConn)
	if err != nil {
		t.Fatal(err)
	}
	scrapes := prometheus.NewCounter(prometheus.CounterOpts{Name: "scrapes_total", Help: "Answers given."})
	registry := prometheus.NewRegistry()
	registry.MustRegister(scrapes)
	slow, late := make(chan struct{}), make(chan struct{})
	held := prometheus.GathererFunc(func() ([]*dto.MetricFamily, error) {
		scrapes.Inc()
		if slow != nil { // the first ask: held until serve has given up on it
			<-slow
			slow = nil
			defer close(late)
		}
		return registry.Gather()
	})
	go answerMetrics(theirs.(*net.UnixConn), held, m.log)

	if families, _ := m.Gather(); families != nil {
		t.Fatalf("the first scrape got %v, though the answer was held", families)
	}
	close(slow)
	<-late
	families, err := m.Gather()
	if err != nil || len(families) != 1 || families[0].GetMetric()[0].GetCounter().GetValue() != 2 {
		t.Fatalf("the second scrape got %v, %v: want its own answer, the second", families, err)
	}
}
