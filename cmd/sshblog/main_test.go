package main

import (
	"bufio"
	"bytes"
	"errors"
	"io"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"syscall"
	"testing"
	"time"

	gossh "golang.org/x/crypto/ssh"

	"github.com/sshblog/sshblog/internal/heavy"
)

// binary is sshblog built once for these tests.
var binary string

func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "sshblog-bin")
	if err != nil {
		panic(err)
	}
	binary = filepath.Join(dir, "sshblog")
	build := exec.Command("go", "build", "-o", binary, ".")
	build.Stderr = os.Stderr
	if err := build.Run(); err != nil {
		panic(err)
	}
	code := heavy.Shared(m)
	os.RemoveAll(dir)
	os.Exit(code)
}

// running is a started sshblog process.
type running struct {
	cmd  *exec.Cmd
	addr string
	log  *lockedBuffer // written by the goroutine that reads the process's log
	done chan error
	// serving has the address once the log says it serves
	serving chan string
}

var addrLine = regexp.MustCompile(`msg="sshblog serving" addr=(\S+) host_key=(\S+)`)

// start runs sshblog in dir with args and waits until it serves.
func start(t *testing.T, dir string, args ...string) *running {
	t.Helper()
	cmd := exec.Command(binary, args...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "SSHBLOG_LISTEN=127.0.0.1:0", "SSHBLOG_HTTP_LISTEN=127.0.0.1:0")
	return startCmd(t, cmd)
}

// startCmd starts a prepared sshblog command and waits until it serves.
func startCmd(t *testing.T, cmd *exec.Cmd) *running {
	t.Helper()
	stderr, _ := cmd.StderrPipe()
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	r := watchLog(t, cmd, stderr)
	r.waitServing(t)
	return r
}

// watchLog keeps the log of a started sshblog process, which is killed when
// the test ends.
func watchLog(t *testing.T, cmd *exec.Cmd, stderr io.Reader) *running {
	r := &running{cmd: cmd, log: &lockedBuffer{}, done: make(chan error, 1), serving: make(chan string, 1)}
	go func() {
		sc := bufio.NewScanner(stderr)
		for sc.Scan() {
			r.log.Write([]byte(sc.Text() + "\n"))
			if m := addrLine.FindStringSubmatch(sc.Text()); m != nil {
				r.serving <- m[1]
			}
		}
		r.done <- cmd.Wait()
	}()
	t.Cleanup(func() { cmd.Process.Kill() })
	return r
}

// waitServing waits until the process logs the address it serves on.
func (r *running) waitServing(t *testing.T) {
	t.Helper()
	select {
	case r.addr = <-r.serving:
	case <-time.After(30 * time.Second):
		r.cmd.Process.Kill()
		t.Fatalf("sshblog did not start serving:\n%s", r.log)
	}
}

// stop sends sig and returns the exit status.
func (r *running) stop(t *testing.T, sig os.Signal) int {
	t.Helper()
	r.cmd.Process.Signal(sig)
	select {
	case err := <-r.done:
		return ended(t, err)
	case <-time.After(15 * time.Second):
		t.Fatalf("sshblog did not stop on %v", sig)
	}
	return -1
}

// outcome runs cmd to its end: its output and exit status. A server that
// starts instead of refusing is killed after 30 s.
func outcome(t *testing.T, cmd *exec.Cmd) (string, int) {
	t.Helper()
	cmd.WaitDelay = time.Second
	timer := time.AfterFunc(30*time.Second, func() { cmd.Process.Kill() })
	defer timer.Stop()
	out, err := cmd.CombinedOutput()
	return string(out), ended(t, err)
}

// ended is the exit status that err, from running a command, says it ended with.
func ended(t *testing.T, err error) int {
	t.Helper()
	var exit *exec.ExitError
	if errors.As(err, &exit) {
		return exit.ExitCode()
	}
	if err != nil {
		t.Fatal(err)
	}
	return 0
}

func hostKeyOf(t *testing.T, addr string) string {
	t.Helper()
	var fp string
	client, err := gossh.Dial("tcp", addr, &gossh.ClientConfig{
		User: "t",
		Auth: []gossh.AuthMethod{keyless},
		HostKeyCallback: func(_ string, _ net.Addr, key gossh.PublicKey) error {
			fp = gossh.FingerprintSHA256(key)
			return nil
		},
		Timeout: 10 * time.Second,
	})
	if err != nil {
		t.Fatal(err)
	}
	defer client.Close()
	return fp
}

func TestZeroConfigStartAndRestart(t *testing.T) {
	dir := t.TempDir()
	first := start(t, dir)
	keyPath := filepath.Join(dir, ".sshblog", "host_ed25519")
	info, err := os.Stat(keyPath)
	if err != nil {
		t.Fatalf("no host key in the default data dir: %v", err)
	}
	if info.Mode().Perm() != 0o600 {
		t.Errorf("host key mode %v, want 0600", info.Mode().Perm())
	}
	if _, err := os.Stat(filepath.Join(dir, ".sshblog", "sshblog.db")); err != nil {
		t.Errorf("no database: %v", err)
	}
	if !strings.Contains(first.log.String(), "loaded the sample blog") {
		t.Errorf("the sample blog was not loaded:\n%s", first.log)
	}
	fp := hostKeyOf(t, first.addr)
	if !strings.Contains(first.log.String(), fp) {
		t.Errorf("the log does not name the host key %s:\n%s", fp, first.log)
	}
	if status := first.stop(t, syscall.SIGTERM); status != 0 {
		t.Fatalf("SIGTERM: exit %d", status)
	}

	second := start(t, dir)
	if got := hostKeyOf(t, second.addr); got != fp {
		t.Errorf("host key changed across a restart: %s, then %s", fp, got)
	}
	if strings.Contains(second.log.String(), "loaded the sample blog") {
		t.Error("the sample blog was loaded again into a store that had it")
	}
	if status := second.stop(t, syscall.SIGINT); status != 0 {
		t.Fatalf("SIGINT: exit %d", status)
	}
}

