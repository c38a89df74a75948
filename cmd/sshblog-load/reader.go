package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"sync"
	"time"

	"golang.org/x/crypto/ssh"
)

// What a reader waits for on screen.
var (
	listDrawn     = []byte("quit")       // the end of the help bar, the last line of a list frame
	postDrawn     = []byte("min read")   // the byline of an open post
	composerShown = []byte("Plain text") // the composer's note
	commentSent   = []byte("Sent.")      // the notice after a comment is stored
)

// The queries a terminal answers, and a dark terminal's answers. The server
// asks for the background colour and the device attributes; a program run
// by sshd (through termenv) asks for the background and the cursor position.
var queries = []struct{ ask, answer string }{
	{"\x1b]11;?", "\x1b]11;rgb:1e1e/1e1e/1e1e\x07"},
	{"\x1b[c", "\x1b[?62;22c"},
	{"\x1b[6n", "\x1b[1;1R"},
}

// tailSize bounds what each reader keeps of its screen output.
const tailSize = 16 << 10

// reader is one simulated person at a terminal.
type reader struct {
	conn    *net.TCPConn
	client  *ssh.Client
	session *ssh.Session
	stdin   io.WriteCloser

	mu      sync.Mutex
	tail    []byte
	total   int
	changed chan struct{} // signalled whenever output arrives
	down    bool          // the selection was moved down, so up moves it back
	// want is what waitFor waits for, after byte wantAfter; the read loop
	// looks for it in each chunk as it comes, so that no burst of output
	// can push it out of the tail unseen.
	want      []byte
	wantAfter int
	wantSeen  bool
}

// dial opens an SSH connection as user with auth, on a socket the reader
// keeps so that it can cut it with a reset.
func dial(addr, user string, auth ssh.AuthMethod) (*reader, error) {
	conn, err := net.DialTimeout("tcp", addr, 30*time.Second)
	if err != nil {
		return nil, fmt.Errorf("dial: %w", err)
	}
	cfg := &ssh.ClientConfig{User: user, Auth: []ssh.AuthMethod{auth}, HostKeyCallback: ssh.InsecureIgnoreHostKey(), Timeout: 30 * time.Second}
	conn.SetDeadline(time.Now().Add(30 * time.Second)) // for the handshake
	c, chans, reqs, err := ssh.NewClientConn(conn, addr, cfg)
	if err != nil {
		conn.Close()
		return nil, fmt.Errorf("handshake: %w", err)
	}
	conn.SetDeadline(time.Time{})
	return &reader{conn: conn.(*net.TCPConn), client: ssh.NewClient(c, chans, reqs), changed: make(chan struct{}, 1)}, nil
}

// connect opens a PTY session, answers the terminal queries, and returns
// once the list is on screen, with how long that took from the dial.
func connect(ctx context.Context, o *options, user string, auth ssh.AuthMethod) (*reader, time.Duration, error) {
	start := time.Now()
	r, err := dial(o.addr, user, auth)
	if err != nil {
		return nil, 0, err
	}
	if err := r.open(o.term, o.width, o.height); err != nil {
		r.close()
		return nil, 0, err
	}
	if err := r.waitFor(ctx, listDrawn, 0, 30*time.Second); err != nil {
		r.close()
		return nil, 0, fmt.Errorf("first frame: %w", err)
	}
	return r, time.Since(start), nil
}

func (r *reader) open(term string, cols, rows int) error { return r.start(term, cols, rows, "") }

// start runs command (the reader for "", or a command such as read SLUG)
// on a PTY session.
func (r *reader) start(term string, cols, rows int, command string) error {
	s, err := r.client.NewSession()
	if err != nil {
		return fmt.Errorf("session: %w", err)
	}
	r.session = s
	if err := s.RequestPty(term, rows, cols, ssh.TerminalModes{}); err != nil {
		return fmt.Errorf("pty: %w", err)
	}
	if r.stdin, err = s.StdinPipe(); err != nil {
		return err
	}
	stdout, err := s.StdoutPipe()
	if err != nil {
		return err
	}
	if command == "" {
		err = s.Shell()
	} else {
		err = s.Start(command)
	}
	if err != nil {
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
			for _, q := range queries {
				if bytes.Contains(chunk, []byte(q.ask)) {
					io.WriteString(r.stdin, q.answer)
				}
			}
			r.mu.Lock()
			r.tail = append(r.tail, chunk...)
			r.total += n
			if r.want != nil && !r.wantSeen {
				r.wantSeen = r.seen(r.want, r.wantAfter, n)
			}
			if len(r.tail) > tailSize {
				r.tail = append(r.tail[:0], r.tail[len(r.tail)-tailSize/2:]...)
			}
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
	r.mu.Lock()
	r.want, r.wantAfter = want, after
	r.wantSeen = r.seen(want, after, len(r.tail))
	r.mu.Unlock()
	defer func() {
		r.mu.Lock()
		r.want = nil
		r.mu.Unlock()
	}()
	deadline := time.NewTimer(limit)
	defer deadline.Stop()
	for {
		r.mu.Lock()
		seen := r.wantSeen
		r.mu.Unlock()
		if seen {
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

// seen reports whether want is in the last `recent` bytes of the tail (and
// the few before, where it may begin), past byte `after`. The caller holds mu.
func (r *reader) seen(want []byte, after, recent int) bool {
	from := max(len(r.tail)-(r.total-after), len(r.tail)-recent-len(want)+1, 0)
	return bytes.Contains(r.tail[from:], want)
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

// press types key and waits for want to show after it.
func (r *reader) press(ctx context.Context, key string, want []byte) (time.Duration, error) {
	mark := r.received()
	start := time.Now()
	if _, err := io.WriteString(r.stdin, key); err != nil {
		return 0, err
	}
	err := r.waitFor(ctx, want, mark, 30*time.Second)
	return time.Since(start), err
}

// readAPost opens the selected post, pages down, and goes back to the list.
func (r *reader) readAPost(ctx context.Context) error {
	if _, err := r.press(ctx, "\r", postDrawn); err != nil {
		return fmt.Errorf("open post: %w", err)
	}
	for range 3 {
		if _, err := r.keystroke(ctx, " "); err != nil {
			return fmt.Errorf("scroll: %w", err)
		}
	}
	if _, err := r.press(ctx, "\x1b", listDrawn); err != nil {
		return fmt.Errorf("back to the list: %w", err)
	}
	return nil
}

// close ends the session and the connection in order.
func (r *reader) close() {
	if r.session != nil {
		r.session.Close()
	}
	r.client.Close()
}

// reset cuts the connection with a TCP reset, as a client that crashes or
// loses its network does, right after asking for a post: the server is in
// the middle of rendering and drawing it.
func (r *reader) reset() {
	io.WriteString(r.stdin, "\r")
	r.conn.SetLinger(0)
	r.conn.Close()
}
