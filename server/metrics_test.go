package server

import (
	"bufio"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"regexp"
	"runtime"
	"strconv"
	"strings"
	"testing"

	"github.com/sshblog/sshblog/internal/eventually"
)

func TestMetricsScrapedAndParsed(t *testing.T) {
	s := startServer(t, withLimits(Limits{ConnectionRate: 1, ConnectionBurst: 1}))
	c := logInFrom(t, s, "127.0.0.1")
	if _, _, status := run(t, c, "help", ""); status != 0 {
		t.Fatalf("help: status %d", status)
	}
	if _, _, status := run(t, c, "no-such-command", ""); status != exitUsage {
		t.Fatalf("unknown command: status %d", status)
	}
	refusedWith(t, s, "127.0.0.1", "too many new connections")
	s.metrics.CommentPosted()
	// Sessions are counted as they end, just after the client hears so.
	eventually.True(t, "the sessions to end", func() bool { _, sessions := s.gate.counts(); return sessions == 0 })

	web := httptest.NewServer(s.MetricsHandler())
	defer web.Close()
	resp, err := http.Get(web.URL + "/metrics")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	if ct := resp.Header.Get("Content-Type"); !strings.HasPrefix(ct, "text/plain; version=0.0.4") {
		t.Errorf("Content-Type %q", ct)
	}
	got, err := parseExposition(resp.Body)
	if err != nil {
		t.Fatalf("the scrape does not parse: %v", err)
	}
	for sample, want := range map[string]float64{
		`sshblog_sessions_total`:                              2,
		`sshblog_sessions_active`:                             0,
		`sshblog_logins_total{method="keyboard-interactive"}`: 1,
		`sshblog_commands_total{command="help"}`:              1,
		`sshblog_commands_total{command="invalid"}`:           1,
		`sshblog_rejections_total{reason="rate"}`:             1,
		`sshblog_comments_total`:                              1,
		`sshblog_connections_total`:                           2,
		`sshblog_render_cache_misses_total`:                   0,
	} {
		if v, ok := got[sample]; !ok || v != want {
			t.Errorf("%s = %v (present: %v), want %v", sample, v, ok, want)
		}
	}
	for _, present := range []string{"go_goroutines", "go_memstats_heap_alloc_bytes", "go_gc_cycles_total", "process_cpu_seconds_total", `go_info{version="` + runtime.Version() + `"}`} {
		if _, ok := got[present]; !ok {
			t.Errorf("%s missing", present)
		}
	}
}

// sampleLine is a sample: a metric name, labels in braces, one value.
var sampleLine = regexp.MustCompile(`^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{(?:[a-zA-Z_][a-zA-Z0-9_]*="(?:[^"\\]|\\.)*",?)*\})? (\S+)$`)

// parseExposition reads Prometheus' text format strictly: every sample
// belongs to a family declared with HELP and TYPE before it, no family is
// declared twice, counters are named *_total, and values are numbers.
func parseExposition(r io.Reader) (map[string]float64, error) {
	types := map[string]string{}
	helped := map[string]bool{}
	samples := map[string]float64{}
	sc := bufio.NewScanner(r)
	for n := 1; sc.Scan(); n++ {
		line := sc.Text()
		if f, ok := strings.CutPrefix(line, "# HELP "); ok {
			name, help, _ := strings.Cut(f, " ")
			if helped[name] || help == "" {
				return nil, fmt.Errorf("line %d: HELP for %s again or empty", n, name)
			}
			helped[name] = true
			continue
		}
		if f, ok := strings.CutPrefix(line, "# TYPE "); ok {
			name, typ, _ := strings.Cut(f, " ")
			if _, dup := types[name]; dup || !helped[name] {
				return nil, fmt.Errorf("line %d: TYPE for %s twice or before its HELP", n, name)
			}
			if typ != "counter" && typ != "gauge" {
				return nil, fmt.Errorf("line %d: type %q", n, typ)
			}
			if typ == "counter" && !strings.HasSuffix(name, "_total") {
				return nil, fmt.Errorf("line %d: counter %s is not named *_total", n, name)
			}
			types[name] = typ
			continue
		}
		m := sampleLine.FindStringSubmatch(line)
		if m == nil {
			return nil, fmt.Errorf("line %d: not a sample: %q", n, line)
		}
		if _, ok := types[m[1]]; !ok {
			return nil, fmt.Errorf("line %d: %s has no TYPE", n, m[1])
		}
		v, err := strconv.ParseFloat(m[3], 64)
		if err != nil {
			return nil, fmt.Errorf("line %d: value %q", n, m[3])
		}
		if _, dup := samples[m[1]+m[2]]; dup {
			return nil, fmt.Errorf("line %d: %s%s twice", n, m[1], m[2])
		}
		samples[m[1]+m[2]] = v
	}
	return samples, sc.Err()
}
