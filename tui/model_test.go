package tui

import (
	"bytes"
	"fmt"
	"github.com/charmbracelet/x/ansi"
	"strings"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"
	"github.com/charmbracelet/x/exp/golden"
	"github.com/charmbracelet/x/exp/teatest"
	"github.com/muesli/termenv"

	"github.com/sshblog/sshblog/blog"
)

var (
	enter = tea.KeyMsg{Type: tea.KeyEnter}
	esc   = tea.KeyMsg{Type: tea.KeyEsc}
)

func keys(s string) tea.KeyMsg { return tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune(s)} }

// waitForText waits until the program has drawn text.
func waitForText(t *testing.T, tm *teatest.TestModel, text string) {
	t.Helper()
	teatest.WaitFor(t, tm.Output(), func(b []byte) bool { return bytes.Contains(b, []byte(text)) },
		teatest.WithDuration(10*time.Second))
}

// finalView quits the program and returns its last view.
func finalView(t *testing.T, tm *teatest.TestModel) string {
	t.Helper()
	tm.Send(keys("q"))
	return tm.FinalModel(t, teatest.WithFinalTimeout(10*time.Second)).View()
}

func TestListGolden(t *testing.T) {
	for _, size := range [][2]int{{80, 24}, {120, 40}} {
		t.Run(fmt.Sprintf("%dx%d", size[0], size[1]), func(t *testing.T) {
			site, _ := sampleBlog(t)
			tm := teatest.NewTestModel(t, newTestModel(site, size[0], size[1]), teatest.WithInitialTermSize(size[0], size[1]))
			waitForText(t, tm, "Difference between Networking")
			view := finalView(t, tm)
			if !strings.Contains(view, "Tushti · 18 Jul 2022 · 4 years ago · 0 comments") {
				t.Errorf("list lacks the byline:\n%s", view)
			}
			golden.RequireEqual(t, []byte(view))
		})
	}
}

func TestPostGolden(t *testing.T) {
	for _, size := range [][2]int{{80, 24}, {120, 40}} {
		t.Run(fmt.Sprintf("%dx%d", size[0], size[1]), func(t *testing.T) {
			site, _ := sampleBlog(t)
			tm := teatest.NewTestModel(t, newTestModel(site, size[0], size[1]), teatest.WithInitialTermSize(size[0], size[1]))
			tm.Send(enter)
			waitForText(t, tm, "pretty much similar")
			view := finalView(t, tm)
			if !strings.Contains(view, "by Tushti · 18 Jul 2022 · 4 years ago · 5 min read") {
				t.Errorf("post lacks its byline:\n%s", view)
			}
			golden.RequireEqual(t, []byte(view))
		})
	}
}

// update feeds msgs to m directly, running the commands they return, as
// Bubble Tea would; timers never fire, as running them here would wait them
// out.
func update(m *Model, msgs ...tea.Msg) {
	m.after = func(time.Duration, tea.Msg) tea.Cmd { return nil }
	for _, msg := range msgs {
		_, cmd := m.Update(msg)
		run(m, cmd)
	}
}

func run(m *Model, cmd tea.Cmd) {
	if cmd == nil {
		return
	}
	switch msg := cmd().(type) {
	case nil:
	case tea.BatchMsg:
		for _, c := range msg {
			run(m, c)
		}
	default:
		update(m, msg)
	}
}

func TestPostScrollNextPrevAndBack(t *testing.T) {
	site, _ := sampleBlog(t)
	m := newTestModel(site, 80, 24)
	update(m, enter)
	if !strings.Contains(m.View(), "Top") {
		t.Fatalf("a long post starts at the top:\n%s", m.View())
	}
	update(m, keys("G"))
	if !strings.Contains(m.View(), "Bottom") || !strings.Contains(m.View(), "Let a conversation spill over") {
		t.Fatalf("G goes to the end:\n%s", m.View())
	}
	update(m, keys("n"))
	if !strings.Contains(m.View(), "Love Yourself") {
		t.Fatalf("n opens the next post:\n%s", m.View())
	}
	update(m, keys("p"), keys("p"))
	if !strings.Contains(m.View(), "Difference between Networking") {
		t.Fatalf("p goes back, and stops at the first post:\n%s", m.View())
	}
	update(m, keys("n"), keys("n"), esc)
	if m.reading {
		t.Fatal("esc did not go back to the list")
	}
	if p, _ := m.list.selected(); p.Slug != "how-to-get-over-someone-who-ghosted-you" {
		t.Errorf("back in the list, %q is selected; want the post last read", p.Slug)
	}
}

