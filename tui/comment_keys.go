package tui

import (
	"slices"

	"github.com/charmbracelet/bubbles/help"
	"github.com/charmbracelet/bubbles/key"

	"github.com/sshblog/sshblog/blog"
	"github.com/sshblog/sshblog/posts"
)

var (
	readingKeyMap  = newReadingKeys()
	threadKeyMap   = newThreadKeys(false)
	adminThreadMap = newThreadKeys(true)
	composerKeyMap = newComposerKeys()
	editorKeyMap   = newEditorKeys()
	profileKeyMap  = newProfileKeys()
	keylessKeyMap  = keylessProfileKeys{newProfileKeys()}
	renameKeyMap   = newRenameKeys()
	modLogKeyMap   = newModLogKeys()
)

// readingKeys are the post reader's keys with the ways into the comments.
type readingKeys struct {
	postKeys
	Comments, Write, Profile key.Binding
	NewComments              key.Binding // offered by the cue when comments came below
	noWrite                  bool        // w does nothing here: left out of the full help too
}

func newReadingKeys() readingKeys {
	return readingKeys{
		postKeys:    postKeyMap,
		Comments:    key.NewBinding(key.WithKeys("c"), key.WithHelp("c", "comments")),
		Write:       key.NewBinding(key.WithKeys("w"), key.WithHelp("w", "comment")),
		Profile:     key.NewBinding(key.WithKeys("i"), key.WithHelp("i", "your profile")),
		NewComments: key.NewBinding(key.WithKeys("N"), key.WithHelp("N", "new comments")),
	}
}

func (k readingKeys) ShortHelp() []key.Binding { return k.short(false, true) }

func (k readingKeys) short(atEnd, write bool) []key.Binding {
	short := append(k.paging(atEnd), k.Comments)
	if write {
		short = append(short, k.Write)
	}
	return append(short, k.Back, k.others, k.Help)
}

// forReader is the reading keys with a help of what the reader can do
// now: no paging at the end (in the one-line help), and no writing without
// a key or under a post that was taken down.
func (k readingKeys) forReader(atEnd, write bool) help.KeyMap {
	k.noWrite = !write
	return shortKeys{KeyMap: k, short: k.short(atEnd, write)}
}

// shortKeys is a key map whose one-line help is picked for the moment; its
// full help is the map's own.
type shortKeys struct {
	help.KeyMap
	short []key.Binding
}

func (k shortKeys) ShortHelp() []key.Binding { return k.short }

func (k readingKeys) FullHelp() [][]key.Binding {
	if k.noWrite {
		return append(k.postKeys.FullHelp(), []key.Binding{k.Comments, k.Profile})
	}
	return append(k.postKeys.FullHelp(), []key.Binding{k.Comments, k.Write, k.Profile})
}

// threadKeys are the keys while moving between comments.
type threadKeys struct {
	admin                                bool
	keyless                              bool // nothing to write, edit or delete: left out of the full help
	closed                               bool // the post was taken down: only deleting is left
	Up, Down, Write, Reply, Edit, Delete key.Binding
	Hide, Ban, Back, Profile, Help, Quit key.Binding
	PageUp, PageDown, BanRange           key.Binding

	post postKeys // what still works of the post's keys, for the full help
}

func newThreadKeys(admin bool) threadKeys {
	return threadKeys{
		admin:    admin,
		Up:       key.NewBinding(key.WithKeys("up", "k"), key.WithHelp("↑/k", "previous")),
		Down:     key.NewBinding(key.WithKeys("down", "j"), key.WithHelp("↓/j", "next")),
		PageUp:   key.NewBinding(key.WithKeys("pgup", "b"), key.WithHelp("b/pgup", "page up")),
		PageDown: key.NewBinding(key.WithKeys("pgdown", " ", "f"), key.WithHelp("space/pgdn", "page down")),
		Write:    key.NewBinding(key.WithKeys("w"), key.WithHelp("w", "write")),
		Reply:    key.NewBinding(key.WithKeys("r"), key.WithHelp("r", "reply")),
		Edit:     key.NewBinding(key.WithKeys("e"), key.WithHelp("e", "edit")),
		Delete:   key.NewBinding(key.WithKeys("x"), key.WithHelp("x", "delete")),
		Hide:     key.NewBinding(key.WithKeys("H"), key.WithHelp("H", "hide/unhide")),
		Ban:      key.NewBinding(key.WithKeys("B"), key.WithHelp("B", "ban/unban author")),
		BanRange: key.NewBinding(key.WithKeys("A"), key.WithHelp("A", "ban/unban its address")),
		Back:     key.NewBinding(key.WithKeys("esc", "c"), key.WithHelp("esc", "back")),
		Profile:  key.NewBinding(key.WithKeys("i"), key.WithHelp("i", "your profile")),
		Help:     key.NewBinding(key.WithKeys("?"), key.WithHelp("?", "help")),
		Quit:     key.NewBinding(key.WithKeys("q", "ctrl+c"), key.WithHelp("q", "quit")),
		post:     postKeyMap,
	}
}

