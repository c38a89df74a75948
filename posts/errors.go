package posts

import (
	"errors"
	"fmt"
)

// Kinds of error a caller can branch on with errors.Is.
var (
	ErrNotFound = errors.New("not found")
	ErrInvalid  = errors.New("invalid")
)

// ParseError reports a problem in a post file at a line a person can jump to.
type ParseError struct {
	Path string
	Line int // 1-based; 0 when the problem is the file as a whole
	Msg  string
}

func (e *ParseError) Error() string {
	if e.Line > 0 {
		return fmt.Sprintf("%s:%d: %s", e.Path, e.Line, e.Msg)
	}
	return fmt.Sprintf("%s: %s", e.Path, e.Msg)
}

// Unwrap makes every parse error an ErrInvalid.
func (e *ParseError) Unwrap() error { return ErrInvalid }
