package tui

import (
	"strconv"
	"strings"
	"time"

	"github.com/charmbracelet/bubbles/cursor"
	"github.com/charmbracelet/bubbles/help"
	"github.com/charmbracelet/bubbles/key"
	"github.com/charmbracelet/bubbles/textinput"
	tea "github.com/charmbracelet/bubbletea"

	"github.com/sshblog/sshblog/posts"
)

// itemHeight is the rows one post takes in the list: title, meta, excerpt
// and a blank line.
const itemHeight = 4

var listKeyMap = newListKeys()
var filterKeyMap = newFilterKeys()

// listView is the list of posts, newest first, with an optional filter.
type listView struct {
	st     *styles
	all    []posts.Post // the blog's shared snapshot; never modified
	shown  []int        // indices into all that pass the filter
	cursor int          // index into shown
	top    int          // first index into shown that is drawn

	width, height int

	// filter is made on first use: most readers never filter.
	filter    *textinput.Model
	filtering bool // typing into the filter
}

func newListView(st *styles, all []posts.Post) listView {
	l := listView{st: st}
	l.setPosts(all)
	return l
}

// setPosts replaces the list, keeping the selected post selected if it is
// still there.
func (l *listView) setPosts(all []posts.Post) {
	selected := ""
	if p, ok := l.selected(); ok {
		selected = p.Slug
	}
	l.all = all
	l.applyFilter()
	for i, idx := range l.shown {
		if all[idx].Slug == selected {
			l.cursor = i
		}
	}
	l.clamp()
}

func (l *listView) selected() (posts.Post, bool) {
	if l.cursor < 0 || l.cursor >= len(l.shown) {
		return posts.Post{}, false
	}
	return l.all[l.shown[l.cursor]], true
}

// selectSlug moves the cursor to the post with slug, if it is shown.
func (l *listView) selectSlug(slug string) {
	for i, idx := range l.shown {
		if l.all[idx].Slug == slug {
			l.cursor = i
			l.clamp()
			return
		}
	}
}

// neighbour is the post delta places from the selected one in the list.
func (l *listView) neighbour(delta int) (posts.Post, bool) {
	i := l.cursor + delta
	if i < 0 || i >= len(l.shown) {
		return posts.Post{}, false
	}
	return l.all[l.shown[i]], true
}

func (l *listView) setSize(width, height int) {
	l.width, l.height = width, height
	if l.filter != nil {
		l.filter.Width = max(width-12, 1)
	}
	l.clamp()
}

// visibleItems is how many posts fit below the status line.
func (l *listView) visibleItems() int {
	return max((l.height-2)/itemHeight, 1)
}

func (l *listView) clamp() {
	l.cursor = min(max(l.cursor, 0), max(len(l.shown)-1, 0))
	n := l.visibleItems()
	if l.cursor < l.top {
		l.top = l.cursor
	}
	if l.cursor >= l.top+n {
		l.top = l.cursor - n + 1
	}
	l.top = min(max(l.top, 0), max(len(l.shown)-n, 0))
}

func (l *listView) query() string {
	if l.filter == nil {
		return ""
	}
	return strings.TrimSpace(l.filter.Value())
}

// applyFilter keeps the posts whose title, author, tags or excerpt hold every
// word of the filter, ignoring case.
func (l *listView) applyFilter() {
	words := strings.Fields(strings.ToLower(l.query()))
	l.shown = l.shown[:0]
	for i, p := range l.all {
		if matches(p, words) {
			l.shown = append(l.shown, i)
		}
	}
}

func matches(p posts.Post, words []string) bool {
	if len(words) == 0 {
		return true
	}
	hay := strings.ToLower(p.Title + "\n" + p.Author + "\n" + p.Summary + "\n" + strings.Join(p.Tags, " "))
	for _, w := range words {
		if !strings.Contains(hay, w) {
			return false
		}
	}
	return true
}

// keys is the key map the help bar shows for the list's current mode.
func (l *listView) keys() help.KeyMap {
	if l.filtering {
		return filterKeyMap
	}
	return listKeyMap
}

