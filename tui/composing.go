package tui

import (
	"errors"

	tea "github.com/charmbracelet/bubbletea"

	"github.com/sshblog/sshblog/blog"
	"github.com/sshblog/sshblog/posts"
)

// Writing a comment: opening the composer, what happens once it is sent,
// and the name chosen on the way.

// compose opens the composer, or tells a reader without a key how to get
// one. The post area shrinks for it: a reply or an edit keeps the comment
// it is about in view.
func (m *Model) compose(title string, parent, edit int64, text string) tea.Cmd {
	if m.post.gone && edit == 0 {
		m.say("This post has been taken down: it takes no more comments.", true)
		return nil
	}
	if !m.cs.viewer.Keyed() {
		m.say(blog.NoKey, false)
		return nil
	}
	c := newComposer(m.st, title, m.post.post.Slug, parent, edit, text)
	m.cs.composer = c
	m.resize(m.width, m.height)
	if parent != 0 || edit != 0 {
		m.showSelected()
	}
	if edit != 0 {
		return nil // the comment keeps the name it has
	}
	return nameCmd(c, m.cs.threads, m.cs.viewer)
}

// sent closes the composer once the comment is committed and shows it; a
// first comment without a usable name goes by the profile to choose one.
func (m *Model) sent(msg sentMsg) tea.Cmd {
	c := m.cs.composer
	if c == nil {
		return nil
	}
	if !c.sent(msg) {
		if errors.Is(msg.err, posts.ErrNoName) {
			m.cs.stashed, m.cs.composer = c, nil
			return m.openProfile(posts.Message(msg.err))
		}
		return nil
	}
	m.cs.composer = nil
	m.resize(m.width, m.height)
	m.changeThread(func(t *threadView) {
		t.apply(msg.comment)
		t.focused, t.selID = true, msg.comment.ID
	})
	note := "Sent. Everyone reading this post sees it now."
	if c.edit != 0 {
		note = "Saved. Everyone reading this post sees the new text now."
	}
	cmd := m.sayForAWhile(note)
	m.showSelected()
	return cmd
}

// interrupt answers ctrl+c: it quits, but a reader with a draft is asked
// first, as esc asks before discarding one.
func (m *Model) interrupt(msg tea.KeyMsg) tea.Cmd {
	if m.cs.stashed != nil {
		m.closePage() // back to the draft waiting for a name
	}
	if c := m.cs.composer; c != nil && c.hasText() {
		m.cs.notice, m.cs.confirm = "", nil
		cmd, _ := c.update(msg, nil)
		return cmd
	}
	return tea.Quit
}

func (m *Model) openProfile(choosing string) tea.Cmd {
	profile, cmd := newProfilePage(m.st, m.cs.threads, m.cs.viewer, choosing)
	profile.settings, profile.set = m.settings, m.setSettings
	profile.keyList = keyList{accounts: m.cs.accounts, viewer: m.cs.viewer, address: m.blog.Address}
	m.cs.page = profile
	m.resize(m.width, m.height)
	return tea.Batch(cmd, profile.keyList.load())
}

// closePage goes back to what was under the page, and to a stashed comment.
func (m *Model) closePage() tea.Cmd {
	m.cs.page = nil
	var cmd tea.Cmd
	if m.cs.stashed != nil {
		m.cs.composer, m.cs.stashed = m.cs.stashed, nil
		m.cs.composer.problem = ""
		cmd = nameCmd(m.cs.composer, m.cs.threads, m.cs.viewer) // the name was just chosen
	}
	m.resize(m.width, m.height)
	m.changeThread(func(*threadView) {}) // names may have changed
	return cmd
}
