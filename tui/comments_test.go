package tui_test

import (
	"bytes"
	"context"
	"path/filepath"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/exp/teatest"
	"github.com/muesli/termenv"

	"github.com/sshblog/sshblog/blog"
	"github.com/sshblog/sshblog/data"
	"github.com/sshblog/sshblog/posts"
	"github.com/sshblog/sshblog/tui"
)

// waitLong is how long a test waits for a screen: generous for a slow machine.
const waitLong = 30 * time.Second

// testDay is the clock of these tests' store and readers.
var testDay = time.Date(2026, 12, 1, 12, 0, 0, 0, time.UTC) // the goldens were drawn then

func person(name string) posts.Identity {
	return posts.Identity{Fingerprint: "SHA256:" + name, Name: name, PublicKey: "ssh-ed25519 AAAA" + name}
}

// threadFixture is a real store in a temp dir with one post and a thread:
// replies, an edit, a long comment, and a deleted comment that has a reply.
// Its store and its readers run on a clock fixed at testDay.
func threadFixture(t *testing.T) (*tui.Blog, *blog.Threads) {
	t.Helper()
	store, err := data.Open(filepath.Join(t.TempDir(), "blog.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { store.Close() })
	store.Now = func() time.Time { return testDay }
	ctx := context.Background()
	if err := store.SavePost(ctx, posts.Post{Slug: "hello", Title: "Hello, readers", Author: "Ann",
		Published: testDay.Add(-72 * time.Hour), Summary: "A short post.", Body: "A short post to comment on."}); err != nil {
		t.Fatal(err)
	}
	add := func(who string, parent int64, body string) posts.Comment {
		c, err := store.AddComment(ctx, posts.NewComment{PostSlug: "hello", ParentID: parent, Author: person(who), Body: body})
		if err != nil {
			t.Fatal(err)
		}
		return c
	}
	first := add("ann", 0, "First! Thanks for writing this.")
	reply := add("bob", first.ID, "Welcome, ann.\nA second line.")
	if _, err := store.EditComment(ctx, reply.ID, "SHA256:bob", "Welcome, ann.\nA second line, fixed.", posts.RateLimit{}, posts.Origin{}); err != nil {
		t.Fatal(err)
	}
	add("cat", 0, "A longer comment that has to wrap: the reader lays comments out at the width of the window, "+
		"as plain text, so *stars* and [links](x) stay as they were typed.")
	gone := add("dan", 0, "I will delete this.")
	add("ann", gone.ID, "Replying before it went.")
	if _, err := store.DeleteComment(ctx, gone.ID, "SHA256:dan"); err != nil {
		t.Fatal(err)
	}
	b, err := blog.New(ctx, "testblog", store, store.Now)
	if err != nil {
		t.Fatal(err)
	}
	return tui.NewBlog(b, tui.NewRenderCache(1<<20)), blog.NewThreads(store, b, posts.DefaultRateLimit)
}

func newReader(t *testing.T, site *tui.Blog, threads *blog.Threads, who string) *teatest.TestModel {
	t.Helper()
	listener := threads.Hub().Listen()
	t.Cleanup(listener.Close)
	m := tui.New(site, tui.Options{
		Look: tui.Look{Profile: termenv.Ascii, Dark: true}, Width: 80, Height: 30,
		Threads: threads, Viewer: blog.Viewer{Fingerprint: "SHA256:" + who, User: who}, Listener: listener,
	})
	tm := teatest.NewTestModel(t, m, teatest.WithInitialTermSize(80, 30))
	t.Cleanup(tui.FollowLive(listener, tm.Send))
	return tm
}

func waitFor(t *testing.T, tm *teatest.TestModel, text string) {
	t.Helper()
	teatest.WaitFor(t, tm.Output(), func(b []byte) bool { return bytes.Contains(b, []byte(text)) },
		teatest.WithDuration(waitLong), teatest.WithCheckInterval(10*time.Millisecond))
}

func key(s string) tea.KeyMsg {
	switch s {
	case "enter":
		return tea.KeyMsg{Type: tea.KeyEnter}
	case "ctrl+c":
		return tea.KeyMsg{Type: tea.KeyCtrlC}
	}
	return tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune(s)}
}

func finalView(t *testing.T, tm *teatest.TestModel) []byte {
	t.Helper()
	tm.Send(key("ctrl+c"))
	return []byte(tm.FinalModel(t, teatest.WithFinalTimeout(waitLong)).View())
}

// openThread opens the fixture's post as ann and selects bob's reply.
func openThread(t *testing.T) (*teatest.TestModel, *blog.Threads) {
	t.Helper()
	site, threads := threadFixture(t)
	tm := newReader(t, site, threads, "ann")
	tm.Send(key("enter"))
	waitFor(t, tm, "4 comments")
	tm.Send(key("c"))
	tm.Send(key("j"))
	waitFor(t, tm, "r reply")
	return tm, threads
}

// The thread under a post: oldest first, replies indented, own comments
// marked, edits noted, a deleted comment with a reply left as [deleted].
func TestThreadGolden(t *testing.T) {
	tm, _ := openThread(t)
	teatest.RequireEqualOutput(t, finalView(t, tm))
}

// The composer replying to a comment keeps its text, and the thread its
// place, while a comment from another session arrives live.
func TestComposerGolden(t *testing.T) {
	tm, threads := openThread(t)
	tm.Send(key("r"))
	waitFor(t, tm, "Reply to bob")
	tm.Type("Half a thought")
	waitFor(t, tm, "14/4000")
	if _, err := threads.Add(context.Background(), blog.Viewer{Fingerprint: "SHA256:eve", User: "eve"}, "hello", 0, "Eve arrives live."); err != nil {
		t.Fatal(err)
	}
	waitFor(t, tm, "5 comments") // below the window: the reader's place does not move
	tm.Send(key("ctrl+c"))
	waitFor(t, tm, "Quit and lose your text?") // the draft is not thrown away unasked
	teatest.RequireEqualOutput(t, finalView(t, tm))
}
