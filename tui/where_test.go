package tui

import (
	"strings"
	"testing"

	"github.com/charmbracelet/x/ansi"
)

// TestListSaysWhereYouAre checks the status line names the posts on screen
// when not all of them fit, and only the count when they do.
func TestListSaysWhereYouAre(t *testing.T) {
	blog, _ := sampleBlog(t)
	status := func(m *Model) string { return strings.TrimSpace(ansi.Strip(strings.Split(m.View(), "\n")[1])) }

	m := newTestModel(blog, 80, 24)
	if got := status(m); got != "1–5 of 7 posts" {
		t.Errorf("at the top: status %q, want 1–5 of 7 posts", got)
	}
	update(m, keys("G"))
	if got := status(m); got != "3–7 of 7 posts" {
		t.Errorf("at the bottom: status %q, want 3–7 of 7 posts", got)
	}
	update(m, keys("t"), keys("j"), keys("j"), enter) // a tag with fewer posts
	if got := status(m); !strings.HasPrefix(got, "Tagged #") || strings.Contains(got, " of ") {
		t.Errorf("a tag whose posts all fit: status %q", got)
	}

	tall := newTestModel(blog, 80, 40)
	if got := status(tall); got != "7 posts" {
		t.Errorf("every post fits: status %q, want 7 posts", got)
	}
}
