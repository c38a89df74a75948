package tui

import (
	"context"
	"fmt"
	"time"

	"github.com/charmbracelet/bubbles/help"
	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"

	"github.com/sshblog/sshblog/blog"
	"github.com/sshblog/sshblog/posts"
)

// modLogSize is how many of the newest moderation actions the log shows.
const modLogSize = 500

// modLogPage lists what the admins did, newest first; enter opens the
// comment an action was about.
type modLogPage struct {
	st      *styles
	blog    *Blog // for the titles of the posts
	actions []posts.ModAction
	loaded  bool
	err     error
	top     int
	cursor  int

	kept keptList[modLogRow, string]

	width, height int
}

// modLogRow is what an action's line is drawn from.
type modLogRow struct {
	action   int // index into actions
	selected bool
	when     string // the action's relative date
	title    string // of the post, which may be retitled while the log is open
}

type modLogMsg struct {
	actions []posts.ModAction
	err     error
}

// openCommentMsg asks to open a post at one of its comments.
type openCommentMsg struct {
	slug string
	id   int64
}

func newModLogPage(st *styles, blog *Blog, threads *blog.Threads, viewer blog.Viewer) (*modLogPage, tea.Cmd) {
	return &modLogPage{st: st, blog: blog}, queryCmd(func(ctx context.Context) tea.Msg {
		actions, err := threads.ModerationLog(ctx, viewer, modLogSize)
		actions, _ = cleanEach(actions, cleanAction)
		return modLogMsg{actions: actions, err: err}
	})
}

func (p *modLogPage) setSize(width, height int) { p.width, p.height = width, height }

// keys offers moving and opening only when there is something to move to.
func (p *modLogPage) keys() help.KeyMap {
	if len(p.actions) == 0 {
		return shortKeys{KeyMap: modLogKeyMap, short: []key.Binding{modLogKeyMap.Back, modLogKeyMap.Quit}}
	}
	return modLogKeyMap
}

func (p *modLogPage) message(msg tea.Msg) tea.Cmd {
	if msg, ok := msg.(modLogMsg); ok {
		p.actions, p.err, p.loaded = msg.actions, msg.err, true
		p.kept.forget()
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
		p.cursor--
	case key.Matches(msg, modLogKeyMap.Down):
		p.cursor++
	case key.Matches(msg, modLogKeyMap.Open):
		if a, ok := p.selected(); ok && a.PostSlug != "" {
			open := openCommentMsg{slug: a.PostSlug, id: a.CommentID}
			return func() tea.Msg { return open }, true
		}
	}
	p.cursor = min(max(p.cursor, 0), max(len(p.actions)-1, 0))
	p.top = min(max(p.top, p.cursor-p.rows()+1), p.cursor)
	return nil, false
}

func (p *modLogPage) selected() (posts.ModAction, bool) {
	if p.cursor >= len(p.actions) {
		return posts.ModAction{}, false
	}
	return p.actions[p.cursor], true
}

func (p *modLogPage) view(now time.Time) string {
	text := max(min(p.width, maxColumn)-4, 1)
	p.kept.in(listLook{p.st, text})
	if p.kept.head == nil {
		title := "Moderation log"
		if p.loaded && p.err == nil {
			title += " · " + posts.Count(len(p.actions), "action")
		}
		p.kept.head = listPageHead(p.st, title, text, p.loaded, p.err, len(p.actions), "the log",
			"Nothing yet. Hide, delete or ban from a comment (press c under a post).")
	}
	lines := append(make([]string, 0, p.height), p.kept.head...) // pageFrame writes into lines
	end := min(p.top+p.rows(), len(p.actions))
	for i := min(p.top, end); i < end; i++ {
		a := p.actions[i]
		r := modLogRow{action: i, selected: i == p.cursor, when: posts.RelativeTime(a.At, now), title: p.title(a.PostSlug)}
		lines = append(lines, p.kept.row(r, func() string { return p.row(r) }))
	}
	p.kept.drawn()
	return pageFrame(p.width, p.height, lines)
}

// row draws an action's line.
func (p *modLogPage) row(r modLogRow) string {
	st, text := p.st, p.kept.look.text
	when := fmt.Sprintf("%-16s", r.when)
	return selectionBar(st, r.selected) + st.meta.Render(when) + fit(describe(p.actions[r.action], r.title), text-18)
}

// title is the title of the post with slug, or the slug of one no longer
// listed.
func (p *modLogPage) title(slug string) string {
	if list, at := p.blog.Listed(slug); at >= 0 {
		return list[at].Title
	}
	return slug
}

// describe says what an admin did: "ann hid comment #12 by bob under “Hello”".
func describe(a posts.ModAction, title string) string {
	who := func(name, fingerprint string) string {
		if name != "" {
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
		return admin + " banned the addresses " + a.Target
	case posts.ModUnbanRange:
		return admin + " unbanned the addresses " + a.Target
	}
	verb := map[string]string{posts.ModHide: "hid", posts.ModUnhide: "unhid", posts.ModDelete: "deleted"}[a.Action]
	return fmt.Sprintf("%s %s comment #%d by %s under “%s”", admin, verb, a.CommentID, target, title)
}

// shortFingerprint shortens "SHA256:abcdefghijk…" to "SHA256:abcdefgh".
func shortFingerprint(fp string) string {
	return fit(fp, 15)
}
