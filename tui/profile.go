package tui

import (
	"context"
	"strings"
	"time"

	"github.com/charmbracelet/bubbles/cursor"
	"github.com/charmbracelet/bubbles/help"
	"github.com/charmbracelet/bubbles/key"
	"github.com/charmbracelet/bubbles/textinput"
	tea "github.com/charmbracelet/bubbletea"

	"github.com/sshblog/sshblog/blog"
	"github.com/sshblog/sshblog/posts"
	"github.com/sshblog/sshblog/tui/wordwrap"
)

// page is a screen that takes the whole area between the header and the
// help bar: the profile, the moderation log.
type page interface {
	// update handles a key; closed reports the reader left the page.
	update(msg tea.KeyMsg) (cmd tea.Cmd, closed bool)
	// message takes any other message meant for the page.
	message(msg tea.Msg) tea.Cmd
	view(now time.Time) string
	keys() help.KeyMap
	setSize(width, height int)
}

// profilePage shows who the reader is here and lets them rename.
type profilePage struct {
	st      *styles
	threads *blog.Threads
	viewer  blog.Viewer

	me         posts.Identity
	registered bool
	loaded     bool
	err        error

	settings Settings               // the reader's choices, shown and changed here
	set      func(Settings) tea.Cmd // applies changed settings to the reader

	name     *textinput.Model // open while renaming
	choosing string           // why a first comment waits for a name; "" when none does
	saved    string           // the name just saved, for the reader to see
	problem  string
	keyList  keyList // the reader's keys, with unlink

	width, height int
}

// meMsg brings the reader's identity.
type meMsg struct {
	me         posts.Identity
	registered bool
	err        error
}

// renamedMsg answers a rename.
type renamedMsg struct {
	name string
	err  error
}

// newProfilePage opens the profile; choosing, when not "", says why a first
// comment needs a name picked, and opens the page to pick it.
func newProfilePage(st *styles, threads *blog.Threads, viewer blog.Viewer, choosing string) (*profilePage, tea.Cmd) {
	p := &profilePage{st: st, threads: threads, viewer: viewer, choosing: choosing}
	if !viewer.Keyed() {
		p.loaded = true
		return p, nil
	}
	return p, p.load()
}

// load asks for the reader's identity as the store has it.
func (p *profilePage) load() tea.Cmd {
	threads, viewer := p.threads, p.viewer
	return queryCmd(func(ctx context.Context) tea.Msg {
		me, registered, err := threads.Me(ctx, viewer)
		return meMsg{me: cleanIdentity(me), registered: registered, err: err}
	})
}

func (p *profilePage) setSize(width, height int) {
	p.width, p.height = width, height
	if p.name != nil {
		p.name.Width = max(min(width, maxColumn)-18, 4)
	}
}

func (p *profilePage) keys() help.KeyMap {
	switch {
	case p.name != nil:
		return renameKeyMap
	case !p.viewer.Keyed():
		return keylessKeyMap
	}
	return p.keyList.keyMap()
}

func (p *profilePage) message(msg tea.Msg) tea.Cmd {
	if cmd, ok := p.keyList.message(msg); ok {
		return cmd
	}
	switch msg := msg.(type) {
	case meMsg:
		p.me, p.registered, p.err, p.loaded = msg.me, msg.registered, msg.err, true
		if p.choosing != "" && p.err == nil && p.saved == "" {
			return p.startRename()
		}
	case renamedMsg:
		if msg.err != nil {
			p.problem = posts.Message(msg.err)
			return nil
		}
		p.saved, p.name, p.problem = msg.name, nil, ""
		return p.load() // a first name made the identity: show it as stored
	}
	return nil
}

func (p *profilePage) update(msg tea.KeyMsg) (tea.Cmd, bool) {
	if p.name != nil {
		return p.updateRename(msg), false
	}
	s := p.settings
	switch {
	case key.Matches(msg, profileKeyMap.Back):
		return nil, true
	case key.Matches(msg, profileKeyMap.Rename) && p.viewer.Keyed() && p.loaded && p.err == nil:
		return p.startRename(), false
	case key.Matches(msg, profileKeyMap.Theme):
		s.Theme = (s.Theme + 1) % (ThemeHighContrast + 1)
	case key.Matches(msg, profileKeyMap.Width):
		s.Narrow = !s.Narrow
	case key.Matches(msg, profileKeyMap.Links):
		s.Links = !s.Links
	case key.Matches(msg, profileKeyMap.Copy):
		s.Copy = !s.Copy
	default:
		cmd, _ := p.keyList.update(msg)
		return cmd, false
	}
	return p.set(s), false
}

func (p *profilePage) startRename() tea.Cmd {
	ti := textinput.New()
	ti.Prompt = ""
	ti.Placeholder = "your name"
	ti.CharLimit = posts.MaxNameLen + 8 // a little over, so a long name gets a message
	ti.Cursor.SetMode(cursor.CursorStatic)
	ti.Cursor.Style = p.st.selTitle
	ti.PlaceholderStyle = p.st.faint
	ti.TextStyle = p.st.title
	ti.SetValue(p.me.Name)
	ti.CursorEnd()
	p.name, p.saved, p.problem = &ti, "", ""
	p.setSize(p.width, p.height)
	return p.name.Focus()
}

