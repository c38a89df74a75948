package tui

import (
	"strings"

	"github.com/charmbracelet/bubbles/help"
	"github.com/charmbracelet/bubbles/key"
)

// drawnBytes bounds each kind of a Look's drawn pieces.
const drawnBytes = 1 << 20

// drawn keeps pieces of frames that sessions with the same Look draw alike,
// such as a post's entry in the list or the help bar: a new reader's first
// frame is then mostly copied, not styled again.
type drawn[K comparable, V any] struct {
	pieces *sizedLRU[K, V]
	size   func(V) int // the bytes a piece holds
}

func newDrawn[K comparable, V any](size func(V) int) drawn[K, V] {
	return drawn[K, V]{pieces: newSizedLRU[K, V](drawnBytes), size: size}
}

// get returns the piece for k, drawing it on first use.
func (d drawn[K, V]) get(k K, draw func() V) V {
	if v, ok := d.pieces.get(k); ok {
		return v
	}
	v := draw()
	d.pieces.add(k, v, d.size(v))
	return v
}

// helpKey is what a help bar is drawn from: the keys it shows (their help
// text, in order), the width and whether it shows every key.
type helpKey struct {
	keys  string
	width int
	full  bool
}

func helpKeyOf(km help.KeyMap, width int, full bool) helpKey {
	var b strings.Builder
	add := func(bindings []key.Binding) {
		for _, k := range bindings {
			if k.Enabled() {
				h := k.Help()
				b.WriteString(h.Key)
				b.WriteByte(0)
				b.WriteString(h.Desc)
				b.WriteByte(0)
			}
		}
		b.WriteByte(1)
	}
	if full {
		for _, group := range km.FullHelp() {
			add(group)
		}
	} else {
		add(km.ShortHelp())
	}
	return helpKey{keys: b.String(), width: width, full: full}
}
