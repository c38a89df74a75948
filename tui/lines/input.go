package lines

import (
	"bytes"
	"context"
	"io"
	"unicode/utf8"

	"github.com/charmbracelet/x/ansi"

	"github.com/sshblog/sshblog/posts"
	"github.com/sshblog/sshblog/tui/wholerunes"
)

// maxLine bounds one line of input: room for the longest comment in 4-byte
// characters. What is typed past it is not kept, and the person is told.
const maxLine = 4*posts.MaxCommentRunes + 1024

// event is what a read of one line ended with.
type event int

const (
	typed       event = iota // a line, ended by Enter
	interrupted              // ctrl+c: the line is dropped
	ended                    // end of input: ctrl+d on an empty line, or the client closed it
	gone                     // the session is over (the server ended it, or its context)
)

// lineReader reads lines from the session. Without a terminal the client's
// own terminal edits each line and sends it whole; with one (echo) the
// client sends keys as typed, and lineReader echoes and edits them: printable
// text, backspace, ctrl+u, ctrl+w, ctrl+c, ctrl+d; other keys' sequences
// (arrows, function keys) are dropped.
type lineReader struct {
	chunks <-chan []byte
	echo   bool
	out    *printer

	pending []byte // read but not yet taken into a line
	line    []byte
	cut     bool // the line went past maxLine
	lastCR  bool // the last line ended with \r: a \n right after it is the same Enter
	escape  int  // inside a key's escape sequence: 1 after ESC, 2 inside CSI or SS3
}

// newLineReader starts the one goroutine that reads the session's input, so
// that a read can end with the session. It stops when in ends, which it
// does when the session's channel closes. What it reads ends on a whole
// character, as the full-screen reader's input does.
func newLineReader(ctx context.Context, in io.Reader, echo bool, out *printer) *lineReader {
	ch := make(chan []byte)
	in = wholerunes.New(in)
	go func() {
		defer close(ch)
		buf := make([]byte, 4096)
		for {
			n, err := in.Read(buf)
			if n > 0 {
				select {
				case ch <- bytes.Clone(buf[:n]):
				case <-ctx.Done():
					return
				}
			}
			if err != nil {
				return
			}
		}
	}()
	return &lineReader{chunks: ch, echo: echo, out: out}
}

// read returns the next line, without its line end, and how it ended;
// cut reports that the line was longer than maxLine and lost its tail.
func (r *lineReader) read(ctx context.Context) (line string, cut bool, ev event) {
	for {
		if ev, done := r.take(); done {
			line, cut = string(r.line), r.cut
			r.line, r.cut = r.line[:0], false
			return line, cut, ev
		}
		if r.chunks == nil {
			return "", false, ended
		}
		select {
		case chunk, ok := <-r.chunks:
			if !ok {
				r.chunks = nil // from now on, every read ends at once
				if len(r.line) > 0 {
					line, cut = string(r.line), r.cut
					r.line, r.cut = r.line[:0], false
					return line, cut, typed // the last line, without its Enter
				}
				return "", false, ended
			}
			r.pending = append(r.pending, chunk...)
		case <-ctx.Done():
			return "", false, gone
		}
	}
}

// take moves pending bytes into the line until one is complete.
func (r *lineReader) take() (ev event, done bool) {
	for len(r.pending) > 0 {
		c := r.pending[0]
		if r.escape > 0 {
			r.pending = r.pending[1:]
			r.skipEscape(c)
			continue
		}
		if r.lastCR && c == '\n' {
			r.pending, r.lastCR = r.pending[1:], false
			continue
		}
		r.lastCR = false
		switch {
		case c == '\r' || c == '\n':
			r.pending, r.lastCR = r.pending[1:], c == '\r'
			r.echoed(r.out.newline())
			return typed, true
		case !r.echo: // a whole character, so that a line cut at maxLine ends whole
			_, n := utf8.DecodeRune(r.pending)
			r.add(r.pending[:n])
			r.pending = r.pending[n:]
		case c == 0x03: // ctrl+c
			r.pending, r.line = r.pending[1:], r.line[:0]
			r.echoed("^C" + r.out.newline())
			return interrupted, true
		case c == 0x04: // ctrl+d: end of input on an empty line, as a shell has it
			r.pending = r.pending[1:]
			if len(r.line) == 0 {
				r.echoed(r.out.newline())
				return ended, true
			}
		case c == 0x7f || c == 0x08: // backspace
			r.pending = r.pending[1:]
			r.erase(1)
		case c == 0x15: // ctrl+u
			r.pending = r.pending[1:]
			r.erase(utf8.RuneCount(r.line))
		case c == 0x17: // ctrl+w
			r.pending = r.pending[1:]
			r.erase(lastWordRunes(r.line))
		case c == 0x1b:
			r.pending, r.escape = r.pending[1:], 1
		case c == '\t':
			r.pending = r.pending[1:]
			r.typedText([]byte{' '})
		case c < 0x20:
			r.pending = r.pending[1:] // no other control means anything here
		default:
			_, n := utf8.DecodeRune(r.pending)
			r.typedText(r.pending[:n])
			r.pending = r.pending[n:]
		}
	}
	return typed, false
}

// skipEscape follows a key's escape sequence to its end: ESC [ or ESC O,
// parameters, and a final byte; ESC and any other byte is alt and a key.
func (r *lineReader) skipEscape(c byte) {
	switch {
	case r.escape == 1 && (c == '[' || c == 'O'):
		r.escape = 2
	case r.escape == 2 && c >= 0x20 && c < 0x40:
		// a parameter or intermediate byte
	default:
		r.escape = 0
	}
}

// typedText adds one character the person typed, echoing it if it is
// text: a character CleanText would drop (C1, bidi) is neither kept nor
// echoed.
func (r *lineReader) typedText(b []byte) {
	if posts.CleanText(string(b)) != string(b) {
		return
	}
	if r.add(b) {
		r.echoed(string(b))
	}
}

// add appends b to the line unless the line is full, and reports whether
// it did.
func (r *lineReader) add(b []byte) bool {
	if len(r.line)+len(b) > maxLine {
		r.cut = true
		return false
	}
	r.line = append(r.line, b...)
	return true
}

// erase takes n characters off the end of the line and off the screen.
func (r *lineReader) erase(n int) {
	var b []byte
	for ; n > 0 && len(r.line) > 0; n-- {
		ch, size := utf8.DecodeLastRune(r.line)
		r.line = r.line[:len(r.line)-size]
		for range ansi.StringWidth(string(ch)) {
			b = append(b, "\b \b"...)
		}
	}
	r.echoed(string(b))
}

func (r *lineReader) echoed(s string) {
	if r.echo {
		r.out.write(s)
	}
}

// lastWordRunes counts the characters ctrl+w erases: spaces, then a word.
func lastWordRunes(line []byte) int {
	s := []rune(string(line))
	n := len(s)
	for n > 0 && s[n-1] == ' ' {
		n--
	}
	for n > 0 && s[n-1] != ' ' {
		n--
	}
	return len(s) - n
}
