package server

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"go.uber.org/goleak"
	gossh "golang.org/x/crypto/ssh"

	"github.com/sshblog/sshblog/internal/eventually"
)

// sendEnv sends one env request on ch and returns the server's answer.
func sendEnv(t *testing.T, ch gossh.Channel, name, value string) bool {
	t.Helper()
	ok, err := ch.SendRequest("env", true, gossh.Marshal(struct{ Name, Value string }{name, value}))
	if err != nil {
		t.Fatalf("env %s: %v", name, err)
	}
	return ok
}

// One channel that sends env requests without end keeps a few small
// variables, of the names a reader's setting needs, and is refused the rest.
func TestEnvRequestsAreBounded(t *testing.T) {
	s := startServer(t)
	client := dial(t, s, "reader", keyless)
	ch, reqs, err := client.OpenChannel("session", nil)
	if err != nil {
		t.Fatal(err)
	}
	defer ch.Close()
	go gossh.DiscardRequests(reqs)

	for _, name := range []string{"TERM", "COLORTERM", "NO_COLOR", "LANG", "LC_ALL", "SSHBLOG_THEME"} {
		if !sendEnv(t, ch, name, "x") {
			t.Errorf("env %s refused", name)
		}
	}
	for _, name := range []string{"PATH", "LD_PRELOAD", "HOME", ""} {
		if sendEnv(t, ch, name, "x") {
			t.Errorf("env %q kept", name)
		}
	}
	if sendEnv(t, ch, "LC_BIG", strings.Repeat("x", 100<<10)) {
		t.Error("a 100 KB variable kept")
	}
	kept := 6
	for i := range 200 {
		if sendEnv(t, ch, fmt.Sprintf("LC_X%d", i), "value") {
			kept++
		}
	}
	if kept != maxEnvVars {
		t.Errorf("%d variables kept, want %d", kept, maxEnvVars)
	}
}

// Window changes before the shell, more than the library can hand over,
// leave the connection answering; the reader then starts at the latest size.
func TestWindowChangesBeforeTheShellDoNotWedge(t *testing.T) {
	s := startServer(t)
	client := dial(t, s, "reader", keyless)
	term := openTerminalAfter(t, client, "xterm-256color", 60, 20, func(sess *gossh.Session) (int, int) {
		for i := range 40 {
			if err := sess.WindowChange(20+i, 60+i); err != nil {
				t.Fatal(err)
			}
		}
		if err := sess.WindowChange(30, 100); err != nil {
			t.Fatal(err)
		}
		answered := make(chan error, 1)
		go func() {
			_, _, err := client.SendRequest("keepalive@openssh.com", true, nil)
			answered <- err
		}()
		select {
		case <-answered:
		case <-time.After(waitLong):
			t.Fatal("the connection stopped answering after window changes before the shell")
		}
		return 100, 30
	})
	// The reader fills the terminal: laid out for the first size, its last
	// rows would stay empty.
	term.WaitFor("the reader laid out for 100×30", func(screen string) bool {
		rows := strings.Split(screen, "\n")
		return strings.Contains(screen, "Test Blog") && strings.TrimSpace(rows[len(rows)-1]) != ""
	})
}

// Connections that ask for a terminal, send window changes and go away
// without a shell leave nothing behind: the server reads their close.
func TestWindowChangesWithoutAShellLeaveNothingBehind(t *testing.T) {
	s := startServer(t)
	dial(t, s, "warm", keyless).Close() // what starts once is there before the baseline
	goroutines, fds := goleak.IgnoreCurrent(), openFDs(t)
	ptyReq := gossh.Marshal(struct {
		Term                string
		Columns, Rows, W, H uint32
		Modes               string
	}{"xterm", 80, 24, 0, 0, ""})
	for range 50 {
		client := dial(t, s, "reader", keyless)
		ch, reqs, err := client.OpenChannel("session", nil)
		if err != nil {
			t.Fatal(err)
		}
		go gossh.DiscardRequests(reqs)
		if ok, err := ch.SendRequest("pty-req", true, ptyReq); !ok || err != nil {
			t.Fatalf("pty-req: %v, %v", ok, err)
		}
		for i := range 40 {
			size := gossh.Marshal(struct{ Columns, Rows, W, H uint32 }{uint32(60 + i), 24, 0, 0})
			if _, err := ch.SendRequest("window-change", false, size); err != nil {
				t.Fatal(err)
			}
		}
		client.Close()
	}
	eventually.True(t, "the gate to hold nothing", func() bool { return s.gate.held() == 0 })
	eventually.True(t, "descriptors back to the baseline", func() bool { return openFDs(t) <= fds })
	noGoroutinesLeft(t, goroutines)
}
