package server

import (
	"bytes"
	"errors"
	"io"
	"strings"
	"testing"
	"testing/iotest"
	"time"

	"github.com/charmbracelet/ssh"
)

func TestIdleReaderIsToldAndClosed(t *testing.T) {
	t.Parallel()
	s := startServer(t, withLimits(Limits{IdleTimeout: 2 * time.Second}))
	term := openTerminal(t, dial(t, s, "reader", keyless), 80, 24)
	term.WaitForText("Test Blog")
	if status := term.Wait(); status != exitTempFail {
		t.Errorf("exit status %d, want 75", status)
	}
	if raw := string(term.Raw()); !strings.Contains(raw, "closed after 2 seconds without a key press") {
		t.Fatalf("the idle reader was not told why; output ends %q", tail([]byte(raw), 200))
	}
	if got := s.metrics.timeouts.count("idle"); got != 1 {
		t.Errorf("idle timeouts = %d, want 1", got)
	}
}

func TestKeysKeepAReaderFromIdling(t *testing.T) {
	t.Parallel() // it takes a few seconds of waiting
	// A key every eighth of the idle timeout: only a machine stalled for
	// seconds could let the reader idle out.
	const idle = 2 * time.Second
	s := startServer(t, withLimits(Limits{IdleTimeout: idle}))
	term := openTerminal(t, dial(t, s, "reader", keyless), 80, 24)
	term.WaitForText("Test Blog")
	// The idle timeout is a deadline on the socket, kept by the runtime's
	// poller on the wall clock: the keys are paced by it too.
	keys := time.NewTicker(idle / 8)
	defer keys.Stop()
	for range 20 { // two and a half idle timeouts in all
		<-keys.C
		term.Type("j")
	}
	select {
	case <-term.done:
		t.Fatalf("a reader pressing keys was closed; output ends %q", tail(term.Raw(), 200))
	default:
	}
}

func TestMaxSessionLength(t *testing.T) {
	t.Parallel()
	s := startServer(t, withLimits(Limits{MaxSessionLength: 2 * time.Second, IdleTimeout: time.Hour}))
	term := openTerminal(t, dial(t, s, "reader", keyless), 80, 24)
	term.WaitForText("Test Blog")
	if status := term.Wait(); status != exitTempFail {
		t.Errorf("exit status %d, want 75", status)
	}
	if raw := string(term.Raw()); !strings.Contains(raw, "sessions last at most 2 seconds") {
		t.Fatalf("the reader was not told why; output ends %q", tail([]byte(raw), 200))
	}
}

func TestInputLimit(t *testing.T) {
	tests := []struct {
		name    string
		input   int
		wantErr bool
	}{
		{"under", 99, false},
		{"exactly", 100, false},
		{"over", 101, true},
		{"far over", 10_000, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			l := &inputLimit{left: 100, max: 100}
			r := iotest.OneByteReader(bytes.NewReader(make([]byte, tt.input)))
			got, err := io.ReadAll(readerFunc(func(p []byte) (int, error) { return l.read(r, p) }))
			var tooLarge *inputTooLargeError
			if errors.As(err, &tooLarge) != tt.wantErr {
				t.Fatalf("err = %v, want too large: %v", err, tt.wantErr)
			}
			if want := min(tt.input, 100); len(got) != want {
				t.Errorf("read %d bytes, want %d", len(got), want)
			}
			if tt.wantErr && err.Error() != "input is larger than 100 bytes" {
				t.Errorf("message %q", err)
			}
		})
	}
}

type readerFunc func([]byte) (int, error)

func (f readerFunc) Read(p []byte) (int, error) { return f(p) }

// terminalSession is just enough of a session to decide its mode: its
// terminal, if any, and its environment.
type terminalSession struct {
	ssh.Session
	term    string // "" for no terminal
	environ []string
}

func (t terminalSession) Pty() (ssh.Pty, <-chan ssh.Window, bool) {
	return ssh.Pty{Term: t.term}, nil, t.term != ""
}
func (t terminalSession) Environ() []string { return t.environ }

// What a session gets follows from its command line and its terminal.
func TestSessionModeFollowsTheCommandLineAndTerminal(t *testing.T) {
	plainEnv := []string{"SSHBLOG_MODE=plain"}
	for _, tc := range []struct {
		term, line string
		environ    []string
		want       sessionMode
	}{
		{"", "", nil, modeCommand},
		{"", "plain", nil, modeLines},
		{"", "read hello", nil, modeCommand},
		{"xterm", "", nil, modeReader},
		{"xterm", "read hello", nil, modeReader},
		{"xterm", "read", nil, modeCommand},
		{"xterm", "comments hello", nil, modeCommand},
		{"xterm", "plain 20", nil, modeLines},
		{"xterm", "read hello", plainEnv, modeLines},
		{"xterm", "comments hello", plainEnv, modeCommand},
		{"dumb", "", nil, modeLines},
		{"dumb", "list", nil, modeCommand},
		{"xterm", "read 'hello", nil, modeCommand}, // cannot be split: the command says why
	} {
		args, err := splitCommandLine(tc.line)
		if got := modeOf(terminalSession{term: tc.term, environ: tc.environ}, args, err); got != tc.want {
			t.Errorf("TERM=%q %v %q: mode %d, want %d", tc.term, tc.environ, tc.line, got, tc.want)
		}
	}
}
