package tui

import (
	"strings"
	"testing"
	"time"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"

	"github.com/sshblog/sshblog/blog"
)

// keyMsg is the key press that key bindings spell s ("j", "pgdown",
// "alt+enter", " ").
func keyMsg(t *testing.T, s string) tea.KeyMsg {
	t.Helper()
	name, alt := strings.CutPrefix(s, "alt+")
	msg := tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune(name), Alt: alt}
	for k := tea.KeyType(-200); k < 200; k++ {
		if k != tea.KeyRunes && k.String() == name {
			msg = tea.KeyMsg{Type: k, Alt: alt}
		}
	}
	if msg.String() != s {
		t.Fatalf("no key press spells %q (made %q)", s, msg.String())
	}
	return msg
}

// keyScene is a reader brought to one mode.
type keyScene struct {
	name  string
	want  mode
	open  func(t *testing.T) *Model
	exact bool // every key the router takes here is one the help shows
}

func keyScenes(t *testing.T) []keyScene {
	site, threads, _ := smallThread(t)
	site.SetProblems([]string{"bad.md: front matter has no title"})
	ann := blog.Viewer{Fingerprint: "SHA256:ann", User: "ann"}
	admin := blog.Viewer{Fingerprint: "SHA256:adm", User: "adm", Admin: true}
	reader := func(v blog.Viewer, moves ...tea.Msg) func(*testing.T) *Model {
		return func(*testing.T) *Model {
			m := New(site, Options{Look: asciiLook, Width: 80, Height: 24, Now: func() time.Time { return seedDay },
				Threads: threads, Viewer: v})
			update(m, moves...)
			return m
		}
	}
	clean, cleanThreads, _ := smallThread(t) // a blog without bad post files
	cleanAdmin := func(*testing.T) *Model {
		return New(clean, Options{Look: asciiLook, Width: 80, Height: 24, Now: func() time.Time { return seedDay },
			Threads: cleanThreads, Viewer: admin})
	}
	return []keyScene{
		{"admin's list without bad files", modeList, cleanAdmin, true},
		{"list without comments", modeList, func(*testing.T) *Model { return newTestModel(site, 80, 24) }, true},
		{"list", modeList, reader(ann), true},
		{"admin's list", modeList, reader(admin), true},
		{"search", modeSearch, reader(ann, keys("/")), false},
		{"tags", modeTags, reader(ann, keys("t")), false},
		{"post without comments", modePost, func(*testing.T) *Model {
			m := newTestModel(site, 80, 24)
			update(m, enter)
			return m
		}, true},
		{"post", modePost, reader(ann, enter), true},
		{"admin's post", modePost, reader(admin, enter), true},
		{"thread", modeThread, reader(ann, enter, keys("c")), true},
		{"admin's thread", modeThread, reader(admin, enter, keys("c"), keys("j")), true},
		{"composer", modeComposer, reader(ann, enter, keys("w")), false},
		{"profile", modePage, reader(ann, keys("i")), false},
		{"moderation log", modePage, reader(admin, keys("L")), false},
		{"confirm", modeConfirm, reader(ann, enter, keys("c"), keys("x")), false},
	}
}

// helpBindings is every binding the help bar shows, one line or full.
func helpBindings(km interface {
	ShortHelp() []key.Binding
	FullHelp() [][]key.Binding
}) []key.Binding {
	all := km.ShortHelp()
	for _, group := range km.FullHelp() {
		all = append(all, group...)
	}
	return all
}

// The help bar cannot drift from the keys: in every mode, each key of each
// binding the help shows is one the router takes there.
func TestHelpShowsOnlyKeysTheRouterTakes(t *testing.T) {
	for _, sc := range keyScenes(t) {
		m := sc.open(t)
		if got := m.mode(); got != sc.want {
			t.Fatalf("%s: the reader is in mode %v, want %v", sc.name, got, sc.want)
		}
		for _, b := range helpBindings(m.keys()) {
			for _, k := range b.Keys() {
				if k == "ctrl+c" {
					continue // Update takes it in every mode, before routing: TestCtrlCAsksBeforeLosingADraft
				}
				fresh := sc.open(t)
				if _, handled := fresh.route(keyMsg(t, k)); !handled {
					t.Errorf("%s: the help shows %q (%s) but the router does not take it", sc.name, k, b.Help().Desc)
				}
			}
		}
	}
}

// And the other way, where the router does not take every key (boxes and
// pages take them all): each key the router takes is one the help shows.
func TestRouterTakesOnlyKeysTheHelpShows(t *testing.T) {
	var candidates []string
	for r := '!'; r <= '~'; r++ {
		candidates = append(candidates, string(r))
	}
	candidates = append(candidates, " ", "enter", "esc", "backspace", "tab", "up", "down", "left", "right",
		"pgup", "pgdown", "home", "end", "ctrl+u", "ctrl+d", "ctrl+s", "alt+enter")
	for _, sc := range keyScenes(t) {
		if !sc.exact {
			continue
		}
		shown := helpBindings(sc.open(t).keys())
		for _, k := range candidates {
			msg := keyMsg(t, k)
			if _, handled := sc.open(t).route(msg); !handled {
				continue
			}
			found := false
			for _, b := range shown {
				found = found || key.Matches(msg, b)
			}
			if !found {
				t.Errorf("%s: the router takes %q, which the help does not show", sc.name, k)
			}
		}
	}
}
