package tui

import (
	"context"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"

	"github.com/sshblog/sshblog/posts"
)

// threadKey is the keys for the selected comment: moving, writing, replying,
// editing, deleting and, for admins, moderating; scrolling keys still scroll.
func (m *Model) threadKey(msg tea.KeyMsg) (tea.Cmd, bool) {
	k := threadKeyMap
	t := &m.post.thread
	sel, _, selected := t.selected()
	mine := selected && sel.Author == m.cs.viewer.Fingerprint && m.cs.viewer.Keyed()
	switch {
	case key.Matches(msg, k.Up):
		t.move(-1)
		m.showSelected()
	case key.Matches(msg, k.Down):
		t.move(1)
		m.showSelected()
		return m.moreComments(), true
	case key.Matches(msg, k.Back):
		t.focused = false
	case key.Matches(msg, k.Write):
		return m.compose("Comment on “"+m.post.post.Title+"”", 0, 0, ""), true
	case !selected && (key.Matches(msg, k.Reply) || key.Matches(msg, k.Edit) || key.Matches(msg, k.Delete) ||
		key.Matches(msg, k.Hide) || key.Matches(msg, k.Ban) || key.Matches(msg, k.BanRange)):
		m.noComments()
	case key.Matches(msg, k.Reply):
		if !sel.Visible() {
			m.say("That comment was removed; you cannot reply to it.", true)
			return nil, true
		}
		return m.compose("Reply to "+displayName(sel), sel.ID, 0, ""), true
	case key.Matches(msg, k.Edit):
		if !mine || sel.Deleted {
			m.say("You can only edit your own comments.", true)
			return nil, true
		}
		return m.compose("Edit your comment", 0, sel.ID, sel.Body), true
	case key.Matches(msg, k.Delete):
		return m.askDelete(sel, mine), true
	case key.Matches(msg, k.Hide) && m.cs.viewer.Admin:
		action, note := posts.ModHide, "Hidden: only admins see it now."
		if sel.Hidden {
			action, note = posts.ModUnhide, "Shown again to everyone."
		}
		return m.act(note, func(ctx context.Context) (posts.Comment, error) {
			return m.cs.threads.Moderate(ctx, m.cs.viewer, sel.ID, action)
		}), true
	case key.Matches(msg, k.Ban) && m.cs.viewer.Admin:
		return m.askBan(sel), true
	case key.Matches(msg, k.BanRange) && m.cs.viewer.Admin:
		return m.askBanRange(sel), true
	default:
		if m.post.scroll(msg) {
			return m.moreComments(), true
		}
		return nil, false
	}
	return nil, true
}

// noComments answers a key for a comment in a thread that has none.
func (m *Model) noComments() {
	if m.cs.viewer.Keyed() && !m.post.gone {
		m.say("No comments yet: press w to write the first.", false)
	} else {
		m.say("No comments yet.", false)
	}
}
