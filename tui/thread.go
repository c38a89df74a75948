package tui

import (
	tea "github.com/charmbracelet/bubbletea"
)

// The open post's thread as the reader moves in it: laying it out again
// after a change, fetching more, and showing a chosen comment.

// changeThread applies change to the comments and lays them out again,
// keeping the comment at the top of the window where it was. The anchor is
// taken before the change, from the layout the reader sees.
func (m *Model) changeThread(change func(t *threadView)) {
	v := &m.post
	start := v.threadStart()
	id, offset, anchored := v.thread.anchor(v.top - start)
	anchored = anchored && v.top > start
	change(&v.thread)
	if v.post.Slug == "" {
		return // no post was opened: nothing is laid out, opening does it
	}
	v.thread.layout(v.textWidth(), m.now())
	if anchored {
		if line, ok := v.thread.lineOf(id); ok {
			v.top = start + line + offset
		}
	}
	v.clamp()
}

// openComment opens a post at one of its comments, selected once its page
// has come.
func (m *Model) openComment(msg openCommentMsg) tea.Cmd {
	list, at := m.blog.Listed(msg.slug)
	if at < 0 {
		m.say("That post is no longer published.", true)
		return nil
	}
	m.reading = true
	cmd := m.post.open(list[at], m.now())
	m.showNeighbours()
	m.follow()
	m.post.thread.wanted = msg.id
	return cmd
}

// selectWanted selects the comment the reader asked to be shown, once it is
// loaded, asking for more pages until it is.
func (m *Model) selectWanted() tea.Cmd {
	t := &m.post.thread
	if t.wanted == 0 || t.loading {
		return nil
	}
	for _, i := range t.shown {
		if t.all[i].ID == t.wanted {
			t.focused, t.selID, t.wanted = true, t.wanted, 0
			m.showSelected()
			return nil
		}
	}
	if t.more && t.err == nil {
		return t.next()
	}
	t.wanted = 0
	m.say("That comment is no longer shown.", true)
	return nil
}

// moreComments asks for the next page once the reader nears the thread's end.
func (m *Model) moreComments() tea.Cmd {
	v := &m.post
	if !m.reading || v.top+2*v.height < v.total() {
		return nil
	}
	return v.thread.next()
}

// showSelected scrolls the selected comment into view, above the notice.
func (m *Model) showSelected() {
	v := &m.post
	first, end, ok := v.thread.span()
	if !ok {
		return
	}
	start := v.threadStart()
	if height := max(v.height-m.noticeRows(), 1); start+end > v.top+height {
		v.top = start + end - height
	}
	if start+first < v.top {
		v.top = start + first
	}
	v.clamp()
}
