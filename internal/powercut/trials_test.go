package powercut_test

import (
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// buildTools builds sshblog (with the extra go build flags) and sshblog-load.
func buildTools(t *testing.T, flags ...string) (server, load string) {
	t.Helper()
	bin := t.TempDir()
	server, load = filepath.Join(bin, "sshblog"), filepath.Join(bin, "sshblog-load")
	for _, b := range [][]string{
		append(append([]string{"build", "-o", server}, flags...), "../../cmd/sshblog"),
		{"build", "-o", load, "../../cmd/sshblog-load"},
	} {
		if out, err := exec.Command("go", b...).CombinedOutput(); err != nil {
			t.Fatalf("go %s: %v\n%s", strings.Join(b, " "), err, out)
		}
	}
	return server, load
}

// report is what sshblog-load crash writes with -json.
type report struct {
	Trials       int      `json:"trials"`
	Acknowledged int      `json:"acknowledged"`
	Lost         int      `json:"lost"`
	Unsound      int      `json:"unsound"`
	Problems     []string `json:"problems"`
}

// powerCuts runs sshblog-load's power-cut trials against server.
func powerCuts(t *testing.T, server, load string, trials string) report {
	t.Helper()
	out := filepath.Join(t.TempDir(), "report.json")
	cmd := exec.Command(load, "crash", "-power-cut", "-server", server, "-dir", t.TempDir(),
		"-trials", trials, "-commenters", "20", "-max-run", "2s", "-json", out)
	log, err := cmd.CombinedOutput()
	if _, exited := err.(*exec.ExitError); err != nil && !exited {
		t.Fatal(err)
	}
	var r report
	b, err := os.ReadFile(out)
	if err != nil {
		t.Fatalf("no report: %v\n%s", err, log)
	}
	if err := json.Unmarshal(b, &r); err != nil {
		t.Fatal(err)
	}
	t.Logf("%s", log)
	return r
}

// Twenty commenters over SSH against the real binary; the power is cut at a
// random moment, the synced state remounted and the server restarted: every
// comment it acknowledged is there, and SQLite's integrity check is ok.
// (`sshblog-load crash -power-cut` runs the hundred trials.)
func TestPowerCutLosesNothingAcknowledged(t *testing.T) {
	mount(t) // skips, loudly, where FUSE cannot be mounted
	server, load := buildTools(t)
	r := powerCuts(t, server, load, "3")
	if r.Trials != 3 || r.Acknowledged == 0 {
		t.Fatalf("the trials did not run: %+v", r)
	}
	if r.Lost > 0 || r.Unsound > 0 {
		t.Errorf("%d acknowledged comments lost, %d trials unsound, of %d acknowledged:\n%s",
			r.Lost, r.Unsound, r.Acknowledged, strings.Join(r.Problems, "\n"))
	}
}

// The same trials bite: built with synchronous=NORMAL, the server loses
// comments it acknowledged.
func TestPowerCutLosesCommentsWithSynchronousNormal(t *testing.T) {
	mount(t)
	server, load := buildTools(t, "-ldflags", "-X github.com/sshblog/sshblog/data.writerSynchronous=NORMAL")
	r := powerCuts(t, server, load, "4") // a trial may end before a comment, or just after a checkpoint
	if r.Trials != 4 || r.Lost == 0 {
		t.Errorf("synchronous=NORMAL lost nothing to a power cut (%d acknowledged): the test would not see a lost commit", r.Acknowledged)
	}
}
