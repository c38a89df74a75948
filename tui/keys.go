package tui

import "github.com/charmbracelet/bubbles/key"

// listKeys are the keys of the post list.
type listKeys struct {
	Up, Down, PageUp, PageDown, Home, End key.Binding
	Open, Filter, ClearFilter, Help, Quit key.Binding
}

func newListKeys() listKeys {
	return listKeys{
		Up:          key.NewBinding(key.WithKeys("up", "k"), key.WithHelp("↑/k", "up")),
		Down:        key.NewBinding(key.WithKeys("down", "j"), key.WithHelp("↓/j", "down")),
		PageUp:      key.NewBinding(key.WithKeys("pgup", "b"), key.WithHelp("pgup/b", "page up")),
		PageDown:    key.NewBinding(key.WithKeys("pgdown", "f", " "), key.WithHelp("pgdn/f", "page down")),
		Home:        key.NewBinding(key.WithKeys("home", "g"), key.WithHelp("g/home", "first")),
		End:         key.NewBinding(key.WithKeys("end", "G"), key.WithHelp("G/end", "last")),
		Open:        key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "read")),
		Filter:      key.NewBinding(key.WithKeys("/"), key.WithHelp("/", "filter")),
		ClearFilter: key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", "clear filter")),
		Help:        key.NewBinding(key.WithKeys("?"), key.WithHelp("?", "help")),
		Quit:        key.NewBinding(key.WithKeys("q", "ctrl+c"), key.WithHelp("q", "quit")),
	}
}

func (k listKeys) ShortHelp() []key.Binding {
	return []key.Binding{k.Down, k.Open, k.Filter, k.Help, k.Quit}
}

func (k listKeys) FullHelp() [][]key.Binding {
	return [][]key.Binding{
		{k.Up, k.Down, k.PageUp, k.PageDown},
		{k.Home, k.End, k.Open},
		{k.Filter, k.ClearFilter, k.Help, k.Quit},
	}
}

// filterKeys are the keys while typing a filter.
type filterKeys struct{ Accept, Cancel key.Binding }

func newFilterKeys() filterKeys {
	return filterKeys{
		Accept: key.NewBinding(key.WithKeys("enter", "down", "up"), key.WithHelp("enter", "apply")),
		Cancel: key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", "clear")),
	}
}

func (k filterKeys) ShortHelp() []key.Binding  { return []key.Binding{k.Accept, k.Cancel} }
func (k filterKeys) FullHelp() [][]key.Binding { return [][]key.Binding{k.ShortHelp()} }

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
		PageDown: key.NewBinding(key.WithKeys("pgdown", " ", "f"), key.WithHelp("space/pgdn", "page down")),
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
