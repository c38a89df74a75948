package tui

import (
	"context"
	"sort"
	"strconv"
	"strings"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/ansi"

	"github.com/sshblog/sshblog/blog"
	"github.com/sshblog/sshblog/posts"
)

// commentPage is how many comments one query brings: long threads load a
// page at a time as the reader scrolls down to them.
const commentPage = 100

// replyIndent is how far replies sit to the right of their thread.
const replyIndent = 4

// threadView is the comments under a post: oldest first, replies under
// their comment, one level deep, scrolled together with the post. Its lines
// are drawn only when on screen: the text of each comment comes laid out
// from the cache every session shares, and the reader keeps only where each
// comment starts.
type threadView struct {
	st      *styles
	threads *blog.Threads
	layouts *commentCache // shared by every session
	viewer  blog.Viewer

	slug    string
	all     []threadEntry // loaded so far, in thread order
	more    bool          // the store may hold more after all's last
	loading bool
	err     error
	focused bool    // the reader moves between comments
	selID   int64   // the selected comment while focused
	unseen  []int64 // comments that came live below the window, not yet on screen
	wanted  int64   // a comment to select once loaded (from the moderation log)

	width  int       // the text column
	now    time.Time // the clock of the relative times shown
	head   []string  // the lines above the comments: rule and count
	tail   []string  // the lines below: loading, none yet, how to get a key
	shown  []int     // indices into all that are drawn
	starts []int     // first line of each shown comment
	end    int       // the line after the last shown comment: tail's first
}

// threadEntry is a loaded comment and how it is laid out for this reader.
type threadEntry struct {
	posts.Comment
	text *laidComment // its text at the thread's width; nil when not shown as text
	rows int          // its head line and text lines; 0 until laid out
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
	t.slug, t.all, t.more, t.err, t.focused, t.selID, t.unseen, t.wanted = slug, nil, true, nil, false, 0, nil, 0
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
		after = t.all[n-1].Comment
	}
	return queryCmd(func(ctx context.Context) tea.Msg {
		list, err := threads.Page(ctx, slug, after, commentPage)
		return commentsMsg{slug: slug, after: after.ID, list: cleanComments(list), err: err}
	})
}

// loaded takes a page; a page for another post, or one that no longer
// follows what is loaded (a reload began meanwhile), is dropped.
func (t *threadView) loaded(msg commentsMsg) {
	if msg.slug != t.slug {
		return
	}
	t.loading = false
	var last int64
	if n := len(t.all); n > 0 {
		last = t.all[n-1].ID
	}
	if msg.after != last {
		return
	}
	t.err = msg.err
	if msg.err == nil {
		for _, c := range msg.list {
			c.PostSlug = t.slug // one copy of the slug for the whole thread
			t.all = append(t.all, threadEntry{Comment: c})
		}
		t.more = len(msg.list) == commentPage
	}
}

// apply merges a comment added or changed in any session, and reports
// whether it is new to the thread. A new comment beyond what is loaded waits
// for its page.
func (t *threadView) apply(c posts.Comment) (added bool) {
	if c.PostSlug != t.slug {
		return false
	}
	c.PostSlug = t.slug
	for i := range t.all {
		if t.all[i].ID == c.ID {
			t.all[i] = threadEntry{Comment: c}
			return false
		}
	}
	pos := sort.Search(len(t.all), func(i int) bool { return threadLess(c, t.all[i].Comment) })
	if pos == len(t.all) && t.more {
		return false
	}
	if c.ParentID != 0 {
		for i := range t.all {
			if t.all[i].ID == c.ParentID {
				t.all[i].Replies++
			}
		}
	}
	t.all = append(t.all, threadEntry{})
	copy(t.all[pos+1:], t.all[pos:])
	t.all[pos] = threadEntry{Comment: c}
	return true
}

// reload forgets what is loaded, so that the first page comes again.
func (t *threadView) reload() {
	t.all, t.more, t.unseen = nil, true, nil
}

// threadLess orders comments as the store pages them.
func threadLess(a, b posts.Comment) bool {
	if a.Thread() != b.Thread() {
		return a.Thread() < b.Thread()
	}
	return a.ID < b.ID
}

// count says how many comments this reader sees the text of: admins see,
// and count, hidden ones too, and are told how many are hidden.
func (t *threadView) count() string {
	n, hidden := 0, 0
	for _, c := range t.all {
		if t.visibleTo(c.Comment) {
			n++
			if c.Hidden {
				hidden++
			}
		}
	}
	if hidden > 0 {
		return posts.Count(n, "comment") + " · " + strconv.Itoa(hidden) + " hidden"
	}
	return posts.Count(n, "comment")
}

// showable decides which comments are drawn: readers see every visible
// comment, and a removed one only where replies still hang under it; admins
// see hidden ones too.
func (t *threadView) showable() []int {
	shown := t.shown[:0]
	for i, c := range t.all {
		if t.visibleTo(c.Comment) || t.hasShownReply(i) {
			shown = append(shown, i)
		}
	}
	return shown
}

