package tui

import (
	"strings"
	"testing"

	"github.com/charmbracelet/lipgloss"
	"github.com/charmbracelet/x/ansi"

	"github.com/sshblog/sshblog/blog"
	"github.com/sshblog/sshblog/posts"
)

// TestBadPostWarningFitsAndShowsAllOnAKey checks that an admin's warning
// about bad post files keeps the file's name, its line and the error in an
// 80-column header however deep the folder, says which key shows all, and
// that the key shows every problem whole.
func TestBadPostWarningFitsAndShowsAllOnAKey(t *testing.T) {
	site, store := sampleBlog(t)
	threads := newThreads(store, site, posts.RateLimit{})
	deep := "/srv/sites/" + strings.Repeat("nested/", 12) + "posts/"
	problems := []string{
		deep + "first-date-tips.md:14: date: \"next tuesday\" is not a date; write it as 2006-01-02 or 2006-01-02T15:04:05Z",
		deep + "other.md: front matter has no title",
	}
	site.SetProblems(problems)
	admin := New(site, Options{Look: asciiLook, Width: 80, Height: 24, Threads: threads, Viewer: blog.Viewer{Fingerprint: "SHA256:x", Admin: true}})
	header := ansi.Strip(strings.Split(admin.View(), "\n")[0])
	for _, want := range []string{"first-date-tips.md:14: date: \"next tuesday\"", "! 2 files"} {
		if !strings.Contains(header, want) {
			t.Errorf("header lacks %q: %q", want, header)
		}
	}
	if w := lipgloss.Width(header); w > 80 {
		t.Errorf("header is %d wide: %q", w, header)
	}
	update(admin, keys("?"))
	if help := ansi.Strip(admin.View()); !strings.Contains(help, "! bad post files") {
		t.Errorf("the full help does not name the key:\n%s", help)
	}
	update(admin, keys("?"))

	// From a post: closing a page from the list before any post was
	// opened is the crash another fix handles.
	update(admin, enter, keys("!"))
	page := ansi.Strip(admin.View())
	flat := strings.Join(strings.Fields(page), "") // a path too long for a line is cut across two
	for _, p := range problems {
		if !strings.Contains(flat, strings.Join(strings.Fields(p), "")) {
			t.Errorf("the page lacks the whole problem %q:\n%s", p, page)
		}
	}
	update(admin, esc)
	if strings.Contains(ansi.Strip(admin.View()), "Bad post files ·") {
		t.Errorf("esc did not close the page:\n%s", admin.View())
	}

	reader := New(site, Options{Look: asciiLook, Width: 80, Height: 24, Threads: threads, Viewer: blog.Viewer{Fingerprint: "SHA256:y"}})
	update(reader, keys("!"))
	if strings.Contains(reader.View(), "Bad post files") || strings.Contains(reader.View(), "shows all") {
		t.Errorf("a reader sees the bad files:\n%s", reader.View())
	}
}
