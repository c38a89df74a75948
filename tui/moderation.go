package tui

import (
	"context"

	tea "github.com/charmbracelet/bubbletea"

	"github.com/sshblog/sshblog/posts"
)

// Deleting and moderating comments, each asked first when it cannot be
// undone by one key.

// actedMsg answers a delete or a moderation action.
type actedMsg struct {
	comment posts.Comment // the comment as it now is; zero for bans
	note    string        // what to tell the reader when it worked
	err     error
}

func (m *Model) askDelete(sel posts.Comment, mine bool) tea.Cmd {
	switch {
	case sel.Deleted:
		m.say("That comment is already deleted.", true)
	case mine:
		m.cs.confirm = func() tea.Cmd {
			return m.act("Your comment is deleted.", func(ctx context.Context) (posts.Comment, error) {
				return m.cs.threads.Delete(ctx, m.cs.viewer, sel.ID)
			})
		}
		m.say("Delete your comment? y deletes it, any other key keeps it.", true)
	case m.cs.viewer.Admin:
		m.cs.confirm = func() tea.Cmd {
			return m.act("Deleted.", func(ctx context.Context) (posts.Comment, error) {
				return m.cs.threads.Moderate(ctx, m.cs.viewer, sel.ID, posts.ModDelete)
			})
		}
		m.say("Delete "+displayName(sel)+"’s comment for good? y deletes it, any other key keeps it.", true)
	default:
		m.say("You can only delete your own comments.", true)
	}
	return nil
}

// askBan looks up whether sel's author is banned, to ask the question that
// fits; the answer sets that state, whatever another admin did meanwhile.
func (m *Model) askBan(sel posts.Comment) tea.Cmd {
	if sel.Author == m.cs.viewer.Fingerprint {
		m.say("You cannot ban yourself.", true)
		return nil
	}
	threads, author, name := m.cs.threads, sel.Author, displayName(sel)
	return queryCmd(func(ctx context.Context) tea.Msg {
		banned, err := threads.Banned(ctx, author)
		return banStateMsg{author: author, name: name, banned: banned, err: err}
	})
}

// banStateMsg brings whether a comment's author is banned, for askBan.
type banStateMsg struct {
	author, name string
	banned       bool
	err          error
}

// confirmBan asks the admin to ban or unban, as the author now stands.
func (m *Model) confirmBan(msg banStateMsg) {
	if msg.err != nil {
		m.say(posts.Message(msg.err), true)
		return
	}
	ban := !msg.banned
	question := "Ban " + msg.name + "? They can still read, but not comment. y bans, any other key leaves it."
	note := msg.name + " is banned: they can read, but not comment."
	if !ban {
		question = "Unban " + msg.name + "? y lets them comment again, any other key leaves it."
		note = msg.name + " may comment again."
	}
	threads, viewer := m.cs.threads, m.cs.viewer
	m.askToAct(question, note, func(ctx context.Context) error { return threads.Ban(ctx, viewer, msg.author, ban) })
}

// askToAct asks question; a y runs act in the background and tells note,
// or why act failed.
func (m *Model) askToAct(question, note string, act func(context.Context) error) {
	m.cs.confirm = func() tea.Cmd {
		return queryCmd(func(ctx context.Context) tea.Msg {
			return actedMsg{note: note, err: act(ctx)}
		})
	}
	m.say(question, true)
}

// act runs a change to one comment off the event loop.
func (m *Model) act(note string, do func(context.Context) (posts.Comment, error)) tea.Cmd {
	return queryCmd(func(ctx context.Context) tea.Msg {
		c, err := do(ctx)
		return actedMsg{comment: cleanOne(c), note: note, err: err}
	})
}

// displayName is how a comment's author is named in prompts.
func displayName(c posts.Comment) string {
	if name := c.AuthorName; name != "" {
		return name
	}
	return "someone"
}
