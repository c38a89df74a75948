// Package tui is the blog's terminal reader: Bubble Tea models, keys and
// styles, the caches of what sessions draw alike (rendered posts, laid-out
// comments, list entries, help bars), and the screen that draws frames on a
// remote terminal. It draws and handles keys; the rules, the shared post list
// and live changes are package blog's, which it asks.
package tui

import (
	"fmt"
	"strings"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"
	"github.com/charmbracelet/x/ansi"

	"github.com/sshblog/sshblog/blog"
)

// The smallest window the layout works in: a header, one post and the help bar.
const (
	minWidth  = 30
	minHeight = 8
)

// Options are what one reader's session brings.
type Options struct {
	Look          Look
	Settings      Settings // the reader's choices; DefaultSettings for a new session
	Width, Height int
	// Now is the clock for relative dates; the blog's when nil.
	Now func() time.Time
	// Threads serves comments; nil shows posts without them.
	Threads *blog.Threads
	// Accounts lists and unlinks the reader's keys; nil shows none.
	Accounts *blog.Accounts
	// Inbox shows what waits for the reader; nil shows nothing.
	Inbox *blog.Inbox
	// Reading keeps the reader's places in posts, starting from
	// ReadingState; nil keeps none.
	Reading      *blog.Reading
	ReadingState blog.ReadingState
	// NewSince marks posts published after it as new to this reader (their
	// last visit); zero marks none.
	NewSince time.Time
	// Viewer is who reads; Listener is pointed at what they look at (may be
	// nil), and its changes reach the model through Session.Follow.
	Viewer   blog.Viewer
	Listener *blog.Listener
}

// Model is one reader's view of the blog: the list, and the post they read.
type Model struct {
	blog     *Blog
	st       *styles
	look     Look // the terminal's, before the settings
	settings Settings
	now      func() time.Time
	after    func(time.Duration, tea.Msg) tea.Cmd // a one-shot timer that brings msg

	width, height int
	list          listView
	post          postView
	reading       bool
	fullHelp      bool
	cs            commentState
	head          struct {
		key headerKey
		bar string
	}
	noticeKept struct { // see noticeDrawn
		key   noticeKey
		lines []string
	}
}

// New makes a reader for one session.
func New(site *Blog, opt Options) *Model {
	look := opt.Settings.look(opt.Look)
	st := stylesFor(look)
	m := &Model{
		blog:     site,
		st:       st,
		look:     opt.Look,
		settings: opt.Settings,
		now:      opt.Now,
		list:     newListView(st, site, opt.NewSince),
		post:     newPostView(st, site, look),
	}
	if m.now == nil {
		m.now = site.Now
	}
	m.after = tickAfter
	m.cs = commentState{threads: opt.Threads, accounts: opt.Accounts, inbox: opt.Inbox, viewer: opt.Viewer, listener: opt.Listener}
	m.list.admin = opt.Viewer.Admin
	if opt.Viewer.Admin {
		m.list.howTo = "Publish a post from your computer with " + blog.ScpCommand(site.Address, "post.md") +
			" (a Markdown file with front matter; see ssh " + sshTarget(site.Address) + " help)."
	}
	m.post.thread = threadView{st: st, threads: opt.Threads, layouts: site.layouts, viewer: opt.Viewer}
	m.post.memory = newMemory(opt.Reading, opt.Viewer, opt.ReadingState)
	m.list.memory = m.post.memory
	m.resize(opt.Width, opt.Height)
	return m
}

// tickAfter is a one-shot timer: a command that brings msg after d.
func tickAfter(d time.Duration, msg tea.Msg) tea.Cmd {
	return tea.Tick(d, func(time.Time) tea.Msg { return msg })
}

// Init implements tea.Model.
func (m *Model) Init() tea.Cmd {
	return tea.Batch(m.linkNotices(), m.countInbox(m.list.since, false))
}

