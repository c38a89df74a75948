package tui

import (
	"context"
	"errors"
	"strings"
	"time"

	"github.com/charmbracelet/bubbles/help"
	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"

	"github.com/sshblog/sshblog/blog"
	"github.com/sshblog/sshblog/posts"
)

// commentState is the part of a reader's model that deals with comments,
// names and moderation.
type commentState struct {
	threads   *blog.Threads
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

// actedMsg answers a delete or a moderation action.
type actedMsg struct {
	comment posts.Comment // the comment as it now is; zero for bans
	note    string        // what to tell the reader when it worked
	err     error
}

func (m *Model) say(note string, warning bool) {
	m.cs.notice, m.cs.warning = note, warning
	m.cs.noticeID++
}

// noticeShown is how long a notice that needs no answer stays, unless a
// key ends it first.
const noticeShown = 4 * time.Second

// noticeExpiredMsg ends the notice numbered id, if it is still shown.
type noticeExpiredMsg struct{ id int }

// sayForAWhile shows note until the next key or for noticeShown, with one
// timer for this notice: no ticking.
func (m *Model) sayForAWhile(note string) tea.Cmd {
	m.say(note, false)
	return m.after(noticeShown, noticeExpiredMsg{m.cs.noticeID})
}

// noticeRows is how many rows of the post area the notice covers.
func (m *Model) noticeRows() int {
	if m.cs.notice == "" {
		return 0
	}
	return len(wrapWords(m.cs.notice, m.width-2)) + 1
}

// withNotice draws the notice over the last rows of area, the part of the
// frame above the help bar: wrapped whole, after a blank row, so that the
// key hints stay where they are.
func (m *Model) withNotice(area string) string {
	if m.cs.notice == "" {
		return area
	}
	style := m.st.meta
	if m.cs.warning {
		style = m.st.errorText
	}
	rows := strings.Split(area, "\n")
	note := append([]string{""}, wrapWords(m.cs.notice, m.column()-4)...)
	note = note[max(len(note)-len(rows), 0):]
	for i, l := range note {
		if l != "" {
			l = "  " + style.Render(l)
		}
		rows[len(rows)-len(note)+i] = l
	}
	return strings.Join(rows, "\n")
}

// commentMsg takes the messages of comments, pages and the hub.
func (m *Model) commentMsg(msg tea.Msg) tea.Cmd {
	switch msg := msg.(type) {
	case changesMsg:
		return tea.Batch(m.applyChanges(msg), waitFor(m.cs.listener), m.moreComments())
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
	case meMsg, renamedMsg, modLogMsg:
		if m.cs.page != nil {
			return m.cs.page.message(msg)
		}
	}
	return nil
}

// applyChanges merges what other sessions (and this one) committed, and
// posts published, edited or taken down.
func (m *Model) applyChanges(msg changesMsg) tea.Cmd {
	m.list.setPosts(m.blog.Posts())
	if !m.reading {
		return nil
	}
	m.showNeighbours()
	var cmd tea.Cmd
	if msg.posts {
		cmd = m.postChanged()
	}
	// A reader at the end follows the thread as it grows, as tail -f does;
	// one elsewhere keeps their place and is told of what came below.
	following := m.post.maxTop() > 0 && m.post.atEnd()
	var added []int64
	m.changeThread(func(t *threadView) {
		if msg.lost {
			t.reload()
			return
		}
		for _, c := range msg.comments {
			if t.apply(c) && t.visibleTo(c) {
				added = append(added, c.ID)
			}
		}
	})
	if following {
		m.post.top = m.post.maxTop()
	} else {
		m.post.thread.unseen = append(m.post.thread.unseen, added...)
		m.post.seeComments()
	}
	return cmd
}

// postChanged shows the new version of the open post, where the reader was,
// or says it was taken down.
func (m *Model) postChanged() tea.Cmd {
	for _, p := range m.blog.Posts() {
		if p.Slug != m.post.post.Slug {
			continue
		}
		if p.Revision == m.post.post.Revision {
			return nil
		}
		m.say("This post was just updated.", false)
		return m.post.replace(p, m.now())
	}
	m.post.gone = true
	m.say("This post has been taken down; esc goes back to the list.", true)
	return nil
}

// follow points the listener at what the reader now shows.
func (m *Model) follow() {
	slug := ""
	if m.reading {
		slug = m.post.post.Slug
	}
	if slug == m.cs.following {
		return
	}
	m.cs.following = slug
	m.cs.listener.Follow(slug)
	if slug == "" {
		m.list.setPosts(m.blog.Posts()) // counts may have changed meanwhile
	}
}

// changeThread applies change to the comments and lays them out again,
// keeping the comment at the top of the window where it was. The anchor is
// taken before the change, from the layout the reader sees.
func (m *Model) changeThread(change func(t *threadView)) {
	v := &m.post
	start := v.threadStart()
	id, offset, anchored := v.thread.anchor(v.top - start)
	anchored = anchored && v.top > start
	change(&v.thread)
	if v.post.Slug == "" {
		return // no post was opened: nothing is laid out, opening does it
	}
	v.thread.layout(v.textWidth(), m.now())
	if anchored {
		if line, ok := v.thread.lineOf(id); ok {
			v.top = start + line + offset
		}
	}
	v.clamp()
}

// openComment opens a post at one of its comments, selected once its page
// has come.
func (m *Model) openComment(msg openCommentMsg) tea.Cmd {
	for _, p := range m.blog.Posts() {
		if p.Slug == msg.slug {
			m.reading = true
			cmd := m.post.open(p, m.now())
			m.showNeighbours()
			m.follow()
			m.post.thread.wanted = msg.id
			return cmd
		}
	}
	m.say("That post is no longer published.", true)
	return nil
}

// selectWanted selects the comment the reader asked to be shown, once it is
// loaded, asking for more pages until it is.
func (m *Model) selectWanted() tea.Cmd {
	t := &m.post.thread
	if t.wanted == 0 || t.loading {
		return nil
	}
	for _, i := range t.shown {
		if t.all[i].ID == t.wanted {
			t.focused, t.selID, t.wanted = true, t.wanted, 0
			m.showSelected()
			return nil
		}
	}
	if t.more && t.err == nil {
		return t.next()
	}
	t.wanted = 0
	m.say("That comment is no longer shown.", true)
	return nil
}

// moreComments asks for the next page once the reader nears the thread's end.
func (m *Model) moreComments() tea.Cmd {
	v := &m.post
	if !m.reading || v.top+2*v.height < v.total() {
		return nil
	}
	return v.thread.next()
}

// showSelected scrolls the selected comment into view, above the notice.
func (m *Model) showSelected() {
	v := &m.post
	first, end, ok := v.thread.span()
	if !ok {
		return
	}
	start := v.threadStart()
	if height := max(v.height-m.noticeRows(), 1); start+end > v.top+height {
		v.top = start + end - height
	}
	if start+first < v.top {
		v.top = start + first
	}
	v.clamp()
}

// commentKey handles the keys of pages, the composer, the thread and the
// ways into them; handled is false for keys the rest of the model owns.
func (m *Model) commentKey(msg tea.KeyMsg) (cmd tea.Cmd, handled bool) {
	if m.cs.threads == nil {
		return nil, false
	}
	if confirm := m.cs.confirm; confirm != nil {
		m.cs.confirm = nil
		if key.Matches(msg, composerKeyMap.Yes) {
			return confirm(), true
		}
		return nil, true
	}
	switch {
	case m.cs.page != nil:
		cmd, closed := m.cs.page.update(msg)
		if closed {
			cmd = tea.Batch(cmd, m.closePage())
		}
		return cmd, true
	case m.cs.composer != nil:
		cmd, done := m.cs.composer.update(msg, m.cs.composer.sendCmd(m.cs.threads, m.cs.viewer))
		if done {
			m.cs.composer = nil
			m.resize(m.width, m.height)
		}
		return cmd, true
	case m.reading && len(m.post.thread.unseen) > 0 && key.Matches(msg, readingKeyMap.NewComments):
		t := &m.post.thread
		t.focused, t.selID = true, t.unseen[0]
		m.showSelected()
		return m.moreComments(), true
	case m.reading && m.post.thread.focused:
		return m.threadKey(msg)
	}
	if m.reading {
		switch {
		case key.Matches(msg, readingKeyMap.Comments):
			m.post.thread.focused = true
			m.post.thread.move(0)
			m.post.top = m.post.threadStart()
			m.post.clamp()
			return m.moreComments(), true
		case key.Matches(msg, readingKeyMap.Write):
			return m.compose("Comment on “"+m.post.post.Title+"”", 0, 0, ""), true
		}
	} else if m.list.capturesKeys() {
		return nil, false
	}
	switch {
	case key.Matches(msg, readingKeyMap.Profile):
		return m.openProfile(""), true
	case key.Matches(msg, problemsKey) && m.cs.viewer.Admin && len(m.blog.Problems()) > 0:
		m.cs.page = newProblemsPage(m.st, m.blog.Problems())
		m.resize(m.width, m.height)
		return nil, true
	case key.Matches(msg, browseKeyMap.ModLog) && m.cs.viewer.Admin && !m.reading:
		var cmd tea.Cmd
		m.cs.page, cmd = newModLogPage(m.st, m.blog, m.cs.threads, m.cs.viewer)
		m.resize(m.width, m.height)
		return cmd, true
	}
	return nil, false
}

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

// interrupt answers ctrl+c: it quits, but a reader with a draft is asked
// first, as esc asks before discarding one.
func (m *Model) interrupt(msg tea.KeyMsg) tea.Cmd {
	if m.cs.stashed != nil {
		m.closePage() // back to the draft waiting for a name
	}
	if c := m.cs.composer; c != nil && c.hasText() {
		m.cs.notice, m.cs.confirm = "", nil
		cmd, _ := c.update(msg, nil)
		return cmd
	}
	return tea.Quit
}

// act runs a change to one comment off the event loop.
func (m *Model) act(note string, do func(context.Context) (posts.Comment, error)) tea.Cmd {
	return queryCmd(func(ctx context.Context) tea.Msg {
		c, err := do(ctx)
		return actedMsg{comment: c, note: note, err: err}
	})
}

// compose opens the composer, or tells a reader without a key how to get
// one. The post area shrinks for it: a reply or an edit keeps the comment
// it is about in view.
func (m *Model) compose(title string, parent, edit int64, text string) tea.Cmd {
	if m.post.gone && edit == 0 {
		m.say("This post has been taken down: it takes no more comments.", true)
		return nil
	}
	if !m.cs.viewer.Keyed() {
		m.say(blog.NoKey, false)
		return nil
	}
	c := newComposer(m.st, title, m.post.post.Slug, parent, edit, text)
	m.cs.composer = c
	m.resize(m.width, m.height)
	if parent != 0 || edit != 0 {
		m.showSelected()
	}
	if edit != 0 {
		return nil // the comment keeps the name it has
	}
	return nameCmd(c, m.cs.threads, m.cs.viewer)
}

// sent closes the composer once the comment is committed and shows it; a
// first comment without a usable name goes by the profile to choose one.
func (m *Model) sent(msg sentMsg) tea.Cmd {
	c := m.cs.composer
	if c == nil {
		return nil
	}
	if !c.sent(msg) {
		if errors.Is(msg.err, posts.ErrNoName) {
			m.cs.stashed, m.cs.composer = c, nil
			return m.openProfile(posts.Message(msg.err))
		}
		return nil
	}
	m.cs.composer = nil
	m.resize(m.width, m.height)
	m.changeThread(func(t *threadView) {
		t.apply(msg.comment)
		t.focused, t.selID = true, msg.comment.ID
	})
	note := "Sent. Everyone reading this post sees it now."
	if c.edit != 0 {
		note = "Saved. Everyone reading this post sees the new text now."
	}
	cmd := m.sayForAWhile(note)
	m.showSelected()
	return cmd
}

func (m *Model) openProfile(choosing string) tea.Cmd {
	var cmd tea.Cmd
	m.cs.page, cmd = newProfilePage(m.st, m.cs.threads, m.cs.viewer, choosing)
	m.resize(m.width, m.height)
	return cmd
}

// closePage goes back to what was under the page, and to a stashed comment.
func (m *Model) closePage() tea.Cmd {
	m.cs.page = nil
	var cmd tea.Cmd
	if m.cs.stashed != nil {
		m.cs.composer, m.cs.stashed = m.cs.stashed, nil
		m.cs.composer.problem = ""
		cmd = nameCmd(m.cs.composer, m.cs.threads, m.cs.viewer) // the name was just chosen
	}
	m.resize(m.width, m.height)
	m.changeThread(func(*threadView) {}) // names may have changed
	return cmd
}

// commentKeys is the key map for the help bar, or nil when the rest of the
// model decides.
func (m *Model) commentKeys() help.KeyMap {
	switch {
	case m.cs.threads == nil:
		return nil
	case m.cs.page != nil:
		return m.cs.page.keys()
	case m.cs.composer != nil && m.cs.composer.edit != 0:
		return editorKeyMap
	case m.cs.composer != nil:
		return composerKeyMap
	case m.reading && m.post.thread.focused:
		keys := threadKeyMap
		if m.cs.viewer.Admin {
			keys = adminThreadMap
		}
		sel, _, selected := m.post.thread.selected()
		return keys.forSelection(m.cs.viewer, sel, selected, !m.post.gone)
	case m.reading:
		return readingKeyMap.forReader(m.post.atEnd(), m.cs.viewer.Keyed() && !m.post.gone)
	case !m.list.capturesKeys() && m.cs.viewer.Admin:
		return adminBrowseKeyMap.forBlog(len(m.list.all) == 0)
	case !m.list.capturesKeys():
		return browseKeyMap.forBlog(len(m.list.all) == 0)
	}
	return nil
}

// displayName is how a comment's author is named in prompts.
func displayName(c posts.Comment) string {
	if name := posts.CleanLine(c.AuthorName); name != "" {
		return name
	}
	return "someone"
}
