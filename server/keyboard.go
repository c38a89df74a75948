package server

import (
	"io"
	"time"
)

// A reader's keyboard is the one input anyone can send without a key, so it
// is bounded: a paste keeps its first maxPaste bytes (Bubble Tea gathers a
// paste whole before handing it on, re-reading what it has at every read),
// and input beyond a person's pace is slowed, not read: the SSH window then
// fills and the client waits, at no cost to the server.
const (
	maxPaste   = 64 << 10 // a long comment is 16 KiB; this is four of them
	inputBurst = 256 << 10
	inputRate  = 16 << 10 // bytes a second, sustained: far past any typist
)

var (
	pasteStart = []byte("\x1b[200~")
	pasteEnd   = []byte("\x1b[201~")
)

// boundedInput wraps a reader's keyboard. Markers are matched a byte at a
// time, so one split across reads is still seen; outside a paste nothing is
// held back (a lone ESC is the esc key).
type boundedInput struct {
	r       io.Reader
	buf     []byte
	ready   []byte // filtered input not yet read
	matched int    // bytes of the marker looked for that the input has matched
	partial []byte // inside a paste: bytes that may be the start of its end marker
	pasting bool
	pasted  int // bytes of the current paste passed on

	tokens float64 // bytes that may be read now
	last   time.Time
	sleep  func(time.Duration)
	now    func() time.Time
}

func newBoundedInput(r io.Reader) *boundedInput {
	return &boundedInput{r: r, tokens: inputBurst, last: time.Now(), sleep: time.Sleep, now: time.Now}
}

func (b *boundedInput) Read(p []byte) (int, error) {
	for len(b.ready) == 0 {
		b.pace()
		if cap(b.buf) < len(p) {
			b.buf = make([]byte, len(p))
		}
		n, err := b.r.Read(b.buf[:len(p)])
		b.tokens -= float64(n)
		b.ready = b.filter(b.ready, b.buf[:n])
		if err != nil && len(b.ready) == 0 {
			return 0, err
		}
	}
	n := copy(p, b.ready)
	b.ready = b.ready[n:]
	return n, nil
}

// pace waits while the input is over its rate. A read is charged after it
// returns, when its size is known, and its debt slept off before the next:
// rate.Limiter's ReserveN would do the same sum in as many lines, and fails
// outright on a read larger than the burst.
func (b *boundedInput) pace() {
	now := b.now()
	b.tokens = min(b.tokens+now.Sub(b.last).Seconds()*inputRate, inputBurst)
	b.last = now
	if b.tokens < 0 {
		b.sleep(time.Duration(-b.tokens / inputRate * float64(time.Second)))
	}
}

// filter appends chunk to out, cutting each paste after maxPaste bytes.
func (b *boundedInput) filter(out, chunk []byte) []byte {
	for _, c := range chunk {
		if !b.pasting {
			out = append(out, c)
			b.matched = advance(pasteStart, b.matched, c)
			if b.matched == len(pasteStart) {
				b.pasting, b.pasted, b.matched = true, 0, 0
			}
			continue
		}
		if c == pasteEnd[len(b.partial)] {
			b.partial = append(b.partial, c)
			if len(b.partial) == len(pasteEnd) {
				out = append(out, b.partial...)
				b.partial, b.pasting = b.partial[:0], false
			}
			continue
		}
		// Not the end marker after all: what was held is paste content.
		for _, held := range b.partial {
			out = b.content(out, held)
		}
		b.partial = b.partial[:0]
		if c == pasteEnd[0] {
			b.partial = append(b.partial, c)
			continue
		}
		out = b.content(out, c)
	}
	return out
}

// content passes on one byte of a paste while the paste is under its limit.
func (b *boundedInput) content(out []byte, c byte) []byte {
	if b.pasted >= maxPaste {
		return out
	}
	b.pasted++
	return append(out, c)
}

// advance is how much of marker is matched after byte c, given matched
// before. The markers start with ESC and hold no other ESC, so a mismatch
// restarts at ESC or at nothing.
func advance(marker []byte, matched int, c byte) int {
	switch {
	case c == marker[matched]:
		return matched + 1
	case c == marker[0]:
		return 1
	}
	return 0
}
