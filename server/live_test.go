package server

import (
	"bytes"
	"fmt"
	"runtime/pprof"
	"strings"
	"testing"

	gossh "golang.org/x/crypto/ssh"

	"github.com/sshblog/sshblog/internal/eventually"
)

// commandsRunning is the goroutine dump of the Bubble Tea commands still
// running, in every program of the process: a command is a goroutine until
// it returns its message, and a batch another that waits for them all.
func commandsRunning() []string {
	var buf bytes.Buffer
	pprof.Lookup("goroutine").WriteTo(&buf, 2)
	var running []string
	for _, g := range strings.Split(buf.String(), "\n\n") {
		if strings.Contains(g, "bubbletea.(*Program).handleCommands.func1.") || strings.Contains(g, "bubbletea.(*Program).execBatchMsg") {
			running = append(running, g)
		}
	}
	return running
}

// An idle reader holds no goroutine for its live changes: once the readers'
// first frames are drawn, none of their commands is left waiting (the
// listener calls back and a one-shot timer brings the batch), and a comment
// still reaches each of them live. Not parallel: other tests' readers would
// be counted.
func TestIdleReadersHoldNoCommand(t *testing.T) {
	srv := startServer(t, withOnePost())
	var readers []*testTerminal
	for i := range 3 {
		readers = append(readers, openReader(t, dial(t, srv, fmt.Sprintf("reader%d", i), keyless)))
	}
	if !eventually.Within(eventually.Patience, func() bool { return len(commandsRunning()) == 0 }) {
		running := commandsRunning()
		t.Fatalf("%d commands still running for 3 idle readers:\n\n%s", len(running), strings.Join(running, "\n\n"))
	}
	commenter := dial(t, srv, "dan", gossh.PublicKeys(newKey(t)))
	if _, errOut, status := run(t, commenter, "comment "+testSlug, "Hello from dan"); status != 0 {
		t.Fatalf("comment: status %d, %s", status, errOut)
	}
	for _, r := range readers {
		r.Expect("1 comment")
	}
}
