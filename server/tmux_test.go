package server

import (
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/sshblog/sshblog/posts"
)

// tmuxPane is OpenSSH's client in a private tmux pane: a real terminal,
// which answers the reader's colour query itself, and keys sent as tmux
// sends them, one write to the pane per send-keys.
type tmuxPane struct {
	t      *testing.T
	tmux   string
	socket string
	// output has a value whenever the pane printed something since the
	// last look at the screen.
	output chan struct{}
}

// openSSHInTmux connects to s with ssh -tt from its own loopback address in
// a light tmux pane of width × height.
func openSSHInTmux(t *testing.T, s *Server, from string, width, height int) *tmuxPane {
	t.Helper()
	need(t, "ssh", "openssh-client")
	dir := t.TempDir()
	p := &tmuxPane{t: t, tmux: need(t, "tmux", "tmux"), socket: filepath.Join(dir, "tmux"), output: make(chan struct{}, 1)}
	p.run("-f", "/dev/null", "new-session", "-d", "-s", "s", "-x", strconv.Itoa(width), "-y", strconv.Itoa(height), "cat")
	t.Cleanup(func() { exec.Command(p.tmux, "-S", p.socket, "kill-server").Run() })
	p.run("set", "-g", "window-style", "bg=#ffffff,fg=#1f1f1f")
	p.run("set", "-g", "remain-on-exit", "on")

	// The pane's output, piped through a FIFO, tells when to look again.
	fifo := filepath.Join(dir, "output")
	if err := syscall.Mkfifo(fifo, 0o600); err != nil {
		t.Fatal(err)
	}
	f, err := os.OpenFile(fifo, os.O_RDWR, 0) // read-write: opening does not wait for the writer
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { f.Close() })
	go func() {
		buf := make([]byte, 4096)
		for {
			if _, err := f.Read(buf); err != nil {
				return
			}
			select {
			case p.output <- struct{}{}:
			default:
			}
		}
	}()
	p.run("pipe-pane", "-t", "s", "cat > "+fifo)

	args := sshArgs(s, "-tt", "-i", clientKey(t), "-o", "IdentitiesOnly=yes", "-o", "BindAddress="+from, "127.0.0.1")
	command := "env HOME=" + dir + " TERM=xterm-256color COLORTERM=truecolor ssh"
	for _, a := range args {
		command += " '" + a + "'"
	}
	p.run("respawn-pane", "-k", "-t", "s", command)
	return p
}

func (p *tmuxPane) run(args ...string) string {
	p.t.Helper()
	out, err := exec.Command(p.tmux, append([]string{"-S", p.socket}, args...)...).CombinedOutput()
	if err != nil {
		p.t.Fatalf("tmux %s: %v\n%s", strings.Join(args, " "), err, out)
	}
	return string(out)
}

// send types keys, named as tmux send-keys names them, in one write.
func (p *tmuxPane) send(keys ...string) { p.run(append([]string{"send-keys", "-t", "s"}, keys...)...) }

// screen is the pane's text as the person sees it.
func (p *tmuxPane) screen() string { return p.run("capture-pane", "-p", "-t", "s") }

// waitFor looks at the screen each time the pane prints, until ok says it
// shows what the test waits for.
func (p *tmuxPane) waitFor(what string, ok func(screen string) bool) string {
	p.t.Helper()
	deadline := time.After(waitLong)
	for {
		screen := p.screen()
		if ok(screen) {
			return screen
		}
		select {
		case <-p.output:
		case <-deadline:
			p.t.Fatalf("the screen never showed %s:\n%s", what, screen)
		}
	}
}

// selectedTitle is the title of the post the list has selected, "" when no
// list is on the screen.
func selectedTitle(screen string) string {
	if !strings.Contains(screen, "enter read") {
		return ""
	}
	for line := range strings.SplitSeq(screen, "\n") {
		if title, ok := strings.CutPrefix(line, "▌ "); ok {
			return strings.TrimSpace(title)
		}
	}
	return ""
}

// TestKeysOverOpenSSHInTmux: a key typed the moment the first frame is on
// the screen moves the selection, and esc then a letter goes back to the
// list and acts on it, whether the two keys come as two writes or, typed
// fast, as one (ESC j, which terminals also send for alt+j).
func TestKeysOverOpenSSHInTmux(t *testing.T) {
	s := startServer(t)
	sample, err := posts.Sample()
	if err != nil {
		t.Fatal(err)
	}
	slices.SortFunc(sample, func(a, b posts.Post) int { return b.Published.Compare(a.Published) })
	pane := openSSHInTmux(t, s, "127.63.0.1", 80, 24)
	// The list cuts long titles short; a post's page starts with the whole.
	selected := func(i int) func(string) bool {
		return func(screen string) bool {
			shown := strings.TrimSuffix(selectedTitle(screen), "…")
			return shown != "" && strings.HasPrefix(sample[i].Title, shown)
		}
	}
	reading := func(i int) func(string) bool {
		return func(screen string) bool {
			return !strings.Contains(screen, "enter read") && strings.Contains(screen, sample[i].Title[:20])
		}
	}

	pane.waitFor("the list", selected(0))
	pane.send("j") // at once: the first frame is all the person has seen
	pane.waitFor("the second post selected after j", selected(1))

	pane.send("Enter")
	pane.waitFor("the second post", reading(1))
	pane.send("Escape")
	pane.send("j")
	pane.waitFor("the list, the third post selected after esc and j", selected(2))

	pane.send("Enter")
	pane.waitFor("the third post", reading(2))
	pane.send("Escape", "j")
	pane.waitFor("the list, the fourth post selected after esc and j in one write", selected(3))
}
