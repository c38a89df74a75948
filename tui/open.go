package tui

import tea "github.com/charmbracelet/bubbletea"

// OpenOn has the reader start on the listed post with slug, as
// `ssh -t HOST read SLUG` does, so that a post can be shared as a command;
// back from it is the list, with the post selected. ok is false when no
// listed post has the slug.
func OpenOn(m *Model, slug string) (model tea.Model, ok bool) {
	m.list.selectSlug(slug)
	p, found := m.list.selected()
	if !found || p.Slug != slug {
		return m, false
	}
	m.reading = true
	return opening{Model: m, open: m.post.open(p, m.now())}, true
}

// opening is a reader whose first commands also fetch the post it opens on;
// its first Update hands back the reader itself.
type opening struct {
	*Model
	open tea.Cmd
}

func (o opening) Init() tea.Cmd { return tea.Batch(o.Model.Init(), o.open) }
