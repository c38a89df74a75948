package server

import (
	"errors"
	"fmt"

	"github.com/sshblog/sshblog/posts"
)

// A failure is a command not doing what was asked, for a reason the person
// is told. Any other error a command returns is internal: logged, and told
// only as a short line.
type failure struct {
	kind failureKind
	msg  string
}

type failureKind int

const (
	kindUsage    failureKind = iota // the command line is wrong: exit status 2
	kindNotFound                    // what it names is not there
	kindRefused                     // not allowed, or not possible as asked
)

func (f *failure) Error() string { return f.msg }

// errTold is a failure whose reasons the command has told already.
var errTold = &failure{kind: kindNotFound}

func usageError(format string, args ...any) error {
	return &failure{kindUsage, fmt.Sprintf(format, args...)}
}

func missing(format string, args ...any) error {
	return &failure{kindNotFound, fmt.Sprintf(format, args...)}
}

func refuse(format string, args ...any) error {
	return &failure{kindRefused, fmt.Sprintf(format, args...)}
}

// noPost is what every command says of a slug that names no published post.
func (c *commands) noPost(slug string) error {
	return missing("no post %q; `ssh %s ls` lists them", slug, c.address())
}

// serviceError is err from the blog's services as a command tells it: the
// services' own refusals (a rule, a limit, something gone) in their words,
// anything else as internal.
func serviceError(err error) error {
	var e *posts.Error
	switch {
	case err == nil:
		return nil
	case errors.Is(err, posts.ErrNotFound):
		return missing("%s", posts.Message(err))
	case errors.As(err, &e), errors.Is(err, posts.ErrLimited):
		return refuse("%s", posts.Message(err))
	}
	return err
}

// reply tells the person how the command ended, on stderr, and returns its
// exit status.
func (x *call) reply(err error) int {
	if err == nil {
		return exitOK
	}
	if msg := x.message(err); msg != "" {
		fmt.Fprintf(x.errOut, "sshblog: %s\n", msg)
	}
	if f, ok := errors.AsType[*failure](err); ok && f.kind == kindUsage {
		return exitUsage
	}
	return exitFailed
}

// message is what the person is told of err: a failure's reason, or, for
// an internal error, that it was logged (as far as the client's share of
// log lines goes).
func (x *call) message(err error) string {
	if f, ok := errors.AsType[*failure](err); ok {
		return f.msg
	}
	if log := x.log(); log != nil {
		log.Error(x.name+" failed", "session", x.session, "err", err)
	}
	return x.name + " failed; the error has been logged"
}
