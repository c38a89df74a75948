package tui

import (
	"fmt"
	"strings"
	"time"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"

	"github.com/sshblog/sshblog/posts"
)

// itemHeight is the rows one post takes in the list: title, meta, excerpt
// and a blank line.
const itemHeight = 4

var listKeyMap = newListKeys()

// listView is the list of posts, newest first. It can be narrowed to one tag,
// or replaced by the results of a search.
type listView struct {
	st    *styles
	blog  *Blog
	all   []posts.Post // the blog's shared snapshot; never modified
	shown []int        // indices into all: every post, or those with the tag
	tag   string       // "" for every post
	since time.Time    // posts published after it are new to this reader
	fresh int          // how many of all are new, counted as they come
	howTo string       // on an empty blog, how to publish; "" unless an admin reads
	admin bool         // the reader sees hidden comments, so counts them

	memory *memory   // how far the reader got in each post
	search searchBox // the query and its results, when searching
	tags   *tagPicker

	cursor int // index into the items shown
	top    int // first item drawn

	width, height int
}

func newListView(st *styles, blog *Blog, newSince time.Time) listView {
	l := listView{st: st, blog: blog, since: newSince}
	l.setPosts(blog.Posts())
	return l
}

// setPosts replaces the list, keeping the selected post selected if it is
// still there.
func (l *listView) setPosts(all []posts.Post) {
	selected, _ := l.selected()
	l.all = all
	l.shown, l.fresh = l.shown[:0], 0
	for i, p := range all {
		if l.tag == "" || hasTag(p, l.tag) {
			l.shown = append(l.shown, i)
		}
		if l.isNew(p) {
			l.fresh++
		}
	}
	l.selectSlug(selected.Slug)
	l.clamp()
}

func hasTag(p posts.Post, tag string) bool {
	for _, t := range p.Tags {
		if t == tag {
			return true
		}
	}
	return false
}

// items is how many posts are listed now.
func (l *listView) items() int {
	if l.search.active() {
		return len(l.search.results)
	}
	return len(l.shown)
}

// item is the i-th post listed, with its title and excerpt; search results
// carry match marks in both.
func (l *listView) item(i int) (p posts.Post, title, excerpt string) {
	if l.search.active() {
		m := l.search.results[i]
		return m.Post, m.Title, m.Snippet
	}
	p = l.all[l.shown[i]]
	return p, p.Title, p.Summary
}

func (l *listView) selected() (posts.Post, bool) {
	return l.neighbour(0)
}

// neighbour is the post delta places from the selected one.
func (l *listView) neighbour(delta int) (posts.Post, bool) {
	i := l.cursor + delta
	if i < 0 || i >= l.items() {
		return posts.Post{}, false
	}
	p, _, _ := l.item(i)
	return p, true
}

// selectSlug moves the cursor to the post with slug, if it is listed.
func (l *listView) selectSlug(slug string) {
	for i := range l.items() {
		if p, _, _ := l.item(i); p.Slug == slug {
			l.cursor = i
			l.clamp()
			return
		}
	}
}

func (l *listView) setSize(width, height int) {
	l.width, l.height = width, height
	l.search.setWidth(width)
	l.clamp()
}

// visibleItems is how many posts fit below the status line.
func (l *listView) visibleItems() int {
	return max((l.height-2)/itemHeight, 1)
}

func (l *listView) clamp() {
	l.cursor = min(max(l.cursor, 0), max(l.items()-1, 0))
	n := l.visibleItems()
	if l.cursor < l.top {
		l.top = l.cursor
	}
	if l.cursor >= l.top+n {
		l.top = l.cursor - n + 1
	}
	l.top = min(max(l.top, 0), max(l.items()-n, 0))
}

// update handles a key; open reports that the reader chose a post, handled
// that the key means something here (every key does to a box or a picker).
func (l *listView) update(msg tea.KeyMsg) (cmd tea.Cmd, open, handled bool) {
	switch {
	case l.tags != nil:
		l.updateTags(msg)
		return nil, false, true
	case l.search.typing:
		cmd := l.search.update(msg, l.blog)
		l.cursor, l.top = 0, 0
		return cmd, false, true
	}
	k := listKeyMap
	handled = true
	switch {
	case key.Matches(msg, k.Up):
		l.cursor--
	case key.Matches(msg, k.Down):
		l.cursor++
	case key.Matches(msg, k.PageUp):
		l.cursor -= l.visibleItems()
	case key.Matches(msg, k.PageDown):
		l.cursor += l.visibleItems()
	case key.Matches(msg, k.Home):
		l.cursor = 0
	case key.Matches(msg, k.End):
		l.cursor = l.items() - 1
	case key.Matches(msg, k.Open):
		_, ok := l.selected()
		return nil, ok, true
	case key.Matches(msg, k.Search):
		return l.search.start(l.st, l.width), false, true
	case key.Matches(msg, k.Tags):
		l.tags = newTagPicker(l.all, l.tag)
	case key.Matches(msg, k.Clear):
		l.clear()
	default:
		handled = false
	}
	l.clamp()
	return nil, false, handled
}

