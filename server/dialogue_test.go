package server

import (
	"bytes"
	"io"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/charmbracelet/x/ansi"
	gossh "golang.org/x/crypto/ssh"

	"github.com/sshblog/sshblog/internal/termbytes"
)

// dialogue drives the line mode as expect does: it waits for each prompt,
// then types a line. It keeps every byte the server sent, and a transcript
// as the person's terminal shows it (what they typed after each prompt).
type dialogue struct {
	t       *testing.T
	session *gossh.Session
	stdin   io.WriteCloser
	pty     bool
	enter   string // what Enter sends: \r on a terminal, \n without

	mu      sync.Mutex
	raw     bytes.Buffer
	seen    int             // prompts are looked for after this offset
	script  strings.Builder // the transcript: output, and the lines typed without a terminal
	arrived chan struct{}   // closed, and replaced, whenever output arrives
	done    chan struct{}
}

// startDialogue runs command in a session, on a terminal of termType when
// termType is not "", with env set first.
func startDialogue(t *testing.T, c *gossh.Client, termType, command string, env ...string) *dialogue {
	t.Helper()
	session, err := c.NewSession()
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { session.Close() })
	d := &dialogue{t: t, session: session, pty: termType != "", enter: "\n", arrived: make(chan struct{}), done: make(chan struct{})}
	for i := 0; i+1 < len(env); i += 2 {
		if err := session.Setenv(env[i], env[i+1]); err != nil {
			t.Fatal(err)
		}
	}
	if d.pty {
		d.enter = "\r"
		if err := session.RequestPty(termType, 24, 80, gossh.TerminalModes{}); err != nil {
			t.Fatal(err)
		}
	}
	d.stdin, _ = session.StdinPipe()
	stdout, _ := session.StdoutPipe()
	start := session.Shell
	if command != "" {
		start = func() error { return session.Start(command) }
	}
	if err := start(); err != nil {
		t.Fatal(err)
	}
	go d.readLoop(stdout)
	return d
}

func (d *dialogue) readLoop(r io.Reader) {
	defer close(d.done)
	buf := make([]byte, 4096)
	for {
		n, err := r.Read(buf)
		d.mu.Lock()
		d.raw.Write(buf[:n])
		close(d.arrived)
		d.arrived = make(chan struct{})
		d.mu.Unlock()
		if err != nil {
			return
		}
	}
}

// await waits, without polling, until cond holds of the output since the
// last prompt; it fails the test after waitLong or once output has ended.
func (d *dialogue) await(what string, cond func(out string) bool) string {
	d.t.Helper()
	limit := time.NewTimer(waitLong)
	defer limit.Stop()
	for {
		d.mu.Lock()
		arrived, out := d.arrived, d.raw.String()[d.seen:]
		d.mu.Unlock()
		if cond(out) {
			return out
		}
		select {
		case <-arrived:
		case <-d.done:
			d.mu.Lock()
			out = d.raw.String()[d.seen:]
			d.mu.Unlock()
			if cond(out) {
				return out
			}
			d.t.Fatalf("the session ended while waiting for %s; it sent:\n%s", what, out)
		case <-limit.C:
			d.t.Fatalf("waited %v for %s; it sent:\n%s", waitLong, what, out)
		}
	}
}

// prompt waits for the next prompt (the only lines that end in ": ", open
// for what is typed) and returns everything since the last, checking that
// it holds want. Every prompt must name its choices.
func (d *dialogue) prompt(want ...string) string {
	d.t.Helper()
	out := d.await("a prompt", func(out string) bool { return strings.HasSuffix(out, ": ") })
	d.mu.Lock()
	d.seen += len(out)
	d.script.WriteString(out)
	d.mu.Unlock()
	// Long lines wrap, prompts too: they are read as one line.
	if !namesChoices(unwrapped(out)) {
		d.t.Errorf("this prompt does not say what to type: %q", out[strings.LastIndexByte(out, '\n')+1:])
	}
	for _, w := range want {
		if !strings.Contains(out, w) && !strings.Contains(unwrapped(out), unwrapped(w)) {
			d.t.Fatalf("waited for %q before the prompt; got:\n%s", w, out)
		}
	}
	return out
}

// unwrapped is s with its line ends as spaces.
func unwrapped(s string) string {
	return strings.ReplaceAll(strings.ReplaceAll(s, "\r\n", " "), "\n", " ")
}

// namesChoices reports whether out ends with a prompt that says what may
// be typed: the commands' ("1 to 7 read, …, h help, q quit"), the "more"
// prompt, or the display name's.
func namesChoices(out string) bool {
	for _, end := range []string{" — Enter to continue, q to stop: ", "The name you want, or Enter alone to stop: "} {
		if strings.HasSuffix(out, end) {
			return true
		}
	}
	return choicesPrompt.MatchString(out)
}

// choicesPrompt is a list of choices, a key and what it does,
// then help and quit.
var choicesPrompt = regexp.MustCompile(`(^|[.:] )([^ ,]+ [^,]+, )+h help, q quit: $`)

// expect waits for text, however lines wrapped it, and takes all that
// came as read.
func (d *dialogue) expect(text string) {
	d.t.Helper()
	out := d.await(strconv.Quote(text), func(out string) bool { return strings.Contains(unwrapped(out), unwrapped(text)) })
	d.mu.Lock()
	d.seen += len(out)
	d.script.WriteString(out)
	d.mu.Unlock()
}

// say types line and Enter, and keeps it for the transcript.
func (d *dialogue) say(line string) {
	d.t.Helper()
	d.keys(line + d.enter)
	if !d.pty { // a terminal's echo is in the output already
		d.mu.Lock()
		d.script.WriteString(line + "\n")
		d.mu.Unlock()
	}
}

// keys types keys as they come, Enter or not.
func (d *dialogue) keys(keys string) {
	d.t.Helper()
	if _, err := io.WriteString(d.stdin, keys); err != nil {
		d.t.Fatalf("typing %q: %v", keys, err)
	}
}

// transcript is the session so far as the person's terminal shows it,
// from the first line to the last prompt.
func (d *dialogue) transcript() string {
	d.mu.Lock()
	defer d.mu.Unlock()
	return strings.ReplaceAll(d.script.String(), "\r\n", "\n")
}

// end waits for the session to end, and returns its exit status and all
// it sent.
func (d *dialogue) end() (int, string) {
	d.t.Helper()
	errc := make(chan error, 1)
	go func() { errc <- d.session.Wait() }()
	select {
	case err := <-errc:
		<-d.done
		d.mu.Lock()
		defer d.mu.Unlock()
		return exitStatus(d.t, "the line mode", err), d.raw.String()
	case <-time.After(waitLong):
		d.t.Fatal("the session did not end")
	}
	return -1, ""
}

// plainBytes fails the test if out holds anything but text and line ends
// (and, on a terminal, the editor's backspaces): no escape sequence, no
// other control.
func plainBytes(t *testing.T, out string, pty bool) {
	t.Helper()
	seq, found := termbytes.Foreign(out, func(seq string, _ *ansi.Parser) bool {
		return seq == "\n" || pty && (seq == "\r" || seq == "\b")
	})
	if found {
		t.Errorf("the line mode sent %q; it may send text and line ends only", seq)
	}
	if !pty && strings.Contains(out, "\r") {
		t.Error("without a terminal the line mode sent \\r: the client's terminal ends lines itself")
	}
}
