package tui

import (
	"fmt"
	"unicode/utf8"

	"github.com/sshblog/sshblog/blog"
)

// Reading resumed: a keyed reader's place in each post is kept as a
// fraction of the body's text, so it holds at any width, and opening the
// post again goes straight there.

// memory is one session's copy of its reader's places and new comments.
type memory struct {
	reading *blog.Reading // nil: nothing is remembered
	viewer  blog.Viewer
	state   blog.ReadingState
	notes   map[string]string // progress's text by slug, made as places change rather than in each frame
}

// newMemory starts from state, keeping viewer's places through reading.
func newMemory(reading *blog.Reading, viewer blog.Viewer, state blog.ReadingState) *memory {
	mem := &memory{reading: reading, viewer: viewer, state: state, notes: map[string]string{}}
	if reading != nil {
		for slug := range state.At {
			mem.note(slug)
		}
		for slug := range state.New {
			mem.note(slug)
		}
	}
	return mem
}

// at is the place kept in the post with slug; 0 for none.
func (mem *memory) at(slug string) float64 {
	if mem == nil || mem.reading == nil {
		return 0
	}
	return mem.state.At[slug]
}

// left keeps the place the reader leaves slug at, here and in the store.
func (mem *memory) left(slug string, fraction float64) {
	if mem == nil || mem.reading == nil || !mem.viewer.Keyed() {
		return
	}
	if mem.state.At == nil {
		mem.state.At = map[string]float64{}
	}
	mem.state.At[slug] = fraction
	mem.note(slug)
	mem.reading.Left(mem.viewer, slug, fraction)
}

// progress is what the list adds to a post's byline: "read 40%", "3 new".
func (mem *memory) progress(slug string) string {
	if mem == nil {
		return ""
	}
	return mem.notes[slug]
}

// note makes slug's progress text again, from its place and new comments.
func (mem *memory) note(slug string) {
	var s string
	if f := mem.state.At[slug]; f > 0 {
		s += fmt.Sprintf(" · read %d%%", int(f*100+0.5))
	}
	if n := mem.state.New[slug]; n > 0 {
		s += fmt.Sprintf(" · %d new", n)
	}
	if s == "" {
		delete(mem.notes, slug)
		return
	}
	mem.notes[slug] = s
}

// worthResuming: a place at the very top or end is not worth a jump.
func worthResuming(f float64) bool { return f > 0.02 && f < 0.98 }

// bodyFraction is how far into the body's text line i of it starts.
func bodyFraction(lines []string, i int) float64 {
	total, before := 0, 0
	for n, l := range lines {
		chars := utf8.RuneCountInString(textOf(l))
		if n < i {
			before += chars
		}
		total += chars
	}
	if total == 0 {
		return 0
	}
	return min(float64(before)/float64(total), 1)
}

// bodyLineAt is the first line of the body at or past fraction of its text.
func bodyLineAt(lines []string, fraction float64) int {
	total := 0
	for _, l := range lines {
		total += utf8.RuneCountInString(textOf(l))
	}
	want, seen := int(fraction*float64(total)), 0
	for i, l := range lines {
		if seen >= want {
			return i
		}
		seen += utf8.RuneCountInString(textOf(l))
	}
	return max(len(lines)-1, 0)
}

// fraction is the fraction of the body the top line is at: 0 above it, 1
// past it; ok is false when there is no body to measure.
func (v *postView) fraction() (float64, bool) {
	if len(v.body) == 0 || v.post.Slug == "" {
		return 0, false
	}
	i := v.top - len(v.head)
	switch {
	case i <= 0:
		return 0, true
	case i >= len(v.body):
		return 1, true
	}
	return bodyFraction(v.body, i), true
}

// leave keeps where the reader leaves the open post.
func (v *postView) leave() {
	if f, ok := v.fraction(); ok {
		v.memory.left(v.post.Slug, f)
	}
}

// applyResume goes to the place kept for the post once its body is there.
func (v *postView) applyResume() {
	if v.resume == 0 || len(v.body) == 0 {
		return
	}
	v.top, v.keep = len(v.head)+bodyLineAt(v.body, v.resume), nil
	v.clamp()
	v.resumed = fmt.Sprintf("resumed at %d%% — g for the top", int(v.resume*100+0.5))
	v.resume = 0
}

// tellResumed says, once, that the post opened where the reader left it.
func (m *Model) tellResumed() {
	if m.post.resumed != "" {
		m.say(m.post.resumed, false)
		m.post.resumed = ""
	}
}

// LeaveSession keeps the place in the post open when the session ends.
func (m *Model) LeaveSession() {
	if m.reading {
		m.post.leave()
	}
}
