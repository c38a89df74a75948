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
	scrapes := prometheus.NewCounter(prometheus.CounterOpts{Name: "scrapes_total", Help: "Answers given."})
	registry := prometheus.NewRegistry()
	registry.MustRegister(scrapes)
	slow, late := make(chan struct{}), make(chan struct{})
	m := answering(t, 50*time.Millisecond, func() ([]*dto.MetricFamily, error) {
		scrapes.Inc()
		if slow != nil { // the first ask: held until serve has given up on it
			<-slow
			slow = nil
			defer close(late)
		}
		return registry.Gather()
	})

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

// answering starts the web process's end of a fresh pair, answering with
// gather, and returns serve's end.
func answering(t *testing.T, timeout time.Duration, gather prometheus.GathererFunc) *webMetrics {
	t.Helper()
	m := &webMetrics{log: slog.New(slog.DiscardHandler), timeout: timeout}
	file, err := m.pair()
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(m.close)
	theirs, err := net.FileConn(file)
	file.Close()
	if err != nil {
		t.Fatal(err)
	}
	go answerMetrics(theirs.(*net.UnixConn), gather, m.log)
	return m
}

// A web process that stops answering is killed after three asks in a row
// go unanswered; one that answers is left alone.
func TestWatchKillsAWebProcessThatStopsAnswering(t *testing.T) {
	hung := make(chan struct{})
	defer close(hung)
	answered := 0
	m := answering(t, 20*time.Millisecond, func() ([]*dto.MetricFamily, error) {
		if answered++; answered > 2 {
			<-hung
		}
		return nil, nil
	})
	killed, ended := make(chan struct{}), make(chan struct{})
	defer close(ended)
	go watch(m.answers, time.Millisecond, ended, func() { close(killed) })
	<-killed
	if m.asked != 2+webWatchMisses {
		t.Errorf("killed after %d asks, want %d answered and %d missed", m.asked, 2, webWatchMisses)
	}
}

func TestWatchLeavesAnAnsweringWebProcess(t *testing.T) {
	asks := make(chan struct{}, 100)
	m := answering(t, webMetricsTimeout, func() ([]*dto.MetricFamily, error) {
		asks <- struct{}{}
		return nil, nil
	})
	ended := make(chan struct{})
	killed := false
	done := make(chan struct{})
	go func() {
		defer close(done)
		watch(m.answers, time.Millisecond, ended, func() { killed = true })
	}()
	for range 10 {
		<-asks
	}
	close(ended)
	<-done
	if killed {
		t.Error("a web process that answered every ask was killed")
	}
}
