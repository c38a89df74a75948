package server

import (
	"bytes"
	"io"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/charmbracelet/x/ansi"
	gossh "golang.org/x/crypto/ssh"
)

// testTerminal is the client side of a PTY session: a tiny terminal that keeps
// the screen our server draws (cursor moves, erases, text; colours dropped)
// and answers the colour and device queries a real terminal answers. It
// also keeps every byte, for what must (or must not) have been sent.
//
// Its cells hold grapheme clusters measured as the reader measures them
// (x/ansi, as lipgloss does): a wide character takes two cells, the second
// empty, and text that would cross the right edge is counted in overflow
// rather than drawn, so a test can tell a frame that would wrap.
type testTerminal struct {
	t       *testing.T
	session *gossh.Session
	stdin   io.WriteCloser

	mu     sync.Mutex
	raw    bytes.Buffer // everything received
	fed    int          // how much of raw is on the screen
	seen   int          // Expect looks in raw after this offset
	screen [][]string   // each cell a grapheme; "" the second half of a wide one
	// overflow counts graphemes that did not fit before the right edge.
	overflow int
	row      int
	col      int
	width    int
	height   int
	done     chan struct{}
	// arrived is closed, and replaced, whenever output arrives.
	arrived chan struct{}
}

// darkBackground is what the test terminal says its background is.
const darkBackground = "\x1b]11;rgb:1e1e/1e1e/1e1e\x07"

// openTerminal starts the reader on an xterm of width×height.
func openTerminal(t *testing.T, client *gossh.Client, width, height int) *testTerminal {
	t.Helper()
	return openTerminalAs(t, client, "xterm-256color", width, height)
}

// openTerminalAs starts the reader on a terminal whose TERM is termType.
func openTerminalAs(t *testing.T, client *gossh.Client, termType string, width, height int) *testTerminal {
	t.Helper()
	return startTerminal(t, client, termType, width, height, "", nil)
}

// runInTerminal runs command on a terminal whose TERM is termType, as
// ssh -t HOST COMMAND does.
func runInTerminal(t *testing.T, client *gossh.Client, termType string, width, height int, command string) *testTerminal {
	t.Helper()
	return startTerminal(t, client, termType, width, height, command, nil)
}

// openTerminalAfter asks for a terminal of width×height, calls before (if
// not nil) with the session, then starts the reader. before may resize the
// terminal with WindowChange: the screen kept is the size it ends at.
func openTerminalAfter(t *testing.T, client *gossh.Client, termType string, width, height int, before func(*gossh.Session) (width, height int)) *testTerminal {
	t.Helper()
	return startTerminal(t, client, termType, width, height, "", before)
}

// startTerminal runs command ("": a shell, the reader) on a terminal whose
// TERM is termType, calling before (if not nil) once the terminal is asked for.
func startTerminal(t *testing.T, client *gossh.Client, termType string, width, height int, command string, before func(*gossh.Session) (width, height int)) *testTerminal {
	t.Helper()
	session, err := client.NewSession()
	if err != nil {
		t.Fatal(err)
	}
	term := &testTerminal{t: t, session: session, width: width, height: height, done: make(chan struct{}), arrived: make(chan struct{})}
	term.clear()
	if err := session.RequestPty(termType, height, width, gossh.TerminalModes{}); err != nil {
		t.Fatal(err)
	}
	if before != nil {
		term.width, term.height = before(session)
		term.clear()
	}
	term.stdin, _ = session.StdinPipe()
	stdout, _ := session.StdoutPipe()
	start := session.Shell
	if command != "" {
		start = func() error { return session.Start(command) }
	}
	if err := start(); err != nil {
		t.Fatal(err)
	}
	go term.readLoop(stdout)
	t.Cleanup(func() { session.Close() })
	return term
}

func (term *testTerminal) readLoop(r io.Reader) {
	defer close(term.done)
	buf := make([]byte, 4096)
	for {
		n, err := r.Read(buf)
		if n > 0 {
			term.mu.Lock()
			term.raw.Write(buf[:n])
			answer := term.feed()
			close(term.arrived)
			term.arrived = make(chan struct{})
			term.mu.Unlock()
			if answer != "" {
				io.WriteString(term.stdin, answer)
			}
		}
		if err != nil {
			return
		}
	}
}

