package tui

import (
	"context"
	"io"
	"testing"

	tea "github.com/charmbracelet/bubbletea"
)

// runeTaker is a model that keeps the runes of the keys it gets and quits
// on enter.
type runeTaker struct{ runes *[]rune }

func (m runeTaker) Init() tea.Cmd { return nil }

func (m runeTaker) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	if k, ok := msg.(tea.KeyMsg); ok {
		if k.Type == tea.KeyEnter {
			return m, tea.Quit
		}
		*m.runes = append(*m.runes, k.Runes...)
	}
	return m, nil
}

func (m runeTaker) View() string { return "" }

// Through a session, a character split between two reads is typed, not
// dropped (Bubble Tea alone loses it).
func TestSessionKeepsACharacterSplitBetweenReads(t *testing.T) {
	in, typing := io.Pipe()
	t.Cleanup(func() { typing.Close() }) // the session's reader waits on it
	var runes []rune
	s := NewSession(context.Background(), runeTaker{&runes}, in, io.Discard, 40, 10)
	go func() {
		for _, part := range []string{"x\xe6\x97", "\xa5y", "\r"} {
			typing.Write([]byte(part)) // each write is one read of the session's
		}
	}()
	if err := s.Run(); err != nil {
		t.Fatal(err)
	}
	if string(runes) != "x日y" {
		t.Errorf("typed %q, want %q", string(runes), "x日y")
	}
}
