package posts

import (
	"errors"
	"fmt"
	"io/fs"
	"time"
)

// Kinds of error a caller can branch on with errors.Is.
var (
	ErrNotFound    = errors.New("not found")
	ErrInvalid     = errors.New("invalid")
	ErrConflict    = errors.New("conflict")  // e.g. a display name someone else has
	ErrForbidden   = errors.New("forbidden") // e.g. a banned reader commenting
	ErrLimited     = errors.New("rate limited")
	ErrNoName      = errors.New("no display name")   // a first comment needs a name chosen
	ErrUnavailable = errors.New("store unavailable") // a cluster without a leader: try again in a moment
)

// Error is an error of a kind with a message fit to show a reader as it is.
type Error struct {
	Kind error
	Msg  string
}

func (e *Error) Error() string { return e.Msg }

// Unwrap makes the error its kind for errors.Is.
func (e *Error) Unwrap() error { return e.Kind }

// Invalid is an ErrInvalid saying msg.
func Invalid(msg string) error { return &Error{Kind: ErrInvalid, Msg: msg} }

// Conflict is an ErrConflict saying msg.
func Conflict(msg string) error { return &Error{Kind: ErrConflict, Msg: msg} }

// Forbidden is an ErrForbidden saying msg.
func Forbidden(msg string) error { return &Error{Kind: ErrForbidden, Msg: msg} }

// Message is what to tell a reader about err: its own words when it is an
// *Error, else a general line (the details belong in the log).
func Message(err error) string {
	var e *Error
	var r *RateError
	switch {
	case errors.As(err, &e):
		return e.Msg
	case errors.As(err, &r):
		return r.Error()
	case errors.Is(err, ErrNotFound):
		return "That is no longer there."
	}
	return "Something went wrong on the server; please try again."
}

// RateError says a reader is commenting faster than the limit allows and how
// long to wait.
type RateError struct {
	Limit RateLimit
	Wait  time.Duration
	Edits bool // the limit on edits, not on new comments
}

func (e *RateError) Error() string {
	secs := int((e.Wait + time.Second - 1) / time.Second)
	wait := Count(max(secs, 1), "second")
	if e.Edits {
		return fmt.Sprintf("You can make %s; wait %s before the next edit.", e.Limit.Of("edit"), wait)
	}
	return fmt.Sprintf("You can post %s; wait %s before the next.", e.Limit.Of("comment"), wait)
}

// Unwrap makes the error ErrLimited.
func (e *RateError) Unwrap() error { return ErrLimited }

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

// UnwrapPath drops the path from an *fs.PathError, for a message that names
// the path already.
func UnwrapPath(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}
