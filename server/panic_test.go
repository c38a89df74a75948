package server

import (
	"bytes"
	"context"
	"io"
	"log/slog"
	"strings"
	"testing"

	"github.com/charmbracelet/ssh"
	"github.com/prometheus/client_golang/prometheus/testutil"

	"github.com/sshblog/sshblog/blog"
	"github.com/sshblog/sshblog/posts"
	"github.com/sshblog/sshblog/tui"
)

// panickySession is just enough of a session to panic in.
type panickySession struct {
	ssh.Session
	stderr bytes.Buffer
	status int
}

func (p *panickySession) Stderr() io.ReadWriter { return &p.stderr }
func (p *panickySession) Exit(code int) error   { p.status = code; return nil }

func serverLoggingTo(log *bytes.Buffer) *Server {
	return &Server{cfg: Config{Log: slog.New(slog.NewTextHandler(log, nil))}, metrics: NewMetrics()}
}

func TestPanicInASessionIsRecoveredToldAndLogged(t *testing.T) {
	var log bytes.Buffer
	s := serverLoggingTo(&log)
	sess := &panickySession{status: -1}
	s.recoverPanics(func(ssh.Session) { panic("the model fell over") })(sess)
	if sess.status != 1 || !strings.Contains(sess.stderr.String(), panicNotice) {
		t.Errorf("the session ended with %d and told %q", sess.status, sess.stderr.String())
	}
	if !strings.Contains(log.String(), "session panicked") || !strings.Contains(log.String(), "the model fell over") {
		t.Errorf("the panic was not logged: %s", log.String())
	}
	if testutil.ToFloat64(s.metrics.panics) != 1 {
		t.Errorf("panics counted: %v", testutil.ToFloat64(s.metrics.panics))
	}
}

// A reader whose model panicked ends with a tui.PanicError: its value and
// stack go to the log, and the reader is told like any other.
func TestReaderPanicIsToldCountedAndLoggedWithItsStack(t *testing.T) {
	var log bytes.Buffer
	s := serverLoggingTo(&log)
	sess := &panickySession{}
	s.readerFailed(sess, &tui.PanicError{Value: "index out of range", Stack: []byte("goroutine 7 [running]:\ntui.(*threadView).line")})
	if !strings.Contains(sess.stderr.String(), panicNotice) || !strings.Contains(log.String(), "reader panicked") || testutil.ToFloat64(s.metrics.panics) != 1 {
		t.Errorf("told %q, logged %q, counted %v", sess.stderr.String(), log.String(), testutil.ToFloat64(s.metrics.panics))
	}
	if !strings.Contains(log.String(), "panic=\"index out of range\"") || !strings.Contains(log.String(), "tui.(*threadView).line") {
		t.Errorf("the log lacks the panic or its stack: %s", log.String())
	}
}

// searchPanics is a store with a bug: any search panics.
type searchPanics struct{ blog.Library }

func (searchPanics) Search(context.Context, string, int) ([]posts.Match, error) {
	panic("a bug in search")
}

// A reader whose session hits an internal error is told so and the session
// exits with status 1, not 0: a script or a person sees it failed.
func TestReaderInternalErrorExitsOne(t *testing.T) {
	s := startServer(t, func(s *testSetup) { s.library = func(l blog.Library) blog.Library { return searchPanics{l} } })
	term := openTerminal(t, dial(t, s, "reader", keyless), 80, 24)
	term.WaitForText("posts")
	term.Type("/x")
	if status := term.Wait(); status != exitFailed {
		t.Errorf("exit status %d, want %d", status, exitFailed)
	}
}