// Update implements tea.Model.
func (m *Model) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	switch msg := msg.(type) {
	case tea.WindowSizeMsg:
		return m, m.resize(msg.Width, msg.Height)
	case renderedMsg:
		if m.reading {
			cmd := m.post.rendered(msg)
			m.tellResumed()
			return m, cmd
		}
	case searchResultsMsg:
		cmd := m.list.search.found(msg, m.blog)
		m.list.clamp()
		return m, cmd
	case tea.MouseMsg:
		if m.reading && msg.Action == tea.MouseActionPress {
			m.post.keep = nil
			m.post.wheel(msg)
			m.post.seeComments()
		}
	case tea.KeyMsg:
		keys := splitKeys(msg)
		if keys == nil {
			keys = m.escThenKey(msg)
		}
		if keys != nil {
			cmds := make([]tea.Cmd, 0, len(keys))
			for _, k := range keys {
				_, cmd := m.Update(k)
				cmds = append(cmds, cmd)
			}
			return m, tea.Batch(cmds...)
		}
		m.post.keep = nil // the reader moves on from where a resize kept them
		cmd := m.key(msg)
		m.tellResumed()
		m.follow()
		m.post.seeComments()
		return m, tea.Batch(cmd, m.moreComments())
	default:
		return m, m.commentMsg(msg)
	}
	return m, nil
}

// splitKeys breaks a run of letters that arrived together (typed fast, a
// held key over a slow link) into one key each, so that "jjj" moves three
// times instead of matching no binding; nil when msg is one key or a paste,
// which text boxes take whole.
func splitKeys(msg tea.KeyMsg) []tea.Msg {
	if msg.Type != tea.KeyRunes || msg.Paste || len(msg.Runes) < 2 {
		return nil
	}
	keys := make([]tea.Msg, len(msg.Runes))
	for i, r := range msg.Runes {
		keys[i] = tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune{r}, Alt: msg.Alt}
	}
	return keys
}

// escThenKey reads alt+letter as esc then the letter: a terminal sends
// alt+j as ESC j, the very bytes of esc typed quickly before j, and keys
// typed quickly come in one read. The comment composer keeps alt: its editor
// binds alt+b and the like and types the letter of any other, where an esc
// read into it would ask to throw the draft away. nil for any other key.
func (m *Model) escThenKey(msg tea.KeyMsg) []tea.Msg {
	if !msg.Alt || msg.Type != tea.KeyRunes || msg.Paste || m.mode() == modeComposer {
		return nil
	}
	msg.Alt = false
	return []tea.Msg{tea.KeyMsg{Type: tea.KeyEscape}, msg}
}

func (m *Model) key(msg tea.KeyMsg) tea.Cmd {
	if msg.String() == "ctrl+c" {
		return m.interrupt(msg)
	}
	m.cs.notice = "" // a notice lasts until the next key
	cmd, _ := m.route(msg)
	return cmd
}

// step opens the post delta places away in the list, moving the list's
// selection with it so going back lands on the post last read.
func (m *Model) step(delta int) tea.Cmd {
	m.list.selectSlug(m.post.post.Slug)
	p, ok := m.list.neighbour(delta)
	if !ok {
		m.say(m.post.endOfList(delta), false)
		return nil
	}
	m.list.selectSlug(p.Slug)
	cmd := m.post.open(p, m.now())
	m.showNeighbours()
	return cmd
}

// showNeighbours tells the open post which posts n and p open: its
// neighbours in the list. A post no longer listed (taken down) keeps the
// ones it had.
func (m *Model) showNeighbours() {
	m.list.selectSlug(m.post.post.Slug)
	if p, _ := m.list.selected(); p.Slug != m.post.post.Slug {
		return
	}
	next, _ := m.list.neighbour(1)
	prev, _ := m.list.neighbour(-1)
	m.post.setNeighbours(next.Title, prev.Title, m.list.tag != "" || m.list.search.query != "")
}

func (m *Model) toggleHelp() tea.Cmd {
	m.fullHelp = !m.fullHelp
	return m.resize(m.width, m.height)
}

// helpView is the help bar: one line, or every key when asked for.
func (m *Model) helpView() string {
	keys := m.keys()
	k := helpKeyOf(keys, m.column()-2, m.fullHelp)
	return m.st.helpBars.get(k, func() string {
		h := m.st.help
		h.ShowAll, h.Width = k.full, k.width
		return h.View(keys)
	})
}

// resize lays every part out for a window of width × height.
func (m *Model) resize(width, height int) tea.Cmd {
	m.width, m.height = clampSize(width, height)
	width, height = m.column(), m.height
	area := max(height-1-m.footerHeight(), 1) // the header bar takes a line
	m.list.setSize(width, area)
	if m.cs.page != nil {
		m.cs.page.setSize(width, area)
	}
	if m.cs.composer != nil {
		h := composerHeight(area)
		m.cs.composer.setSize(width, h)
		area = max(area-h, 1)
	}
	return m.post.setSize(width, area, m.now())
}