// clear drops the search, or else the tag.
func (l *listView) clear() {
	if l.search.active() {
		l.search.clear()
	} else if l.tag != "" {
		l.tag = ""
		l.setPosts(l.all)
	}
	l.cursor, l.top = 0, 0
}

func (l *listView) updateTags(msg tea.KeyMsg) {
	tag, done := l.tags.update(msg)
	if !done {
		return
	}
	l.tags = nil
	if tag != l.tag {
		l.tag = tag
		l.search.clear()
		l.setPosts(l.all)
		l.cursor, l.top = 0, 0
	}
}

// view draws the status line and the visible posts.
func (l *listView) view(now time.Time) string {
	if l.tags != nil {
		return l.tags.view(l.st, l.width, l.height)
	}
	st := l.st
	lines := make([]string, 0, l.height)
	lines = append(lines, l.statusLine(), "")
	if l.items() == 0 {
		lines = append(lines, "  "+st.meta.Render(l.emptyMessage()))
		if len(l.all) == 0 && l.howTo != "" {
			lines = append(lines, "")
			for _, w := range wrapWords(l.howTo, l.width-4) {
				lines = append(lines, "  "+st.meta.Render(w))
			}
		}
	}
	textWidth := l.width - 3
	end := min(l.top+l.visibleItems(), l.items())
	for i := l.top; i < end; i++ {
		p, title, excerpt := l.item(i)
		k := entryKey{width: textWidth, title: title, excerpt: excerpt, byline: posts.Byline(p, now, l.admin) + l.memory.progress(p.Slug), selected: i == l.cursor, fresh: l.isNew(p)}
		entry := st.entries.get(k, func() [3]string { return st.entry(k) })
		lines = append(lines, entry[0], entry[1], entry[2], "")
	}
	return strings.Join(padLines(lines, l.height), "\n")
}

// entryKey is what a post's entry in the list is drawn from.
type entryKey struct {
	width                  int
	title, excerpt, byline string // title and excerpt may hold search marks
	selected, fresh        bool   // fresh: new since the reader's last visit
}

// entry draws a post's three lines in the list: title, byline, excerpt.
func (st *styles) entry(k entryKey) [3]string {
	bar, titleStyle := "  ", st.title
	if k.selected {
		bar, titleStyle = st.selBar.Render("▌")+" ", st.selTitle
	}
	meta := st.meta.Render(fit(k.byline, k.width))
	if k.fresh {
		meta = st.newBadge.Render("new") + st.meta.Render(fit(" · "+k.byline, k.width-3))
	}
	return [3]string{
		bar + highlight(k.title, k.width, titleStyle, st.match),
		bar + meta,
		bar + highlight(k.excerpt, k.width, st.excerpt, st.match),
	}
}

func (l *listView) emptyMessage() string {
	switch {
	case l.search.query != "" && l.search.err != nil:
		return "Search failed; please try again."
	case l.search.query != "":
		return "No post holds “" + l.search.query + "”. Press esc to clear the search."
	case len(l.all) == 0:
		return "No posts yet."
	}
	return "No posts."
}

func (l *listView) statusLine() string {
	st := l.st
	switch {
	case l.search.typing:
		return "  " + st.filterLabel.Render("Search: ") + l.search.input.View()
	case l.search.active():
		return "  " + st.status.Render(fit("Search “"+l.search.query+"” · "+
			l.where()+" · / edits · esc clears", l.width-2))
	case l.tag != "":
		return "  " + st.status.Render(fit("Tagged #"+l.tag+" · "+
			l.where()+" · t changes · esc clears", l.width-2))
	default:
		status := l.where()
		if l.fresh > 0 {
			status += fmt.Sprintf(" · %d new since your last visit", l.fresh)
		}
		return "  " + st.status.Render(fit(status, l.width-2))
	}
}

// where says how many posts are listed and, when not all of them fit,
// which are on screen: "7 posts", "1–5 of 7 posts".
func (l *listView) where() string {
	n := l.items()
	end := min(l.top+l.visibleItems(), n)
	if l.top == 0 && end == n {
		return posts.Count(n, "post")
	}
	return fmt.Sprintf("%d–%d of %d posts", l.top+1, end, n)
}

// isNew reports whether p appeared on this blog since the reader's last
// visit, whatever date its front matter gives.
func (l *listView) isNew(p posts.Post) bool {
	return !l.since.IsZero() && p.FirstSeen.After(l.since)
}
