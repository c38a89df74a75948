package tui

import (
	"context"
	"sort"
	"strings"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/ansi"

	"github.com/sshblog/sshblog/posts"
)

// commentPage is how many comments one query brings: long threads load a
// page at a time as the reader scrolls down to them.
const commentPage = 100

// replyIndent is how far replies sit to the right of their thread.
const replyIndent = 4

// threadView is the comments under a post: oldest first, replies under
// their comment, one level deep. It lays itself out as lines that the post
// view scrolls together with the post.
type threadView struct {
	st      *styles
	threads *Threads
	viewer  Viewer

	slug    string
	all     []posts.Comment // loaded so far, in thread order
	more    bool            // the store may hold more after all's last
	loading bool
	err     error
	focused bool  // the reader moves between comments
	selID   int64 // the selected comment while focused

	width  int      // the text column
	lines  []string // laid out for width
	owner  []int    // for each line, the index into shown it draws, or -1
	shown  []int    // indices into all that are drawn
	starts []int    // first line of each shown comment

	// drawn keeps each comment's lines from the last layout. Every change
	// to the thread (each comment anyone sends) lays it out again, and with
	// many readers on a busy post drawing every comment anew each time was
	// most of the server's work.
	drawn map[int64]*drawnEntry
	rule  string // the rule above the thread, drawn for ruled columns
	ruled int
}

// drawnEntry is a comment's lines and what they were drawn from.
type drawnEntry struct {
	c     posts.Comment
	width int
	when  string    // the relative time shown
	at    time.Time // when it was worked out
	lines []string
}

// commentsMsg brings a page of a post's comments.
type commentsMsg struct {
	slug  string
	after int64 // the comment the page follows; 0 for the first page
	list  []posts.Comment
	err   error
}

// open starts a thread for the post with slug and asks for its first page.
func (t *threadView) open(slug string) tea.Cmd {
	t.slug, t.all, t.more, t.err, t.focused, t.selID = slug, nil, true, nil, false, 0
	t.drawn = nil
	t.loading = false // a page still coming for another post is dropped by slug
	return t.next()
}

// next asks for the page after what is loaded, unless a load is running or
// nothing more is there.
func (t *threadView) next() tea.Cmd {
	if t.threads == nil || t.loading || !t.more {
		return nil
	}
	t.loading = true
	slug, threads := t.slug, t.threads
	var after posts.Comment
	if n := len(t.all); n > 0 {
		after = t.all[n-1]
	}
	return func() tea.Msg {
		ctx, cancel := context.WithTimeout(context.Background(), queryTimeout)
		defer cancel()
		list, err := threads.Page(ctx, slug, after, commentPage)
		return commentsMsg{slug: slug, after: after.ID, list: list, err: err}
	}
}

// loaded takes a page; a page for another post, or one that no longer
// follows what is loaded (a reload began meanwhile), is dropped.
func (t *threadView) loaded(msg commentsMsg) bool {
	if msg.slug != t.slug {
		return false
	}
	t.loading = false
	var last int64
	if n := len(t.all); n > 0 {
		last = t.all[n-1].ID
	}
	if msg.after != last {
		return false
	}
	t.err = msg.err
	if msg.err == nil {
		t.all = append(t.all, msg.list...)
		t.more = len(msg.list) == commentPage
	}
	return true
}

// apply merges a comment added or changed in any session. A new comment
// beyond what is loaded waits for its page.
func (t *threadView) apply(c posts.Comment) {
	if c.PostSlug != t.slug {
		return
	}
	for i := range t.all {
		if t.all[i].ID == c.ID {
			t.all[i] = c
			return
		}
	}
	pos := sort.Search(len(t.all), func(i int) bool { return threadLess(c, t.all[i]) })
	if pos == len(t.all) && t.more {
		return
	}
	if c.ParentID != 0 {
		for i := range t.all {
			if t.all[i].ID == c.ParentID {
				t.all[i].Replies++
			}
		}
	}
	t.all = append(t.all, posts.Comment{})
	copy(t.all[pos+1:], t.all[pos:])
	t.all[pos] = c
}

// threadLess orders comments as the store pages them.
func threadLess(a, b posts.Comment) bool {
	if a.Thread() != b.Thread() {
		return a.Thread() < b.Thread()
	}
	return a.ID < b.ID
}

// visibleCount is how many comments a reader sees the text of.
func (t *threadView) visibleCount() int {
	n := 0
	for _, c := range t.all {
		if c.Visible() {
			n++
		}
	}
	return n
}

// showable decides which comments are drawn: readers see every visible
// comment, and a removed one only where replies still hang under it; admins
// see hidden ones too.
func (t *threadView) showable() []int {
	shown := t.shown[:0]
	for i, c := range t.all {
		if c.Visible() || c.Hidden && !c.Deleted && t.viewer.Admin || t.hasShownReply(i) {
			shown = append(shown, i)
		}
	}
	return shown
}

func (t *threadView) hasShownReply(i int) bool {
	id := t.all[i].ID
	for _, c := range t.all[i+1:] {
		if c.ParentID != id {
			return false
		}
		if c.Visible() || c.Hidden && !c.Deleted && t.viewer.Admin {
			return true
		}
	}
	return false
}