func (term *testTerminal) clear() {
	term.screen = make([][]string, term.height)
	for i := range term.screen {
		term.screen[i] = make([]string, term.width)
		for c := range term.screen[i] {
			term.screen[i][c] = " "
		}
	}
}

// put draws grapheme g, width cells wide, at the cursor.
func (term *testTerminal) put(g string, width int) {
	if term.row >= term.height || width == 0 {
		return
	}
	if term.col+width > term.width {
		term.overflow++
		return
	}
	row := term.screen[term.row]
	term.blank(term.col)
	if width == 2 {
		term.blank(term.col + 1)
	}
	row[term.col] = g
	if width == 2 {
		row[term.col+1] = ""
	}
	term.col += width
}

// blank clears cell c of the cursor's row, and the other half of a wide
// character it was part of.
func (term *testTerminal) blank(c int) {
	row := term.screen[term.row]
	switch {
	case row[c] == "" && c > 0:
		row[c-1] = " "
	case c+1 < len(row) && row[c+1] == "":
		row[c+1] = " "
	}
	row[c] = " "
}

// feed interprets what arrived since the last call; it returns the answers
// to any queries.
func (term *testTerminal) feed() string {
	data := term.raw.Bytes()
	var answer strings.Builder
	s := string(data[term.fed:])
	i := 0
	for i < len(s) {
		if s[i] != 0x1b {
			g, width := ansi.FirstGraphemeCluster(s[i:], ansi.GraphemeWidth)
			if i+len(g) == len(s) && s[i] >= utf8.RuneSelf {
				break // the rest of the cluster may be on its way
			}
			switch g {
			case "\r":
				term.col = 0
			case "\n", "\r\n":
				term.row++
				if g == "\r\n" {
					term.col = 0
				}
			default:
				term.put(g, width)
			}
			i += len(g)
			continue
		}
		n, reply, complete := term.escape(s[i:])
		if !complete {
			break // wait for the rest of the sequence
		}
		answer.WriteString(reply)
		i += n
	}
	term.fed += i
	return answer.String()
}

// escape handles one escape sequence at the start of s.
func (term *testTerminal) escape(s string) (n int, reply string, complete bool) {
	if len(s) < 2 {
		return 0, "", false
	}
	switch s[1] {
	case '[':
		for j := 2; j < len(s); j++ {
			if c := s[j]; c >= 0x40 && c <= 0x7e {
				return j + 1, term.csi(s[2:j], c), true
			}
		}
		return 0, "", false
	case ']':
		end := strings.IndexByte(s, 0x07)
		if end < 0 {
			return 0, "", false
		}
		if s[2:end] == "11;?" {
			return end + 1, darkBackground, true
		}
		return end + 1, "", true
	default:
		return 2, "", true
	}
}

func (term *testTerminal) csi(params string, final byte) string {
	switch final {
	case 'c':
		return "\x1b[?62;22c" // device attributes: "a VT220"
	case 'H':
		term.row, term.col = 0, 0
		if r, c, ok := strings.Cut(params, ";"); ok {
			row, _ := strconv.Atoi(r)
			col, _ := strconv.Atoi(c)
			term.row, term.col = max(row-1, 0), max(col-1, 0)
		}
	case 'K':
		if term.row < term.height {
			for c := term.col; c < term.width; c++ {
				term.blank(c)
			}
		}
	case 'J':
		if params == "2" {
			term.clear()
			break
		}
		for r := term.row; r < term.height; r++ {
			for c := 0; c < term.width; c++ {
				if r > term.row || c >= term.col {
					term.screen[r][c] = " "
				}
			}
		}
	}
	return ""
}

// Screen is what the terminal shows now, one string a row, right-trimmed.
func (term *testTerminal) Screen() string {
	term.mu.Lock()
	defer term.mu.Unlock()
	rows := make([]string, len(term.screen))
	for i, r := range term.screen {
		rows[i] = strings.TrimRight(strings.Join(r, ""), " ")
	}
	return strings.Join(rows, "\n")
}

// Overflow is how many graphemes were sent past the right edge so far.
func (term *testTerminal) Overflow() int {
	term.mu.Lock()
	defer term.mu.Unlock()
	return term.overflow
}

// Raw is every byte received so far.
func (term *testTerminal) Raw() []byte {
	term.mu.Lock()
	defer term.mu.Unlock()
	return bytes.Clone(term.raw.Bytes())
}

