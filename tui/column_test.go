package tui

import (
	"strings"
	"testing"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/ansi"
)

// TestOneLeftEdge checks that at 140 columns every screen is drawn in one
// column of at most maxColumn, centred, with its text starting at one edge:
// the header, the list and its excerpts, the tag picker, the post and the
// help bar alike.
func TestOneLeftEdge(t *testing.T) {
	blog, _ := sampleBlog(t)
	const width = 140
	margin := (width - maxColumn) / 2
	textEdge := margin + 2
	screens := []struct {
		name string
		keys []tea.Msg
	}{
		{"list", nil},
		{"tags", []tea.Msg{keys("t")}},
		{"post", []tea.Msg{enter}},
		{"help", []tea.Msg{keys("?")}},
	}
	for _, s := range screens {
		m := newTestModel(blog, width, 45)
		update(m, s.keys...)
		edges := map[int]int{}
		for i, l := range strings.Split(m.View(), "\n") {
			plain := strings.TrimRight(ansi.Strip(l), " ")
			text := strings.TrimLeft(plain, " ▌")
			if text == "" {
				continue
			}
			edge := ansi.StringWidth(plain) - ansi.StringWidth(text)
			if edge < textEdge {
				t.Errorf("%s: line %d starts at column %d, left of the text edge %d: %q", s.name, i, edge, textEdge, plain)
			}
			edges[edge]++
			if end := ansi.StringWidth(plain); end > margin+maxColumn {
				t.Errorf("%s: line %d ends at column %d, right of the column's edge %d: %q", s.name, i, end, margin+maxColumn, plain)
			}
		}
		if edges[textEdge] < 3 {
			t.Errorf("%s: only %d lines start at the text edge %d (edges %v):\n%s", s.name, edges[textEdge], textEdge, edges, m.View())
		}
		if first := strings.Split(ansi.Strip(m.View()), "\n")[0]; !strings.HasPrefix(first, strings.Repeat(" ", textEdge)+blog.Name) {
			t.Errorf("%s: the header's name is not at the text edge: %q", s.name, first)
		}
	}
}
