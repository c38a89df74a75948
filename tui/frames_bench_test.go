package tui

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/sshblog/sshblog/blog"
	"github.com/sshblog/sshblog/posts"
)

// Benchmarks of frames that are drawn again and again while nothing on them
// changes: what a reader pays for each key press or repaint of the page.

// BenchmarkListFrameReading is the post list of a reader who has been in
// every post: each byline tells how far they read and what is new.
func BenchmarkListFrameReading(b *testing.B) {
	site, _ := sampleBlog(b)
	state := blog.ReadingState{At: map[string]float64{}, New: map[string]int{}}
	for i, p := range site.Posts() {
		state.At[p.Slug], state.New[p.Slug] = 0.4, i+1
	}
	m := New(site, Options{Look: benchLook, Width: 80, Height: 24, Reading: &blog.Reading{}, ReadingState: state})
	if !strings.Contains(m.View(), "read 40%") {
		b.Fatal("the list does not show the reading positions")
	}
	b.ReportAllocs()
	for b.Loop() {
		m.View()
	}
}

// BenchmarkInboxFrame is the inbox page full, as InboxSize items, half of
// them unread.
func BenchmarkInboxFrame(b *testing.B) {
	now := time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)
	items := make([]posts.InboxItem, blog.InboxSize)
	for i := range items {
		items[i] = posts.InboxItem{PostTitle: "A post", Unread: i%2 == 0,
			Comment: posts.Comment{AuthorName: "ann", Body: fmt.Sprintf("Reply %d\nmore", i), Created: now.Add(-time.Duration(i) * time.Hour)}}
	}
	p := &inboxPage{st: stylesFor(benchLook), width: 80, height: 24}
	p.message(inboxMsg{items: items})
	benchFrames(b, "100 new of 200", func() string { return p.view(now) })
}

// benchFrames draws frame after frame, the first checked to show shows.
func benchFrames(b *testing.B, shows string, draw func() string) {
	if frame := draw(); !strings.Contains(frame, shows) {
		b.Fatalf("the frame does not show %q:\n%s", shows, frame)
	}
	b.ReportAllocs()
	for b.Loop() {
		draw()
	}
}

// BenchmarkEditorFrame is the composer's box holding a long comment: the
// frame drawn after each key press.
func BenchmarkEditorFrame(b *testing.B) {
	e := boxHolding(benchLook, 10)
	b.ReportAllocs()
	for b.Loop() {
		e.View()
	}
}

// BenchmarkEditorKeystroke is a key press in that box and its frame: the
// cursor moved one way then back, and a letter typed then taken back.
func BenchmarkEditorKeystroke(b *testing.B) {
	e := boxHolding(benchLook, 10)
	keys := []string{"right", "left", "x", "backspace"}
	b.ReportAllocs()
	for i := 0; b.Loop(); i++ {
		typeInto(e, keys[i%len(keys)])
		e.View()
	}
}

// boxHolding is a composer's box 76 cells wide and 8 rows high, in look,
// holding paragraphs of a comment, its cursor in the second.
func boxHolding(look Look, paragraphs int) *editor {
	e := newEditor(stylesFor(look), "┃ ", "")
	e.setSize(76, 8)
	para := strings.Repeat("Some words of a comment, wrapped in the box; ", 6)
	e.SetValue(strings.TrimSpace(strings.Repeat(para+"\n\n", paragraphs)))
	e.row, e.at = 2, 40
	e.scroll()
	return e
}

// BenchmarkModLogFrame is the moderation log full, as modLogSize actions
// on the sample posts.
func BenchmarkModLogFrame(b *testing.B) {
	site, _ := sampleBlog(b)
	now := time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)
	list := site.Posts()
	actions := make([]posts.ModAction, modLogSize)
	for i := range actions {
		actions[i] = posts.ModAction{AdminName: "root", Action: posts.ModHide, CommentID: int64(i + 1), PostSlug: list[i%len(list)].Slug,
			Target: "SHA256:bobsfingerprint", TargetName: "bob", At: now.Add(-time.Duration(i) * time.Hour)}
	}
	p := &modLogPage{st: stylesFor(benchLook), blog: site, width: 80, height: 24}
	p.message(modLogMsg{actions: actions})
	benchFrames(b, "500 actions", func() string { return p.view(now) })
}

// BenchmarkNoticeFrame is a notice of three lines drawn over the frame's
// area, as every frame while it is shown does.
func BenchmarkNoticeFrame(b *testing.B) {
	site, _ := sampleBlog(b)
	m := New(site, Options{Look: benchLook, Width: 80, Height: 24})
	m.say(strings.Repeat("Replies wait for readers with an SSH key: make one with ssh-keygen -t ed25519. ", 3), true)
	area := strings.Repeat(strings.Repeat("x", 70)+"\n", 20)
	benchFrames(b, "ssh-keygen", func() string {
		m.noticeRows() // as the thread asks, laying out its rows
		return m.withNotice(area)
	})
}
