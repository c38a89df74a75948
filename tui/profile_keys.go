package tui

import (
	"context"
	"time"

	"github.com/charmbracelet/bubbles/help"
	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"

	"github.com/sshblog/sshblog/blog"
	"github.com/sshblog/sshblog/posts"
)

// keyList is the profile's list of the reader's keys, one selected, with
// unlink (x, then x again to be sure).
type keyList struct {
	accounts *blog.Accounts // nil: no accounts, no list
	viewer   blog.Viewer
	address  string // what readers type after ssh, for the hint to erase

	keys      []blog.AccountKey
	err       error
	sel       int
	confirm   bool   // x was pressed once on the selected key
	unlinked  string // the key just unlinked, to say so
	unlinkErr string
}

// keysMsg brings the reader's keys.
type keysMsg struct {
	keys []blog.AccountKey
	err  error
}

// unlinkedMsg answers an unlink.
type unlinkedMsg struct {
	key string
	err error
}

func (k *keyList) shown() bool { return k.accounts != nil && k.viewer.Keyed() }

func (k *keyList) load() tea.Cmd {
	if !k.shown() {
		return nil
	}
	accounts, viewer := k.accounts, k.viewer
	return queryCmd(func(ctx context.Context) tea.Msg {
		keys, err := accounts.Keys(ctx, viewer)
		return keysMsg{keys: keys, err: err}
	})
}

// message takes the list's own messages; handled reports whether it was one.
func (k *keyList) message(msg tea.Msg) (tea.Cmd, bool) {
	switch msg := msg.(type) {
	case keysMsg:
		k.keys, k.err = msg.keys, msg.err
		k.sel = min(k.sel, max(len(k.keys)-1, 0))
		return nil, true
	case unlinkedMsg:
		if msg.err != nil {
			k.unlinkErr = posts.Message(msg.err)
			return nil, true
		}
		k.unlinked, k.unlinkErr = msg.key, ""
		return k.load(), true
	}
	return nil, false
}

// about says what keys are to this reader, under the profile.
func (k *keyList) about() string {
	if !k.shown() {
		return "Your key's fingerprint is your identity: the same key brings you back as " +
			"the same person. Check it with ssh-keygen -lf on your public key."
	}
	return "Each of your keys brings you back as the same person (check one with ssh-keygen -lf). " +
		"To add another, run ssh " + sshTarget(k.address) + " link with this key and follow what it says."
}

// keyListKeys are the profile's keys for the key list.
type keyListKeys struct{ Up, Down, Unlink key.Binding }

var keyListKeyMap = keyListKeys{
	Up:     key.NewBinding(key.WithKeys("k", "up"), key.WithHelp("j/k", "choose a key")),
	Down:   key.NewBinding(key.WithKeys("j", "down")),
	Unlink: key.NewBinding(key.WithKeys("x"), key.WithHelp("x", "unlink key")),
}

// keyMap is the profile's keys with the list's, when it has keys to choose.
func (k *keyList) keyMap() help.KeyMap {
	if !k.shown() || len(k.keys) < 2 {
		return profileKeyMap
	}
	return profileListKeys{profileKeyMap, keyListKeyMap}
}

// profileListKeys are the profile's keys and the key list's together.
type profileListKeys struct {
	profileKeys
	list keyListKeys
}

func (k profileListKeys) ShortHelp() []key.Binding {
	return []key.Binding{k.Rename, k.list.Up, k.list.Unlink, k.Back, k.Quit}
}
func (k profileListKeys) FullHelp() [][]key.Binding { return [][]key.Binding{k.ShortHelp()} }