func TestListKeys(t *testing.T) {
	site, _ := sampleBlog(t)
	m := newTestModel(site, 80, 24)
	steps := []struct {
		key  tea.KeyMsg
		want string
	}{
		{keys("j"), "love-yourself-everything-else-will-fall-into-place"},
		{keys("G"), "how-to-look-irresistible-on-your-first-date"},
		{keys("k"), "love-or-lust"},
		{keys("g"), "difference-between-networking-and-making-friends"},
		{tea.KeyMsg{Type: tea.KeyPgDown}, "love-or-lust"}, // five posts fit on a page
	}
	for _, s := range steps {
		update(m, s.key)
		if p, _ := m.list.selected(); p.Slug != s.want {
			t.Errorf("after %q: selected %q, want %q", s.key, p.Slug, s.want)
		}
	}
	view := m.View()
	if !strings.Contains(view, "▌ Love Or Lust") {
		t.Errorf("the selected post is not drawn as selected:\n%s", view)
	}
}

func TestSearch(t *testing.T) {
	site, _ := sampleBlog(t)
	m := newTestModel(site, 80, 24)
	update(m, keys("/"), keys("f"), keys("r"), keys("i"), keys("e"), keys("n"), keys("d"))
	view := m.View()
	if len(m.list.search.results) != 2 {
		t.Fatalf("search “friend” found %d posts, want 2:\n%s", len(m.list.search.results), view)
	}
	if p, _ := m.list.selected(); p.Slug != "friendships-change" {
		t.Errorf("the post with the word in its title should rank first, got %q", p.Slug)
	}
	update(m, keys("q")) // typed into the box, not quitting
	if !strings.Contains(m.View(), "No post holds “friendq”") {
		t.Fatalf("no-match message missing:\n%s", m.View())
	}
	update(m, tea.KeyMsg{Type: tea.KeyBackspace}, enter)
	if !strings.Contains(m.View(), "Search “friend” · 2 posts") {
		t.Fatalf("the search is not shown:\n%s", m.View())
	}
	update(m, keys("j"), enter)
	if !m.reading {
		t.Fatal("enter on a result did not open it")
	}
	update(m, esc, esc)
	if m.list.search.active() || m.list.items() != 7 {
		t.Errorf("esc in the list clears the search: %d listed", m.list.items())
	}
}

func TestSearchHighlightsMatches(t *testing.T) {
	site, _ := sampleBlog(t)
	look := Look{Profile: termenv.ANSI256, Dark: true}
	m := New(site, Options{Look: look, Width: 80, Height: 24, Now: func() time.Time { return seedDay }})
	update(m, keys("/"), keys("l"), keys("u"), keys("s"), keys("t"), enter)
	match := stylesFor(look).match.Render("Lust")
	if !strings.Contains(m.View(), match) {
		t.Errorf("the matching word is not highlighted:\n%q", m.View())
	}
}

func TestTagPicker(t *testing.T) {
	site, _ := sampleBlog(t)
	m := newTestModel(site, 80, 24)
	update(m, keys("t"))
	view := m.View()
	if !strings.Contains(view, "#relationships") || !strings.Contains(view, "3 posts") {
		t.Fatalf("the picker lists tags with counts, commonest first:\n%s", view)
	}
	update(m, keys("j"), keys("j"), enter) // past "every post" and #relationships: dating (2 posts)
	if m.list.tag == "" || m.list.items() != 2 {
		t.Fatalf("tag %q shows %d posts", m.list.tag, m.list.items())
	}
	if !strings.Contains(m.View(), "Tagged #"+m.list.tag+" · 2 posts") {
		t.Errorf("the tag is not shown:\n%s", m.View())
	}
	chosen := m.list.tag
	update(m, keys("t"), esc)
	if m.list.tag != chosen {
		t.Errorf("esc in the picker changed the tag to %q", m.list.tag)
	}
	update(m, keys("t"), keys("k"), keys("k"), keys("k"), enter)
	if m.list.tag != "" || m.list.items() != 7 {
		t.Errorf("“every post” shows %d, tag %q", m.list.items(), m.list.tag)
	}
	update(m, keys("t"), keys("j"), enter, esc)
	if m.list.tag != "" {
		t.Errorf("esc in the list clears the tag: %q", m.list.tag)
	}
}

