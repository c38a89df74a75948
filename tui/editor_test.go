package tui

import (
	"strings"
	"testing"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/ansi"

	"github.com/sshblog/sshblog/tui/wordwrap"
)

func typeInto(e *editor, keys ...string) {
	for _, k := range keys {
		switch k {
		case "left", "right", "up", "down", "backspace", "delete", "enter", "home", "end", "ctrl+w", "ctrl+k":
			e.Update(tea.KeyMsg(keyOf(k)))
		default:
			e.Update(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune(k)})
		}
	}
}

func keyOf(name string) tea.Key {
	for t, n := range map[tea.KeyType]string{tea.KeyLeft: "left", tea.KeyRight: "right", tea.KeyUp: "up", tea.KeyDown: "down",
		tea.KeyBackspace: "backspace", tea.KeyDelete: "delete", tea.KeyEnter: "enter", tea.KeyHome: "home", tea.KeyEnd: "end",
		tea.KeyCtrlW: "ctrl+w", tea.KeyCtrlK: "ctrl+k"} {
		if n == name {
			return tea.Key{Type: t}
		}
	}
	panic(name)
}

// TestComposerStepsOverWholeCharacters types emoji with skin tones and ZWJ
// sequences, CJK and letters with combining marks (one typed after its
// letter, as a dead key sends it): the cursor steps over each as one
// character, backspace takes each whole, and what is typed after a step
// lands between characters, never inside one (bubbles' textarea stepped
// by rune: "👍x🏽").
func TestComposerStepsOverWholeCharacters(t *testing.T) {
	e := newEditor(stylesFor(asciiLook), "┃ ", "")
	e.setSize(40, 5)
	typeInto(e, "👍🏽", "left", "x")
	if got := e.Value(); got != "x👍🏽" {
		t.Errorf("typed after a step left over 👍🏽: %q, want %q", got, "x👍🏽")
	}
	e.SetValue("")
	typeInto(e, "日本", "👨‍👩‍👧‍👦", "e", "\u0301", "!")
	if got := e.Value(); got != "日本👨‍👩‍👧‍👦e\u0301!" {
		t.Errorf("the combining mark typed after its letter: %q", got)
	}
	typeInto(e, "left", "left", "backspace")
	if got := e.Value(); got != "日本e\u0301!" {
		t.Errorf("backspace after two steps left: %q, want the family emoji gone whole", got)
	}
	typeInto(e, "left", "backspace", "右")
	if got := e.Value(); got != "右本e\u0301!" {
		t.Errorf("a CJK character replaced: %q", got)
	}
	typeInto(e, "right", "delete")
	if got := e.Value(); got != "右本!" {
		t.Errorf("delete before e and its accent left %q", got)
	}
}

// TestComposerDrawsWideTextInItsWidth wraps wide text in a narrow box at
// odd widths: every row is exactly the box's width (the prompt, then the
// text and padding, the cursor included), no character is split, and up
// and down keep the cursor's column in cells.
func TestComposerDrawsWideTextInItsWidth(t *testing.T) {
	text := "吾輩は猫である。名前はまだ無い。👨‍👩‍👧‍👦👍🏽🧑🏻‍💻 and some words Z\u0351a\u0352l\u0350g\u0346o and 한국어 문장"
	for _, width := range []int{11, 17, 24, 33} {
		e := newEditor(stylesFor(Look{Profile: asciiLook.Profile, Dark: true}), "┃ ", "")
		e.setSize(width, 20)
		e.SetValue(text)
		for _, moves := range [][]string{nil, {"home"}, {"up"}, {"up", "up", "right"}, {"left", "left", "left"}} {
			typeInto(e, moves...)
			view := e.View()
			var joined strings.Builder
			for _, row := range strings.Split(view, "\n") {
				if w := ansi.StringWidth(row); w != width {
					t.Errorf("width %d after %v: a row is %d cells: %q", width, moves, w, row)
				}
				joined.WriteString(strings.TrimSpace(strings.TrimPrefix(ansi.Strip(row), "┃ ")))
			}
			if want := strings.ReplaceAll(text, " ", ""); strings.ReplaceAll(joined.String(), " ", "") != want {
				t.Errorf("width %d after %v: the text drawn is\n%q\nwant\n%q", width, moves, joined.String(), want)
			}
		}
		e.SetValue("日本語の\nabcdefgh")
		typeInto(e, "home", "right", "right", "right", "right", "up")
		if _, col := e.cursorRow(); col != 4 {
			t.Errorf("width %d: up from column 4 of ASCII lands at cell %d, want 4 (between 本 and 語)", width, col)
		}
	}
}

// TestComposerFillsRowsBeforeCJK wraps Latin words followed by Japanese as
// the reader wraps them (wordwrap): the first row is filled, no row starts
// with "。" or "ー", none ends with "「" (unless the box is too narrow to
// keep them with their neighbour). Typing and moving across the
// wrapped rows puts the cursor on the character it moved to.
func TestComposerFillsRowsBeforeCJK(t *testing.T) {
	const text = "Hello 日本語のテキストです。これは長い文です。"
	e := newEditor(stylesFor(benchLook), "┃ ", "")
	e.setSize(22, 4) // 20 cells of text after the prompt
	e.SetValue(text)
	shows := func(want ...string) {
		t.Helper()
		rows := strings.Split(e.View(), "\n")[:len(want)]
		for i, r := range rows {
			rows[i] = strings.TrimRight(strings.TrimPrefix(ansi.Strip(r), "┃ "), " ")
		}
		if got := strings.Join(rows, "|"); got != strings.Join(want, "|") {
			t.Errorf("the box shows\n%q\nwant\n%q", got, strings.Join(want, "|"))
		}
	}
	cursorOn := func(row int, under string) {
		t.Helper()
		for i, r := range strings.Split(e.View(), "\n") {
			if _, after, found := strings.Cut(r, "\x1b[7m"); found {
				got, _, _ := strings.Cut(after, "\x1b[0m")
				if i != row || got != under {
					t.Errorf("the cursor is on %q in row %d, want %q in row %d", got, i, under, row)
				}
				return
			}
		}
		t.Errorf("no cursor drawn, want it on %q in row %d", under, row)
	}
	shows(wordwrap.Lines("", "", text, 20)...)
	shows("Hello 日本語のテキス", "トです。これは長い文", "です。")

	typeInto(e, "up") // from after the last "。", 6 cells in
	cursorOn(1, "。")
	typeInto(e, "up", "right", "right", "right", "right", "right", "right")
	cursorOn(0, "ス")
	typeInto(e, "right") // past the row's end onto the next
	cursorOn(1, "ト")

	typeInto(e, "「") // no row ends with it: it goes down with ト
	shows("Hello 日本語のテキス", "「トです。これは長い", "文です。")
	cursorOn(1, "ト")
	typeInto(e, "backspace", "ー") // no row starts with it: ス comes down
	shows("Hello 日本語のテキ", "スートです。これは長", "い文です。")
	cursorOn(1, "ト")
	if got, want := e.Value(), "Hello 日本語のテキスートです。これは長い文です。"; got != want {
		t.Errorf("typed %q, want %q", got, want)
	}
	typeInto(e, "down") // 4 cells in, as on the row above
	cursorOn(2, "で")

	// Where keeping "本。" together would not fit a row, the row is filled.
	e.setSize(5, 4)
	e.SetValue("a本。")
	shows("a本", "。")
}
