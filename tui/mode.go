package tui

import (
	"github.com/charmbracelet/bubbles/help"
	tea "github.com/charmbracelet/bubbletea"
)

// mode is what the reader is doing: it picks which keys mean what, which
// help bar is shown and what is drawn.
type mode int

const (
	modeList     mode = iota // browsing the post list
	modeSearch               // typing a search
	modeTags                 // choosing a tag
	modePost                 // reading a post
	modeThread               // moving between a post's comments
	modeComposer             // writing a comment
	modePage                 // a page over everything: profile, moderation log, bad files
	modeConfirm              // a yes/no question in the notice
)

var modeNames = [...]string{"list", "search", "tags", "post", "thread", "composer", "page", "confirm"}

func (md mode) String() string { return modeNames[md] }

// mode is the one place the reader's mode is worked out.
func (m *Model) mode() mode {
	if m.cs.confirm != nil {
		return modeConfirm
	}
	return m.shown()
}

// shown is the mode whose screen and help bar are drawn: a question is
// asked over the screen it is about, and says itself which keys answer it.
func (m *Model) shown() mode {
	switch {
	case m.cs.page != nil:
		return modePage
	case m.cs.composer != nil:
		return modeComposer
	case m.reading && m.post.thread.focused:
		return modeThread
	case m.reading:
		return modePost
	case m.list.tags != nil:
		return modeTags
	case m.list.search.typing:
		return modeSearch
	}
	return modeList
}

// route hands a key to what the mode's keys mean; handled is false for a
// key that means nothing there.
func (m *Model) route(msg tea.KeyMsg) (cmd tea.Cmd, handled bool) {
	switch m.mode() {
	case modeConfirm:
		return m.answer(msg), true
	case modePage:
		return m.pageKey(msg), true
	case modeComposer:
		return m.composerKey(msg), true
	case modeThread:
		return first(msg, m.newCommentsKey, m.threadKey, m.readingKey, m.postKey)
	case modePost:
		return first(msg, m.newCommentsKey, m.readingKey, m.postKey)
	case modeSearch, modeTags:
		return m.listKey(msg)
	}
	return first(msg, m.browseKey, m.listKey)
}

// first is the answer of the first of handlers that handles msg.
func first(msg tea.KeyMsg, handlers ...func(tea.KeyMsg) (tea.Cmd, bool)) (tea.Cmd, bool) {
	for _, h := range handlers {
		if cmd, ok := h(msg); ok {
			return cmd, true
		}
	}
	return nil, false
}

// keys is the key map the help bar shows: the keys route answers in the
// mode shown.
func (m *Model) keys() help.KeyMap {
	km := m.modeKeys()
	switch md := m.shown(); {
	case m.cs.threads == nil || !m.cs.viewer.Admin || len(m.blog.Problems()) == 0:
	case md == modeList || md == modePost || md == modeThread:
		return problemKeys{km}
	}
	return km
}

func (m *Model) modeKeys() help.KeyMap {
	comments := m.cs.threads != nil
	switch m.shown() {
	case modePage:
		return m.cs.page.keys()
	case modeComposer:
		if m.cs.composer.edit != 0 {
			return editorKeyMap
		}
		return composerKeyMap
	case modeThread:
		keys := threadKeyMap
		if m.cs.viewer.Admin {
			keys = adminThreadMap
		}
		sel, _, selected := m.post.thread.selected()
		return keys.forSelection(m.cs.viewer, sel, selected, !m.post.gone)
	case modePost:
		if !comments {
			return postKeyMap.at(m.post.atEnd())
		}
		return readingKeyMap.forReader(m.post.atEnd(), m.cs.viewer.Keyed() && !m.post.gone)
	case modeTags:
		return tagKeyMap
	case modeSearch:
		return searchKeyMap
	}
	empty := len(m.list.all) == 0
	if !comments {
		return listKeyMap.forBlog(empty)
	}
	inbox := m.cs.inbox != nil && m.cs.viewer.Keyed()
	return browseKeyMap.forReader(m.cs.viewer.Admin, inbox).forBlog(empty)
}