func TestHelpToggles(t *testing.T) {
	site, _ := sampleBlog(t)
	m := newTestModel(site, 80, 24)
	short := m.View()
	update(m, keys("?"))
	full := m.View()
	for _, want := range []string{"page down", "first", "last", "search", "tags"} {
		if !strings.Contains(full, want) {
			t.Errorf("full help lacks %q:\n%s", want, full)
		}
	}
	if strings.Count(full, "\n") != strings.Count(short, "\n") {
		t.Errorf("full help changed the frame height: %d vs %d lines", strings.Count(full, "\n"), strings.Count(short, "\n"))
	}
}

func TestTooSmall(t *testing.T) {
	site, _ := sampleBlog(t)
	m := newTestModel(site, 20, 5)
	if v := m.View(); !strings.Contains(v, "Make the window") || strings.Contains(v, "Networking") {
		t.Fatalf("tiny window view:\n%s", v)
	}
	update(m, tea.WindowSizeMsg{Width: 80, Height: 24})
	if !strings.Contains(m.View(), "Networking") {
		t.Fatal("growing the window did not bring the list back")
	}
}

func TestEveryFrameFitsTheWindow(t *testing.T) {
	site, _ := sampleBlog(t)
	for _, size := range [][2]int{{30, 8}, {80, 24}, {200, 60}} {
		m := newTestModel(site, size[0], size[1])
		for _, k := range []tea.Msg{nil, keys("?"), keys("?"), enter, keys(" "), keys("?")} {
			if k != nil {
				update(m, k)
			}
			lines := strings.Split(m.View(), "\n")
			if len(lines) != size[1] {
				t.Errorf("%v after %v: %d lines, want %d", size, k, len(lines), size[1])
			}
			for i, l := range lines {
				if w := lipgloss.Width(l); w > size[0] {
					t.Errorf("%v after %v: line %d is %d wide: %q", size, k, i, w, l)
				}
			}
		}
	}
}

func TestNewSinceLastVisit(t *testing.T) {
	site, _ := sampleBlog(t)
	// Between the ghosted and redflags posts' dates, but before the sample
	// was put on this blog: every post appeared since, whatever its date.
	lastVisit := time.Date(2022, 5, 15, 0, 0, 0, 0, time.UTC)
	m := New(site, Options{Look: asciiLook, Width: 80, Height: 24, Now: func() time.Time { return seedDay }, NewSince: lastVisit})
	view := m.View()
	if !strings.Contains(view, "7 posts · 7 new since your last visit") {
		t.Errorf("status lacks the count of new posts:\n%s", view)
	}
	if n := strings.Count(view, "new · Tushti"); n != 5 { // the five that fit
		t.Errorf("%d posts marked new, want 5:\n%s", n, view)
	}
	seeded := site.Posts()[0].FirstSeen
	since := New(site, Options{Look: asciiLook, Width: 80, Height: 24, Now: func() time.Time { return seedDay }, NewSince: seeded})
	if strings.Contains(since.View(), "new ·") || strings.Contains(since.View(), "since your last visit") {
		t.Errorf("a reader who came after the sample was put up sees it as new:\n%s", since.View())
	}
	first := New(site, Options{Look: asciiLook, Width: 80, Height: 24, Now: func() time.Time { return seedDay }})
	if strings.Contains(first.View(), "new ·") || strings.Contains(first.View(), "since your last visit") {
		t.Errorf("a first visit marks posts new:\n%s", first.View())
	}
}

func TestAdminsSeeBadPostFiles(t *testing.T) {
	site, _ := sampleBlog(t)
	site.SetProblems([]string{"posts/bad.md:4: date: \"soon\" is not a date"})
	admin := New(site, Options{Look: asciiLook, Width: 100, Height: 24, Viewer: blog.Viewer{Fingerprint: "SHA256:x", Admin: true}})
	if !strings.Contains(admin.View(), "⚠ bad.md:4: date:") {
		t.Errorf("an admin is not told of the bad file:\n%s", admin.View())
	}
	reader := New(site, Options{Look: asciiLook, Width: 100, Height: 24, Viewer: blog.Viewer{Fingerprint: "SHA256:y"}})
	if strings.Contains(reader.View(), "bad.md") {
		t.Errorf("a reader is told of the bad file:\n%s", reader.View())
	}
}

