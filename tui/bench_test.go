package tui

import (
	"context"
	"io"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/muesli/termenv"
)

// Benchmarks of what a reader costs the server, in the colours most SSH
// clients get (xterm-256color, dark). Run them with
// go test ./tui -run '^$' -bench . -benchmem

// seedSlug is the sample blog's long post, the page the blog was seeded from.
const seedSlug = "difference-between-networking-and-making-friends"

var benchLook = Look{Profile: termenv.ANSI256, Dark: true}

// BenchmarkRenderPostCold is glamour rendering the seed post at 80 columns,
// as the first reader of a post at a width pays for it.
func BenchmarkRenderPostCold(b *testing.B) {
	blog, store := sampleBlog(b)
	p, err := store.Post(context.Background(), seedSlug)
	if err != nil {
		b.Fatal(err)
	}
	column := newTestModelLook(blog, 80, 24).post.column
	b.ReportAllocs()
	for b.Loop() {
		if _, err := renderMarkdown(p.Body, column, benchLook); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkPostFrameCached is drawing a frame of the seed post whose
// rendering is in the cache: what every later reader, and every scroll, pays.
func BenchmarkPostFrameCached(b *testing.B) {
	blog, _ := sampleBlog(b)
	m := newTestModelLook(blog, 80, 24)
	openSelected(b, m)
	b.ReportAllocs()
	for b.Loop() {
		m.post.top = 1 - m.post.top%2 // a scroll, so the frame is drawn anew
		if m.View() == "" {
			b.Fatal("empty frame")
		}
	}
}

// BenchmarkListFrame is drawing the post list, the first frame of every
// session.
func BenchmarkListFrame(b *testing.B) {
	blog, _ := sampleBlog(b)
	m := newTestModelLook(blog, 80, 24)
	b.ReportAllocs()
	for b.Loop() {
		if m.View() == "" {
			b.Fatal("empty frame")
		}
	}
}

// BenchmarkFrameWriterRepaint is writing a whole list frame to a terminal
// whose screen is blank, as after a resize.
func BenchmarkFrameWriterRepaint(b *testing.B) {
	blog, _ := sampleBlog(b)
	frame := newTestModelLook(blog, 80, 24).View()
	fw := &frameWriter{out: io.Discard, width: 80, height: 24}
	b.ReportAllocs()
	for b.Loop() {
		fw.shown, fw.pending, fw.next = nil, true, frame
		fw.flush()
	}
}

// BenchmarkNewReader is setting up one session's reader and its first frame.
func BenchmarkNewReader(b *testing.B) {
	blog, _ := sampleBlog(b)
	b.ReportAllocs()
	for b.Loop() {
		m := newTestModelLook(blog, 80, 24)
		if m.View() == "" {
			b.Fatal("empty frame")
		}
	}
}

func newTestModelLook(blog *Blog, width, height int) *Model {
	return New(blog, Options{Look: benchLook, Width: width, Height: height})
}

// openSelected opens the selected post and waits for its rendering.
func openSelected(tb testing.TB, m *Model) {
	tb.Helper()
	cmd := m.key(tea.KeyMsg{Type: tea.KeyEnter})
	for _, msg := range runCmd(cmd) {
		m.Update(msg)
	}
	if len(m.post.body) == 0 {
		tb.Fatal("the post did not render")
	}
}

// runCmd runs a command, and the commands of a batch, and returns their
// messages.
func runCmd(cmd tea.Cmd) []tea.Msg {
	if cmd == nil {
		return nil
	}
	switch msg := cmd().(type) {
	case tea.BatchMsg:
		var msgs []tea.Msg
		for _, c := range msg {
			msgs = append(msgs, runCmd(c)...)
		}
		return msgs
	case nil:
		return nil
	default:
		return []tea.Msg{msg}
	}
}

// BenchmarkKeystrokeFrame is a key press that moves the list's selection,
// from the key reaching the session's model to its frame written: the path
// every keystroke of every reader takes.
// "timed" is with a frame observer, as the server sets one for its metrics.
func BenchmarkKeystrokeFrame(b *testing.B) {
	blog, _ := sampleBlog(b)
	for _, timed := range []bool{false, true} {
		b.Run(map[bool]string{false: "untimed", true: "timed"}[timed], func(b *testing.B) {
			s := NewSession(context.Background(), newTestModelLook(blog, 80, 24), nil, io.Discard, 80, 24)
			var answered int
			if timed {
				s.OnFrame(func(keyAt time.Time) {
					if !keyAt.IsZero() {
						answered++
					}
				})
			}
			var screen tea.Model = screenModel{model: newTestModelLook(blog, 80, 24), screen: s.screen}
			keys := []tea.KeyMsg{{Type: tea.KeyDown}, {Type: tea.KeyUp}}
			b.ReportAllocs()
			for i := 0; b.Loop(); i++ {
				s.screen.lastFlush = time.Time{} // no coalescing: every key's frame goes out at once
				screen, _ = screen.Update(keys[i%2])
				screen.View()
			}
			if timed && answered != b.N {
				b.Fatalf("%d of %d key frames timed", answered, b.N)
			}
		})
	}
}
