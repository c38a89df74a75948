package tui

import (
	"fmt"
	"runtime/debug"
	"sync/atomic"

	tea "github.com/charmbracelet/bubbletea"
)

// PanicError is how a session ends when its model or one of its commands
// panicked: the value and the stack, for the server's structured log.
// Bubble Tea's own recovery is off because it prints both to the process's
// standard output and error, where no log collects them.
type PanicError struct {
	Value any
	Stack []byte
}

func (e *PanicError) Error() string { return fmt.Sprintf("%v: %v", tea.ErrProgramPanic, e.Value) }

// Unwrap lets errors.Is match tea.ErrProgramPanic, as for Bubble Tea's own.
func (e *PanicError) Unwrap() error { return tea.ErrProgramPanic }

// panicTrap ends a session on its first panic, keeping what it was.
type panicTrap struct {
	first atomic.Pointer[PanicError]
	kill  func() // ends the program; safe from its event loop
}

// catch is deferred where a panic may start; it must be called by defer
// itself for recover to see the panic.
func (p *panicTrap) catch() {
	if r := recover(); r != nil {
		p.first.CompareAndSwap(nil, &PanicError{Value: r, Stack: debug.Stack()})
		p.kill()
	}
}

func (p *panicTrap) tripped() bool { return p.first.Load() != nil }

// guard makes cmd, and the commands of a batch it returns, end the session
// on a panic instead of the server: Bubble Tea runs each in a goroutine of
// its own. (A tea.Sequence's commands cannot be reached; the reader uses none.)
func (p *panicTrap) guard(cmd tea.Cmd) tea.Cmd {
	if cmd == nil {
		return nil
	}
	return func() (msg tea.Msg) {
		defer p.catch()
		msg = cmd()
		if batch, ok := msg.(tea.BatchMsg); ok {
			for i, c := range batch {
				batch[i] = p.guard(c)
			}
		}
		return msg
	}
}
