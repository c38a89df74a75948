package server

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"runtime"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus/testutil/promlint"
	dto "github.com/prometheus/client_model/go"
	"github.com/prometheus/common/expfmt"
	"github.com/prometheus/common/model"

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
	s.metrics.CommentPosted(time.Millisecond)
	// Sessions are counted as they end, just after the client hears so.
	eventually.True(t, "the sessions to end", func() bool { _, sessions := s.gate.counts(); return sessions == 0 })

	got := scrape(t, s)
	for sample, want := range map[string]float64{
		`sshblog_sessions_total`:                              2,
		`sshblog_sessions_active`:                             0,
		`sshblog_logins_total{method="keyboard-interactive"}`: 1,
		`sshblog_commands_total{command="help"}`:              1,
		`sshblog_commands_total{command="invalid"}`:           1,
		`sshblog_rejections_total{reason="rate"}`:             1,
		`sshblog_comments_total`:                              1,
		`sshblog_comment_commit_seconds_count`:                1,
		`sshblog_connections_total`:                           2,
		`sshblog_render_cache_misses_total`:                   0,
	} {
		if v, ok := got[sample]; !ok || v != want {
			t.Errorf("%s = %v (present: %v), want %v", sample, v, ok, want)
		}
	}
	for _, present := range []string{"go_goroutines", "go_memstats_heap_alloc_bytes", "go_gc_cycles_total_gc_cycles_total", "go_sched_gomaxprocs_threads", "go_memstats_next_gc_bytes", "process_cpu_seconds_total", `go_info{version="` + runtime.Version() + `"}`} {
		if _, ok := got[present]; !ok {
			t.Errorf("%s missing", present)
		}
	}
}

// Each open reader follows new comments live, and the gauge says so.
func TestLiveListenersGaugeCountsOpenReaders(t *testing.T) {
	s := startServer(t)
	term := openTerminal(t, dial(t, s, "reader", keyless), 80, 24)
	term.WaitForText("Difference between Networking and Making Friends")
	if got := scrape(t, s)["sshblog_live_listeners"]; got != 1 {
		t.Errorf("sshblog_live_listeners = %v with one reader open, want 1", got)
	}
	term.Type("q")
	if status := term.Wait(); status != 0 {
		t.Fatalf("q: status %d", status)
	}
	eventually.True(t, "the sessions to end", func() bool { _, sessions := s.gate.counts(); return sessions == 0 })
	if got, ok := scrape(t, s)["sshblog_live_listeners"]; !ok || got != 0 {
		t.Errorf("sshblog_live_listeners = %v (present: %v) after the reader quit, want 0", got, ok)
	}
}

// A reader that opens, reads a post and quits, and a command, move the
// histograms by one each: the first frame, the key press that opened the
// post (the keys that change nothing are not timed), the reader's session
// and the command.
func TestHistogramsCountSessionsFramesAndCommands(t *testing.T) {
	s := startServer(t)
	client := dial(t, s, "reader", keyless)
	term := openTerminal(t, client, 80, 24)
	term.WaitForText("Difference between Networking and Making Friends")
	if got := scrape(t, s); got["sshblog_first_frame_seconds_count"] != 1 || got["sshblog_keystroke_frame_seconds_count"] != 0 {
		t.Errorf("after the first frame: %v first frames, %v key frames, want 1 and 0",
			got["sshblog_first_frame_seconds_count"], got["sshblog_keystroke_frame_seconds_count"])
	}
	term.Type("\r")
	term.WaitForText("min read") // the post's byline: its first line is in the list too
	term.Type("x")               // no key of the post's: the screen stays as it is
	term.Type("q")
	if status := term.Wait(); status != 0 {
		t.Fatalf("q: status %d", status)
	}
	if _, _, status := run(t, client, "help", ""); status != 0 {
		t.Fatalf("help: status %d", status)
	}
	eventually.True(t, "the sessions to end", func() bool { _, sessions := s.gate.counts(); return sessions == 0 })

	got := scrape(t, s)
	for sample, want := range map[string]float64{
		`sshblog_first_frame_seconds_count`:                      1,
		`sshblog_keystroke_frame_seconds_count`:                  1,
		`sshblog_reader_session_seconds_count`:                   1,
		`sshblog_command_duration_seconds_count{command="help"}`: 1,
		`sshblog_comment_commit_seconds_count`:                   0,
	} {
		if v, ok := got[sample]; !ok || v != want {
			t.Errorf("%s = %v (present: %v), want %v", sample, v, ok, want)
		}
	}
	if sum := got["sshblog_first_frame_seconds_sum"]; sum <= 0 || sum > waitLong.Seconds() {
		t.Errorf("the first frame took %vs", sum)
	}
}

// scrape GETs the server's metrics, checks their Content-Type, parses them
// with Prometheus' own parser and lints ours with promlint (counters named
// *_total, units in names, help on every family). Samples are keyed as the
// text format writes them, labels in order; a histogram gives its _count
// and _sum.
func scrape(t *testing.T, s *Server) map[string]float64 {
	t.Helper()
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
	parser := expfmt.NewTextParser(model.LegacyValidation)
	families, err := parser.TextToMetricFamilies(resp.Body)
	if err != nil {
		t.Fatalf("the scrape does not parse: %v", err)
	}
	var ours []*dto.MetricFamily
	samples := map[string]float64{}
	for name, f := range families {
		if strings.HasPrefix(name, "sshblog_") {
			ours = append(ours, f)
		}
		for _, m := range f.GetMetric() {
			labels := labelText(m.GetLabel())
			switch f.GetType() {
			case dto.MetricType_COUNTER:
				samples[name+labels] = m.GetCounter().GetValue()
			case dto.MetricType_GAUGE:
				samples[name+labels] = m.GetGauge().GetValue()
			case dto.MetricType_HISTOGRAM:
				samples[name+"_count"+labels] = float64(m.GetHistogram().GetSampleCount())
				samples[name+"_sum"+labels] = m.GetHistogram().GetSampleSum()
			}
		}
	}
	problems, err := promlint.NewWithMetricFamilies(ours).Lint()
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range problems {
		t.Errorf("lint: %s: %s", p.Metric, p.Text)
	}
	return samples
}

// labelText writes labels as the text format does: {a="x",b="y"}.
func labelText(pairs []*dto.LabelPair) string {
	if len(pairs) == 0 {
		return ""
	}
	parts := make([]string, len(pairs))
	for i, p := range pairs {
		parts[i] = fmt.Sprintf("%s=%q", p.GetName(), p.GetValue())
	}
	sort.Strings(parts)
	return "{" + strings.Join(parts, ",") + "}"
}

// BenchmarkFrameTimer is what timing a key press's frame adds to the frame:
// two clock reads and two histogram observations, no allocation.
func BenchmarkFrameTimer(b *testing.B) {
	timeFrame := NewMetrics().frameTimer(time.Now())
	keyAt := time.Now()
	b.ReportAllocs()
	for b.Loop() {
		timeFrame(keyAt)
	}
}
