package tui

import (
	"context"
	"fmt"
	"time"

	"github.com/charmbracelet/bubbles/help"
	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"

	"github.com/sshblog/sshblog/posts"
)

// modLogSize is how many of the newest moderation actions the log shows.
const modLogSize = 500

// modLogPage lists what the admins did, newest first.
type modLogPage struct {
	st      *styles
	actions []posts.ModAction
	loaded  bool
	err     error
	top     int

	width, height int
}

type modLogMsg struct {
	actions []posts.ModAction
	err     error
}

func newModLogPage(st *styles, threads *Threads, viewer Viewer) (*modLogPage, tea.Cmd) {
	return &modLogPage{st: st}, func() tea.Msg {
		ctx, cancel := context.WithTimeout(context.Background(), queryTimeout)
		defer cancel()
		actions, err := threads.ModerationLog(ctx, viewer, modLogSize)
		return modLogMsg{actions: actions, err: err}
	}
}

func (p *modLogPage) setSize(width, height int) { p.width, p.height = width, height }

func (p *modLogPage) keys() help.KeyMap { return modLogKeyMap }

func (p *modLogPage) message(msg tea.Msg) tea.Cmd {
	if msg, ok := msg.(modLogMsg); ok {
		p.actions, p.err, p.loaded = msg.actions, msg.err, true
	}
	return nil
}

// rows is how many actions fit below the title.
func (p *modLogPage) rows() int { return max(p.height-3, 1) }

func (p *modLogPage) update(msg tea.KeyMsg) (tea.Cmd, bool) {
	switch {
	case key.Matches(msg, modLogKeyMap.Back):
		return nil, true
	case key.Matches(msg, modLogKeyMap.Up):
		p.top--
	case key.Matches(msg, modLogKeyMap.Down):
		p.top++
	}
	p.top = min(max(p.top, 0), max(len(p.actions)-p.rows(), 0))
	return nil, false
}

func (p *modLogPage) view(now time.Time) string {
	st := p.st
	text := max(min(p.width, maxColumn)-4, 1)
	title := "Moderation log"
	if p.loaded && p.err == nil {
		title += " · " + posts.Count(len(p.actions), "action")
	}
	lines := []string{"", st.postTitle.Render(fit(title, text)), ""}
	switch {
	case !p.loaded:
		lines = append(lines, st.meta.Render("Loading…"))
	case p.err != nil:
		lines = append(lines, st.errorText.Render(fit("Could not load the log: "+posts.Message(p.err), text)))
	case len(p.actions) == 0:
		lines = append(lines, st.meta.Render(fit("Nothing yet. Hide, delete or ban from a comment (press c under a post).", text)))
	}
	end := min(p.top+p.rows(), len(p.actions))
	for _, a := range p.actions[min(p.top, end):end] {
		when := fmt.Sprintf("%-16s", posts.RelativeTime(a.At, now))
		lines = append(lines, st.meta.Render(when)+fit(describe(a), text-16))
	}
	return pageFrame(p.width, p.height, lines)
}

// describe says what an admin did: "ann hid comment #12 by bob".
func describe(a posts.ModAction) string {
	who := func(name, fingerprint string) string {
		if name = posts.CleanLine(name); name != "" {
			return name
		}
		return shortFingerprint(fingerprint)
	}
	admin, target := who(a.AdminName, a.Admin), who(a.TargetName, a.Target)
	switch a.Action {
	case posts.ModBan:
		return admin + " banned " + target
	case posts.ModUnban:
		return admin + " unbanned " + target
	case posts.ModBanRange:
		return admin + " banned the addresses " + posts.CleanLine(a.Target)
	case posts.ModUnbanRange:
		return admin + " unbanned the addresses " + posts.CleanLine(a.Target)
	}
	verb := map[string]string{posts.ModHide: "hid", posts.ModUnhide: "unhid", posts.ModDelete: "deleted"}[a.Action]
	return fmt.Sprintf("%s %s comment #%d by %s", admin, verb, a.CommentID, target)
}

// shortFingerprint shortens "SHA256:abcdefghijk…" to "SHA256:abcdefgh".
func shortFingerprint(fp string) string {
	return fit(posts.CleanLine(fp), 15)
}
