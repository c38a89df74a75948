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
	return len(m.noticeDrawn())
}

// noticeKey is what the notice's lines are drawn from.
type noticeKey struct {
	note    string
	warning bool
	width   int
	st      *styles
}

// noticeDrawn is the notice's lines: a blank one, then the notice wrapped
// and styled. Drawn with every frame while it is shown, they are drawn
// again only when the notice, the width or the theme changes.
func (m *Model) noticeDrawn() []string {
	key := noticeKey{note: m.cs.notice, warning: m.cs.warning, width: m.column() - 4, st: m.st}
	if m.noticeKept.key == key && m.noticeKept.lines != nil {
		return m.noticeKept.lines
	}
	style := m.st.meta
	if m.cs.warning {
		style = m.st.errorText
	}
	lines := []string{""}
	for _, l := range wrapWords(m.cs.notice, key.width) {
		if l != "" {
			l = "  " + style.Render(l)
		}
		lines = append(lines, l)
	}
	m.noticeKept.key, m.noticeKept.lines = key, lines
	return lines
}

// withNotice draws the notice over the last rows of area, the part of the
// frame above the help bar: wrapped whole, after a blank row, so that the
// key hints stay where they are.
func (m *Model) withNotice(area string) string {
	if m.cs.notice == "" {
		return area
	}
	rows := strings.Split(area, "\n")
	note := m.noticeDrawn()
	note = note[max(len(note)-len(rows), 0):]
	copy(rows[len(rows)-len(note):], note)
	return strings.Join(rows, "\n")
}
