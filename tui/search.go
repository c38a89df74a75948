package tui

import (
	"context"
	"strings"

	"github.com/charmbracelet/bubbles/cursor"
	"github.com/charmbracelet/bubbles/key"
	"github.com/charmbracelet/bubbles/textinput"
	tea "github.com/charmbracelet/bubbletea"

	"github.com/sshblog/sshblog/posts"
)

// searchLimit is how many results the reader shows.
const searchLimit = 50

var searchKeyMap = newSearchKeys()

// searchBox is the list's full-text search: the box being typed in, and the
// results of the latest query.
type searchBox struct {
	input   *textinput.Model // made on first use: most readers never search
	typing  bool
	query   string // what the results are for; "" when not searching
	results []posts.Match
	err     error
	asked   int  // numbers queries, so a late answer to an old one is dropped
	busy    bool // a query is in flight: at most one a session
}

// searchResultsMsg brings the answer to a query.
type searchResultsMsg struct {
	asked   int
	results []posts.Match
	err     error
}

func (s *searchBox) active() bool { return s.query != "" }

func (s *searchBox) start(st *styles, width int) tea.Cmd {
	if s.input == nil {
		ti := textinput.New()
		ti.Prompt = ""
		ti.Placeholder = "words in a title, tag or post…"
		ti.CharLimit = 100
		// A blinking cursor would wake this session twice a second.
		ti.Cursor.SetMode(cursor.CursorStatic)
		ti.Cursor.Style = st.selTitle
		ti.PlaceholderStyle = st.faint
		ti.TextStyle = st.title
		s.input = &ti
	}
	s.typing = true
	s.setWidth(width)
	return s.input.Focus()
}

func (s *searchBox) setWidth(width int) {
	if s.input != nil {
		s.input.Width = max(width-12, 1)
	}
}

func (s *searchBox) clear() {
	s.query, s.results, s.err = "", nil, nil
	s.asked++
	if s.input != nil {
		s.input.SetValue("")
		s.input.Blur()
	}
	s.typing = false
}

// update handles a key typed into the box; it searches as the reader types.
func (s *searchBox) update(msg tea.KeyMsg, blog *Blog) tea.Cmd {
	switch {
	case key.Matches(msg, searchKeyMap.Cancel):
		s.clear()
		return nil
	case key.Matches(msg, searchKeyMap.Accept):
		s.typing = false
		s.input.Blur()
		return nil
	}
	var cmd tea.Cmd
	*s.input, cmd = s.input.Update(msg)
	query := strings.TrimSpace(s.input.Value())
	if query == s.query {
		return cmd
	}
	s.query, s.asked = query, s.asked+1
	return tea.Batch(cmd, s.ask(blog))
}

// ask runs the latest query unless one is in flight; its answer asks again
// if the reader typed meanwhile, so fast typing costs one query at a time.
func (s *searchBox) ask(blog *Blog) tea.Cmd {
	if len(posts.QueryTerms(s.query)) == 0 {
		s.results, s.err = nil, nil
		return nil
	}
	if s.busy {
		return nil
	}
	s.busy = true
	return blog.searchCmd(s.query, s.asked)
}

// found takes an answer: shown if it is to the latest query, else the
// latest query is asked now.
func (s *searchBox) found(msg searchResultsMsg, blog *Blog) tea.Cmd {
	s.busy = false
	if msg.asked == s.asked {
		s.results, s.err = msg.results, msg.err
		return nil
	}
	if s.query == "" {
		return nil
	}
	return s.ask(blog)
}

// searchCmd runs a query off the session's event loop.
func (b *Blog) searchCmd(query string, asked int) tea.Cmd {
	return queryCmd(func(ctx context.Context) tea.Msg {
		results, err := b.Search(ctx, query, searchLimit)
		return searchResultsMsg{asked: asked, results: results, err: err}
	})
}
