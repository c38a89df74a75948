package tui

import (
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/ansi"

	"github.com/sshblog/sshblog/posts"
)

// maxColumn is the widest the text of a post gets, however wide the window:
// long lines are hard to read.
const maxColumn = 100

// wheelStep is how many lines one mouse wheel notch scrolls.
const wheelStep = 3

var postKeyMap = newPostKeys()

// postView shows one post: its title and byline, then the rendered body,
// scrolled as one document.
type postView struct {
	st   *styles
	blog *Blog
	look Look

	post posts.Post // as listed: no body
	head []string   // title, byline and a blank line, for this width
	body []string   // rendered body, shared with every reader of this rendering
	foot []string   // below the body: the posts after and before this one
	want renderKey  // the rendering this view should show
	busy bool       // a render is in flight; at most one per session
	err  error
	top  int
	keep *place // where the top line came from before a resize; nil once the reader moves

	thread threadView // the comments, drawn below the body

	memory  *memory // the reader's places in posts
	resume  float64 // the place to go to once the body is there; 0 for none
	resumed string  // says where the post opened, until the model tells it

	gone       bool   // the post was taken down while open
	next, prev string // the titles n and p open; "" at the end of the list
	filtered   bool   // the list is a search or a tag, not every post

	width, height int
	column        int    // width the text is laid out in
	margin        string // spaces that centre the column
}

func newPostView(st *styles, blog *Blog, look Look) postView {
	return postView{st: st, blog: blog, look: look}
}

// open shows p from the top; the body comes from the cache or a render.
func (v *postView) open(p posts.Post, now time.Time) tea.Cmd {
	v.leave() // the post before, when n or p moves on
	v.post, v.body, v.err, v.top, v.gone, v.keep = p, nil, nil, 0, false, nil
	if v.resume = v.memory.at(p.Slug); !worthResuming(v.resume) {
		v.resume = 0
	}
	comments := v.thread.open(p.Slug) // before the layout: not the last post's thread
	v.layout(now)
	return tea.Batch(v.fetch(), comments)
}

// replace shows a new version of the open post, keeping the reader's place.
func (v *postView) replace(p posts.Post, now time.Time) tea.Cmd {
	v.post = p
	v.layout(now)
	v.clamp()
	return v.fetch()
}

// setSize lays the post out for a new window, keeping the line at the top
// of the window there: the same place in the text, at the new width.
func (v *postView) setSize(width, height int, now time.Time) tea.Cmd {
	v.width, v.height = width, height
	if v.post.Slug == "" {
		return nil
	}
	if v.keep == nil {
		p := v.placeOf(v.top)
		v.keep = &p
	}
	v.layout(now)
	cmd := v.fetch()
	v.restore()
	return cmd
}

// layout fits the column and the header to the width. A window narrower
// than the reader works in shows only a request to widen it, so nothing is
// laid out narrower than that: a 0- or 1-column terminal costs no more than
// the narrowest usable one.
func (v *postView) layout(now time.Time) {
	v.column = min(max(v.width, minWidth), maxColumn)
	v.margin = strings.Repeat(" ", max(v.width-v.column, 0)/2)
	v.head = append(postHeader(v.st, v.post, v.column, now), "")
	if link := v.blog.PostURL(v.post.Slug); link != "" {
		v.head = slices.Insert(v.head, len(v.head)-1, linkLines(v.st, link, v.column, v.look.Hyperlinks)...)
	}
	v.foot = v.footer()
	v.thread.layout(v.textWidth(), now)
}

// setNeighbours tells the post which posts n and p open, by title.
func (v *postView) setNeighbours(next, prev string, filtered bool) {
	v.next, v.prev, v.filtered = next, prev, filtered
	if v.post.Slug != "" {
		v.foot = v.footer()
	}
}

