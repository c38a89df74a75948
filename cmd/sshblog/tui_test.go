package main

import (
	"bytes"
	"os"
	"os/exec"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/creack/pty"
)

// ptyScreen is the output of a program running on a pseudo-terminal, with
// the colour queries a terminal answers answered.
type ptyScreen struct {
	lockedBuffer
	typedFirst string // typed with the answer to the first colour query
}

func (s *ptyScreen) read(ptmx *os.File) {
	buf := make([]byte, 4096)
	for {
		n, err := ptmx.Read(buf)
		chunk := buf[:n]
		if bytes.Contains(chunk, []byte("\x1b]11;?")) {
			ptmx.WriteString("\x1b]11;rgb:0000/0000/0000\x1b\\")
		}
		if bytes.Contains(chunk, []byte("\x1b[6n")) {
			ptmx.WriteString("\x1b[1;1R" + s.typedFirst)
			s.typedFirst = ""
		}
		s.Write(chunk)
		if err != nil {
			return
		}
	}
}

// sshblog tui reads the blog a running server serves, from its data dir, on
// the local terminal.
func TestTuiReadsTheServedBlog(t *testing.T) {
	dir := t.TempDir()
	start(t, dir) // makes the data dir and loads the sample blog

	cmd := exec.Command(binary, "tui", "--blog-name", "Tushti's Blog")
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "TERM=xterm-256color")
	ptmx, err := pty.StartWithSize(cmd, &pty.Winsize{Rows: 24, Cols: 80})
	if err != nil {
		t.Fatal(err)
	}
	defer ptmx.Close()
	screen := &ptyScreen{}
	go screen.read(ptmx)
	screen.waitFor(t, "Tushti's Blog")
	screen.waitFor(t, "Difference between Networking")
	ptmx.WriteString("\r")
	screen.waitFor(t, "pretty much similar")
	pty.Setsize(ptmx, &pty.Winsize{Rows: 30, Cols: 100})
	cmd.Process.Signal(syscall.SIGWINCH)
	ptmx.WriteString("q")
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	select {
	case err := <-done:
		if err != nil {
			t.Fatalf("sshblog tui: %v\n%q", err, screen.String())
		}
	case <-time.After(15 * time.Second):
		cmd.Process.Kill()
		t.Fatal("sshblog tui did not quit on q")
	}
}

// TestTuiKeepsAKeyTypedAtOnce: a key typed the moment the terminal has
// answered the colour query that Bubble Tea's init sends is the reader's
// first key, not skipped by a second query: / opens the search.
func TestTuiKeepsAKeyTypedAtOnce(t *testing.T) {
	dir := t.TempDir()
	start(t, dir) // makes the data dir and loads the sample blog

	cmd := exec.Command(binary, "tui")
	cmd.Dir = dir
	// termenv takes CI for a machine without a terminal and asks nothing;
	// a reader at a terminal has no CI set.
	cmd.Env = append(withoutEnv("CI"), "TERM=xterm-256color")
	ptmx, err := pty.StartWithSize(cmd, &pty.Winsize{Rows: 24, Cols: 80})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { cmd.Process.Kill(); cmd.Wait() })
	defer ptmx.Close()
	screen := &ptyScreen{typedFirst: "/"}
	go screen.read(ptmx)
	screen.waitFor(t, "Search: ")
}

func TestTuiWithoutATerminalOrABlog(t *testing.T) {
	for _, args := range [][]string{{"tui"}, {"tui", "--data-dir", t.TempDir()}} {
		out, status := outcome(t, exec.Command(binary, args...))
		if status == 0 || !strings.HasPrefix(out, "sshblog: ") {
			t.Errorf("%v without a terminal: exit status %d %q", args, status, out)
		}
	}
	dir := t.TempDir()
	cmd := exec.Command(binary, "tui", "--data-dir", dir)
	ptmx, err := pty.Start(cmd)
	if err != nil {
		t.Fatal(err)
	}
	defer ptmx.Close()
	screen := &ptyScreen{}
	go screen.read(ptmx)
	status := ended(t, cmd.Wait())
	screen.waitFor(t, "no blog to read")
	if status != 1 {
		t.Errorf("exit %d for a data dir without a blog", status)
	}
}
