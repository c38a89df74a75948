package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"sync"
	"time"

	"golang.org/x/crypto/ssh"
)

// What a reader waits for on screen.
var (
	listDrawn = []byte("quit")      // the end of the help bar, the last line of a list frame
	postDrawn = []byte("min read")  // the byline of an open post
	postQuery = []byte("\x1b]11;?") // the server asks the background colour
	da1Query  = []byte("\x1b[c")    // and the device attributes
	answers   = "\x1b]11;rgb:1e1e/1e1e/1e1e\x07\x1b[?62;22c"
)

// tailSize bounds what each reader keeps of its screen output.
const tailSize = 16 << 10

// reader is one simulated person at a terminal.
type reader struct {
	client  *ssh.Client
	session *ssh.Session
	stdin   io.WriteCloser

	mu      sync.Mutex
	tail    []byte
	total   int
	changed chan struct{} // signalled whenever output arrives
	down    bool          // the selection was moved down, so up moves it back
}

// connect opens a PTY session as a keyless reader, answers the terminal
// queries, and returns once the list is on screen, with how long that took.
func connect(ctx context.Context, addr string, cols, rows int) (*reader, time.Duration, error) {
	start := time.Now()
	cfg := &ssh.ClientConfig{
		User: "load",
		Auth: []ssh.AuthMethod{ssh.KeyboardInteractive(func(string, string, []string, []bool) ([]string, error) {
			return nil, nil
		})},
		HostKeyCallback: ssh.InsecureIgnoreHostKey(),
		Timeout:         30 * time.Second,
	}
	client, err := ssh.Dial("tcp", addr, cfg)
	if err != nil {
		return nil, 0, fmt.Errorf("dial: %w", err)
	}
	r := &reader{client: client, changed: make(chan struct{}, 1)}
	if err := r.open(cols, rows); err != nil {
		client.Close()
		return nil, 0, err
	}
	if err := r.waitFor(ctx, listDrawn, 0, 30*time.Second); err != nil {
		r.close()
		return nil, 0, fmt.Errorf("first frame: %w", err)
	}
	return r, time.Since(start), nil
}

func (r *reader) open(cols, rows int) error {
	s, err := r.client.NewSession()
	if err != nil {
		return fmt.Errorf("session: %w", err)
	}
	r.session = s
	if err := s.RequestPty("xterm-256color", rows, cols, ssh.TerminalModes{}); err != nil {
		return fmt.Errorf("pty: %w", err)
	}
	if r.stdin, err = s.StdinPipe(); err != nil {
		return err
	}
	stdout, err := s.StdoutPipe()
	if err != nil {
		return err
	}
	if err := s.Shell(); err != nil {
		return fmt.Errorf("shell: %w", err)
	}
	go r.readLoop(stdout)
	return nil
}

func (r *reader) readLoop(stdout io.Reader) {
	buf := make([]byte, 8192)
	for {
		n, err := stdout.Read(buf)
		if n > 0 {
			chunk := buf[:n]
			if bytes.Contains(chunk, postQuery) || bytes.Contains(chunk, da1Query) {
				io.WriteString(r.stdin, answers)
			}
			r.mu.Lock()
			r.tail = append(r.tail, chunk...)
			if len(r.tail) > tailSize {
				r.tail = append(r.tail[:0], r.tail[len(r.tail)-tailSize/2:]...)
			}
			r.total += n
			r.mu.Unlock()
			select {
			case r.changed <- struct{}{}:
			default:
			}
		}
		if err != nil {
			return
		}
	}
}

// waitFor waits until want appears in output received after the first
// `after` bytes.
func (r *reader) waitFor(ctx context.Context, want []byte, after int, limit time.Duration) error {
	deadline := time.NewTimer(limit)
	defer deadline.Stop()
	for {
		r.mu.Lock()
		skip := max(len(r.tail)-(r.total-after), 0)
		found := bytes.Contains(r.tail[skip:], want)
		r.mu.Unlock()
		if found {
			return nil
		}
		select {
		case <-r.changed:
		case <-deadline.C:
			return fmt.Errorf("%q not seen within %v", want, limit)
		case <-ctx.Done():
			return ctx.Err()
		}
	}
}

// received is how many bytes the reader has had so far.
func (r *reader) received() int {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.total
}

// keystroke types key and returns how long until the screen changed.
func (r *reader) keystroke(ctx context.Context, key string) (time.Duration, error) {
	before := r.received()
	start := time.Now()
	if _, err := io.WriteString(r.stdin, key); err != nil {
		return 0, err
	}
	deadline := time.NewTimer(30 * time.Second)
	defer deadline.Stop()
	for r.received() == before {
		select {
		case <-r.changed:
		case <-deadline.C:
			return 0, errors.New("no screen update within 30s of a keystroke")
		case <-ctx.Done():
			return 0, ctx.Err()
		}
	}
	return time.Since(start), nil
}

// moveSelection moves the list selection down, or back up, so that every
// keystroke changes the screen, and times it.
func (r *reader) moveSelection(ctx context.Context) (time.Duration, error) {
	key := "j"
	if r.down {
		key = "k"
	}
	r.down = !r.down
	return r.keystroke(ctx, key)
}

// readAPost opens the selected post, pages down, and goes back to the list.
func (r *reader) readAPost(ctx context.Context) error {
	mark := r.received()
	io.WriteString(r.stdin, "\r")
	if err := r.waitFor(ctx, postDrawn, mark, 30*time.Second); err != nil {
		return fmt.Errorf("open post: %w", err)
	}
	for range 3 {
		if _, err := r.keystroke(ctx, " "); err != nil {
			return fmt.Errorf("scroll: %w", err)
		}
	}
	mark = r.received()
	io.WriteString(r.stdin, "\x1b")
	if err := r.waitFor(ctx, listDrawn, mark, 30*time.Second); err != nil {
		return fmt.Errorf("back to the list: %w", err)
	}
	return nil
}

func (r *reader) close() {
	if r.session != nil {
		r.session.Close()
	}
	r.client.Close()
}
