package clusterfaults

import (
	"bytes"
	"crypto/ed25519"
	"crypto/rand"
	"errors"
	"fmt"
	"io"
	"net"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/charmbracelet/x/ansi"
	gossh "golang.org/x/crypto/ssh"
)

// waitLong bounds a wait for something that must happen; a right test
// never waits this long.
const waitLong = 30 * time.Second

// identity is a reader's SSH key.
type identity struct{ signer gossh.Signer }

func newIdentity(t *testing.T) *identity {
	t.Helper()
	_, priv, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	s, err := gossh.NewSignerFromKey(priv)
	if err != nil {
		t.Fatal(err)
	}
	return &identity{s}
}

func (id *identity) authorizedKey() string {
	return string(gossh.MarshalAuthorizedKey(id.signer.PublicKey()))
}

// blogHost is the name readers know every node by; known_hosts entries are
// under it, as behind one DNS name or balancer.
const blogHost = "blog.example.com:22"

// connect logs in to addr as user with id (nil: keyless), checking the host
// key with check (nil: any).
func connect(addr, user string, id *identity, check gossh.HostKeyCallback) (*gossh.Client, error) {
	auth := []gossh.AuthMethod{gossh.KeyboardInteractive(func(string, string, []string, []bool) ([]string, error) { return nil, nil })}
	if id != nil {
		auth = []gossh.AuthMethod{gossh.PublicKeys(id.signer)}
	}
	if check == nil {
		check = gossh.InsecureIgnoreHostKey()
	}
	conn, err := net.DialTimeout("tcp", addr, 10*time.Second)
	if err != nil {
		return nil, err
	}
	conn.SetDeadline(time.Now().Add(waitLong))
	c, chans, reqs, err := gossh.NewClientConn(conn, blogHost, &gossh.ClientConfig{User: user, Auth: auth, HostKeyCallback: check})
	if err != nil {
		conn.Close()
		return nil, err
	}
	conn.SetDeadline(time.Time{})
	return gossh.NewClient(c, chans, reqs), nil
}

func mustConnect(t *testing.T, addr, user string, id *identity) *gossh.Client {
	t.Helper()
	c, err := connect(addr, user, id, nil)
	if err != nil {
		t.Fatalf("log in to %s as %s: %v", addr, user, err)
	}
	t.Cleanup(func() { c.Close() })
	return c
}

// exec runs cmd on c without a terminal, with stdin, and returns its
// output, errors and exit status; err is set when it ended without one.
func execOn(c *gossh.Client, cmd, stdin string) (stdout, stderr string, status int, err error) {
	s, err := c.NewSession()
	if err != nil {
		return "", "", -1, err
	}
	defer s.Close()
	var out, errOut bytes.Buffer
	s.Stdin, s.Stdout, s.Stderr = strings.NewReader(stdin), &out, &errOut
	err = s.Run(cmd)
	var exit *gossh.ExitError
	if errors.As(err, &exit) {
		return out.String(), errOut.String(), exit.ExitStatus(), nil
	}
	if err != nil {
		return out.String(), errOut.String(), -1, err
	}
	return out.String(), errOut.String(), 0, nil
}

// mustExec runs cmd and fails the test unless it exits 0.
func mustExec(t *testing.T, c *gossh.Client, cmd, stdin string) string {
	t.Helper()
	out, errOut, status, err := execOn(c, cmd, stdin)
	if err != nil || status != 0 {
		t.Fatalf("%q: status %d, %v\n%s%s", cmd, status, err, out, errOut)
	}
	return out
}

// comment posts text under slug; id is what the command printed, 0 with
// the reason when it was refused or failed.
func comment(c *gossh.Client, text string) (id int64, why string) {
	out, errOut, status, err := execOn(c, "comment "+slug, text)
	switch {
	case err != nil:
		return 0, "no exit status: " + err.Error()
	case status != 0:
		return 0, strings.TrimSpace(errOut)
	}
	id, perr := strconv.ParseInt(strings.TrimSpace(out), 10, 64)
	if perr != nil {
		return 0, fmt.Sprintf("no id in %q", out)
	}
	return id, ""
}

// Keys as a terminal sends them.
const (
	enter = "\r"
	esc   = "\x1b"
	ctrlS = "\x13"
)

