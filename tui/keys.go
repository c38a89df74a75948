package tui

import "github.com/charmbracelet/bubbles/key"

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
type tagKeys struct{ Up, Down, Choose, All key.Binding }

func newTagKeys() tagKeys {
	return tagKeys{
		Up:     key.NewBinding(key.WithKeys("up", "k"), key.WithHelp("↑/k", "up")),
		Down:   key.NewBinding(key.WithKeys("down", "j"), key.WithHelp("↓/j", "down")),
		Choose: key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "show")),
		All:    key.NewBinding(key.WithKeys("esc", "t"), key.WithHelp("esc", "every post")),
	}
}

func (k tagKeys) ShortHelp() []key.Binding { return []key.Binding{k.Down, k.Choose, k.All} }
func (k tagKeys) FullHelp() [][]key.Binding {
	return [][]key.Binding{{k.Up, k.Down}, {k.Choose, k.All}}
}

// postKeys are the keys of the post reader.
type postKeys struct {
	Up, Down, PageUp, PageDown, HalfUp, HalfDown, Home, End key.Binding
	Next, Prev, Back, Help, Quit                            key.Binding
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
		Help:     key.NewBinding(key.WithKeys("?"), key.WithHelp("?", "help")),
		Quit:     key.NewBinding(key.WithKeys("q", "ctrl+c"), key.WithHelp("q", "quit")),
	}
}

func (k postKeys) ShortHelp() []key.Binding {
	return []key.Binding{k.PageDown, k.Next, k.Back, k.Help, k.Quit}
}

func (k postKeys) FullHelp() [][]key.Binding {
	return [][]key.Binding{
		{k.Up, k.Down, k.PageUp, k.PageDown},
		{k.HalfUp, k.HalfDown, k.Home, k.End},
		{k.Next, k.Prev, k.Back, k.Help, k.Quit},
	}
}