// footer says, at the end of the post, what n and p open.
func (v *postView) footer() []string {
	st, text := v.st, v.textWidth()
	foot := []string{""}
	entry := func(key, title string) {
		key += ": "
		foot = append(foot, "  "+st.meta.Render(key)+st.plain.Render(fit(title, text-ansi.StringWidth(key))))
	}
	note := func(s string) { foot = append(foot, "  "+st.meta.Render(fit(s, text))) }
	switch {
	case v.next == "" && v.prev == "" && v.filtered:
		note("This is the only post in the list.")
	case v.next == "" && v.prev == "":
		note("This is the only post.")
	case v.next == "":
		note(v.endOfList(1))
	}
	if v.next != "" {
		entry("n next", v.next)
	}
	if v.prev != "" {
		entry("p previous", v.prev)
	} else if v.next != "" {
		note(v.endOfList(-1))
	}
	return foot
}

// endOfList says that no post lies delta places on, in the list's terms.
func (v *postView) endOfList(delta int) string {
	switch {
	case v.filtered && delta > 0:
		return "This is the last post in the list."
	case v.filtered:
		return "This is the first post in the list."
	case delta > 0:
		return "This is the oldest post."
	}
	return "This is the newest post."
}

// textWidth is the width of the text inside the column.
func (v *postView) textWidth() int { return v.column - 4 }

// postHeader is a post's title, byline and tags, laid out in column.
func postHeader(st *styles, p posts.Post, column int, now time.Time) []string {
	text := max(column-4, 1)
	head := []string{""}
	for _, l := range wrapWords(p.Title, text) { // by cells, breaking a CJK title too
		head = append(head, "  "+st.postTitle.Render(l))
	}
	var byline []string
	if p.Author != "" {
		byline = append(byline, "by "+p.Author)
	}
	byline = append(byline, posts.Dated(p.Published, p.DateOnly, now), lengthNote(p))
	head = append(head, "  "+st.meta.Render(fit(strings.Join(byline, " · "), text)))
	if tags := posts.TagList(p.Tags); tags != "" {
		head = append(head, "  "+st.tag.Render(fit(tags, text)))
	}
	return head
}

// linkLines lays out the post's web address whole where it can, so that
// terminals that spot links find all of it: indented like the byline if it
// fits, else from the column's edge, else (a very long one) broken across
// lines. With hyperlinks on, each line of it is also an OSC 8 link to the
// whole address, if that address is one we let through.
func linkLines(st *styles, link string, column int, hyperlinks bool) []string {
	indent := "  "
	if ansi.StringWidth(link) > column-len(indent) {
		indent = ""
	}
	var out []string
	for _, l := range strings.Split(ansi.Hardwrap(link, max(column-len(indent), 1), false), "\n") {
		l = st.meta.Render(l)
		if hyperlinks && clickable(link) {
			l = ansi.SetHyperlink(link) + l + ansi.ResetHyperlink()
		}
		out = append(out, indent+l)
	}
	return out
}

// readingTime says "5 min read".
func readingTime(p posts.Post) string {
	return strconv.Itoa(int(p.ReadingTime().Minutes())) + " min read"
}

// fetch shows the wanted rendering at once if it is cached, or asks for it.
func (v *postView) fetch() tea.Cmd {
	v.want = keyFor(v.post, v.column, v.look)
	if lines, ok := v.blog.cache.cached(v.want); ok {
		v.body = lines
		v.clamp()
		v.applyResume()
		return nil
	}
	if v.busy {
		return nil // the reply will ask again if it is stale
	}
	v.busy = true
	return v.blog.renderCmd(v.post, v.column, v.look)
}

// rendered takes a finished render; a stale one (another post, or a width the
// reader has since left) triggers the render now wanted.
func (v *postView) rendered(msg renderedMsg) tea.Cmd {
	v.busy = false
	if msg.key.slug != v.post.Slug {
		return v.fetch()
	}
	if msg.err != nil {
		v.err = msg.err
		return nil
	}
	if msg.key.revision != v.post.Revision {
		// The post changed since the list was read; show what was rendered.
		v.post.Revision = msg.key.revision
		v.want.revision = msg.key.revision
	}
	v.body = msg.lines
	v.restore()
	v.applyResume()
	if msg.key != v.want {
		return v.fetch()
	}
	return nil
}

