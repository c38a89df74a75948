package server

import (
	"fmt"
	"io"

	"github.com/sshblog/sshblog/posts"
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
	return fmt.Sprintf("input is larger than %s", posts.Bytes(e.Max))
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