// ShortHelp is the keys that always work; forSelection picks the rest.
func (k threadKeys) ShortHelp() []key.Binding {
	return []key.Binding{k.Down, k.Back, k.Help}
}

// forSelection is the thread's keys with a one-line help of what v can do
// now: to the selected comment sel (when selected), or write the first.
// Admins see moderation first; writing then waits in the full help.
func (k threadKeys) forSelection(v blog.Viewer, sel posts.Comment, selected, open bool) help.KeyMap {
	k.keyless, k.closed = !v.Keyed(), !open
	var short []key.Binding
	if selected {
		mine := v.Keyed() && sel.Author == v.Fingerprint && !sel.Deleted
		moderate := v.Admin && !sel.Deleted
		if v.Keyed() && sel.Visible() && open {
			short = append(short, k.Reply)
		}
		if mine {
			short = append(short, k.Edit)
		}
		if mine || moderate {
			short = append(short, k.Delete)
		}
		if moderate {
			hide := k.Hide
			hide.SetHelp("H", "hide")
			if sel.Hidden {
				hide.SetHelp("H", "unhide")
			}
			short = append(short, hide)
		}
		if v.Admin && sel.Author != v.Fingerprint {
			ban := k.Ban
			ban.SetHelp("B", "ban/unban")
			short = append(short, ban)
		}
	}
	if v.Keyed() && open && !(selected && v.Admin) {
		short = append(short, k.Write)
	}
	if selected && !v.Admin { // an admin's line is full with moderation; ↓/j waits in ?
		short = append(short, k.Down)
	}
	return shortKeys{KeyMap: k, short: append(short, k.Back, k.Help)}
}

func (k threadKeys) FullHelp() [][]key.Binding {
	writing := []key.Binding{k.Write, k.Reply, k.Edit, k.Delete}
	switch {
	case k.keyless:
		writing = nil
	case k.closed:
		writing = []key.Binding{k.Delete}
	}
	groups := [][]key.Binding{
		{k.Up, k.Down, k.PageUp, k.PageDown, k.post.halves, k.post.ends},
		append(writing, k.post.others, k.post.leave),
		{k.Profile, k.post.Copy, k.Back, k.Help, k.Quit},
	}
	if k.admin {
		// Under the general keys, not a column of their own: four columns
		// do not fit 80.
		groups[2] = append(groups[2], k.Hide, k.Ban, k.BanRange)
	}
	return groups
}

// composerKeys are the keys while writing.
type composerKeys struct{ Send, Cancel, Yes, Quit key.Binding }

func newComposerKeys() composerKeys {
	return composerKeys{
		Send:   key.NewBinding(key.WithKeys("ctrl+s", "alt+enter"), key.WithHelp("ctrl+s", "send")),
		Cancel: key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", "cancel")),
		Yes:    key.NewBinding(key.WithKeys("y", "Y"), key.WithHelp("y", "yes")),
		Quit:   key.NewBinding(key.WithKeys("ctrl+c"), key.WithHelp("ctrl+c", "quit")),
	}
}

// newEditorKeys are the composer's keys while editing: ctrl+s saves.
func newEditorKeys() composerKeys {
	k := newComposerKeys()
	k.Send.SetHelp("ctrl+s", "save")
	return k
}

func (k composerKeys) ShortHelp() []key.Binding  { return []key.Binding{k.Send, k.Cancel} }
func (k composerKeys) FullHelp() [][]key.Binding { return [][]key.Binding{k.ShortHelp()} }

// profileKeys are the profile screen's keys.
type profileKeys struct{ Rename, Theme, Width, Links, Copy, Back, Quit key.Binding }

func newProfileKeys() profileKeys {
	return profileKeys{
		Rename: key.NewBinding(key.WithKeys("r"), key.WithHelp("r", "rename")),
		Theme:  key.NewBinding(key.WithKeys("t"), key.WithHelp("t", "theme")),
		Width:  key.NewBinding(key.WithKeys("w"), key.WithHelp("w", "width")),
		Links:  key.NewBinding(key.WithKeys("l"), key.WithHelp("l", "links")),
		Copy:   key.NewBinding(key.WithKeys("y"), key.WithHelp("y", "copying")),
		Back:   key.NewBinding(key.WithKeys("esc", "i", "backspace", "left", "h"), key.WithHelp("esc", "back")),
		Quit:   key.NewBinding(key.WithKeys("q", "ctrl+c"), key.WithHelp("q", "quit")),
	}
}

func (k profileKeys) ShortHelp() []key.Binding {
	return []key.Binding{k.Rename, k.Theme, k.Width, k.Links, k.Copy, k.Back, k.Quit}
}
func (k profileKeys) FullHelp() [][]key.Binding { return [][]key.Binding{k.ShortHelp()} }

