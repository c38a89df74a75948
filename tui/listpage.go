package tui

import "github.com/sshblog/sshblog/posts"

// listPageHead is the top of a page listing what it loads (the inbox, the
// moderation log): its title, then "Loading…", why the list could not be
// loaded, or what the page says while it is empty.
func listPageHead(st *styles, title string, text int, loaded bool, err error, n int, what, empty string) []string {
	lines := []string{"", st.postTitle.Render(fit(title, text)), ""}
	switch {
	case !loaded:
		lines = append(lines, st.meta.Render("Loading…"))
	case err != nil:
		lines = append(lines, st.errorText.Render(fit("Could not load "+what+": "+posts.Message(err), text)))
	case n == 0:
		lines = append(lines, st.meta.Render(fit(empty, text)))
	}
	return lines
}

// selectionBar starts a listed line: the bar on the selected one.
func selectionBar(st *styles, selected bool) string {
	if selected {
		return st.selBar.Render("▌") + " "
	}
	return "  "
}

// listLook is what every row of a list page is drawn in: its styles and
// width of text.
type listLook struct {
	st   *styles
	text int
}

// keptList is what a list page's last frame drew, kept for the next: the
// lines above the rows, drawn again when what they count comes, and the
// rows, each drawn again only when its key, what it shows (the item, its
// selection, its relative date), changed.
type keptList[K comparable, V any] struct {
	look       listLook // what all of it was drawn in
	head       []string
	rows, next []keptRow[K, V]
}

type keptRow[K comparable, V any] struct {
	key   K
	drawn V
}

// in forgets what was drawn in another look than look.
func (k *keptList[K, V]) in(look listLook) {
	if k.look != look {
		k.look = look
		k.forget()
	}
}

// forget drops what was drawn, when what it was drawn from changed.
func (k *keptList[K, V]) forget() { k.head, k.rows = nil, k.rows[:0] }

// row is the row for key: the one kept from the last frame, or drawn now.
// Either is kept for the next frame.
func (k *keptList[K, V]) row(key K, draw func() V) V {
	for _, r := range k.rows {
		if r.key == key {
			k.next = append(k.next, r)
			return r.drawn
		}
	}
	r := keptRow[K, V]{key, draw()}
	k.next = append(k.next, r)
	return r.drawn
}

// drawn ends a frame: its rows are the ones kept, and the room of the
// ones before is reused for the next.
func (k *keptList[K, V]) drawn() { k.rows, k.next = k.next, k.rows[:0] }
