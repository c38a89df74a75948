package tui

import (
	"github.com/charmbracelet/bubbles/help"
	"github.com/charmbracelet/bubbles/key"
)

// listKeys are the keys of the post list.
type listKeys struct {
	Up, Down, PageUp, PageDown, Home, End key.Binding
	Open, Search, Tags, Clear, Help, Quit key.Binding
}

func newListKeys() listKeys {
	return listKeys{
		Up:       key.NewBinding(key.WithKeys("up", "k"), key.WithHelp("↑/k", "up")),
		Down:     key.NewBinding(key.WithKeys("down", "j"), key.WithHelp("↓/j", "down")),
		PageUp:   key.NewBinding(key.WithKeys("pgup", "b"), key.WithHelp("pgup/b", "page up")),
		PageDown: key.NewBinding(key.WithKeys("pgdown", "f", " "), key.WithHelp("pgdn/f", "page down")),
		Home:     key.NewBinding(key.WithKeys("home", "g"), key.WithHelp("g/home", "first")),
		End:      key.NewBinding(key.WithKeys("end", "G"), key.WithHelp("G/end", "last")),
		Open:     key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "read")),
		Search:   key.NewBinding(key.WithKeys("/"), key.WithHelp("/", "search")),
		Tags:     key.NewBinding(key.WithKeys("t"), key.WithHelp("t", "tags")),
		Clear:    key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", "clear search/tag")),
		Help:     key.NewBinding(key.WithKeys("?"), key.WithHelp("?", "help")),
		Quit:     key.NewBinding(key.WithKeys("q", "ctrl+c"), key.WithHelp("q", "quit")),
	}
}

func (k listKeys) ShortHelp() []key.Binding {
	return []key.Binding{k.Down, k.Open, k.Search, k.Tags, k.Help, k.Quit}
}

// forBlog is the list's keys with a one-line help that offers nothing to
// read or narrow when the blog has no posts.
func (k listKeys) forBlog(empty bool) help.KeyMap {
	if !empty {
		return k
	}
	return shortKeys{KeyMap: k, short: []key.Binding{k.Help, k.Quit}}
}

func (k listKeys) FullHelp() [][]key.Binding {
	return [][]key.Binding{
		{k.Up, k.Down, k.PageUp, k.PageDown},
		{k.Home, k.End, k.Open},
		{k.Search, k.Tags, k.Clear, k.Help, k.Quit},
	}
}

// searchKeys are the keys while typing a search.
type searchKeys struct{ Accept, Cancel key.Binding }

func newSearchKeys() searchKeys {
	return searchKeys{
		Accept: key.NewBinding(key.WithKeys("enter", "down", "up"), key.WithHelp("enter", "browse results")),
		Cancel: key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", "clear")),
	}
}

func (k searchKeys) ShortHelp() []key.Binding  { return []key.Binding{k.Accept, k.Cancel} }
func (k searchKeys) FullHelp() [][]key.Binding { return [][]key.Binding{k.ShortHelp()} }

// tagKeys are the keys of the tag picker.
type tagKeys struct{ Up, Down, Choose, Cancel key.Binding }

func newTagKeys() tagKeys {
	return tagKeys{
		Up:     key.NewBinding(key.WithKeys("up", "k"), key.WithHelp("↑/k", "up")),
		Down:   key.NewBinding(key.WithKeys("down", "j"), key.WithHelp("↓/j", "down")),
		Choose: key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "show")),
		Cancel: key.NewBinding(key.WithKeys("esc", "t"), key.WithHelp("esc", "cancel")),
	}
}

func (k tagKeys) ShortHelp() []key.Binding { return []key.Binding{k.Down, k.Choose, k.Cancel} }
func (k tagKeys) FullHelp() [][]key.Binding {
	return [][]key.Binding{{k.Up, k.Down}, {k.Choose, k.Cancel}}
}

// postKeys are the keys of the post reader.
type postKeys struct {
	Up, Down, PageUp, PageDown, HalfUp, HalfDown, Home, End key.Binding
	Next, Prev, Back, Copy, Help, Quit                      key.Binding

	// Page down, n/p, half pages, top/bottom and leaving the post, as the
	// shorter helps name them.
	more, others, halves, ends, leave key.Binding
}

func newPostKeys() postKeys {
	return postKeys{
		Up:       key.NewBinding(key.WithKeys("up", "k"), key.WithHelp("↑/k", "up")),
		Down:     key.NewBinding(key.WithKeys("down", "j"), key.WithHelp("↓/j", "down")),
		PageUp:   key.NewBinding(key.WithKeys("pgup", "b"), key.WithHelp("b/pgup", "page up")),
		PageDown: key.NewBinding(key.WithKeys("pgdown", " ", "f"), key.WithHelp("space", "page down")),
		HalfUp:   key.NewBinding(key.WithKeys("u", "ctrl+u"), key.WithHelp("u", "½ page up")),
		HalfDown: key.NewBinding(key.WithKeys("d", "ctrl+d"), key.WithHelp("d", "½ page down")),
		Home:     key.NewBinding(key.WithKeys("home", "g"), key.WithHelp("g/home", "top")),
		End:      key.NewBinding(key.WithKeys("end", "G"), key.WithHelp("G/end", "bottom")),
		Next:     key.NewBinding(key.WithKeys("n"), key.WithHelp("n", "next post")),
		Prev:     key.NewBinding(key.WithKeys("p"), key.WithHelp("p", "previous post")),
		Back:     key.NewBinding(key.WithKeys("esc", "backspace", "left", "h"), key.WithHelp("esc", "back")),
		Copy:     key.NewBinding(key.WithKeys("y"), key.WithHelp("y", "copy link")),
		Help:     key.NewBinding(key.WithKeys("?"), key.WithHelp("?", "help")),
		Quit:     key.NewBinding(key.WithKeys("q", "ctrl+c"), key.WithHelp("q", "quit")),
		more:     key.NewBinding(key.WithKeys(" "), key.WithHelp("space", "more")),
		others:   key.NewBinding(key.WithKeys("n", "p"), key.WithHelp("n/p", "next/prev")),
		halves:   key.NewBinding(key.WithKeys("u", "ctrl+u", "d", "ctrl+d"), key.WithHelp("u/d", "½ page")),
		ends:     key.NewBinding(key.WithKeys("home", "g", "end", "G"), key.WithHelp("g/G", "top/bottom")),
		leave:    key.NewBinding(key.WithKeys("backspace", "left", "h"), key.WithHelp("h", "the list")),
	}
}

func (k postKeys) ShortHelp() []key.Binding { return k.short(false) }

// short is the one-line help: paging, unless the end is on screen, and the
// ways out and on.
func (k postKeys) short(atEnd bool) []key.Binding {
	return append(k.paging(atEnd), k.Back, k.others, k.Help, k.Quit)
}

func (k postKeys) paging(atEnd bool) []key.Binding {
	if atEnd {
		return nil
	}
	return []key.Binding{k.more}
}

// at is the post keys with the one-line help for a reader at the end or not.
func (k postKeys) at(atEnd bool) help.KeyMap { return shortKeys{KeyMap: k, short: k.short(atEnd)} }

func (k postKeys) FullHelp() [][]key.Binding {
	return [][]key.Binding{
		{k.Up, k.Down, k.PageUp, k.PageDown},
		{k.HalfUp, k.HalfDown, k.Home, k.End},
		{k.Next, k.Prev, k.Copy, k.Back, k.Help, k.Quit},
	}
}
