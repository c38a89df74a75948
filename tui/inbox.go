package tui

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/charmbracelet/bubbles/help"
	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"

	"github.com/sshblog/sshblog/blog"
	"github.com/sshblog/sshblog/posts"
)

// The inbox: replies to the reader, counted in the header on arrival and
// live, listed on their own page (R from the list).

// inboxCountMsg brings how many unread items wait.
type inboxCountMsg struct {
	n    int
	live bool // counted because one just came in
}

// countInbox asks how many unread items came after since (zero: all).
func (m *Model) countInbox(since time.Time, live bool) tea.Cmd {
	inbox, viewer := m.cs.inbox, m.cs.viewer
	if inbox == nil || !viewer.Keyed() {
		return nil
	}
	return queryCmd(func(ctx context.Context) tea.Msg {
		n, _ := inbox.Unread(ctx, viewer, since) // a count is a nicety
		return inboxCountMsg{n: n, live: live}
	})
}

// inboxChanged counts again when the hub says an item came in.
func (m *Model) inboxChanged(msg changesMsg) tea.Cmd {
	if !msg.inbox {
		return nil
	}
	return m.countInbox(time.Time{}, true)
}

func (m *Model) countedInbox(msg inboxCountMsg) tea.Cmd {
	switch {
	case msg.n == 0:
		m.cs.inboxNote = ""
		return nil
	case msg.live:
		m.cs.inboxNote = replies(msg.n, "new ") + " · R to read"
	default:
		m.cs.inboxNote = replies(msg.n, "") + " since your last visit · R to read"
	}
	var bell tea.Cmd
	if msg.live && m.settings.Bell {
		bell = func() tea.Msg { return bellMsg{} }
	}
	if msg.live && m.reading {
		return tea.Batch(bell, m.sayForAWhile("A reply to you just came in: R in the list shows it."))
	}
	return bell
}

// replies says "1 reply", "2 new replies".
func replies(n int, adjective string) string {
	if n == 1 {
		return "1 " + adjective + "reply"
	}
	return fmt.Sprintf("%d %sreplies", n, adjective)
}

// openInbox opens the inbox page, or says why a reader has none: the help
// offers it only to readers with a key, but another may press R.
func (m *Model) openInbox() tea.Cmd {
	switch {
	case m.cs.viewer.User == "guest":
		m.say("guest has no inbox: connect with your SSH key, as any other user, to see replies to you.", true)
		return nil
	case !m.cs.viewer.Keyed():
		m.say("Replies wait for readers with an SSH key: make one with ssh-keygen -t ed25519, then connect again.", true)
		return nil
	}
	p := &inboxPage{st: m.st, inbox: m.cs.inbox, viewer: m.cs.viewer}
	m.cs.page, m.cs.inboxNote = p, ""
	m.resize(m.width, m.height)
	return p.load()
}

// inboxPage lists the reader's inbox newest first, unread ones marked;
// what it shows is read from then on. Enter opens the post at that comment.
type inboxPage struct {
	st     *styles
	inbox  *blog.Inbox
	viewer blog.Viewer
	items  []posts.InboxItem
	unread int // of items, counted once as they come, not in every frame
	loaded bool
	err    error
	note   string // what the last mute did
	top    int
	cursor int

	kept keptList[inboxRow, [2]string]

	width, height int
}

// inboxRow is what an item's two lines are drawn from.
type inboxRow struct {
	item     int // index into items
	selected bool
	when     string // the item's relative date
}

type inboxMsg struct {
	items []posts.InboxItem
	err   error
}

type mutedMsg struct {
	what string
	err  error
}

func (p *inboxPage) load() tea.Cmd {
	inbox, viewer := p.inbox, p.viewer
	return queryCmd(func(ctx context.Context) tea.Msg {
		items, err := inbox.Items(ctx, viewer, true)
		if err == nil {
			err = inbox.Seen(ctx, viewer, items)
		}
		items, _ = cleanEach(items, cleanInboxItem)
		return inboxMsg{items: items, err: err}
	})
}

// cleanInboxItem makes an item safe to draw, as comments are.
func cleanInboxItem(it posts.InboxItem) (posts.InboxItem, bool) {
	var changed bool
	it.Comment, changed = cleanComment(it.Comment)
	return it, line(&it.PostTitle) || changed
}

var inboxKeyMap = inboxKeys{
	Up:         key.NewBinding(key.WithKeys("k", "up"), key.WithHelp("↑/k", "up")),
	Down:       key.NewBinding(key.WithKeys("j", "down"), key.WithHelp("↓/j", "down")),
	Open:       key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "open")),
	MuteThread: key.NewBinding(key.WithKeys("m"), key.WithHelp("m", "mute thread")),
	MuteAuthor: key.NewBinding(key.WithKeys("M"), key.WithHelp("M", "mute author")),
	Back:       key.NewBinding(key.WithKeys("esc", "R", "backspace", "left", "h"), key.WithHelp("esc", "back")),
	Quit:       key.NewBinding(key.WithKeys("q", "ctrl+c"), key.WithHelp("q", "quit")),
}