// update handles a key; open reports that the reader chose a post.
func (l *listView) update(msg tea.KeyMsg) (cmd tea.Cmd, open bool) {
	if l.filtering {
		return l.updateFilter(msg), false
	}
	k := listKeyMap
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
		l.cursor = len(l.shown) - 1
	case key.Matches(msg, k.Open):
		_, ok := l.selected()
		return nil, ok
	case key.Matches(msg, k.Filter):
		return l.startFilter(), false
	case key.Matches(msg, k.ClearFilter):
		if l.query() != "" {
			l.filter.SetValue("")
			l.applyFilter()
		}
	}
	l.clamp()
	return nil, false
}

func (l *listView) startFilter() tea.Cmd {
	if l.filter == nil {
		ti := textinput.New()
		ti.Prompt = ""
		ti.Placeholder = "title, author, tag…"
		ti.CharLimit = 100
		// A blinking cursor would wake this session twice a second.
		ti.Cursor.SetMode(cursor.CursorStatic)
		ti.Cursor.Style = l.st.selTitle
		ti.PlaceholderStyle = l.st.faint
		ti.TextStyle = l.st.title
		l.filter = &ti
	}
	l.filtering = true
	l.filter.Width = max(l.width-12, 1)
	return l.filter.Focus()
}

func (l *listView) updateFilter(msg tea.KeyMsg) tea.Cmd {
	switch {
	case key.Matches(msg, filterKeyMap.Cancel):
		l.filter.SetValue("")
		l.stopFilter()
	case key.Matches(msg, filterKeyMap.Accept):
		l.stopFilter()
	default:
		var cmd tea.Cmd
		*l.filter, cmd = l.filter.Update(msg)
		l.applyFilter()
		l.cursor, l.top = 0, 0
		return cmd
	}
	return nil
}

func (l *listView) stopFilter() {
	l.filtering = false
	l.filter.Blur()
	l.applyFilter()
	l.clamp()
}

// view draws the status line and the visible posts.
func (l *listView) view(now time.Time) string {
	st := l.st
	lines := make([]string, 0, l.height)
	lines = append(lines, l.statusLine(), "")
	if len(l.shown) == 0 {
		if len(l.all) == 0 {
			lines = append(lines, "  "+st.meta.Render("No posts yet."))
		} else {
			lines = append(lines, "  "+st.meta.Render("No post matches “"+l.query()+"”. Press esc to clear the filter."))
		}
	}
	textWidth := l.width - 3
	end := min(l.top+l.visibleItems(), len(l.shown))
	for i := l.top; i < end; i++ {
		p := l.all[l.shown[i]]
		bar, title := "  ", st.title
		if i == l.cursor {
			bar, title = st.selBar.Render("▌")+" ", st.selTitle
		}
		meta := p.Author
		if meta != "" {
			meta += " · "
		}
		meta += posts.RelativeTime(p.Published, now) + " · " + posts.Count(p.Comments, "comment")
		if tags := tagList(p.Tags); tags != "" {
			meta += " · " + tags
		}
		lines = append(lines,
			bar+title.Render(fit(p.Title, textWidth)),
			bar+st.meta.Render(fit(meta, textWidth)),
			bar+st.excerpt.Render(fit(p.Summary, textWidth)),
			"")
	}
	return strings.Join(padLines(lines, l.height), "\n")
}

func (l *listView) statusLine() string {
	st := l.st
	switch {
	case l.filtering:
		return "  " + st.filterLabel.Render("Filter: ") + l.filter.View()
	case l.query() != "":
		return "  " + st.status.Render(fit("Filtered by “"+l.query()+"” · "+
			countOf(len(l.shown), len(l.all))+" · esc clears", l.width-2))
	default:
		return "  " + st.status.Render(posts.Count(len(l.all), "post"))
	}
}

func countOf(n, total int) string {
	return posts.Count(n, "post") + " of " + strconv.Itoa(total)
}
