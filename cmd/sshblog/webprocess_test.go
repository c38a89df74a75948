package main

import (
	"bufio"
	"encoding/json"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"

	"github.com/sshblog/sshblog/internal/eventually"
	"github.com/sshblog/sshblog/internal/rqlitetest"
)

const seedSlug = "difference-between-networking-and-making-friends"

// webAddress is where the log says the web is served.
func webAddress(t *testing.T, r *running) string {
	t.Helper()
	m := webLine.FindStringSubmatch(r.log.String())
	if m == nil {
		t.Fatalf("no line says where the web is served:\n%s", r.log)
	}
	return m[2]
}

// statOf is what /proc says of a process after its name: its state, its
// parent, …; nil once it has ended.
func statOf(dir string) []string {
	b, err := os.ReadFile(filepath.Join(dir, "stat"))
	if err != nil {
		return nil
	}
	// pid (comm) state ppid …: comm may hold spaces, so read after the last ')'
	return strings.Fields(string(b[strings.LastIndexByte(string(b), ')')+1:]))
}

// webProcessOf is the pid of the web process serve started.
func webProcessOf(t *testing.T, serve int) int {
	t.Helper()
	dirs, _ := filepath.Glob("/proc/[0-9]*")
	for _, dir := range dirs {
		if fields := statOf(dir); len(fields) < 2 || fields[1] != strconv.Itoa(serve) {
			continue
		}
		cmdline, _ := os.ReadFile(filepath.Join(dir, "cmdline"))
		if strings.Contains(string(cmdline), webProcessCommand) {
			pid, _ := strconv.Atoi(filepath.Base(dir))
			return pid
		}
	}
	t.Fatalf("serve (pid %d) runs no web process", serve)
	return 0
}

func get(t *testing.T, url string) string {
	t.Helper()
	resp, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("GET %s: %s\n%s", url, resp.Status, body)
	}
	return string(body)
}

// A comment sent over SSH reaches the web process: its live stream says
// so, and the post page and the list show it.
func TestWebProcessHearsCommentsMadeOverSSH(t *testing.T) { testWebProcessHearsComments(t) }

// On a cluster store the web process hears of them from the change log.
func TestWebProcessHearsCommentsOnACluster(t *testing.T) {
	testWebProcessHearsComments(t, "--store", rqlitetest.StartCluster(t, 1).URL(0))
}

func testWebProcessHearsComments(t *testing.T, args ...string) {
	r := start(t, t.TempDir(), args...)
	defer r.stop(t, syscall.SIGTERM)
	web := webAddress(t, r)
	if page := get(t, web+"/posts/"+seedSlug); strings.Contains(page, "Sent over SSH") {
		t.Fatal("the comment is on the page before it is sent")
	}
	stream, err := http.Get(web + "/posts/" + seedSlug + "/events")
	if err != nil {
		t.Fatal(err)
	}
	defer stream.Body.Close()
	events := bufio.NewReader(stream.Body)
	if line, err := events.ReadString('\n'); err != nil || !strings.HasPrefix(line, "retry:") {
		t.Fatalf("the live stream begins %q, %v", line, err)
	}

	client := commenter(t, r.addr, "reader")
	for _, c := range []struct{ command, stdin string }{
		{"name Ada", ""},
		{"comment " + seedSlug, "Sent over SSH"},
	} {
		session := mustSession(t, client)
		session.Stdin = strings.NewReader(c.stdin)
		if out, err := session.CombinedOutput(c.command); err != nil {
			t.Fatalf("%s: %v\n%s", c.command, err, out)
		}
	}
	for {
		line, err := events.ReadString('\n')
		if err != nil {
			t.Fatalf("the live stream ended before it told of the comment: %v", err)
		}
		if strings.HasPrefix(line, "data: changed") {
			break
		}
	}
	if page := get(t, web+"/posts/"+seedSlug); !strings.Contains(page, "Sent over SSH") || !strings.Contains(page, "Ada") {
		t.Errorf("the post page lacks the comment sent over SSH")
	}
	if list := get(t, web+"/"); !strings.Contains(list, "1 comment") {
		t.Errorf("the list does not count the comment")
	}
}

// A web process that dies is started again on the port serve holds, and
// the one scrape of serve's metrics has the web's metrics and its starts.
func TestWebProcessIsStartedAgain(t *testing.T) {
	r := start(t, t.TempDir(), "--metrics-listen", "127.0.0.1:0")
	defer r.stop(t, syscall.SIGTERM)
	web := webAddress(t, r)
	get(t, web+"/")
	first := webProcessOf(t, r.cmd.Process.Pid)
	if err := syscall.Kill(first, syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	r.log.waitFor(t, "the web process stopped; starting it again")
	if page := get(t, web+"/"); !strings.Contains(page, "Difference between Networking") {
		t.Errorf("the web started again serves no list")
	}
	if again := webProcessOf(t, r.cmd.Process.Pid); again == first {
		t.Errorf("the same web process %d serves after it was killed", again)
	}
	metrics := scrape(t, r)
	for _, want := range []string{`sshblog_http_requests_total{code="200",route="list"} 1`, "sshblog_web_process_starts_total 2", "sshblog_sessions_total",
		`go_goroutines{process="web"}`, `process_resident_memory_bytes{process="web"}`} {
		if !strings.Contains(metrics, want) {
			t.Errorf("the scrape lacks %q", want)
		}
	}
}

// Whether serve stops as asked or is killed, its web process ends and lets
// go of the web's port, so that serve can start again on it.
func TestWebProcessEndsWithServe(t *testing.T) {
	for _, sig := range []syscall.Signal{syscall.SIGTERM, syscall.SIGKILL} {
		t.Run(sig.String(), func(t *testing.T) {
			r := start(t, t.TempDir())
			web := strings.TrimPrefix(webAddress(t, r), "http://")
			child := webProcessOf(t, r.cmd.Process.Pid)
			status := r.stop(t, sig)
			if sig == syscall.SIGTERM {
				if status != 0 {
					t.Errorf("SIGTERM: exit %d", status)
				}
				if alive(child) {
					t.Errorf("serve stopped before its web process %d", child)
				}
			}
			eventually.True(t, "the web process to end", func() bool { return !alive(child) })
			ln, err := net.Listen("tcp", web)
			if err != nil {
				t.Fatalf("the web's port is still held: %v", err)
			}
			ln.Close()
		})
	}
}

// alive reports whether pid runs (a zombie has ended).
func alive(pid int) bool {
	fields := statOf("/proc/" + strconv.Itoa(pid))
	return len(fields) > 0 && fields[0] != "Z"
}

// A web process that cannot serve says why in serve's log format: with
// JSON logs, one JSON line, so that the log stays readable by machine.
func TestWebProcessSaysWhyItStopsInTheLogFormat(t *testing.T) {
	// Started by hand, without the sockets serve hands it.
	cmd := exec.Command(binary, webProcessCommand, "--log-format", "json", "--data-dir", t.TempDir())
	cmd.Dir = t.TempDir()
	out, status := outcome(t, cmd)
	if status != 1 {
		t.Fatalf("exit status %d, want 1\n%s", status, out)
	}
	var line struct{ Level, Msg, Process, Err string }
	if strings.Count(strings.TrimSpace(out), "\n") != 0 || json.Unmarshal([]byte(out), &line) != nil {
		t.Fatalf("want one JSON line, got:\n%s", out)
	}
	if line.Level != "ERROR" || line.Process != "web" || !strings.Contains(line.Err, "no web socket") {
		t.Errorf("the line says %+v, want an ERROR from the web process about its missing socket", line)
	}
}
