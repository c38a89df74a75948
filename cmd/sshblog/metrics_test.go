package main

import (
	"net/http"
	"strings"
	"testing"

	"github.com/prometheus/common/expfmt"
	"github.com/prometheus/common/model"
)

// A comment posted over SSH is counted and its commit timed, on the
// metrics port of a real server.
func TestCommentCommitIsTimedInTheMetrics(t *testing.T) {
	r := start(t, t.TempDir(), "--metrics-listen", "127.0.0.1:0")
	m := metricsLine.FindStringSubmatch(r.log.String()) // logged before serving: nothing writes the log now
	if m == nil {
		t.Fatalf("no metrics address in the log:\n%s", r.log)
	}
	client := commenter(t, r.addr, "reader")
	for _, c := range []struct{ command, stdin string }{
		{"name Ada", ""},
		{"comment difference-between-networking-and-making-friends", "Thank you!"},
	} {
		session, err := client.NewSession()
		if err != nil {
			t.Fatal(err)
		}
		session.Stdin = strings.NewReader(c.stdin)
		if out, err := session.CombinedOutput(c.command); err != nil {
			t.Fatalf("%s: %v\n%s", c.command, err, out)
		}
	}

	resp, err := http.Get("http://" + m[1] + "/metrics")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	parser := expfmt.NewTextParser(model.LegacyValidation)
	families, err := parser.TextToMetricFamilies(resp.Body)
	if err != nil {
		t.Fatalf("the scrape does not parse: %v", err)
	}
	commits := families["sshblog_comment_commit_seconds"].GetMetric()
	if len(commits) != 1 || commits[0].GetHistogram().GetSampleCount() != 1 || commits[0].GetHistogram().GetSampleSum() <= 0 {
		t.Errorf("comment commits: %v, want one timed", commits)
	}
	if comments := families["sshblog_comments_total"].GetMetric(); len(comments) != 1 || comments[0].GetCounter().GetValue() != 1 {
		t.Errorf("comments counted: %v, want 1", comments)
	}
}
