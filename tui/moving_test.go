package tui

import (
	"strings"
	"testing"
)

// The end of a post names the posts n and p open; at the newest and the
// oldest post, n and p say there is none rather than doing nothing.
func TestNextAndPreviousAtTheEnds(t *testing.T) {
	blog, _ := sampleBlog(t)
	list := blog.Posts()
	m := newTestModel(blog, 80, 24)
	update(m, enter, keys("G"))
	view := m.View()
	if !strings.Contains(view, "n next: "+list[1].Title) || !strings.Contains(view, "This is the newest post.") {
		t.Errorf("the end of the first post:\n%s", view)
	}
	update(m, keys("p"))
	if view := m.View(); m.post.post.Slug != list[0].Slug || !strings.Contains(view, " This is the newest post.") {
		t.Errorf("p on the newest post:\n%s", view)
	}
	update(m, keys("n"), keys("G"))
	if view := m.View(); !strings.Contains(view, "n next: "+list[2].Title) || !strings.Contains(view, "p previous: "+list[0].Title) {
		t.Errorf("the end of the second post:\n%s", view)
	}
	update(m, esc, keys("G"), enter, keys("n"))
	if view := m.View(); m.post.post.Slug != list[len(list)-1].Slug || !strings.Contains(view, "This is the oldest post.") {
		t.Errorf("n on the oldest post:\n%s", view)
	}
	update(m, keys("j"))
	if m.cs.notice != "" {
		t.Errorf("the notice outlived the next key: %q", m.cs.notice)
	}
}
