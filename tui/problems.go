package tui

import (
	"path/filepath"
	"strings"
	"time"

	"github.com/charmbracelet/bubbles/help"
	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/ansi"

	"github.com/sshblog/sshblog/posts"
)

// Admins are told of bad post files in the header, one line that keeps the
// file's name, the line and the error in view however long the folder's path,
// and ends with the key that shows every problem in full.

// problemsHint ends the header's warning, whatever is cut before it: the
// key, and how many files are bad.
func problemsHint(n int) string {
	if n == 1 {
		return " · ! in full"
	}
	return " · ! " + posts.Count(n, "file")
}

var (
	problemsKey    = key.NewBinding(key.WithKeys("!"), key.WithHelp("!", "bad post files"))
	problemsKeyMap = modLogKeys{Up: modLogKeyMap.Up, Down: modLogKeyMap.Down, Quit: modLogKeyMap.Quit, Back: problemsBack}
	problemsBack   = key.NewBinding(key.WithKeys("esc", "!", "backspace", "left", "h"), key.WithHelp("esc", "back"))
)

// problemsNote is the header's warning about problems ("path:line: error"
// each): the first, its file named without the folder, and how many.
func problemsNote(problems []string) string {
	return "⚠ " + shortProblem(problems[0]) + problemsHint(len(problems))
}

// shortProblem drops the folder from a problem's path: "bad.md:4: error".
func shortProblem(problem string) string {
	where, what, ok := strings.Cut(problem, ": ")
	if !ok {
		return problem
	}
	path, line := where, ""
	if i := strings.LastIndexByte(where, ':'); i > 0 && strings.Trim(where[i+1:], "0123456789") == "" {
		path, line = where[:i], where[i:]
	}
	return filepath.Base(path) + line + ": " + what
}

// fitNote cuts a header note to width; a warning keeps its hint whole.
func fitNote(note string, width int) string {
	i := strings.LastIndex(note, " · ! ")
	if !strings.HasPrefix(note, "⚠ ") || i < 0 || ansi.StringWidth(note) <= width {
		return fit(note, width)
	}
	text, hint := note[:i], note[i:]
	if width <= ansi.StringWidth(hint)+8 {
		return fit(note, width)
	}
	return fit(text, width-ansi.StringWidth(hint)) + hint
}

// problemsPage shows every problem in full, wrapped to the column.
type problemsPage struct {
	st       *styles
	problems []string
	top      int

	width, height int
}

func newProblemsPage(st *styles, problems []string) *problemsPage {
	return &problemsPage{st: st, problems: problems}
}

func (p *problemsPage) setSize(width, height int) { p.width, p.height = width, height }

func (p *problemsPage) keys() help.KeyMap { return problemsKeyMap }

func (p *problemsPage) message(tea.Msg) tea.Cmd { return nil }

func (p *problemsPage) update(msg tea.KeyMsg) (tea.Cmd, bool) {
	switch {
	case key.Matches(msg, problemsKeyMap.Back):
		return nil, true
	case key.Matches(msg, problemsKeyMap.Up):
		p.top--
	case key.Matches(msg, problemsKeyMap.Down):
		p.top++
	}
	p.top = min(max(p.top, 0), max(len(p.lines())-p.height, 0))
	return nil, false
}

// lines are the page's text: its title, then each problem, wrapped.
func (p *problemsPage) lines() []string {
	text := max(min(p.width, maxColumn)-4, 1)
	lines := []string{"", p.st.postTitle.Render(fit("Bad post files · "+posts.Count(len(p.problems), "problem"), text)), ""}
	for _, problem := range p.problems {
		lines = appendWrapped(lines, p.st.errorText, problem, text)
		lines = append(lines, "")
	}
	return append(lines, p.st.meta.Render(fit("The last good version of each post stays up until its file is fixed.", text)))
}

func (p *problemsPage) view(time.Time) string {
	lines := p.lines()
	return pageFrame(p.width, p.height, lines[min(p.top, len(lines)):])
}
