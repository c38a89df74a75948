package tui

import (
	"time"

	tea "github.com/charmbracelet/bubbletea"

	"github.com/sshblog/sshblog/blog"
	"github.com/sshblog/sshblog/posts"
)

// batchWindow is how long a session gathers changes before showing them.
const batchWindow = 25 * time.Millisecond

// changesMsg brings a session the comment changes since the last one.
type changesMsg struct {
	comments []posts.Comment
	lost     bool // some were dropped: reload
	posts    bool // the post list changed
	inbox    bool // the reader's inbox has a new item
}

// waitFor is a command that returns the listener's next changes, or nothing
// once it is closed: the hub's channels turned into Bubble Tea messages. The
// model asks again after each.
func waitFor(l *blog.Listener) tea.Cmd {
	if l == nil {
		return nil
	}
	return func() tea.Msg {
		select {
		case <-l.Ready():
		case <-l.Done():
			return nil
		}
		// Changes come in bursts (a busy post, a hundred people sending at
		// once); gathering them for a moment lays the thread out and draws
		// it once for the lot rather than once for each.
		batch := time.NewTimer(batchWindow)
		select {
		case <-batch.C:
		case <-l.Done():
			batch.Stop()
			return nil
		}
		c := l.Take()
		return changesMsg{comments: cleanComments(c.Comments), lost: c.Lost, posts: c.Posts, inbox: c.Inbox}
	}
}