func TestKeysThatArriveTogetherEachCount(t *testing.T) {
	site, _ := sampleBlog(t)
	m := newTestModel(site, 80, 24)
	update(m, keys("jjj"))
	if p, _ := m.list.selected(); p.Slug != "relationship-redflags-that-must-be-looked-out-for" {
		t.Errorf("jjj in one read moved to %q, want three posts down", p.Slug)
	}
	update(m, keys("/"), tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune("love"), Paste: true})
	if got := m.list.search.input.Value(); got != "love" {
		t.Errorf("a paste into the search box = %q", got)
	}
}

func TestFastTypingKeepsOneQueryInFlight(t *testing.T) {
	site, _ := sampleBlog(t)
	m := newTestModel(site, 80, 24)
	update(m, keys("/"))
	box := &m.list.search
	first := box.update(keys("l"), site)
	if first == nil || !box.busy {
		t.Fatal("the first letter did not ask")
	}
	for _, k := range []string{"o", "v"} {
		if next := box.update(keys(k), site); next != nil {
			if _, isSearch := next().(searchResultsMsg); isSearch {
				t.Fatal("a second query went out while the first was in flight")
			}
		}
	}
	stale := first().(searchResultsMsg)
	again := box.found(stale, site)
	if again == nil || len(box.results) != 0 {
		t.Fatalf("the stale answer was shown, or the latest query was not asked")
	}
	box.found(again().(searchResultsMsg), site)
	if len(box.results) != 3 || box.busy {
		t.Errorf("“lov” found %d posts (busy %v), want 3", len(box.results), box.busy)
	}
}

// Sessions of one look share drawn list entries and help bars; each must
// still see its own frame: its width, selection, search, marks of what is
// new to it and help. Frames drawn from the shared pieces equal frames
// drawn afresh.
func TestSharedPiecesDrawEachSessionsOwnFrame(t *testing.T) {
	site, _ := sampleBlog(t)
	lastVisit := time.Date(2022, 5, 15, 0, 0, 0, 0, time.UTC)
	models := []*Model{
		newTestModel(site, 80, 24),
		newTestModel(site, 100, 30),
		New(site, Options{Look: asciiLook, Width: 80, Height: 24, Now: func() time.Time { return seedDay }, NewSince: lastVisit}),
		newTestModel(site, 80, 24),
		newTestModel(site, 80, 24),
	}
	update(models[3], keys("jj"))
	update(models[4], keys("?"))
	var shared []string
	for _, m := range models {
		shared = append(shared, m.View())
	}
	st := stylesFor(asciiLook)
	st.entries.pieces.forgetAll()
	st.helpBars.pieces.forgetAll()
	for i, m := range models {
		if fresh := m.View(); fresh != shared[i] {
			t.Errorf("session %d: the frame from shared pieces differs from one drawn afresh:\nshared:\n%s\nafresh:\n%s", i, shared[i], fresh)
		}
	}
	if shared[0] == shared[3] || shared[0] == shared[4] || !strings.Contains(shared[2], "new ·") {
		t.Error("sessions that moved, asked for help or have new posts drew the first session's frame")
	}
}

// With --base-url the post names its web address under the byline, in
// plain text (terminals make it a link themselves; the output gate keeps no
// OSC 8 sequences).
func TestPostShowsItsWebAddress(t *testing.T) {
	// At 80 columns the address (79 characters) fits only without the indent.
	for _, width := range []int{100, 80} {
		site, _ := sampleBlog(t)
		site.BaseURL = "https://blog.example.com"
		tm := teatest.NewTestModel(t, newTestModel(site, width, 30), teatest.WithInitialTermSize(width, 30))
		tm.Send(enter)
		waitForText(t, tm, "pretty much similar")
		view := finalView(t, tm)
		if !strings.Contains(view, "https://blog.example.com/posts/difference-between-networking-and-making-friends") {
			t.Errorf("at %d columns the post lacks its whole web address:\n%s", width, view)
		}
		for _, line := range strings.Split(view, "\n") {
			if w := ansi.StringWidth(line); w > width {
				t.Errorf("at %d columns a line is %d wide: %q", width, w, line)
			}
		}
	}
}
