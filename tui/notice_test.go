package tui

import (
	"strings"
	"testing"
)

// The notice keeps its drawn lines from frame to frame, yet after every
// change a frame shows it as drawn afresh: another notice, a warning,
// another width, another theme; and a frame in which nothing changed does
// not wrap or style it again, so it costs far less than one with a new
// notice.
func TestNoticeRedrawsWhatChanged(t *testing.T) {
	site, _ := sampleBlog(t)
	m := New(site, Options{Look: benchLook, Width: 80, Height: 24})
	long := strings.Repeat("Replies wait for readers with an SSH key: make one with ssh-keygen -t ed25519. ", 3)
	area := strings.Repeat(strings.Repeat("x", 70)+"\n", 20)
	for _, step := range []struct {
		what   string
		change func()
	}{
		{"a notice", func() { m.say(long, false) }},
		{"a warning", func() { m.say(long, true) }},
		{"another notice", func() { m.say("Saved.", true) }},
		{"a narrower window", func() { m.say(long, true); m.width = 50 }},
		{"another theme", func() { m.st = stylesFor(Look{Profile: benchLook.Profile}) }},
	} {
		step.change()
		got, rows := m.withNotice(area), m.noticeRows()
		fresh := &Model{st: m.st, width: m.width, settings: m.settings, cs: commentState{notice: m.cs.notice, warning: m.cs.warning}}
		if want := fresh.withNotice(area); got != want || rows != fresh.noticeRows() {
			t.Errorf("%s: the notice is drawn (%d rows)\n%s\nwant (%d rows)\n%s", step.what, rows, got, fresh.noticeRows(), want)
		}
	}
	same := testing.AllocsPerRun(20, func() { m.withNotice(area) })
	notes := []string{long, long + " Again."}
	changed := testing.AllocsPerRun(20, func() {
		m.cs.notice, notes[0], notes[1] = notes[0], notes[1], notes[0]
		m.withNotice(area)
	})
	if same*3 > changed {
		t.Errorf("a frame with the same notice takes %.0f allocations, one with another %.0f", same, changed)
	}
}