type inboxKeys struct{ Up, Down, Open, MuteThread, MuteAuthor, Back, Quit key.Binding }

func (k inboxKeys) ShortHelp() []key.Binding {
	return []key.Binding{k.Down, k.Open, k.MuteThread, k.MuteAuthor, k.Back, k.Quit}
}
func (k inboxKeys) FullHelp() [][]key.Binding { return [][]key.Binding{k.ShortHelp()} }

func (p *inboxPage) keys() help.KeyMap {
	if len(p.items) == 0 {
		return shortKeys{KeyMap: inboxKeyMap, short: []key.Binding{inboxKeyMap.Back, inboxKeyMap.Quit}}
	}
	return inboxKeyMap
}

func (p *inboxPage) setSize(width, height int) { p.width, p.height = width, height }

func (p *inboxPage) message(msg tea.Msg) tea.Cmd {
	switch msg := msg.(type) {
	case inboxMsg:
		p.items, p.err, p.loaded = msg.items, msg.err, true
		p.kept.forget() // drawn from the items before
		p.unread = 0
		for _, it := range p.items {
			if it.Unread {
				p.unread++
			}
		}
	case mutedMsg:
		p.note = "Muted " + msg.what + ": it no longer comes to your inbox."
		if msg.err != nil {
			p.note = posts.Message(msg.err)
			return nil
		}
		return p.load()
	}
	return nil
}

// rows is how many items fit: two lines each, under the title.
func (p *inboxPage) rows() int { return max((p.height-4)/2, 1) }

func (p *inboxPage) update(msg tea.KeyMsg) (tea.Cmd, bool) {
	it, ok := p.selected()
	switch {
	case key.Matches(msg, inboxKeyMap.Back):
		return nil, true
	case key.Matches(msg, inboxKeyMap.Up):
		p.cursor--
	case key.Matches(msg, inboxKeyMap.Down):
		p.cursor++
	case key.Matches(msg, inboxKeyMap.Open) && ok:
		open := openCommentMsg{slug: it.PostSlug, id: it.ID}
		return func() tea.Msg { return open }, true
	case key.Matches(msg, inboxKeyMap.MuteThread) && ok:
		return p.mute(posts.InboxMute{Thread: it.Thread()}, "that thread"), false
	case key.Matches(msg, inboxKeyMap.MuteAuthor) && ok:
		return p.mute(posts.InboxMute{Author: it.Author}, authorName(it.Comment)), false
	}
	p.cursor = min(max(p.cursor, 0), max(len(p.items)-1, 0))
	p.top = min(max(p.top, p.cursor-p.rows()+1), p.cursor)
	return nil, false
}

func (p *inboxPage) mute(m posts.InboxMute, what string) tea.Cmd {
	inbox, viewer := p.inbox, p.viewer
	return queryCmd(func(ctx context.Context) tea.Msg {
		return mutedMsg{what: what, err: inbox.Mute(ctx, viewer, m, true)}
	})
}

func (p *inboxPage) selected() (posts.InboxItem, bool) {
	if p.cursor >= len(p.items) {
		return posts.InboxItem{}, false
	}
	return p.items[p.cursor], true
}

// authorName is who wrote c, as the inbox names them.
func authorName(c posts.Comment) string {
	if c.AuthorName != "" {
		return c.AuthorName
	}
	return "someone"
}

func (p *inboxPage) view(now time.Time) string {
	st := p.st
	text := max(min(p.width, maxColumn)-4, 1)
	p.kept.in(listLook{st, text})
	if p.kept.head == nil {
		title := "Replies to you"
		if p.loaded && p.err == nil && len(p.items) > 0 { // empty, the page says so in words
			title += fmt.Sprintf(" · %d new of %d", p.unread, len(p.items))
		}
		p.kept.head = listPageHead(st, title, text, p.loaded, p.err, len(p.items), "your replies",
			"Nothing yet: replies to your comments, and comments in threads you started, come here.")
	}
	lines := append(make([]string, 0, p.height), p.kept.head...) // pageFrame writes into lines
	end := min(p.top+p.rows(), len(p.items))
	for i := min(p.top, end); i < end; i++ {
		r := inboxRow{item: i, selected: i == p.cursor, when: posts.RelativeTime(p.items[i].Created, now)}
		row := p.kept.row(r, func() [2]string { return p.row(r) })
		lines = append(lines, row[0], row[1])
	}
	p.kept.drawn()
	if p.note != "" {
		lines = append(lines, "", st.meta.Render(fit(p.note, text)))
	}
	return pageFrame(p.width, p.height, lines)
}

// row draws an item's two lines.
func (p *inboxPage) row(r inboxRow) [2]string {
	st, text, it := p.st, p.kept.look.text, p.items[r.item]
	head := authorName(it.Comment) + " under “" + it.PostTitle + "” · " + r.when
	if it.Unread {
		head = "new · " + head
	}
	first, _, _ := strings.Cut(it.Body, "\n")
	return [2]string{selectionBar(st, r.selected) + st.title.Render(fit(head, text-2)), "  " + st.meta.Render(fit(first, text-2))}
}
