package tui

import (
	"context"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/muesli/termenv"

	"github.com/sshblog/sshblog/blog"
	"github.com/sshblog/sshblog/data"
	"github.com/sshblog/sshblog/posts"
)

// hostile is text that, reaching a terminal raw, would set its title, blink,
// move the cursor back, reverse what follows, and fake our match marks.
const hostile = "Evil \x1b]0;owned\x07 \x1b[5mblink\x1b[0m \x9b2J \u202egnp\x08\x7f\x01mark\x02 \x1b[31;5;8mred"

// A store full of hostile text (written past the checks that keep it out
// today, as an older version or a hand-edited database could) draws, on
// every screen a reader and an admin reach, only the SGR of our styles.
func TestHostileStoreDrawsOnlyOurSGR(t *testing.T) {
	ctx := context.Background()
	store, err := data.Open(filepath.Join(t.TempDir(), "blog.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { store.Close() })
	evil := posts.Post{Slug: "evil", Title: hostile, Author: hostile, Summary: hostile + "\n" + hostile,
		Tags: []string{"evil" + hostile}, Body: "# Evil\n\nA body.", Published: seedDay.AddDate(0, 0, -1)}
	if _, err := store.SeedIfEmpty(ctx, []posts.Post{evil}); err != nil {
		t.Fatal(err)
	}
	site, err := loadBlog(ctx, "Blog", store, NewRenderCache(8<<20))
	if err != nil {
		t.Fatal(err)
	}
	site.SetProblems([]string{"/posts/" + hostile + ".md:3: " + hostile})
	for _, who := range []string{"evil", "adm"} {
		nc := posts.NewComment{PostSlug: "evil", Author: posts.Identity{Fingerprint: "SHA256:" + who, Name: who + hostile}, Body: hostile + "\n" + hostile}
		if _, err := store.AddComment(ctx, nc); err != nil {
			t.Fatal(err)
		}
	}
	if err := store.SetBanned(ctx, "SHA256:adm", "SHA256:evil", true); err != nil {
		t.Fatal(err)
	}
	threads := newThreads(store, site, posts.RateLimit{})
	admin := New(site, Options{Look: Look{Profile: termenv.TrueColor, Dark: true}, Width: 100, Height: 30,
		Now: func() time.Time { return seedDay }, Threads: threads, Viewer: blog.Viewer{Fingerprint: "SHA256:adm", Admin: true}})

	screens := []struct {
		name  string
		press []tea.Msg
		shows string // a word of the screen, so that the test knows it got there
	}{
		{"list", nil, "Evil"},
		{"full help", []tea.Msg{keys("?")}, "quit"},
		{"search results", []tea.Msg{keys("?"), keys("/"), keys("e"), keys("v"), keys("i"), keys("l")}, "Evil"},
		{"tags", []tea.Msg{esc, keys("t")}, "#evil"},
		{"post", []tea.Msg{esc, enter}, "body."},
		{"thread", []tea.Msg{keys("c")}, "Evil"},
		{"delete question", []tea.Msg{keys("x")}, "Delete"},
		{"ban question", []tea.Msg{keys("n"), keys("j"), keys("B")}, "ban"},
		{"profile", []tea.Msg{keys("n"), keys("i")}, "Evil"},
		{"moderation log", []tea.Msg{esc, esc, esc, keys("L")}, "banned"},
		{"bad post files", []tea.Msg{esc, keys("!")}, "posts/"},
	}
	for _, s := range screens {
		update(admin, s.press...)
		view := admin.View()
		if !strings.Contains(view, s.shows) {
			t.Fatalf("%s: the screen lacks %q:\n%s", s.name, s.shows, view)
		}
		t.Run(s.name, func(t *testing.T) { checkOnlyOurSGR(t, view) })
	}
}

// The boundary stays one: outside clean.go (text from the store) and
// gate.go (rendered posts), no file of the reader cleans text itself, which
// would mean text reached it another way; and only blog.go, which cleans
// them, reads the blog's posts, bad files and search results past tui.Blog.
func TestOnlyTheGatesClean(t *testing.T) {
	files, err := filepath.Glob("*.go")
	if err != nil {
		t.Fatal(err)
	}
	cleaning := regexp.MustCompile(`posts\.(CleanText|CleanLine|KeepSGR)\(`)
	raw := regexp.MustCompile(`\.Blog\.(Posts|Problems|Search)\(`)
	for _, f := range files {
		if strings.HasSuffix(f, "_test.go") {
			continue
		}
		src, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		if loc := cleaning.FindIndex(src); loc != nil && f != "clean.go" && f != "gate.go" {
			t.Errorf("%s cleans text at a draw site: %q", f, src[loc[0]:loc[1]])
		}
		if loc := raw.FindIndex(src); loc != nil && f != "blog.go" {
			t.Errorf("%s reads the blog's text uncleaned: %q", f, src[loc[0]:loc[1]])
		}
	}
}

// Cleaning makes no per-session copy of what the blog shares: clean posts
// are the blog's own list, and a cleaned list of bad files is made once.
func TestCleanListsAreShared(t *testing.T) {
	site, _ := sampleBlog(t)
	if got, own := site.Posts(), site.Blog.Posts(); &got[0] != &own[0] {
		t.Error("clean posts were copied")
	}
	site.SetProblems([]string{"a.md: fine", hostile})
	a, b := site.Problems(), site.Problems()
	if &a[0] != &b[0] {
		t.Error("the bad files were cleaned again for a second look")
	}
	if a[0] != "a.md: fine" || strings.ContainsAny(a[1], "\x1b\x07\x08") {
		t.Errorf("the bad files are not as cleaned: %q", a)
	}
}
