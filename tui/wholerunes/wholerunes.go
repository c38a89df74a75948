// Package wholerunes reads a session's input in whole characters, for the
// full-screen reader and the line mode alike.
package wholerunes

import (
	"io"
	"unicode/utf8"
)

// Reader hands on what its reader reads, holding back a character whose
// last bytes have not come yet. Bubble Tea decodes each read on its own and
// drops a character split between two, and an SSH channel splits its data
// wherever its packets do: a long paste of CJK text lost a character at
// each such place.
type Reader struct {
	in   io.Reader
	held [utf8.UTFMax - 1]byte
	n    int // bytes held
}

// New reads in.
func New(in io.Reader) *Reader { return &Reader{in: in} }

// Read reads into p, ending on a whole character when p has room for one;
// at the end of input what is held goes on, complete or not.
func (w *Reader) Read(p []byte) (int, error) {
	if len(p) < utf8.UTFMax {
		if w.n == 0 {
			return w.in.Read(p) // too small to hold a character whole
		}
		n := copy(p, w.held[:w.n])
		w.n = copy(w.held[:], w.held[n:w.n])
		return n, nil
	}
	n := copy(p, w.held[:w.n])
	w.n = 0
	for {
		m, err := w.in.Read(p[n:])
		n += m
		if err != nil {
			return n, err // what is held goes on, complete or not
		}
		switch cut := openTail(p[:n]); {
		case cut == 0:
			return n, nil
		case cut < n:
			w.n = copy(w.held[:], p[n-cut:n])
			return n - cut, nil
		}
		// Only the start of one character so far: wait for its end.
	}
}

// openTail is how many bytes at the end of b begin a character that b
// does not finish; 0 when b ends whole.
func openTail(b []byte) int {
	for i := 1; i <= min(len(b), utf8.UTFMax-1); i++ {
		c := b[len(b)-i]
		if utf8.RuneStart(c) {
			if utf8.FullRune(b[len(b)-i:]) {
				return 0
			}
			return i
		}
	}
	return 0
}