func TestSignalStopsWithASessionOpen(t *testing.T) {
	r := start(t, t.TempDir())
	client := dialKeyless(t, r.addr)
	session, _ := client.NewSession()
	session.RequestPty("xterm", 24, 80, gossh.TerminalModes{})
	stdout, _ := session.StdoutPipe()
	if err := session.Shell(); err != nil {
		t.Fatal(err)
	}
	buf := make([]byte, 1)
	if _, err := stdout.Read(buf); err != nil { // the session has begun drawing
		t.Fatal(err)
	}
	screen := make(chan []byte, 1)
	go func() { b, _ := io.ReadAll(stdout); screen <- b }()
	if status := r.stop(t, syscall.SIGTERM); status != 0 {
		t.Fatalf("exit %d with a session open", status)
	}
	var exit *gossh.ExitError
	if err := session.Wait(); !errors.As(err, &exit) || exit.ExitStatus() != 75 {
		t.Errorf("the open session ended with %v, want status 75: come back later", err)
	}
	if out := <-screen; !bytes.Contains(out, []byte("the blog is restarting")) {
		t.Errorf("the reader was not told the blog is restarting; output ends %q", tail(out, 200))
	}
	if strings.Contains(r.log.String(), "grace ran out") {
		t.Errorf("the session outlived the shutdown grace:\n%s", r.log)
	}
}

func tail(b []byte, n int) []byte { return b[max(len(b)-n, 0):] }

func TestBadConfigurationExitsTwoWithOneLine(t *testing.T) {
	file := filepath.Join(t.TempDir(), "a-file")
	os.WriteFile(file, nil, 0o600)
	cases := []struct {
		args []string
		env  string
		want string
	}{
		{[]string{"--no-such-flag"}, "", "flag provided but not defined: -no-such-flag"},
		{[]string{"--data-dir", filepath.Join(file, "sub")}, "", "data dir " + filepath.Join(file, "sub")},
		{[]string{"serve", "extra"}, "", `unexpected argument "extra"`},
		{nil, "SSHBLOG_LOG_LEVEL=loud", "SSHBLOG_LOG_LEVEL"},
		{[]string{"frobnicate"}, "", `unknown command "frobnicate"`},
		{[]string{"--trusted-proxies", "10.0.0.1,nope"}, "", `--trusted-proxies="10.0.0.1,nope": "nope" is not an address`},
		{nil, "SSHBLOG_PROXY_PROTOCOL_FROM=10.0.0.0/33", `SSHBLOG_PROXY_PROTOCOL_FROM="10.0.0.0/33": "10.0.0.0/33" is not`},
	}
	for _, c := range cases {
		cmd := exec.Command(binary, c.args...)
		cmd.Dir = t.TempDir()
		cmd.Env = append(os.Environ(), c.env)
		out, status := outcome(t, cmd)
		if status != 2 {
			t.Errorf("%v %s: exit status %d, want 2\n%s", c.args, c.env, status, out)
			continue
		}
		if lines := strings.Count(strings.TrimSpace(string(out)), "\n") + 1; lines != 1 || !strings.Contains(string(out), c.want) {
			t.Errorf("%v %s: want one line with %q, got:\n%s", c.args, c.env, c.want, out)
		}
	}
}

func TestHelpAndVersion(t *testing.T) {
	for _, args := range [][]string{{"--help"}, {"help"}, {"serve", "--help"}} {
		out, err := exec.Command(binary, args...).CombinedOutput()
		if err != nil {
			t.Errorf("%v: %v", args, err)
		}
		for _, want := range []string{"--listen", "SSHBLOG_LISTEN", ":23234", "--data-dir", "--blog-name", "--log-level", "--host-key"} {
			if !strings.Contains(string(out), want) {
				t.Errorf("%v output lacks %q:\n%s", args, want, out)
			}
		}
	}
	out, err := exec.Command(binary, "version").Output()
	if err != nil || !strings.HasPrefix(string(out), "sshblog ") {
		t.Errorf("version: %q, %v", out, err)
	}
}

// dialKeyless connects as a reader without a key.
func dialKeyless(t *testing.T, addr string) *gossh.Client {
	t.Helper()
	client, err := gossh.Dial("tcp", addr, &gossh.ClientConfig{
		User:            "reader",
		Auth:            []gossh.AuthMethod{keyless},
		HostKeyCallback: gossh.InsecureIgnoreHostKey(),
		Timeout:         10 * time.Second,
	})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { client.Close() })
	return client
}

// keyless answers keyboard-interactive with nothing: the server asks nothing.
var keyless = gossh.KeyboardInteractive(func(string, string, []string, []bool) ([]string, error) { return nil, nil })
