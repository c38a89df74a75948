package tui

import (
	"strings"
	"testing"
)

// TestExcerptsSaySo opens each sample post: the six whose text is only an
// excerpt say so at their end and in their byline, the whole one does not.
func TestExcerptsSaySo(t *testing.T) {
	blog, _ := sampleBlog(t)
	excerpts := 0
	for i, p := range blog.Posts() {
		m := newTestModel(blog, 80, 40)
		for range i {
			update(m, keys("j"))
		}
		update(m, enter)
		if top := m.View(); strings.Contains(top, "· excerpt") != p.Excerpt || strings.Contains(top, "min read") == p.Excerpt {
			t.Errorf("%s (excerpt %v): byline says the wrong length:\n%s", p.Slug, p.Excerpt, top)
		}
		update(m, keys("G"))
		end := m.View()
		says := strings.Contains(end, excerptNote)
		if p.Excerpt {
			excerpts++
		}
		if says != p.Excerpt {
			t.Errorf("%s (excerpt %v): note shown %v at the end:\n%s", p.Slug, p.Excerpt, says, end)
		}
	}
	if excerpts != 6 {
		t.Errorf("%d sample posts are marked excerpts, want 6", excerpts)
	}
}
