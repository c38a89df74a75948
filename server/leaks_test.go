package server

import (
	"testing"

	"go.uber.org/goleak"

	"github.com/sshblog/sshblog/internal/eventually"
)

// noGoroutinesLeft fails t if goroutines other than those of before (a
// goleak.IgnoreCurrent taken then) are still running once they have had
// far more time to end than any takes: goleak's own retries last half a
// second, less than a loaded machine may take for a connection's teardown.
func noGoroutinesLeft(t *testing.T, before goleak.Option) {
	t.Helper()
	eventually.Within(eventually.Patience, func() bool { return goleak.Find(before) == nil })
	goleak.VerifyNone(t, before)
}
