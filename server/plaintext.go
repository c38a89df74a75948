package server

import (
	"bytes"
	"io"
	"sync"
	"unicode/utf8"

	"github.com/sshblog/sshblog/posts"
)

// maxPending bounds what plainWriter holds back waiting for a line's end.
const maxPending = 64 << 10

// plainWriter is the output gate between the plain-text commands and a
// client's stdout or stderr: whatever is written through it, only text
// comes out, with no escape sequence and no control character but newline
// and tab (posts.CleanText). Posts, comments, names and file names are
// printed as they are and cleaned here, never at each print.
//
// It cleans a line at a time, so that a sequence or a character split
// across writes is judged whole, and a control string that never ends (an
// OSC without its terminator) takes at most the rest of its line with it.
// A line longer than maxPending is cleaned in pieces (a sequence cut there
// loses its start, and the rest shows as text). It is safe for
// concurrent use: pkg/sftp calls the SFTP handlers on goroutines of its own.
type plainWriter struct {
	mu      sync.Mutex
	w       io.Writer
	pending []byte // a line begun and not yet ended
	err     error  // the first write error; what follows is dropped
}

func newPlainWriter(w io.Writer) *plainWriter { return &plainWriter{w: w} }

// Write takes all of b; what reaches the client is cleaned.
func (p *plainWriter) Write(b []byte) (int, error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.pending = append(p.pending, b...)
	var out []byte
	rest := p.pending
	for {
		i := bytes.IndexByte(rest, '\n')
		if i < 0 {
			break
		}
		out = append(append(out, posts.CleanText(string(rest[:i]))...), '\n')
		rest = rest[i+1:]
	}
	if len(rest) > maxPending {
		cut := len(rest)
		for cut > 0 && !utf8.RuneStart(rest[cut-1]) {
			cut--
		}
		if cut > 0 {
			cut-- // the last character may be incomplete: it waits for the next write
		}
		out = append(out, posts.CleanText(string(rest[:cut]))...)
		rest = rest[cut:]
	}
	p.pending = p.pending[:copy(p.pending, rest)]
	return len(b), p.send(out)
}

// Flush sends the last line, which no newline ended.
func (p *plainWriter) Flush() error {
	p.mu.Lock()
	defer p.mu.Unlock()
	out := posts.CleanText(string(p.pending))
	p.pending = nil
	return p.send([]byte(out))
}

func (p *plainWriter) send(b []byte) error {
	if p.err == nil && len(b) > 0 {
		_, p.err = p.w.Write(b)
	}
	return p.err
}
