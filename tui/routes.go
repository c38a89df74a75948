package tui

import (
	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"
)

// The handlers route picks from by mode: each answers the keys of one key
// map, and handled is false for a key that map does not have.

// answer takes the key that answers a question: y does what was asked,
// any other key leaves it.
func (m *Model) answer(msg tea.KeyMsg) tea.Cmd {
	confirm := m.cs.confirm
	m.cs.confirm = nil
	if key.Matches(msg, composerKeyMap.Yes) {
		return confirm()
	}
	return nil
}

func (m *Model) pageKey(msg tea.KeyMsg) tea.Cmd {
	cmd, closed := m.cs.page.update(msg)
	if closed {
		cmd = tea.Batch(cmd, m.closePage())
	}
	return cmd
}

func (m *Model) composerKey(msg tea.KeyMsg) tea.Cmd {
	cmd, done := m.cs.composer.update(msg, m.cs.composer.sendCmd(m.cs.threads, m.cs.viewer))
	if done {
		m.cs.composer = nil
		m.resize(m.width, m.height)
	}
	return cmd
}

// newCommentsKey is the key the cue offers when comments came below.
func (m *Model) newCommentsKey(msg tea.KeyMsg) (tea.Cmd, bool) {
	t := &m.post.thread
	if m.cs.threads == nil || len(t.unseen) == 0 || !key.Matches(msg, readingKeyMap.NewComments) {
		return nil, false
	}
	t.focused, t.selID = true, t.unseen[0]
	m.showSelected()
	return m.moreComments(), true
}

// readingKey is the keys from a post into its comments and pages.
func (m *Model) readingKey(msg tea.KeyMsg) (tea.Cmd, bool) {
	if m.cs.threads == nil {
		return nil, false
	}
	switch {
	case key.Matches(msg, readingKeyMap.Comments):
		m.post.thread.focused = true
		m.post.thread.move(0)
		m.post.top = m.post.threadStart()
		m.post.clamp()
		return m.moreComments(), true
	case key.Matches(msg, readingKeyMap.Write):
		return m.compose("Comment on “"+m.post.post.Title+"”", 0, 0, ""), true
	}
	return m.pagesKey(msg)
}

// pagesKey opens the pages: the profile, and for admins the bad post files
// and, from the list, the moderation log.
func (m *Model) pagesKey(msg tea.KeyMsg) (tea.Cmd, bool) {
	switch {
	case key.Matches(msg, readingKeyMap.Profile):
		return m.openProfile(""), true
	case key.Matches(msg, problemsKey) && m.cs.viewer.Admin && len(m.blog.Problems()) > 0:
		m.cs.page = newProblemsPage(m.st, m.blog.Problems())
		m.resize(m.width, m.height)
		return nil, true
	case key.Matches(msg, browseKeyMap.Inbox) && m.cs.inbox != nil && !m.reading:
		return m.openInbox(), true
	case key.Matches(msg, browseKeyMap.ModLog) && m.cs.viewer.Admin && !m.reading:
		var cmd tea.Cmd
		m.cs.page, cmd = newModLogPage(m.st, m.blog, m.cs.threads, m.cs.viewer)
		m.resize(m.width, m.height)
		return cmd, true
	}
	return nil, false
}

// postKey is the post reader's own keys: scrolling, back, next and previous.
func (m *Model) postKey(msg tea.KeyMsg) (tea.Cmd, bool) {
	k := postKeyMap
	switch {
	case m.post.scroll(msg):
	case key.Matches(msg, k.Quit):
		return tea.Quit, true
	case key.Matches(msg, k.Help):
		return m.toggleHelp(), true
	case key.Matches(msg, k.Back):
		m.post.leave()
		m.reading = false
		m.list.selectSlug(m.post.post.Slug)
	case key.Matches(msg, k.Next):
		return m.step(1), true
	case key.Matches(msg, k.Prev):
		return m.step(-1), true
	case key.Matches(msg, k.Copy):
		return m.copyLink(), true
	default:
		return nil, false
	}
	return nil, true
}

// browseKey is the list's keys beyond moving in it: pages, help, quit.
func (m *Model) browseKey(msg tea.KeyMsg) (tea.Cmd, bool) {
	if m.cs.threads != nil {
		if cmd, ok := m.pagesKey(msg); ok {
			return cmd, true
		}
	}
	switch {
	case key.Matches(msg, listKeyMap.Quit):
		return tea.Quit, true
	case key.Matches(msg, listKeyMap.Help):
		return m.toggleHelp(), true
	}
	return nil, false
}

// listKey is the list's, the search box's and the tag picker's keys; enter
// opens the chosen post.
func (m *Model) listKey(msg tea.KeyMsg) (tea.Cmd, bool) {
	cmd, open, handled := m.list.update(msg)
	if !open {
		return cmd, handled
	}
	p, _ := m.list.selected()
	m.reading = true
	cmd = m.post.open(p, m.now())
	m.showNeighbours()
	return cmd, true
}