func (p *profilePage) updateRename(msg tea.KeyMsg) tea.Cmd {
	switch {
	case key.Matches(msg, renameKeyMap.Cancel):
		p.name, p.problem = nil, ""
		return nil
	case key.Matches(msg, renameKeyMap.Save):
		name := strings.TrimSpace(p.name.Value())
		threads, viewer := p.threads, p.viewer
		return queryCmd(func(ctx context.Context) tea.Msg {
			return renamedMsg{name: name, err: threads.Rename(ctx, viewer, name)}
		})
	}
	var cmd tea.Cmd
	*p.name, cmd = p.name.Update(msg)
	return cmd
}

func (p *profilePage) view(now time.Time) string {
	st := p.st
	column := min(p.width, maxColumn)
	text := max(column-4, 1)
	lines := []string{"", st.postTitle.Render("Your profile"), ""}
	para := func(style func(...string) string, s string) {
		for _, l := range wordwrap.Lines("", "", s, text) { // ssh-keygen stays whole
			lines = append(lines, style(l))
		}
	}
	row := func(label, value string) {
		lines = append(lines, st.label.Render(label)+fit(value, text-10))
	}
	switch {
	case !p.viewer.Keyed():
		para(st.excerpt.Render, "You connected without an SSH key. You can read every post and comment, but to comment you need a key: it is your account here, with no sign-up and no password.")
		lines = append(lines, "")
		para(st.excerpt.Render, "1. Make a key:      ssh-keygen -t ed25519")
		para(st.excerpt.Render, "2. Connect again:   ssh uses the new key by itself.")
		return pageFrame(p.width, p.height, append(lines, p.settingsView(text)...))
	case !p.loaded:
		lines = append(lines, st.meta.Render("Loading…"))
		return pageFrame(p.width, p.height, lines)
	case p.err != nil:
		para(st.errorText.Render, "Could not load your profile: "+posts.Message(p.err))
		return pageFrame(p.width, p.height, lines)
	}
	if p.choosing != "" {
		para(st.excerpt.Render, p.choosing+" Your comment is kept: you will be back at it after saving.")
		lines = append(lines, "")
	}
	switch {
	case p.name != nil:
		lines = append(lines, st.label.Render("Name")+p.name.View())
		lines = append(lines, st.label.Render("")+st.meta.Render(fit(posts.NameRules+"; unique", text-10)))
	case p.me.Name == "":
		row("Name", st.meta.Render("none yet: press r to choose one"))
	case !p.registered:
		row("Name", p.me.Name+st.meta.Render(" (given with your first comment)"))
	default:
		row("Name", st.title.Render(p.me.Name))
	}
	row("Key", p.viewer.LoginKey())
	if p.registered {
		row("Since", posts.RelativeTime(p.me.Created, now))
	}
	if p.viewer.Admin {
		row("Role", "admin: you can moderate comments")
	}
	if p.me.Banned {
		row("Status", st.errorText.Render("banned: you can read, but not comment"))
	}
	lines = append(lines, p.keyList.lines(st, text, now)...)
	lines = append(lines, "")
	switch {
	case p.problem != "":
		para(st.errorText.Render, p.problem)
	case p.saved != "" && p.choosing != "":
		para(st.meta.Render, "Saved. Press esc to go back to your comment.")
	case p.saved != "":
		para(st.meta.Render, "Saved: your comments now appear as "+p.saved+".")
	default:
		para(st.meta.Render, p.keyList.about())
	}
	return pageFrame(p.width, p.height, append(lines, p.settingsView(text)...))
}

// settingsView shows the reader's settings, each with the key that
// changes it, in text cells.
func (p *profilePage) settingsView(text int) []string {
	st, s := p.st, p.settings
	onOff := func(on bool, yes, no string) string {
		if on {
			return yes
		}
		return no
	}
	scope := " · for this visit"
	if p.viewer.Keyed() && p.keyList.accounts != nil {
		scope += "; ssh " + sshTarget(p.keyList.address) + " settings keeps them"
	}
	lines := []string{"", st.postTitle.Render("Settings") + st.meta.Render(fit(scope, text-8)), ""}
	row := func(label, value, change string) {
		lines = append(lines, st.label.Render(label)+fit(value+st.meta.Render(" · "+change), text-10))
	}
	row("Theme", s.Theme.String(), "t changes")
	row("Width", onOff(s.Narrow, "narrow: about 72 characters a line", "wide: about 100 characters a line"), "w changes")
	row("Links", onOff(s.Links, "clickable (OSC 8)", "numbered, listed under their paragraph"), "l changes")
	row("Copying", onOff(s.Copy, "on: y in a post copies its link", "off"), "y changes")
	return lines
}

// pageFrame centres a page's lines in the text column of a window width
// wide and fills height rows.
func pageFrame(width, height int, lines []string) string {
	margin := strings.Repeat(" ", (width-min(width, maxColumn))/2) + "  "
	for i, l := range lines {
		if l != "" {
			lines[i] = margin + l
		}
	}
	return strings.Join(padLines(lines, height), "\n")
}