// update handles a key meant for the list; handled reports whether it was.
func (k *keyList) update(msg tea.KeyMsg) (tea.Cmd, bool) {
	if !k.shown() || len(k.keys) == 0 {
		return nil, false
	}
	confirm := k.confirm
	k.confirm, k.unlinkErr = false, ""
	switch {
	case key.Matches(msg, keyListKeyMap.Up):
		k.sel = max(k.sel-1, 0)
	case key.Matches(msg, keyListKeyMap.Down):
		k.sel = min(k.sel+1, len(k.keys)-1)
	case key.Matches(msg, keyListKeyMap.Unlink) && len(k.keys) < 2:
		k.unlinkErr = "That is your only key, so it cannot be unlinked; to remove your account, run ssh " +
			sshTarget(k.address) + " erase."
	case key.Matches(msg, keyListKeyMap.Unlink) && !confirm:
		k.confirm = true
	case key.Matches(msg, keyListKeyMap.Unlink):
		accounts, viewer, fp := k.accounts, k.viewer, k.keys[k.sel].Fingerprint
		return queryCmd(func(ctx context.Context) tea.Msg {
			return unlinkedMsg{key: fp, err: accounts.Unlink(ctx, viewer, fp)}
		}), true
	default:
		return nil, false
	}
	return nil, true
}

// lines draws the list in text columns.
func (k *keyList) lines(st *styles, text int, now time.Time) []string {
	if !k.shown() {
		return nil
	}
	lines := []string{"", st.title.Render("Your keys")}
	if k.err != nil {
		return append(lines, st.errorText.Render(fit("Could not load your keys: "+posts.Message(k.err), text)))
	}
	for i, key := range k.keys {
		mark, style := "  ", st.meta
		if i == k.sel && len(k.keys) > 1 {
			mark, style = "› ", st.selTitle
		}
		lines = append(lines, style.Render(fit(mark+key.Type+" "+key.Fingerprint, text)))
		about := "added " + whenOrNow(key.Added, now) + ", last used " + whenOrNow(key.LastUsed, now)
		if key.Login {
			about += " · this key"
		}
		if key.Admin {
			about += " · admin"
		}
		lines = append(lines, st.meta.Render(fit("  "+about, text)))
	}
	switch {
	case k.unlinkErr != "":
		lines = append(lines, "", st.errorText.Render(fit(k.unlinkErr, text)))
	case k.confirm:
		lines = append(lines, "", st.errorText.Render(fit("Press x again to unlink "+shortFingerprint(k.keys[k.sel].Fingerprint)+"; any other key keeps it.", text)))
	case k.unlinked != "":
		lines = append(lines, "", st.meta.Render(fit("Unlinked "+shortFingerprint(k.unlinked)+": it comes back as a new reader.", text)))
	}
	return lines
}

// whenOrNow is how long ago t was; "now" for a key the store has not dated
// (a reader with no account yet).
func whenOrNow(t, now time.Time) string {
	if t.IsZero() {
		return "now"
	}
	return posts.RelativeTime(t, now)
}

// linkedMsg brings the keys linked to the reader's account since its other
// keys last looked.
type linkedMsg struct{ keys []posts.Key }

// linkNotices asks, once at the start, for keys linked since.
func (m *Model) linkNotices() tea.Cmd {
	accounts, viewer := m.cs.accounts, m.cs.viewer
	if accounts == nil || !viewer.Keyed() {
		return nil
	}
	return queryCmd(func(ctx context.Context) tea.Msg {
		keys, _ := accounts.LinkNotices(ctx, viewer) // a notice is a nicety
		return linkedMsg{keys: keys}
	})
}

// tellLinked says a key was linked, until the next key: the person who did
// not do it learns of it on their first screen.
func (m *Model) tellLinked(msg linkedMsg) {
	if len(msg.keys) == 0 {
		return
	}
	k := msg.keys[len(msg.keys)-1]
	note := "A key was linked to your account: " + k.Type + " " + shortFingerprint(k.Fingerprint) + ", " +
		posts.RelativeTime(k.Added, m.now()) + "."
	if len(msg.keys) > 1 {
		note = posts.Count(len(msg.keys), "key") + " were linked to your account, the last " + k.Type + " " +
			shortFingerprint(k.Fingerprint) + ", " + posts.RelativeTime(k.Added, m.now()) + "."
	}
	m.say(note+" Not you? Unlink it in your profile (i).", true)
}
