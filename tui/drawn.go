package tui

import (
	"strings"
	"sync"

	"github.com/charmbracelet/bubbles/help"
	"github.com/charmbracelet/bubbles/key"
)

// drawnEntries bounds each generation of a Look's drawn pieces.
const drawnEntries = 1024

// drawn keeps pieces of frames that sessions with the same Look draw alike,
// such as a post's entry in the list or the help bar: a new reader's first
// frame is then mostly copied, not styled again. It holds two generations:
// when the newer is full the older is dropped, and a piece used from the
// older moves to the newer.
type drawn[K comparable, V any] struct {
	mu       sync.Mutex
	cur, old map[K]V
}

// get returns the piece for k, drawing it on first use.
func (d *drawn[K, V]) get(k K, draw func() V) V {
	d.mu.Lock()
	v, ok := d.cur[k]
	if !ok {
		if v, ok = d.old[k]; ok {
			d.put(k, v)
		}
	}
	d.mu.Unlock()
	if ok {
		return v
	}
	v = draw()
	d.mu.Lock()
	d.put(k, v)
	d.mu.Unlock()
	return v
}

// put stores v under k; the caller holds mu.
func (d *drawn[K, V]) put(k K, v V) {
	if d.cur == nil || len(d.cur) >= drawnEntries {
		d.old, d.cur = d.cur, make(map[K]V)
	}
	d.cur[k] = v
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