// Type sends keys as a person would type them.
func (term *testTerminal) Type(keys string) {
	term.t.Helper()
	if _, err := io.WriteString(term.stdin, keys); err != nil {
		term.t.Fatalf("typing %q: %v", keys, err)
	}
}

// Press types keys one at a time, each its own key press, then waits for
// text, unless empty, to arrive after them.
func (term *testTerminal) Press(text string, keys ...string) {
	term.t.Helper()
	for _, k := range keys {
		term.typeForFrame(k)
	}
	if text != "" {
		term.Expect(text)
	}
}

// Paste types text as one paste, as a person's terminal delivers it.
func (term *testTerminal) Paste(text string) {
	term.t.Helper()
	term.typeForFrame("\x1b[200~" + text + "\x1b[201~")
}

// typeForFrame types keys and waits for the frame they cause: what is typed
// next comes in a read of its own, as a person's next key does (two keys in
// one read would be one paste).
func (term *testTerminal) typeForFrame(keys string) {
	term.t.Helper()
	term.mu.Lock()
	before := term.raw.Len()
	term.mu.Unlock()
	term.Type(keys)
	grew := func() bool {
		term.mu.Lock()
		defer term.mu.Unlock()
		return term.raw.Len() > before
	}
	if !term.await(grew) {
		term.t.Fatalf("no frame came after typing %q; the screen is:\n%s", keys, term.Screen())
	}
}

// await waits for cond to hold, looking again each time output arrives; it
// reports false if cond still fails after waitLong or once the session's
// output has ended. cond takes term.mu itself.
func (term *testTerminal) await(cond func() bool) bool {
	limit := time.NewTimer(waitLong)
	defer limit.Stop()
	for {
		term.mu.Lock()
		arrived := term.arrived // taken first: output after it wakes us
		term.mu.Unlock()
		if cond() {
			return true
		}
		select {
		case <-arrived:
		case <-term.done:
			return cond()
		case <-limit.C:
			return false
		}
	}
}

// Resize tells the server the window changed.
func (term *testTerminal) Resize(width, height int) {
	term.mu.Lock()
	term.width, term.height = width, height
	term.clear()
	term.mu.Unlock()
	if err := term.session.WindowChange(height, width); err != nil {
		term.t.Fatal(err)
	}
}

// WaitFor waits until the screen satisfies ok, failing after a generous time.
func (term *testTerminal) WaitFor(what string, ok func(screen string) bool) {
	term.t.Helper()
	if !term.await(func() bool { return ok(term.Screen()) }) {
		term.t.Fatalf("waited for %s; the screen is:\n%s", what, term.Screen())
	}
}

// WaitForText waits until the screen shows text.
func (term *testTerminal) WaitForText(text string) {
	term.t.Helper()
	term.WaitFor(strconv.Quote(text), func(s string) bool { return strings.Contains(s, text) })
}

// Expect waits until text arrives after what the last Expect matched: it
// follows the stream, where WaitForText looks at the screen as it is.
func (term *testTerminal) Expect(text string) {
	term.t.Helper()
	found := func() bool {
		term.mu.Lock()
		defer term.mu.Unlock()
		i := bytes.Index(term.raw.Bytes()[term.seen:], []byte(text))
		if i >= 0 {
			term.seen += i + len(text)
		}
		return i >= 0
	}
	if !term.await(found) {
		term.t.Fatalf("waited %v for %q; the terminal got:\n%s", waitLong, text, visible(term.Raw()))
	}
}

// visible shows a capture with escapes spelt out, for failure messages.
func visible(b []byte) string {
	s := strings.ReplaceAll(string(b), "\x1b", "␛")
	if len(s) > 4000 {
		s = "…" + s[len(s)-4000:]
	}
	return s
}

// Wait waits for the session to end and returns its exit status.
func (term *testTerminal) Wait() int {
	term.t.Helper()
	errc := make(chan error, 1)
	go func() { errc <- term.session.Wait() }()
	select {
	case err := <-errc:
		// The output may still be on its way to readLoop.
		select {
		case <-term.done:
		case <-time.After(waitLong):
			term.t.Fatal("the session ended but its output did not")
		}
		return exitStatus(term.t, "the session", err)
	case <-time.After(waitLong):
		term.t.Fatal("session did not end")
	}
	return -1
}
