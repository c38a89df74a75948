package tui

import (
	tea "github.com/charmbracelet/bubbletea"

	"github.com/sshblog/sshblog/blog"
	"github.com/sshblog/sshblog/posts"
)

// commentState is the part of a reader's model that deals with comments,
// names and moderation.
type commentState struct {
	threads   *blog.Threads
	accounts  *blog.Accounts // nil: no accounts
	inbox     *blog.Inbox    // nil: no inboxes
	inboxNote string         // what waits, for the header: "2 replies since your last visit"
	viewer    blog.Viewer
	listener  *blog.Listener
	following string // the post whose changes the listener follows; "" the list

	composer *composer
	stashed  *composer // kept while the reader chooses a name for it
	page     page      // the profile or the moderation log, over everything
	notice   string    // one line in the footer until the next key
	warning  bool      // the notice is a problem
	noticeID int       // counts notices, so that a timer ends only its own
	confirm  func() tea.Cmd
}

// commentMsg takes the messages of comments, pages and the hub.
func (m *Model) commentMsg(msg tea.Msg) tea.Cmd {
	switch msg := msg.(type) {
	case blog.Changes: // from the session's live feed
		return m.commentMsg(changesOf(msg))
	case changesMsg:
		return tea.Batch(m.applyChanges(msg), m.moreComments(), m.inboxChanged(msg))
	case commentsMsg:
		m.changeThread(func(t *threadView) { t.loaded(msg) })
		return tea.Batch(m.moreComments(), m.selectWanted())
	case openCommentMsg:
		return m.openComment(msg)
	case sentMsg:
		return m.sent(msg)
	case nameMsg:
		if c := m.cs.composer; c == msg.composer && msg.err == nil {
			c.as = &msg.name
		}
	case noticeExpiredMsg:
		if msg.id == m.cs.noticeID {
			m.cs.notice = ""
		}
	case actedMsg:
		if msg.err != nil {
			m.say(posts.Message(msg.err), true)
			return nil
		}
		if msg.comment.ID != 0 {
			m.changeThread(func(t *threadView) { t.apply(msg.comment) })
		}
		return m.sayForAWhile(msg.note)
	case banStateMsg:
		m.confirmBan(msg)
	case rangeStateMsg:
		m.confirmBanRange(msg)
	case linkedMsg:
		m.tellLinked(msg)
	case inboxCountMsg:
		return m.countedInbox(msg)
	case meMsg, renamedMsg, modLogMsg, keysMsg, unlinkedMsg, inboxMsg, mutedMsg:
		if m.cs.page != nil {
			return m.cs.page.message(msg)
		}
	}
	return nil
}
