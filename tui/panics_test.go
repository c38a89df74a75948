package tui

import (
	"bytes"
	"context"
	"errors"
	"io"
	"os"
	"strings"
	"sync"
	"testing"

	tea "github.com/charmbracelet/bubbletea"
)

// panicky is a model that panics where told: in Update, in View, in a
// command, or in a command of a batch.
type panicky struct {
	where  string
	broken bool
}

func (p *panicky) Init() tea.Cmd { return nil }

func (p *panicky) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	if _, ok := msg.(tea.KeyMsg); !ok {
		return p, nil
	}
	switch p.where {
	case "update":
		panic("panicky update")
	case "view":
		p.broken = true
	case "command":
		return p, func() tea.Msg { panic("panicky command") }
	case "batch":
		return p, tea.Batch(nil, func() tea.Msg { panic("panicky batch") })
	}
	return p, nil
}

func (p *panicky) View() string {
	if p.broken {
		panic("panicky view")
	}
	return "fine"
}

// lockedBuffer is a terminal screen the session writes while the test reads.
type lockedBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

// captureStd runs f with the process's standard output and error sent to a
// pipe, and returns what was written there.
func captureStd(t *testing.T, f func()) string {
	t.Helper()
	r, w, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	stdout, stderr := os.Stdout, os.Stderr
	os.Stdout, os.Stderr = w, w
	read := make(chan string)
	go func() {
		b, _ := io.ReadAll(r)
		read <- string(b)
	}()
	func() {
		defer func() { os.Stdout, os.Stderr = stdout, stderr }()
		f()
	}()
	w.Close()
	return <-read
}

// A panic anywhere in a session ends that session with its value and stack
// for the server's log, and nothing reaches the process's own output.
func TestPanicsEndTheSessionWithTheirStack(t *testing.T) {
	for _, where := range []string{"update", "view", "command", "batch"} {
		t.Run(where, func(t *testing.T) {
			in, keysIn := io.Pipe()
			defer keysIn.Close()
			s := NewSession(context.Background(), &panicky{where: where}, in, &lockedBuffer{}, 80, 24)
			go keysIn.Write([]byte("x"))
			var err error
			printed := captureStd(t, func() { err = s.Run() })
			var pe *PanicError
			if !errors.As(err, &pe) || !errors.Is(err, tea.ErrProgramPanic) {
				t.Fatalf("Run returned %v; want a PanicError", err)
			}
			if !strings.Contains(pe.Error(), "panicky "+where) || !strings.Contains(string(pe.Stack), "tui.(*panicky)") {
				t.Errorf("the panic is %q with stack:\n%s", pe.Error(), pe.Stack)
			}
			if printed != "" {
				t.Errorf("the panic reached the process's output:\n%s", printed)
			}
		})
	}
}