func (t *threadView) hasShownReply(i int) bool {
	id := t.all[i].ID
	for _, e := range t.all[i+1:] {
		c := &e.Comment
		if c.ParentID != id {
			return false
		}
		if t.visibleTo(*c) {
			return true
		}
	}
	return false
}

// visibleTo reports whether this reader sees c: admins see hidden ones too.
func (t *threadView) visibleTo(c posts.Comment) bool {
	return c.Visible() || c.Hidden && !c.Deleted && t.viewer.Admin
}

// layout places the thread in a text column of width. Comments laid out
// before at this width keep their place: after a change only the changed
// comment is laid out again.
func (t *threadView) layout(width int, now time.Time) {
	if width != t.width {
		for i := range t.all {
			t.all[i].text, t.all[i].rows = nil, 0
		}
		t.width = width
	}
	t.now = now
	t.head, t.tail, t.starts = t.head[:0], t.tail[:0], t.starts[:0]
	t.shown, t.end = t.shown[:0], 0
	if t.threads == nil {
		return
	}
	st := t.st
	heading := "Comments"
	if !t.more {
		heading = t.count()
	}
	t.head = append(t.head, "", st.rule.Render(strings.Repeat("─", width)), st.commentHeading.Render(heading), "")
	t.shown = t.showable()
	line := len(t.head)
	for _, i := range t.shown {
		t.starts = append(t.starts, line)
		line += t.place(i) + 1 // and a blank line
	}
	t.end = line
	switch {
	case t.err != nil:
		t.tail = appendWrapped(t.tail, st.errorText, "Could not load the comments: "+posts.Message(t.err), width)
	case t.more:
		t.tail = append(t.tail, st.meta.Render("Loading comments…"))
	case len(t.shown) == 0 && t.viewer.Keyed():
		t.tail = appendWrapped(t.tail, st.meta, "No comments yet. Press w to write the first.", width)
	case len(t.shown) == 0:
		t.tail = append(t.tail, st.meta.Render("No comments yet."))
	}
	if !t.viewer.Keyed() {
		// w gives the whole advice, the same on every post, short or long.
		t.tail = appendWrapped(append(t.tail, ""), st.meta, "Commenting takes an SSH key: press w to see how.", width)
	}
	t.tail = append(t.tail, "")
}

// place lays out comment i if it is not yet, and says how many lines it takes.
func (t *threadView) place(i int) int {
	e := &t.all[i]
	if e.rows > 0 {
		return e.rows
	}
	e.rows = 1
	if t.showsText(e.Comment) {
		e.text = t.layouts.text(e.Comment, t.width, t.st)
		e.Body = e.text.body // keep the shared copy, not this session's
		e.rows += len(e.text.lines)
	}
	return e.rows
}

// showsText reports whether this reader sees c's text, not a note in its place.
func (t *threadView) showsText(c posts.Comment) bool {
	return !c.Deleted && (!c.Hidden || t.viewer.Admin)
}

// lines is how many lines the thread takes.
func (t *threadView) lines() int {
	if t.threads == nil {
		return 0
	}
	return t.end + len(t.tail)
}

// line is line i of the thread, with the selection bar where it belongs.
func (t *threadView) line(i int) string {
	switch {
	case i < 0:
		return ""
	case i < len(t.head):
		return "  " + t.head[i]
	case i >= t.end:
		if i -= t.end; i < len(t.tail) {
			return "  " + t.tail[i]
		}
		return ""
	}
	si := sort.SearchInts(t.starts, i+1) - 1
	e := &t.all[t.shown[si]]
	row := i - t.starts[si]
	if row >= e.rows {
		return "  " // the blank line after it
	}
	bar := selectionBar(t.st, t.focused && e.ID == t.selID)
	if row > 0 {
		return bar + e.text.lines[row-1]
	}
	return bar + t.byline(e.Comment)
}

// byline is a comment's first line: who and when, or what became of it.
func (t *threadView) byline(c posts.Comment) string {
	st, width := t.st, t.width
	indent := ""
	if c.ParentID != 0 {
		indent = strings.Repeat(" ", replyIndent)
		width -= replyIndent
	}
	if !t.showsText(c) {
		note := "[deleted]"
		if !c.Deleted {
			note = "[hidden by a moderator]"
		}
		return indent + st.meta.Render(note)
	}
	name := c.AuthorName
	if name == "" {
		name = "someone"
	}
	nameStyle := st.commentName
	if c.Author == t.viewer.Fingerprint {
		nameStyle = st.ownName
	}
	meta := " · " + posts.RelativeTime(c.Created, t.now)
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
	return indent + head
}

// selected is the selected comment, if a shown one is.
func (t *threadView) selected() (posts.Comment, int, bool) {
	for si, i := range t.shown {
		if t.all[i].ID == t.selID {
			return t.all[i].Comment, si, true
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
	end = t.lines()
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
