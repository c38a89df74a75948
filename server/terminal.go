package server

import (
	"bytes"
	"io"
	"strconv"
	"strings"
	"sync/atomic"
	"time"

	"github.com/charmbracelet/ssh"
	"github.com/muesli/termenv"

	"github.com/sshblog/sshblog/tui"
)

// We ask the client's terminal for its background colour ourselves rather
// than through wish's MakeRenderer: that one reads the session through a
// reader it cannot cancel, so a terminal that never answers would swallow the
// reader's first keystroke. Here a late answer, and any keys typed meanwhile,
// are handed on to the reader's input.

// backgroundQuery asks for the background colour (OSC 11), then for the
// device attributes (DA1), which every terminal answers: once DA1 is back,
// no colour answer is coming.
const backgroundQuery = "\x1b]11;?\x07\x1b[c"

// lookTimeout bounds the wait for a terminal that answers nothing.
const lookTimeout = 2 * time.Second

// detectLook works out the client terminal's colours: the profile from its
// TERM and environment, dark or light from its answer to the query. in is the
// session's input to use from now on.
func detectLook(sess ssh.Session, term string) (look tui.Look, in io.Reader) {
	look = tui.Look{Profile: profileFor(term, sess.Environ()), Dark: true, Unknown: true}
	if look.Profile == termenv.Ascii {
		return look, sess // colours are off; no need to ask
	}
	if noColor(sess.Environ()) {
		// Attributes stay (no-color.org): one profile that has them,
		// whatever colours the terminal takes, and no background to ask.
		look.Profile, look.NoColor = termenv.ANSI, true
		return look, sess
	}
	if _, err := io.WriteString(sess, backgroundQuery); err != nil {
		return look, sess
	}
	// The query's reads run in their own goroutine, which hands over each
	// chunk as it comes, so that after a timeout nothing already typed
	// waits for the next key. It stops once the answer is complete, or after
	// its first read past the timeout.
	chunks := make(chan []byte, 1)
	var timedOut atomic.Bool
	go func() {
		defer close(chunks)
		var got []byte
		buf := make([]byte, 256)
		for !answered(got) {
			n, err := sess.Read(buf)
			got = append(got, buf[:n]...)
			select {
			case chunks <- bytes.Clone(buf[:n]):
			case <-sess.Context().Done():
				return // the reader is gone and will not take it
			}
			if err != nil || timedOut.Load() {
				return
			}
		}
	}()
	timeout := time.NewTimer(lookTimeout)
	defer timeout.Stop()
	var got []byte
	for !answered(got) {
		select {
		case chunk, ok := <-chunks:
			if !ok {
				return look, bytes.NewReader(got)
			}
			got = append(got, chunk...)
		case <-timeout.C:
			timedOut.Store(true)
			_, _, rest := parseBackground(got)
			// Whatever the pending read brings is input for the reader.
			return look, io.MultiReader(bytes.NewReader(rest), &lateReader{ch: chunks}, sess)
		}
	}
	dark, ok, rest := parseBackground(got)
	if ok {
		look.Dark, look.Unknown = dark, false
	}
	return look, io.MultiReader(bytes.NewReader(rest), sess)
}

// answered reports whether the terminal's answer is complete (its DA1
// closes it), or so much came that no answer is in it.
func answered(got []byte) bool { return endsDA1(got) || len(got) > 4096 }

// lateReader yields what the query goroutine still reads, with any late
// terminal answer taken out, until it stops.
type lateReader struct {
	ch   <-chan []byte
	rest []byte
}

func (r *lateReader) Read(p []byte) (int, error) {
	for len(r.rest) == 0 {
		chunk, ok := <-r.ch
		if !ok {
			return 0, io.EOF
		}
		_, _, r.rest = parseBackground(chunk)
	}
	n := copy(p, r.rest)
	r.rest = r.rest[n:]
	return n, nil
}

// endsDA1 reports whether b holds a complete DA1 answer: ESC [ ? … c.
func endsDA1(b []byte) bool {
	i := bytes.Index(b, []byte("\x1b[?"))
	if i < 0 {
		return false
	}
	for _, c := range b[i+3:] {
		if c == 'c' {
			return true
		}
		if !(c >= '0' && c <= '9' || c == ';') {
			return false
		}
	}
	return false
}

// parseBackground finds the OSC 11 and DA1 answers in b. It reports whether
// the background is dark, whether an OSC 11 answer was there, and b without
// the answers (keys the reader typed meanwhile).
func parseBackground(b []byte) (dark, ok bool, rest []byte) {
	rest = b
	if i := bytes.Index(rest, []byte("\x1b]11;")); i >= 0 {
		end, skip := terminatorAt(rest[i:])
		if end > 0 {
			dark, ok = darkColour(string(rest[i+5 : i+end]))
			rest = append(append([]byte{}, rest[:i]...), rest[i+end+skip:]...)
		}
	}
	if i := bytes.Index(rest, []byte("\x1b[?")); i >= 0 {
		if j := bytes.IndexByte(rest[i:], 'c'); j > 0 {
			rest = append(append([]byte{}, rest[:i]...), rest[i+j+1:]...)
		}
	}
	return dark, ok, rest
}

// terminatorAt finds the end of an OSC string: BEL or ESC \.
func terminatorAt(b []byte) (end, skip int) {
	for i, c := range b {
		switch {
		case c == 0x07:
			return i, 1
		case c == 0x1b && i+1 < len(b) && b[i+1] == '\\':
			return i, 2
		}
	}
	return -1, 0
}

// darkColour reads "rgb:RRRR/GGGG/BBBB" (1 to 4 hex digits a channel) and
// reports whether its lightness is under half.
func darkColour(spec string) (dark, ok bool) {
	spec, found := strings.CutPrefix(spec, "rgb:")
	parts := strings.Split(spec, "/")
	if !found || len(parts) != 3 {
		return false, false
	}
	var ch [3]float64
	for i, p := range parts {
		v, err := strconv.ParseUint(p, 16, 16)
		if err != nil || len(p) == 0 || len(p) > 4 {
			return false, false
		}
		ch[i] = float64(v) / float64(uint64(1)<<(4*len(p))-1)
	}
	// HSL lightness, as lipgloss uses to decide.
	lightness := (max(ch[0], ch[1], ch[2]) + min(ch[0], ch[1], ch[2])) / 2
	return lightness < 0.5, true
}

// noColor reports whether the client sent NO_COLOR with a value: no-color.org
// asks that an empty one be ignored.
func noColor(environ []string) bool { return envValue(environ, "NO_COLOR") != "" }

// profileFor picks the colour profile from TERM and the environment the
// client sent, as termenv would for a local terminal.
func profileFor(term string, environ []string) termenv.Profile {
	env := map[string]string{}
	for _, kv := range environ {
		if k, v, ok := strings.Cut(kv, "="); ok {
			env[k] = v
		}
	}
	switch ct := strings.ToLower(env["COLORTERM"]); {
	case term == "" || term == "dumb":
		return termenv.Ascii
	case ct == "truecolor" || ct == "24bit" || strings.Contains(term, "truecolor") || strings.Contains(term, "direct"):
		return termenv.TrueColor
	case strings.Contains(term, "256color"):
		return termenv.ANSI256
	default:
		return termenv.ANSI
	}
}
