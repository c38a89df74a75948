package tui

import (
	"context"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/ansi"

	"github.com/sshblog/sshblog/blog"
	"github.com/sshblog/sshblog/posts"
)

// composerMaxHeight is the most rows the composer takes, its title and
// status line included.
const composerMaxHeight = 13

// composer is where a reader writes a comment, a reply or an edit. It keeps
// the text whatever happens (a failed send, live changes in the thread)
// until it is sent or the reader agrees to discard it.
type composer struct {
	st   *styles
	area *editor

	title  string // what is being written: "Reply to alice"
	slug   string
	parent int64 // the comment replied to
	edit   int64 // the comment edited

	as      *string  // the name the comment goes under, once known; "" when one must be chosen
	problem string   // why the last send failed
	asking  question // what the status line asks before the text is lost
	sending bool
	width   int
}

// question is what the composer asks before it loses the reader's text.
type question int

const (
	notAsking  question = iota
	askDiscard          // esc with text in the box
	askQuit             // ctrl+c with text in the box
)

func newComposer(st *styles, title, slug string, parent, edit int64, text string) *composer {
	// No limit on length: over-long text gets a message, not a silent cut.
	// The cursor does not blink, which would wake this session twice a second.
	ed := newEditor(st, "┃ ", "Write plain text; enter starts a new line.")
	ed.SetValue(text)
	return &composer{st: st, area: ed, title: title, slug: slug, parent: parent, edit: edit}
}

// height is the rows the composer takes in a window area of height rows.
func composerHeight(area int) int {
	return min(max(area/2, 6), composerMaxHeight)
}

func (c *composer) setSize(width, height int) {
	c.width = width
	c.area.setSize(max(min(width, maxColumn)-4, 10), max(height-3, 1)) // a blank line, the title and the status line
}

// sentMsg is the answer to a send: the committed comment or why not.
type sentMsg struct {
	comment posts.Comment
	err     error
}

// update handles a key; done reports the composer should close (a discard,
// or quitting). ctrl+c quits at once only when there is no text to lose.
func (c *composer) update(msg tea.KeyMsg, send func(text string) tea.Cmd) (cmd tea.Cmd, done bool) {
	k := composerKeyMap
	if asked := c.asking; asked != notAsking {
		c.asking = notAsking
		switch {
		case asked == askQuit && (key.Matches(msg, k.Yes) || key.Matches(msg, k.Quit)):
			return tea.Quit, true
		case asked == askDiscard && key.Matches(msg, k.Yes):
			return nil, true
		case !key.Matches(msg, k.Quit):
			return nil, false // any other key keeps writing
		}
	}
	if key.Matches(msg, k.Quit) {
		if !c.hasText() {
			return tea.Quit, true
		}
		c.asking = askQuit
		return nil, false
	}
	if c.sending {
		return nil, false
	}
	switch {
	case key.Matches(msg, k.Send):
		c.problem = ""
		if _, err := posts.CheckComment(c.area.Value()); err != nil {
			c.problem = posts.Message(err)
			return nil, false
		}
		c.sending = true
		return send(c.area.Value()), false
	case key.Matches(msg, k.Cancel):
		if !c.hasText() {
			return nil, true
		}
		c.asking = askDiscard
		return nil, false
	}
	c.area.Update(msg)
	return nil, false
}

// hasText reports whether closing the composer would lose what was written.
func (c *composer) hasText() bool { return strings.TrimSpace(c.area.Value()) != "" }

// sent takes the answer to a send; done reports it was committed.
func (c *composer) sent(msg sentMsg) (done bool) {
	c.sending = false
	if msg.err != nil {
		c.problem = posts.Message(msg.err)
		return false
	}
	return true
}

// view draws the title, the text box and the status line.
func (c *composer) view() string {
	st := c.st
	column := min(c.width, maxColumn)
	margin := strings.Repeat(" ", (c.width-column)/2)
	var b strings.Builder
	b.WriteString("\n")
	rule := max(column-4-ansi.StringWidth(c.title)-3, 0)
	b.WriteString(margin + "  " + st.rule.Render("─ ") + st.composerTitle.Render(fit(c.title, column-6)) + " " + st.rule.Render(strings.Repeat("─", rule)) + "\n")
	for _, l := range strings.Split(c.area.View(), "\n") {
		b.WriteString(margin + "  " + l + "\n")
	}
	b.WriteString(margin + "  " + c.status(column-4))
	return b.String()
}

// status is the composer's last line: a question, a problem, or the keys and
// how long the text is.
func (c *composer) status(width int) string {
	st := c.st
	switch {
	case c.asking == askDiscard:
		return st.errorText.Render(fit("Discard what you wrote? y discards, any other key keeps writing.", width))
	case c.asking == askQuit:
		return st.errorText.Render(fit("Quit and lose your text? y or ctrl+c quits, any other key keeps writing.", width))
	case c.sending && c.edit != 0:
		return st.meta.Render("Saving…")
	case c.sending:
		return st.meta.Render("Sending…")
	case c.problem != "":
		return st.errorText.Render(fit(c.problem, width))
	}
	n := utf8.RuneCountInString(strings.TrimSpace(c.area.Value()))
	count := strconv.Itoa(n) + "/" + strconv.Itoa(posts.MaxCommentRunes)
	countStyle := st.meta
	if n > posts.MaxCommentRunes {
		countStyle = st.errorText
	}
	note := "Plain text, no Markdown. Readers of this post see it when sent."
	switch {
	case c.as != nil && *c.as == "":
		note = "You choose a name when you send · plain text, no Markdown."
	case c.as != nil:
		note = "Commenting as " + *c.as + " · plain text, no Markdown."
	}
	note = fit(note, width-len(count)-2)
	gap := max(width-ansi.StringWidth(note)-len(count), 1)
	return st.faint.Render(note) + strings.Repeat(" ", gap) + countStyle.Render(count)
}

// nameMsg brings the name a comment would go under.
type nameMsg struct {
	composer *composer
	name     string
	err      error
}

// nameCmd asks under which name viewer's comments go.
func nameCmd(c *composer, threads *blog.Threads, viewer blog.Viewer) tea.Cmd {
	return queryCmd(func(ctx context.Context) tea.Msg {
		me, _, err := threads.Me(ctx, viewer)
		return nameMsg{composer: c, name: cleanIdentity(me).Name, err: err}
	})
}

// sendCmd commits the composer's text through threads for viewer.
func (c *composer) sendCmd(threads *blog.Threads, viewer blog.Viewer) func(string) tea.Cmd {
	slug, parent, edit := c.slug, c.parent, c.edit
	return func(text string) tea.Cmd {
		return queryCmd(func(ctx context.Context) tea.Msg {
			var cm posts.Comment
			var err error
			if edit != 0 {
				cm, err = threads.Edit(ctx, viewer, edit, text)
			} else {
				cm, err = threads.Add(ctx, viewer, slug, parent, text)
			}
			return sentMsg{comment: cleanOne(cm), err: err}
		})
	}
}