func (m *Model) footerHeight() int {
	if !m.fullHelp {
		return 1
	}
	return lipgloss.Height(m.helpView()) + 1 // and a blank line above
}

// column is the width of the one column every screen is drawn in; wider
// windows centre it, so the header, the list and the post share one left
// edge however wide the window is. A reader who chose the narrow width
// reads in narrowColumn.
func (m *Model) column() int {
	if m.settings.Narrow {
		return min(m.width, narrowColumn)
	}
	return min(m.width, maxColumn)
}

// narrowColumn is the narrow setting's column: about 72 characters of text.
const narrowColumn = 76

// View implements tea.Model.
func (m *Model) View() string {
	if m.width < minWidth || m.height < minHeight {
		return m.tooSmall()
	}
	var b strings.Builder
	b.WriteString(m.header())
	b.WriteByte('\n')
	switch m.shown() {
	case modePage:
		b.WriteString(m.withNotice(m.cs.page.view(m.now())))
	case modeComposer:
		b.WriteString(m.withNotice(m.post.view()) + "\n" + m.cs.composer.view())
	case modePost, modeThread:
		b.WriteString(m.withNotice(m.post.view()))
	default:
		b.WriteString(m.withNotice(m.list.view(m.now())))
	}
	b.WriteByte('\n')
	b.WriteString(m.footer())
	return centred(b.String(), m.width-m.column())
}

// centred moves the lines of frame right by half of spare, leaving empty
// lines empty.
func centred(frame string, spare int) string {
	if spare < 2 {
		return frame
	}
	margin := strings.Repeat(" ", spare/2)
	lines := strings.Split(frame, "\n")
	for i, l := range lines {
		if l != "" {
			lines[i] = margin + l
		}
	}
	return strings.Join(lines, "\n")
}

func (m *Model) header() string {
	note, warning := "", false
	switch problems := m.blog.Problems(); {
	case m.cs.viewer.Admin && len(problems) > 0:
		// Only admins can fix the posts folder, so only they are told.
		note, warning = problemsNote(problems), true
	case m.reading:
		note = m.post.post.Title
	case m.cs.inboxNote != "":
		note = m.cs.inboxNote
	}
	// Drawn with every frame, it changes only with the width or the note.
	key := headerKey{width: m.column(), note: note, warning: warning}
	if m.head.key == key && m.head.bar != "" {
		return m.head.bar
	}
	bar := " " + m.st.header.Render(fit(m.blog.Name, m.column()-3))
	style := m.st.headerNote
	if warning {
		style = m.st.headerWarning
	}
	if room := m.column() - lipgloss.Width(bar) - 2; room > 3 && note != "" {
		bar += style.Render(fitNote(note, room))
	}
	m.head.key, m.head.bar = key, bar
	return bar
}

// headerKey is what the header bar is drawn from.
type headerKey struct {
	width   int
	note    string
	warning bool
}

func (m *Model) footer() string {
	helpText := m.helpView()
	if m.fullHelp {
		return "\n" + indent(helpText)
	}
	if md := m.shown(); md != modePost && md != modeThread {
		return "  " + helpText
	}
	pos := m.st.status.Render(m.post.position())
	if cue := m.post.cue(); cue != "" {
		pos = m.st.commentName.Render(cue) + m.st.status.Render(" · ") + pos
	}
	room := m.column() - lipgloss.Width(pos) - 3
	helpText = fit(helpText, room-1)
	gap := max(room-lipgloss.Width(helpText), 1)
	return "  " + helpText + strings.Repeat(" ", gap) + pos
}

// sshTarget is address, or HOST before the server knows it.
func sshTarget(address string) string {
	if strings.TrimSpace(address) == "" {
		return "HOST"
	}
	return strings.TrimSpace(address)
}

func indent(s string) string {
	return "  " + strings.ReplaceAll(s, "\n", "\n  ")
}

func (m *Model) tooSmall() string {
	msg := fmt.Sprintf("Make the window larger: at least %d×%d (now %d×%d). q quits.", minWidth, minHeight, m.width, m.height)
	return ansi.Wrap(msg, max(m.width, 1), "")
}
