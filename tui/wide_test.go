package tui

import (
	"os"
	"strconv"
	"strings"
	"testing"

	"github.com/charmbracelet/x/ansi"
	"github.com/muesli/termenv"
	"github.com/rivo/uniseg"
)

// noLineStart is what no wrapped line may start with (kinsoku): closing
// punctuation, small kana, the long vowel mark. A list of its own, not the
// wrapper's rule, so the test checks that rule.
const noLineStart = "、。，．・：；？！）」』】〉》〕］｝〜ー…ぁぃぅぇぉっゃゅょゎァィゥェォッャュョヮヵヶ,.:;?!)]}"

// wideText checks drawn lines against width: none is wider, and no
// grapheme (a CJK character, an emoji with its skin tone or ZWJ family, a
// letter with its combining marks) is split between two lines: wherever
// one line ends and the next begins is a grapheme boundary of the text
// read on, by uniseg (another implementation than the one that wraps).
func wideText(t *testing.T, what string, lines []string, width int) {
	t.Helper()
	var text strings.Builder
	joins := map[int]bool{}
	for _, l := range lines {
		if w := ansi.StringWidth(l); w > width {
			t.Errorf("%s: a line is %d cells wide, over %d: %q", what, w, width, ansi.Strip(l))
		}
		s := strings.TrimSpace(ansi.Strip(l))
		s = strings.TrimLeft(s, "│• ")
		if s == "" {
			continue
		}
		if first, _ := ansi.FirstGraphemeCluster(s, ansi.GraphemeWidth); text.Len() > 0 && strings.Contains(noLineStart, first) {
			t.Errorf("%s: a line starts with %q, which closes what comes before it: %q", what, first, s)
		}
		joins[text.Len()] = true
		text.WriteString(s)
	}
	all := text.String()
	boundaries := map[int]bool{0: true, len(all): true}
	g := uniseg.NewGraphemes(all)
	for g.Next() {
		_, to := g.Positions()
		boundaries[to] = true
	}
	for at := range joins {
		if !boundaries[at] {
			t.Errorf("%s: a grapheme is split between lines at %q|%q", what, all[max(at-12, 0):at], all[at:min(at+12, len(all))])
		}
	}
}

// TestWidePostsWrapByDisplayWidth draws a post in Japanese, Chinese and
// Korean, with emoji (skin tones, ZWJ sequences, flags) and combining
// marks, at odd widths: every paragraph is wrapped (glamour alone leaves a
// CJK paragraph on one line), no line is wider than the column, no
// character is split, and nothing is lost.
func TestWidePostsWrapByDisplayWidth(t *testing.T) {
	md, err := os.ReadFile("testdata/wide.md")
	if err != nil {
		t.Fatal(err)
	}
	for _, width := range []int{31, 44, 57, 79} {
		for _, look := range []Look{asciiLook, {Profile: termenv.TrueColor, Dark: true}} {
			lines, err := renderMarkdown(string(md), width, look)
			if err != nil {
				t.Fatal(err)
			}
			wideText(t, "width "+strconv.Itoa(width), lines, width)
			drawn := ansi.Strip(strings.Join(lines, ""))
			squeezed := strings.Join(strings.Fields(drawn), "")
			for _, want := range []string{"吾輩はここで始めて人間というものを見た。", "劈成两半。", "대한민국헌법제일조는민주공화국이라고말합니다", "🧑🏻\u200d💻👨\u200d👩\u200d👧\u200d👦", "Z\u0351\u0348a\u0352l\u0350g\u0346o\u0361"} {
				if !strings.Contains(squeezed, want) {
					t.Errorf("width %d: %q is not drawn whole", width, want)
				}
			}
		}
	}
}

// TestWrappedLinesKeepTheirStyle checks that a CJK heading broken by the
// wrapping keeps its colours on every line: each line is drawn on its own.
func TestWrappedLinesKeepTheirStyle(t *testing.T) {
	look := Look{Profile: termenv.TrueColor, Dark: true}
	lines, err := renderMarkdown("## 日本語の見出しはとても長いので狭い窓では折り返されます", 24, look)
	if err != nil {
		t.Fatal(err)
	}
	if len(lines) < 2 {
		t.Fatalf("the heading was not wrapped: %q", lines)
	}
	for _, l := range lines {
		if ansi.Strip(l) != l && !strings.HasPrefix(strings.TrimLeft(l, " "), "\x1b[") {
			t.Errorf("a line of the heading starts unstyled: %q", l)
		}
		if strings.Contains(ansi.Strip(l), "折") && !strings.Contains(l, "\x1b[38;") {
			t.Errorf("the heading's second line lost its colour: %q", l)
		}
	}
}

// A list item whose first word does not fit beside its marker
// starts it there, cut if it must be, rather than leaving the marker on a
// line of its own.
func TestMarkerKeepsItsFirstWord(t *testing.T) {
	for _, c := range []struct {
		md    string
		width int
		first string
	}{
		{"- see https://example.com/a/very/long/address/that/goes/on/and/on/for/ever here", 50, "com/a/very"},
		{"1. 番号付きの項目もとても長いので折り返されて", 6, "1. 番"},
	} {
		for _, look := range []Look{asciiLook, {Profile: termenv.TrueColor, Dark: true}} {
			lines, err := renderMarkdown(c.md, c.width, look)
			if err != nil {
				t.Fatal(err)
			}
			for i, l := range lines {
				if strings.Trim(ansi.Strip(l), " │•") == "" {
					t.Errorf("%q at %d: line %d holds no text: %q", c.md, c.width, i, lines)
				}
			}
			if flat := ansi.Strip(strings.Join(lines, "\n")); !strings.Contains(flat, c.first) {
				t.Errorf("%q at %d: no line has %q:\n%s", c.md, c.width, c.first, flat)
			}
		}
	}
}
