package server

import (
	"bytes"
	"io"
	"sync"
	"testing"
	"time"

	gossh "golang.org/x/crypto/ssh"
)

// TestUnansweredBackgroundGetsColoursForEither checks the colours a reader
// gets from what their terminal says of its background: a terminal that
// answers the device query but not the colour one is drawn in the palette
// made for any background (its accent is xterm colour 98), one that says
// dark in the dark palette (141), one that says white in the light one (62).
func TestUnansweredBackgroundGetsColoursForEither(t *testing.T) {
	srv := startServer(t)
	client := dial(t, srv, "look", keyless)
	for _, tc := range []struct {
		name, answer, accent string
	}{
		{"no answer", "", "48;5;98m"},
		{"dark", darkBackground, "48;5;141m"},
		{"light", "\x1b]11;rgb:ffff/ffff/ffff\x07", "48;5;62m"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			out := openAnswering(t, client, tc.answer)
			if !out.waitFor(tc.accent, 10*time.Second) {
				t.Errorf("the header badge is not drawn in %q; got %q", tc.accent, out.String())
			}
		})
	}
}

// answeringOutput is what a session printed, with a way to wait for text.
type answeringOutput struct {
	mu      sync.Mutex
	buf     bytes.Buffer
	changed chan struct{}
}

func (o *answeringOutput) String() string {
	o.mu.Lock()
	defer o.mu.Unlock()
	return o.buf.String()
}

// waitFor waits until the output holds s, as each read arrives.
func (o *answeringOutput) waitFor(s string, limit time.Duration) bool {
	deadline := time.NewTimer(limit)
	defer deadline.Stop()
	for {
		o.mu.Lock()
		found, changed := bytes.Contains(o.buf.Bytes(), []byte(s)), o.changed
		o.mu.Unlock()
		if found {
			return true
		}
		select {
		case <-changed:
		case <-deadline.C:
			return false
		}
	}
}

// openAnswering starts the reader on an xterm-256color that answers the
// background query with answer (nothing when empty) and the device query as
// every terminal does.
func openAnswering(t *testing.T, client *gossh.Client, answer string) *answeringOutput {
	t.Helper()
	session, err := client.NewSession()
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { session.Close() })
	if err := session.RequestPty("xterm-256color", 24, 80, gossh.TerminalModes{}); err != nil {
		t.Fatal(err)
	}
	stdin, _ := session.StdinPipe()
	stdout, _ := session.StdoutPipe()
	if err := session.Shell(); err != nil {
		t.Fatal(err)
	}
	out := &answeringOutput{changed: make(chan struct{})}
	go func() {
		buf := make([]byte, 32<<10)
		for {
			n, err := stdout.Read(buf)
			if bytes.Contains(buf[:n], []byte("\x1b]11;?")) {
				io.WriteString(stdin, answer+"\x1b[?62;22c")
			}
			out.mu.Lock()
			out.buf.Write(buf[:n])
			close(out.changed)
			out.changed = make(chan struct{})
			out.mu.Unlock()
			if err != nil {
				return
			}
		}
	}()
	return out
}
