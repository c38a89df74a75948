package tui

import (
	"strings"
	"time"

	tea "github.com/charmbracelet/bubbletea"
)

// The notice: one line over the foot of the screen that answers a key, says
// what changed or asks a question.

func (m *Model) say(note string, warning bool) {
	m.cs.notice, m.cs.warning = note, warning
	m.cs.noticeID++
}

// noticeShown is how long a notice that needs no answer stays, unless a
// key ends it first.
const noticeShown = 4 * time.Second

// noticeExpiredMsg ends the notice numbered id, if it is still shown.
type noticeExpiredMsg struct{ id int }

// sayForAWhile shows note until the next key or for noticeShown, with one
// timer for this notice: no ticking.
func (m *Model) sayForAWhile(note string) tea.Cmd {
	m.say(note, false)
	return m.after(noticeShown, noticeExpiredMsg{m.cs.noticeID})
}

// noticeRows is how many rows of the post area the notice covers.
func (m *Model) noticeRows() int {
	if m.cs.notice == "" {
		return 0
	}
	return len(m.noticeLines()) + 1
}

// noticeLines is the notice wrapped as withNotice draws it.
func (m *Model) noticeLines() []string { return wrapWords(m.cs.notice, m.column()-4) }

// withNotice draws the notice over the last rows of area, the part of the
// frame above the help bar: wrapped whole, after a blank row, so that the
// key hints stay where they are.
func (m *Model) withNotice(area string) string {
	if m.cs.notice == "" {
		return area
	}
	style := m.st.meta
	if m.cs.warning {
		style = m.st.errorText
	}
	rows := strings.Split(area, "\n")
	note := append([]string{""}, m.noticeLines()...)
	note = note[max(len(note)-len(rows), 0):]
	for i, l := range note {
		if l != "" {
			l = "  " + style.Render(l)
		}
		rows[len(rows)-len(note)+i] = l
	}
	return strings.Join(rows, "\n")
}
