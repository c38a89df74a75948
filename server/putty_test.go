package server

import (
	"bytes"
	"context"
	"errors"
	"io"
	"net"
	"os/exec"
	"strconv"
	"strings"
	"syscall"
	"testing"

	"github.com/creack/pty"
	gossh "golang.org/x/crypto/ssh"
)

// PuTTY shows a pre-login banner only once an answer to a login attempt
// follows it, and only in an interactive session (no command) on a
// terminal: a refused reader using it hears why too, not only that the
// connection closed. plink comes with Debian's putty-tools.
func TestPuTTYHearsWhyItIsRefused(t *testing.T) {
	plink, err := exec.LookPath("plink")
	if err != nil {
		t.Fatal("plink is not installed (Debian: apt-get install putty-tools); this test needs it")
	}
	s := startServer(t, withLimits(Limits{MaxUnauthenticated: 1}))
	holdUnauthenticated(t, s, "127.0.0.1", 1, 1)

	_, port, _ := net.SplitHostPort(s.Addr().String())
	ctx, cancel := context.WithTimeout(context.Background(), waitLong)
	defer cancel()
	cmd := exec.CommandContext(ctx, plink, "-ssh", "-batch", "-P", port,
		"-hostkey", gossh.FingerprintSHA256(s.cfg.HostKey.PublicKey()), "reader@127.0.0.1")
	term, err := pty.StartWithSize(cmd, &pty.Winsize{Rows: 24, Cols: 80})
	if err != nil {
		t.Fatal(err)
	}
	defer term.Close()
	var out bytes.Buffer
	_, err = io.Copy(&out, term)
	if err != nil && !errors.Is(err, syscall.EIO) { // EIO: plink has exited
		t.Fatal(err)
	}
	cmd.Wait()
	if ctx.Err() != nil {
		t.Fatalf("plink did not finish; it printed %s", strconv.Quote(out.String()))
	}
	if !strings.Contains(out.String(), refusedLogins.message) {
		t.Fatalf("plink printed %s; want the reason %q", strconv.Quote(out.String()), refusedLogins.message)
	}
}