// terminal is a reader's PTY session; its output is kept as text, escape
// sequences removed, for Expect to find what came since the last match.
type terminal struct {
	t       *testing.T
	name    string
	session *gossh.Session
	stdin   io.Writer

	mu      sync.Mutex
	plain   strings.Builder // the output without escape sequences
	matched int             // Expect looks past this in plain
	arrived chan struct{}   // closed and renewed when output arrives
	ended   chan struct{}   // closed when the session has ended
}

// openTerminal runs command ("" for the reader, "read SLUG" for a post) on a
// 100×40 xterm with NO_COLOR, so that text comes whole (a dumb terminal
// gets the line mode).
func openTerminal(t *testing.T, c *gossh.Client, name, command string) *terminal {
	t.Helper()
	s, err := c.NewSession()
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	if err := s.Setenv("NO_COLOR", "1"); err != nil {
		t.Fatal(err)
	}
	if err := s.RequestPty("xterm", 40, 100, gossh.TerminalModes{}); err != nil {
		t.Fatal(err)
	}
	stdin, _ := s.StdinPipe()
	stdout, _ := s.StdoutPipe()
	term := &terminal{t: t, name: name, session: s, stdin: stdin, arrived: make(chan struct{}), ended: make(chan struct{})}
	if command == "" {
		err = s.Shell()
	} else {
		err = s.Start(command)
	}
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	go term.read(stdout)
	t.Cleanup(func() { s.Close() })
	return term
}

// terminalQueries are what the reader asks a terminal, and a dark
// terminal's answers: without them it waits for its colours.
var terminalQueries = []struct{ ask, answer string }{
	{"\x1b]11;?", "\x1b]11;rgb:1e1e/1e1e/1e1e\x07"},
	{"\x1b[c", "\x1b[?62;22c"},
}

// read keeps the output as text, answering the terminal queries. A
// sequence cut between two reads leaves a few stray characters, which no
// test looks for.
func (term *terminal) read(r io.Reader) {
	defer close(term.ended)
	buf := make([]byte, 32<<10)
	for {
		n, err := r.Read(buf)
		for _, q := range terminalQueries {
			if bytes.Contains(buf[:n], []byte(q.ask)) {
				io.WriteString(term.stdin, q.answer)
			}
		}
		term.mu.Lock()
		term.plain.WriteString(ansi.Strip(string(buf[:n])))
		close(term.arrived)
		term.arrived = make(chan struct{})
		term.mu.Unlock()
		if err != nil {
			return
		}
	}
}

// text is what arrived past the last match.
func (term *terminal) text() string {
	term.mu.Lock()
	defer term.mu.Unlock()
	return term.plain.String()[term.matched:]
}

// ExpectWithin waits up to limit for s to arrive, and moves past it.
func (term *terminal) ExpectWithin(s string, limit time.Duration) bool {
	deadline := time.NewTimer(limit)
	defer deadline.Stop()
	for {
		term.mu.Lock()
		if i := strings.Index(term.plain.String()[term.matched:], s); i >= 0 {
			term.matched += i + len(s)
			term.mu.Unlock()
			return true
		}
		arrived := term.arrived
		term.mu.Unlock()
		select {
		case <-arrived:
		case <-deadline.C:
			return false
		}
	}
}

// Expect waits for s, failing the test after waitLong.
func (term *terminal) Expect(s string) {
	term.t.Helper()
	if !term.ExpectWithin(s, waitLong) {
		term.t.Fatalf("%s: %q did not arrive; since the last match:\n%s", term.name, s, tailText(term.text(), 3000))
	}
}

// Press sends keys, then waits for want ("" for nothing).
func (term *terminal) Press(want string, keys ...string) {
	term.t.Helper()
	for _, k := range keys {
		if _, err := io.WriteString(term.stdin, k); err != nil {
			term.t.Fatalf("%s: send %q: %v", term.name, k, err)
		}
	}
	if want != "" {
		term.Expect(want)
	}
}

// Paste types text as a bracketed paste.
func (term *terminal) Paste(text string) {
	term.t.Helper()
	term.Press("", "\x1b[200~"+text+"\x1b[201~")
}

// alive reports whether the session is still open.
func (term *terminal) alive() bool {
	select {
	case <-term.ended:
		return false
	default:
		return true
	}
}

func tailText(s string, n int) string { return s[max(len(s)-n, 0):] }