// layout draws the thread for a text column of width.
func (t *threadView) layout(width int, now time.Time) {
	t.width = width
	t.lines, t.owner = t.lines[:0], t.owner[:0]
	if t.threads == nil {
		return
	}
	t.shown = t.showable()
	t.starts = t.starts[:0]
	st := t.st
	add := func(owner int, l string) {
		t.lines = append(t.lines, l)
		t.owner = append(t.owner, owner)
	}
	add(-1, "")
	if t.rule == "" || t.ruled != width {
		t.rule, t.ruled = st.rule.Render(strings.Repeat("─", max(width, 1))), width
	}
	add(-1, t.rule)
	heading := "Comments"
	if !t.more {
		heading = posts.Count(t.visibleCount(), "comment")
	}
	add(-1, st.commentHeading.Render(heading))
	add(-1, "")
	if t.drawn == nil {
		t.drawn = map[int64]*drawnEntry{}
	}
	for si, i := range t.shown {
		t.starts = append(t.starts, len(t.lines))
		c := t.all[i]
		d := t.drawn[c.ID]
		if d == nil || d.c != c || d.width != width || now.Sub(d.at) >= time.Second {
			// The relative time is worked out again at most once a second:
			// a burst of comments relays the thread out many times a second.
			when := posts.RelativeTime(c.Created, now)
			if d == nil || d.c != c || d.width != width || d.when != when {
				d = &drawnEntry{c: c, width: width, when: when, lines: t.entry(c, width, when)}
				t.drawn[c.ID] = d
			}
			d.at = now
		}
		for _, l := range d.lines {
			add(si, l)
		}
		add(-1, "")
	}
	switch {
	case t.err != nil:
		add(-1, st.errorText.Render(fit("Could not load the comments: "+posts.Message(t.err), width)))
	case t.more:
		add(-1, st.meta.Render("Loading comments…"))
	case len(t.shown) == 0 && t.viewer.Keyed():
		add(-1, st.meta.Render(fit("No comments yet. Press w to write the first.", width)))
	case len(t.shown) == 0:
		add(-1, st.meta.Render("No comments yet."))
	}
	if !t.viewer.Keyed() {
		add(-1, "")
		for _, l := range strings.Split(ansi.Wordwrap("You are reading without an SSH key. To comment, "+
			"make one with ssh-keygen -t ed25519, then connect again.", width, ""), "\n") {
			add(-1, st.meta.Render(l))
		}
	}
	add(-1, "")
}

// entry draws one comment: who and when, then its text as plain text.
func (t *threadView) entry(c posts.Comment, width int, when string) []string {
	st := t.st
	indent := ""
	if c.ParentID != 0 {
		indent = strings.Repeat(" ", replyIndent)
		width = max(width-replyIndent, 1)
	}
	if c.Deleted || c.Hidden && !t.viewer.Admin {
		note := "[deleted]"
		if !c.Deleted {
			note = "[hidden by a moderator]"
		}
		return []string{indent + st.meta.Render(note)}
	}
	name := posts.CleanLine(c.AuthorName)
	if name == "" {
		name = "someone"
	}
	nameStyle := st.commentName
	if c.Author == t.viewer.Fingerprint {
		nameStyle = st.ownName
	}
	meta := " · " + when
	if !c.Edited.IsZero() {
		meta += " · edited"
	}
	if c.Author == t.viewer.Fingerprint {
		meta += " · you"
	}
	head := nameStyle.Render(fit(name, width)) + st.meta.Render(fit(meta, width-ansi.StringWidth(name)))
	if c.Hidden {
		head += st.errorText.Render(fit(" · hidden", width-ansi.StringWidth(name+meta)))
	}
	lines := []string{indent + head}
	text := strings.ReplaceAll(posts.CleanText(c.Body), "\t", "    ")
	for _, l := range strings.Split(ansi.Wrap(text, width, ""), "\n") {
		lines = append(lines, indent+st.excerpt.Render(l))
	}
	return lines
}

// line is line i of the thread, with the selection bar where it belongs.
func (t *threadView) line(i int) string {
	if i < 0 || i >= len(t.lines) {
		return ""
	}
	bar := "  "
	if si := t.owner[i]; t.focused && si >= 0 && t.all[t.shown[si]].ID == t.selID {
		bar = t.st.selBar.Render("▌") + " "
	}
	return bar + t.lines[i]
}

// selected is the selected comment, if a shown one is.
func (t *threadView) selected() (posts.Comment, int, bool) {
	for si, i := range t.shown {
		if t.all[i].ID == t.selID {
			return t.all[i], si, true
		}
	}
	return posts.Comment{}, -1, false
}

// move selects the shown comment delta places away, or the first one.
func (t *threadView) move(delta int) {
	if len(t.shown) == 0 {
		return
	}
	_, si, ok := t.selected()
	if !ok {
		si = 0
	} else {
		si = min(max(si+delta, 0), len(t.shown)-1)
	}
	t.selID = t.all[t.shown[si]].ID
}

// span is the lines the selected comment takes in the thread.
func (t *threadView) span() (first, end int, ok bool) {
	_, si, ok := t.selected()
	if !ok {
		return 0, 0, false
	}
	end = len(t.lines)
	if si+1 < len(t.starts) {
		end = t.starts[si+1] - 1
	}
	return t.starts[si], end, true
}

// anchor names the comment drawn at thread line i and how far into it, so
// that a relayout can keep that line where it was.
func (t *threadView) anchor(i int) (id int64, offset int, ok bool) {
	for si := len(t.starts) - 1; si >= 0; si-- {
		if t.starts[si] <= i {
			return t.all[t.shown[si]].ID, i - t.starts[si], true
		}
	}
	return 0, 0, false
}

// lineOf is the first line of the comment with id, if it is shown.
func (t *threadView) lineOf(id int64) (int, bool) {
	for si, i := range t.shown {
		if t.all[i].ID == id {
			return t.starts[si], true
		}
	}
	return 0, false
}
