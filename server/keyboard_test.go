package server

import (
	"bytes"
	"io"
	"strings"
	"testing"
	"time"
)

// chunked reads its data n bytes at a time, as an SSH channel may.
type chunked struct {
	data []byte
	n    int
}

func (c *chunked) Read(p []byte) (int, error) {
	if len(c.data) == 0 {
		return 0, io.EOF
	}
	n := copy(p[:min(len(p), c.n)], c.data)
	c.data = c.data[n:]
	return n, nil
}

func readAll(t *testing.T, in *boundedInput) []byte {
	t.Helper()
	in.sleep = func(time.Duration) {}
	var out bytes.Buffer
	buf := make([]byte, 256)
	for {
		n, err := in.Read(buf)
		out.Write(buf[:n])
		if err != nil {
			return out.Bytes()
		}
	}
}

func TestPasteIsCutAndTheRestPasses(t *testing.T) {
	big := strings.Repeat("x", maxPaste+5000)
	input := "ab" + string(pasteStart) + big + string(pasteEnd) + "jk" + string(pasteStart) + "small" + string(pasteEnd) + "q"
	for _, size := range []int{1, 3, 7, 256} {
		got := string(readAll(t, newBoundedInput(&chunked{data: []byte(input), n: size})))
		want := "ab" + string(pasteStart) + big[:maxPaste] + string(pasteEnd) + "jk" + string(pasteStart) + "small" + string(pasteEnd) + "q"
		if got != want {
			t.Errorf("reads of %d bytes: got %d bytes, want %d (head %q, tail %q)", size, len(got), len(want), got[:min(20, len(got))], got[max(len(got)-20, 0):])
		}
	}
}

func TestInputBeyondABurstIsPaced(t *testing.T) {
	in := newBoundedInput(&chunked{data: bytes.Repeat([]byte("j"), inputBurst+2*inputRate), n: 4096})
	var slept time.Duration
	clock := time.Now()
	in.now = func() time.Time { return clock }
	in.sleep = func(d time.Duration) { slept += d; clock = clock.Add(d) }
	buf := make([]byte, 4096)
	for {
		if _, err := in.Read(buf); err != nil {
			break
		}
	}
	if slept < 1900*time.Millisecond || slept > 2100*time.Millisecond {
		t.Errorf("slept %v for two seconds' worth of input past the burst", slept)
	}
}
