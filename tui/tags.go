package tui

import (
	"sort"
	"strings"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/ansi"

	"github.com/sshblog/sshblog/posts"
)

var tagKeyMap = newTagKeys()

// tagPicker lists the blog's tags, commonest first, to narrow the list to one.
type tagPicker struct {
	tags    []tagCount // the first is "every post"
	cursor  int
	current string
}

type tagCount struct {
	tag   string
	posts int
}

// newTagPicker counts the tags of list; the current tag starts selected.
func newTagPicker(list []posts.Post, current string) *tagPicker {
	counts := map[string]int{}
	for _, p := range list {
		for _, t := range p.Tags {
			counts[t]++
		}
	}
	tp := &tagPicker{current: current}
	for t, n := range counts {
		tp.tags = append(tp.tags, tagCount{t, n})
	}
	sort.Slice(tp.tags, func(i, j int) bool {
		if tp.tags[i].posts != tp.tags[j].posts {
			return tp.tags[i].posts > tp.tags[j].posts
		}
		return tp.tags[i].tag < tp.tags[j].tag
	})
	tp.tags = append([]tagCount{{"", len(list)}}, tp.tags...)
	for i, tc := range tp.tags {
		if tc.tag == current {
			tp.cursor = i
		}
	}
	return tp
}

// update moves or chooses; done means the picker closes with tag chosen
// ("" for every post), or the tag it opened with when cancelled.
func (tp *tagPicker) update(msg tea.KeyMsg) (tag string, done bool) {
	k := tagKeyMap
	switch {
	case key.Matches(msg, k.Up):
		tp.cursor = max(tp.cursor-1, 0)
	case key.Matches(msg, k.Down):
		tp.cursor = min(tp.cursor+1, max(len(tp.tags)-1, 0))
	case key.Matches(msg, k.Choose):
		return tp.tags[tp.cursor].tag, true
	case key.Matches(msg, k.Cancel):
		return tp.current, true
	}
	return "", false
}

func (tp *tagPicker) view(st *styles, width, height int) string {
	lines := []string{"  " + st.filterLabel.Render("Show posts tagged…"), ""}
	if len(tp.tags) == 1 {
		lines = append(lines, "  "+st.meta.Render("No post has tags yet. Press esc."))
	}
	nameWidth := len("every post")
	for _, tc := range tp.tags {
		nameWidth = max(nameWidth, len(tc.tag)+1)
	}
	nameWidth = min(nameWidth, width/2)
	visible := max(height-len(lines), 1)
	top := min(max(tp.cursor-visible+1, 0), max(len(tp.tags)-visible, 0))
	for i := top; i < min(top+visible, len(tp.tags)); i++ {
		tc := tp.tags[i]
		bar, style := "  ", st.title
		if i == tp.cursor {
			bar, style = st.selBar.Render("▌")+" ", st.selTitle
		}
		name := fit("#"+tc.tag, nameWidth)
		if tc.tag == "" {
			name = fit("every post", nameWidth)
		}
		pad := strings.Repeat(" ", nameWidth-ansi.StringWidth(name)+2)
		lines = append(lines, bar+style.Render(name)+pad+st.meta.Render(posts.Count(tc.posts, "post")))
	}
	return strings.Join(padLines(lines, height), "\n")
}