// keylessProfileKeys are the profile's keys for a reader who cannot rename.
type keylessProfileKeys struct{ profileKeys }

func (k keylessProfileKeys) ShortHelp() []key.Binding {
	return []key.Binding{k.Theme, k.Width, k.Links, k.Copy, k.Back, k.Quit}
}
func (k keylessProfileKeys) FullHelp() [][]key.Binding { return [][]key.Binding{k.ShortHelp()} }

// renameKeys are the keys while typing a new name.
type renameKeys struct{ Save, Cancel key.Binding }

func newRenameKeys() renameKeys {
	return renameKeys{
		Save:   key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "save")),
		Cancel: key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", "cancel")),
	}
}

func (k renameKeys) ShortHelp() []key.Binding  { return []key.Binding{k.Save, k.Cancel} }
func (k renameKeys) FullHelp() [][]key.Binding { return [][]key.Binding{k.ShortHelp()} }

// modLogKeys are the moderation log's keys.
type modLogKeys struct{ Up, Down, Open, Back, Quit key.Binding }

func newModLogKeys() modLogKeys {
	return modLogKeys{
		Up:   key.NewBinding(key.WithKeys("up", "k"), key.WithHelp("↑/k", "up")),
		Down: key.NewBinding(key.WithKeys("down", "j"), key.WithHelp("↓/j", "down")),
		Open: key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "show the comment")),
		Back: key.NewBinding(key.WithKeys("esc", "L", "backspace", "left", "h"), key.WithHelp("esc", "back")),
		Quit: key.NewBinding(key.WithKeys("q", "ctrl+c"), key.WithHelp("q", "quit")),
	}
}

func (k modLogKeys) ShortHelp() []key.Binding  { return []key.Binding{k.Down, k.Open, k.Back, k.Quit} }
func (k modLogKeys) FullHelp() [][]key.Binding { return [][]key.Binding{k.ShortHelp()} }

var browseKeyMap = newBrowseKeys()

// browseKeys are the post list's keys with the profile and, as the reader
// has them, the inbox and the moderation log.
type browseKeys struct {
	listKeys
	admin, inbox           bool // the moderation log is offered; the inbox is
	Profile, Inbox, ModLog key.Binding
}

func newBrowseKeys() browseKeys {
	return browseKeys{
		listKeys: listKeyMap,
		Profile:  key.NewBinding(key.WithKeys("i"), key.WithHelp("i", "profile")),
		Inbox:    key.NewBinding(key.WithKeys("R"), key.WithHelp("R", "replies")),
		ModLog:   key.NewBinding(key.WithKeys("L"), key.WithHelp("L", "moderation log")),
	}
}

// forReader is the browse keys of a reader: an admin or not, with an inbox
// or not (no replies come to a reader without a key).
func (k browseKeys) forReader(admin, inbox bool) browseKeys {
	k.admin, k.inbox = admin, inbox
	return k
}

// ShortHelp offers the replies in the place of ↓/j, which everyone knows,
// and admins the moderation log in the place of tags (in the full help).
func (k browseKeys) ShortHelp() []key.Binding {
	switch {
	case k.admin:
		modLog := k.ModLog
		modLog.SetHelp("L", "mod log")
		return append(append([]key.Binding{k.Open, k.Search, k.Profile}, k.replies()...), modLog, k.Help, k.Quit)
	case k.inbox:
		return []key.Binding{k.Open, k.Search, k.Tags, k.Profile, k.Inbox, k.Help, k.Quit}
	}
	return []key.Binding{k.Down, k.Open, k.Search, k.Tags, k.Profile, k.Help, k.Quit}
}

// forBlog is the browse keys with a one-line help that offers nothing to
// read or narrow when the blog has no posts.
func (k browseKeys) forBlog(empty bool) help.KeyMap {
	if !empty {
		return k
	}
	return shortKeys{KeyMap: k, short: append(k.own(), k.Help, k.Quit)}
}

func (k browseKeys) FullHelp() [][]key.Binding {
	return append(k.listKeys.FullHelp(), k.own())
}

// own is the keys the browse keys add to the list's: the profile, the
// replies, the moderation log, as the reader has them.
func (k browseKeys) own() []key.Binding {
	own := append([]key.Binding{k.Profile}, k.replies()...)
	if k.admin {
		own = append(own, k.ModLog)
	}
	return own
}

// replies is the inbox's key, for a reader who has one.
func (k browseKeys) replies() []key.Binding {
	if k.inbox {
		return []key.Binding{k.Inbox}
	}
	return nil
}

// problemKeys is a key map whose full help ends with the key to the bad
// post files, for an admin while there are some.
type problemKeys struct{ help.KeyMap }

func (k problemKeys) FullHelp() [][]key.Binding {
	groups := k.KeyMap.FullHelp()
	last := len(groups) - 1
	groups[last] = append(slices.Clip(groups[last]), problemsKey)
	return groups
}
