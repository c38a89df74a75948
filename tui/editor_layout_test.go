package tui

import "testing"

// A frame of the box costs what its rows shown cost, however long the
// text: it neither wraps the text again nor draws rows it does not show.
func TestComposerFrameCostsItsRowsShown(t *testing.T) {
	short, long := boxHolding(asciiLook, 3), boxHolding(asciiLook, 300)
	if short.View() != long.View() {
		t.Fatalf("the two boxes show different rows:\n%s\n\n%s", short.View(), long.View())
	}
	few := testing.AllocsPerRun(20, func() { short.View() })
	many := testing.AllocsPerRun(20, func() { long.View() })
	if many > few {
		t.Errorf("a frame of 300 paragraphs takes %.0f allocations, of 3 paragraphs %.0f", many, few)
	}
}

// However the text came to be, key by key (lines split, joined, edited,
// the box resized), the box draws it as a box given it at once: what is
// kept of the wrapping is never stale.
func TestComposerKeptRowsFollowTheText(t *testing.T) {
	e := boxHolding(asciiLook, 4)
	steps := [][]string{{"x", "y", "z"}, {"enter"}, {"backspace"}, {"home", "backspace"}, {"enter", "enter", "up"},
		{"ctrl+k"}, {"down", "down", "end", "delete"}, {"ctrl+w", "ctrl+w"}, {"w", "i", "d", "e", " ", "日", "本"}}
	for i, keys := range steps {
		if i == 4 {
			e.setSize(30, 8)
		}
		typeInto(e, keys...)
		fresh := newEditor(stylesFor(asciiLook), "┃ ", "")
		fresh.setSize(e.width+2, e.rows)
		fresh.SetValue(e.Value())
		fresh.row, fresh.at, fresh.top = e.row, e.at, e.top
		if got, want := e.View(), fresh.View(); got != want {
			t.Fatalf("after %v the box draws\n%s\nwant\n%s", keys, got, want)
		}
	}
}
