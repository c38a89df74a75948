package tui

import tea "github.com/charmbracelet/bubbletea"

// Live changes: what other sessions commit and what is published reach the
// reader here.

// applyChanges merges what other sessions (and this one) committed, and
// posts published, edited or taken down.
func (m *Model) applyChanges(msg changesMsg) tea.Cmd {
	m.list.setPosts(m.blog.Posts())
	if !m.reading {
		return nil
	}
	m.showNeighbours()
	var cmd tea.Cmd
	if msg.posts {
		cmd = m.postChanged()
	}
	// A reader at the end follows the thread as it grows, as tail -f does;
	// one elsewhere keeps their place and is told of what came below.
	following := m.post.maxTop() > 0 && m.post.atEnd()
	var added []int64
	m.changeThread(func(t *threadView) {
		if msg.lost {
			t.reload()
			return
		}
		for _, c := range msg.comments {
			if t.apply(c) && t.visibleTo(c) {
				added = append(added, c.ID)
			}
		}
	})
	if following {
		m.post.top = m.post.maxTop()
	} else {
		m.post.thread.unseen = append(m.post.thread.unseen, added...)
		m.post.seeComments()
	}
	return cmd
}

// postChanged shows the new version of the open post, where the reader was,
// or says it was taken down.
func (m *Model) postChanged() tea.Cmd {
	if list, at := m.blog.Listed(m.post.post.Slug); at >= 0 {
		if list[at].Revision == m.post.post.Revision {
			return nil
		}
		m.say("This post was just updated.", false)
		return m.post.replace(list[at], m.now())
	}
	m.post.gone = true
	m.say("This post has been taken down; esc goes back to the list.", true)
	return nil
}

// follow points the listener at what the reader now shows.
func (m *Model) follow() {
	slug := ""
	if m.reading {
		slug = m.post.post.Slug
	}
	if slug == m.cs.following {
		return
	}
	m.cs.following = slug
	m.cs.listener.Follow(slug)
	if slug == "" {
		m.list.setPosts(m.blog.Posts()) // counts may have changed meanwhile
	}
}
