package tui

import (
	"context"
	"fmt"
	"net/netip"

	tea "github.com/charmbracelet/bubbletea"

	"github.com/sshblog/sshblog/posts"
)

// askBanRange looks up the address sel was posted from and whether it is
// banned, to ask the question that fits, as askBan does for its author.
func (m *Model) askBanRange(sel posts.Comment) tea.Cmd {
	threads, viewer, name := m.cs.threads, m.cs.viewer, displayName(sel)
	return queryCmd(func(ctx context.Context) tea.Msg {
		prefix, banned, err := threads.CommentRange(ctx, viewer, sel.ID)
		return rangeStateMsg{prefix: prefix, name: name, banned: banned, err: err}
	})
}

// rangeStateMsg brings a comment's address range and whether it is banned.
type rangeStateMsg struct {
	prefix netip.Prefix // invalid when the address is no longer kept
	name   string       // the comment's author
	banned bool
	err    error
}

// confirmBanRange asks the admin to ban or unban the range, as it now stands.
func (m *Model) confirmBanRange(msg rangeStateMsg) {
	switch {
	case msg.err != nil:
		m.say(posts.Message(msg.err), true)
		return
	case !msg.prefix.IsValid():
		m.say(fmt.Sprintf("The address of %s’s comment is not kept (addresses are forgotten after %d days).",
			msg.name, int(posts.AddressRetention.Hours()/24)), true)
		return
	}
	ban, r := !msg.banned, msg.prefix.String()
	question := fmt.Sprintf("Ban %s, the address %s’s comment came from? No key from it can comment; reading goes on. y bans, any other key leaves it.", r, msg.name)
	note := r + " is banned: no key from it can comment."
	if !ban {
		question = fmt.Sprintf("Unban %s, the address %s’s comment came from? y lets it comment again, any other key leaves it.", r, msg.name)
		note = r + " may comment again."
	}
	threads, viewer := m.cs.threads, m.cs.viewer
	m.askToAct(question, note, func(ctx context.Context) error { return threads.BanRange(ctx, viewer, msg.prefix, ban) })
}
