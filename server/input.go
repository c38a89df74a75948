package server

import (
	"fmt"
	"io"
)

// inputLimit bounds the bytes a command reads from its standard input, so
// that a client piping gigabytes in costs one error, not the memory of
// whatever the command keeps of it.
type inputLimit struct {
	left, max int64
}

// inputTooLargeError is what reading a command's standard input returns past
// the limit; its message is fit to show the person.
type inputTooLargeError struct{ Max int64 }

func (e *inputTooLargeError) Error() string {
	return fmt.Sprintf("input is larger than %s", byteCount(e.Max))
}

// read reads from r into p, up to the limit and one byte past it, which
// turns into the error: input of exactly the limit is fine.
func (l *inputLimit) read(r io.Reader, p []byte) (int, error) {
	if l.left < 0 {
		return 0, &inputTooLargeError{l.max}
	}
	if int64(len(p)) > l.left+1 {
		p = p[:l.left+1]
	}
	n, err := r.Read(p)
	l.left -= int64(n)
	if l.left < 0 {
		return n + int(l.left), &inputTooLargeError{l.max}
	}
	return n, err
}

// byteCount writes 65536 as "64 KiB".
func byteCount(n int64) string {
	const unit = 1024
	switch {
	case n >= unit*unit && n%(unit*unit) == 0:
		return fmt.Sprintf("%d MiB", n/(unit*unit))
	case n >= unit && n%unit == 0:
		return fmt.Sprintf("%d KiB", n/unit)
	}
	return fmt.Sprintf("%d bytes", n)
}
