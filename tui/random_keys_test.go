package tui

import (
	"context"
	"fmt"
	"math/rand/v2"
	"runtime/debug"
	"strings"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"

	"github.com/sshblog/sshblog/blog"
	"github.com/sshblog/sshblog/posts"
)

// randomKeys is what the random reader presses: every way in and out of a
// post, its comments, the composer and the pages, and some text.
var randomKeys = []tea.KeyMsg{
	enter, enter, esc, esc, keys("n"), keys("n"), keys("p"), keys("c"), keys("w"), keys("i"), keys("L"),
	keys("j"), keys("j"), keys("k"), keys("G"), keys("g"), keys(" "), keys("b"), keys("d"), keys("u"),
	keys("r"), keys("e"), keys("x"), keys("H"), keys("B"), keys("y"), keys("?"), keys("/"), keys("t"),
	keys("N"), keys("hello"), keys("q"), keys("A"), {Type: tea.KeyCtrlS}, {Type: tea.KeyBackspace},
	{Type: tea.KeyDown}, {Type: tea.KeyUp}, {Type: tea.KeyPgDown}, {Type: tea.KeyEnd},
}

// randomReader drives one reader as a session does, but with the answers
// to its commands held back and delivered late, in a random order, between
// keys, resizes and live comments from other readers; it draws after every
// update. Its seed makes a failure repeat.
type randomReader struct {
	t       *testing.T
	m       *Model
	threads *blog.Threads
	rng     *rand.Rand
	pending []tea.Cmd // commands whose answers have not come yet
	did     []string  // what happened, for the failure report
}

func (r *randomReader) deliver(what string, msg tea.Msg) {
	r.did = append(r.did, what)
	_, cmd := r.m.Update(msg)
	r.m.View()
	if cmd != nil {
		r.pending = append(r.pending, cmd)
	}
}

// answer runs one waiting command, picked at random, and delivers what it says.
func (r *randomReader) answer() {
	i := r.rng.IntN(len(r.pending))
	cmd := r.pending[i]
	r.pending = append(r.pending[:i], r.pending[i+1:]...)
	switch msg := cmd().(type) {
	case nil, tea.QuitMsg: // a session would end; the reader goes on, to try more
	case tea.BatchMsg:
		for _, c := range msg {
			if c != nil {
				r.pending = append(r.pending, c)
			}
		}
	default:
		r.deliver(fmt.Sprintf("answer %T", msg), msg)
	}
}

// liveComment is another reader commenting, or replying, under a post; its
// change reaches this reader late, like any answer.
func (r *randomReader) liveComment() {
	list := r.m.blog.Posts()
	slug := list[r.rng.IntN(len(list))].Slug
	if r.m.reading && r.rng.IntN(2) == 0 {
		slug = r.m.post.post.Slug
	}
	var parent int64
	if all := r.m.post.thread.all; len(all) > 0 && r.rng.IntN(3) == 0 {
		parent = all[r.rng.IntN(len(all))].ID
	}
	who := blog.Viewer{Fingerprint: "SHA256:zed", User: "zed"}
	c, err := r.threads.Add(context.Background(), who, slug, parent, "A live comment "+strings.Repeat("word ", r.rng.IntN(40)))
	if err != nil {
		return // a reply to a reply, or to a removed comment: refused, as it should be
	}
	msg := changesMsg{comments: []posts.Comment{c}}
	if r.rng.IntN(10) == 0 {
		msg = changesMsg{lost: true}
	}
	r.pending = append(r.pending, func() tea.Msg { return msg })
}

func (r *randomReader) step() {
	switch n := r.rng.IntN(100); {
	case n < 45:
		k := randomKeys[r.rng.IntN(len(randomKeys))]
		r.deliver("key "+k.String(), k)
	case n < 80 && len(r.pending) > 0:
		r.answer()
	case n < 88:
		r.liveComment()
	case n < 90:
		r.pending = append(r.pending, func() tea.Msg { return changesMsg{posts: true} })
	default:
		w, h := 10+r.rng.IntN(150), 3+r.rng.IntN(50)
		r.deliver(fmt.Sprintf("resize %dx%d", w, h), tea.WindowSizeMsg{Width: w, Height: h})
	}
}

// The reader survives long random sessions, keyed, keyless and admin, on
// posts with comments and without.
func TestRandomSessionsNeverPanic(t *testing.T) {
	viewers := map[string]blog.Viewer{
		"keyed":   {Fingerprint: "SHA256:ann", User: "ann"},
		"keyless": {User: "guest"},
		"admin":   {Fingerprint: "SHA256:root", User: "root", Admin: true},
	}
	const seeds, steps = 6, 600
	for name, v := range viewers {
		t.Run(name, func(t *testing.T) {
			site, threads, _ := smallThread(t)
			for seed := uint64(1); seed <= seeds; seed++ {
				m := New(site, Options{Look: asciiLook, Width: 80, Height: 24, Now: func() time.Time { return seedDay },
					Threads: threads, Viewer: v})
				// A timer's message comes when the driver picks it, as any answer.
				m.after = func(_ time.Duration, msg tea.Msg) tea.Cmd { return func() tea.Msg { return msg } }
				r := &randomReader{t: t, m: m, threads: threads, rng: rand.New(rand.NewPCG(seed, 10))}
				r.run(seed, steps)
			}
		})
	}
}

func (r *randomReader) run(seed uint64, steps int) {
	r.t.Helper()
	defer func() {
		if p := recover(); p != nil {
			did := r.did[max(len(r.did)-30, 0):]
			r.t.Fatalf("seed %d panicked after %d steps: %v\nlast steps:\n  %s\n%s", seed, len(r.did), p,
				strings.Join(did, "\n  "), debug.Stack())
		}
	}()
	r.m.View()
	for range steps {
		r.step()
	}
}