func (v *postView) total() int { return v.threadStart() + v.thread.lines() }

// threadStart is the document line the comments begin on.
func (v *postView) threadStart() int { return len(v.head) + max(len(v.body), 1) + len(v.foot) }

func (v *postView) maxTop() int { return max(v.total()-v.height, 0) }

// seeComments forgets the new comments that are now on screen.
func (v *postView) seeComments() {
	t := &v.thread
	if len(t.unseen) == 0 {
		return // the usual case, on every key: nothing to look up
	}
	start := v.threadStart()
	unseen := t.unseen[:0]
	for _, id := range t.unseen {
		if line, ok := t.lineOf(id); ok && start+line >= v.top+v.height {
			unseen = append(unseen, id)
		}
	}
	t.unseen = unseen
}

// cue tells of comments that came below the window, and the key to them.
func (v *postView) cue() string {
	if n := len(v.thread.unseen); n > 0 {
		return posts.Count(n, "new comment") + " ↓ N"
	}
	return ""
}

// atEnd reports whether the end of the post and its comments is on screen.
func (v *postView) atEnd() bool { return v.top >= v.maxTop() }

func (v *postView) clamp() { v.top = min(max(v.top, 0), v.maxTop()) }

// scroll handles the reading keys; it reports whether the key was one.
func (v *postView) scroll(msg tea.KeyMsg) bool {
	k := postKeyMap
	switch {
	case key.Matches(msg, k.Up):
		v.top--
	case key.Matches(msg, k.Down):
		v.top++
	case key.Matches(msg, k.PageUp):
		v.top -= max(v.height-1, 1)
	case key.Matches(msg, k.PageDown):
		v.top += max(v.height-1, 1)
	case key.Matches(msg, k.HalfUp):
		v.top -= max(v.height/2, 1)
	case key.Matches(msg, k.HalfDown):
		v.top += max(v.height/2, 1)
	case key.Matches(msg, k.Home):
		v.top = 0
	case key.Matches(msg, k.End):
		v.top = v.maxTop()
	default:
		return false
	}
	v.clamp()
	return true
}

func (v *postView) wheel(msg tea.MouseMsg) {
	switch msg.Button {
	case tea.MouseButtonWheelUp:
		v.top -= wheelStep
	case tea.MouseButtonWheelDown:
		v.top += wheelStep
	}
	v.clamp()
}

// position says where the reader is: "All", "Top", "Bottom" or a percentage.
func (v *postView) position() string {
	switch {
	case v.maxTop() == 0:
		return "All"
	case v.top == 0:
		return "Top"
	case v.atEnd():
		return "Bottom"
	default:
		return strconv.Itoa(100*(v.top+v.height)/v.total()) + "%"
	}
}

func (v *postView) line(i int) string {
	if i < len(v.head) {
		return v.head[i]
	}
	i -= len(v.head)
	body := max(len(v.body), 1)
	switch {
	case i >= body+len(v.foot):
		return v.thread.line(i - body - len(v.foot))
	case i >= body:
		return v.foot[i-body]
	case i < len(v.body):
		return v.body[i]
	case i > 0:
		return ""
	case v.err != nil:
		return "  " + v.st.errorText.Render(fit("Could not show this post: "+v.err.Error(), v.column-4))
	default:
		return "  " + v.st.meta.Render("Loading…")
	}
}

func (v *postView) view() string {
	lines := make([]string, v.height)
	for row := range lines {
		if l := v.line(v.top + row); l != "" {
			lines[row] = v.margin + l
		}
	}
	return strings.Join(lines, "\n")
}
