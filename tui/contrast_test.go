package tui

import (
	"fmt"
	"math"
	"reflect"
	"strconv"
	"strings"
	"testing"
	"unsafe"

	"github.com/charmbracelet/lipgloss"
	"github.com/muesli/termenv"

	"github.com/sshblog/sshblog/posts"
)

// contrastMarkdown holds every kind of Markdown a post may have, and code in
// the languages posts are most often about.
const contrastMarkdown = "# A first heading\n\n## Second\n\n### Third\n\n###### Sixth\n\n" +
	"Prose with *emphasis*, **strong**, ~~struck~~, `inline code`, a [link](https://example.com) " +
	"and <https://example.org>.\n\n![an image](https://example.com/a.png)\n\n" +
	"> A quotation.\n\n- one\n- two\n  1. nested\n- [x] done\n- [ ] to do\n\n" +
	"| a | b |\n|---|---|\n| 1 | 2 |\n\n---\n\n" +
	"```go\n// Package main says hello.\npackage main\n\nimport \"fmt\"\n\ntype T struct{ N int }\n\n" +
	"func main() {\n\tx := 42 + len(\"hi\\n\")\n\tfmt.Println(x, true, nil, T{N: 1})\n}\n```\n\n" +
	"```python\n@decorator\nclass C(object):\n    def f(self, n=3.5):\n        return f\"{n!r}\" # note\n```\n\n" +
	"```js\nconst a = [1, 'two', /re/g];\nexport default function () { return a?.length ?? 0 }\n```\n\n" +
	"```diff\n--- a\n+++ b\n@@ -1 +1 @@\n-old\n+new\n```\n\n" +
	"```sh\n#!/bin/sh\nfor f in *.md; do echo \"$f\"; done\n```\n\n" +
	"```json\n{\"key\": [1, 2.5, true, null]}\n```\n\n" +
	"```html\n<p class=\"x\">&amp; hi</p>\n```\n\n" +
	"```yaml\ntitle: \"x\" # c\ntags: [a, b]\n```\n\n" +
	"    indented code\n"

// The backgrounds each look is measured on: the ends of dark and light, and
// the dark grey many terminals default to.
var (
	black    = [3]uint8{0, 0, 0}
	darkGrey = [3]uint8{0x1e, 0x1e, 0x1e}
	white    = [3]uint8{0xff, 0xff, 0xff}
)

// TestEveryColourReachesAA draws every style and a post holding every kind
// of Markdown and code, in true colour and in 256 colours, and measures each
// character's colours as emitted against the backgrounds the look is for.
func TestEveryColourReachesAA(t *testing.T) {
	looks := []struct {
		name         string
		dark         bool
		unknown      bool
		highContrast bool
		backgrounds  [][3]uint8
	}{
		{"dark", true, false, false, [][3]uint8{black, darkGrey}},
		{"light", false, false, false, [][3]uint8{white}},
		{"unknown", true, true, false, [][3]uint8{black, white}},
		// High contrast reaches AAA, 7:1, where the background is known.
		{"dark high contrast", true, false, true, [][3]uint8{black, darkGrey}},
		{"light high contrast", false, false, true, [][3]uint8{white}},
	}
	sample, err := posts.Sample()
	if err != nil {
		t.Fatal(err)
	}
	for _, l := range looks {
		for _, profile := range []termenv.Profile{termenv.TrueColor, termenv.ANSI256} {
			look := Look{Profile: profile, Dark: l.dark, Unknown: l.unknown, HighContrast: l.highContrast}
			least := 4.5
			if l.highContrast {
				least = 7
			}
			t.Run(fmt.Sprintf("%s/%s", l.name, profileName(profile)), func(t *testing.T) {
				drawnText := styleSamples(stylesFor(look))
				for _, md := range append([]string{contrastMarkdown}, sampleBodies(sample)...) {
					lines, err := renderMarkdown(md, 80, look)
					if err != nil {
						t.Fatal(err)
					}
					drawnText = append(drawnText, strings.Join(lines, "\n"))
				}
				measured := 0
				for _, text := range drawnText {
					for _, c := range cellsOf(text) {
						for _, bg := range l.backgrounds {
							ratio, why := c.contrast(bg)
							if why != "" {
								t.Errorf("%q: %s", c.context, why)
								continue
							}
							measured++
							if ratio < least {
								t.Errorf("%q: %s on %s is %.2f:1, under %.1f:1", c.context, c.describeFg(), c.describeBg(bg), ratio, least)
							}
						}
					}
				}
				if measured == 0 {
					t.Fatal("no coloured character was measured")
				}
			})
		}
	}
}

func profileName(p termenv.Profile) string {
	if p == termenv.TrueColor {
		return "truecolor"
	}
	return "256"
}

func sampleBodies(ps []posts.Post) []string {
	bodies := make([]string, len(ps))
	for i, p := range ps {
		bodies[i] = p.Body
	}
	return bodies
}

// styleSamples draws a sample with every lipgloss style the reader has,
// found by reflection so that a style added later is measured too.
func styleSamples(st *styles) []string {
	var out []string
	var walk func(v reflect.Value)
	walk = func(v reflect.Value) {
		for i := range v.NumField() {
			f := v.Field(i)
			f = reflect.NewAt(f.Type(), unsafe.Pointer(f.UnsafeAddr())).Elem()
			switch x := f.Interface().(type) {
			case lipgloss.Style:
				out = append(out, x.Render(v.Type().Field(i).Name+" sample"))
			default:
				if f.Kind() == reflect.Struct && f.Type().PkgPath() != "" && strings.HasSuffix(f.Type().PkgPath(), "help") {
					walk(f)
				}
			}
		}
	}
	walk(reflect.ValueOf(st).Elem())
	walk(reflect.ValueOf(&st.help.Styles).Elem())
	return out
}

// colour is what SGR sets a cell's colour to: the terminal's default, one of
// its own 16 (unknown to us), or an RGB value.
type colour struct {
	kind int // colourDefault, colourPalette or colourRGB
	rgb  [3]uint8
	code string
}

const (
	colourDefault = iota
	colourPalette
	colourRGB
)

// cell is a run of visible characters drawn in one set of colours.
type cell struct {
	fg, bg  colour
	faint   bool
	reverse bool
	context string
}

// contrast is the WCAG ratio of the cell's text to its background, bg being
// the terminal's; why says when it cannot be measured.
func (c cell) contrast(termBg [3]uint8) (ratio float64, why string) {
	fg, bg := c.fg, c.bg
	if c.reverse {
		fg, bg = bg, fg
	}
	switch {
	case c.faint:
		return 0, "drawn faint, whose colour each terminal picks"
	case fg.kind == colourPalette || bg.kind == colourPalette:
		return 0, fmt.Sprintf("uses the terminal's own palette (%s / %s), which cannot be measured", fg.code, bg.code)
	case fg.kind == colourDefault && bg.kind == colourRGB:
		return 0, "the terminal's foreground on a background of ours"
	case fg.kind == colourDefault:
		return math.Inf(1), "" // the terminal's own pair
	}
	back := termBg
	if bg.kind == colourRGB {
		back = bg.rgb
	}
	return contrastRatio(fg.rgb, back), ""
}

func (c cell) describeFg() string { return c.fg.code }
func (c cell) describeBg(termBg [3]uint8) string {
	if c.bg.kind == colourRGB {
		return c.bg.code
	}
	return fmt.Sprintf("#%02x%02x%02x", termBg[0], termBg[1], termBg[2])
}

// cellsOf reads the SGR sequences in text and returns each run of visible,
// non-space characters with the colours in effect.
func cellsOf(text string) []cell {
	var out []cell
	var cur cell
	var run strings.Builder
	flush := func() {
		if strings.TrimSpace(run.String()) != "" {
			c := cur
			c.context = run.String()
			out = append(out, c)
		}
		run.Reset()
	}
	for i := 0; i < len(text); {
		if text[i] == '\x1b' && i+1 < len(text) && text[i+1] == '[' {
			j := i + 2
			for j < len(text) && !(text[j] >= 0x40 && text[j] <= 0x7e) {
				j++
			}
			if j < len(text) && text[j] == 'm' {
				flush()
				cur.apply(text[i+2 : j])
			}
			i = j + 1
			continue
		}
		if text[i] == '\n' {
			flush()
		} else {
			run.WriteByte(text[i])
		}
		i++
	}
	flush()
	return out
}

// apply changes the cell's attributes by one SGR parameter list.
func (c *cell) apply(params string) {
	ps := strings.Split(params, ";")
	if params == "" {
		ps = []string{"0"}
	}
	for i := 0; i < len(ps); i++ {
		n, _ := strconv.Atoi(ps[i])
		switch {
		case n == 0:
			*c = cell{}
		case n == 2:
			c.faint = true
		case n == 22:
			c.faint = false
		case n == 7:
			c.reverse = true
		case n == 27:
			c.reverse = false
		case n == 39:
			c.fg = colour{}
		case n == 49:
			c.bg = colour{}
		case n >= 30 && n <= 37, n >= 90 && n <= 97:
			c.fg = colour{kind: colourPalette, code: ps[i]}
		case n >= 40 && n <= 47, n >= 100 && n <= 107:
			c.bg = colour{kind: colourPalette, code: ps[i]}
		case (n == 38 || n == 48) && i+1 < len(ps):
			var col colour
			switch ps[i+1] {
			case "5":
				idx, _ := strconv.Atoi(ps[i+2])
				col = colour256(idx)
				i += 2
			case "2":
				r, _ := strconv.Atoi(ps[i+2])
				g, _ := strconv.Atoi(ps[i+3])
				b, _ := strconv.Atoi(ps[i+4])
				col = colour{kind: colourRGB, rgb: [3]uint8{uint8(r), uint8(g), uint8(b)}, code: fmt.Sprintf("#%02x%02x%02x", r, g, b)}
				i += 4
			}
			if n == 38 {
				c.fg = col
			} else {
				c.bg = col
			}
		}
	}
}

// colour256 is xterm's colour idx; the first 16 are the terminal's own.
func colour256(idx int) colour {
	code := "256:" + strconv.Itoa(idx)
	switch {
	case idx < 16:
		return colour{kind: colourPalette, code: code}
	case idx < 232:
		levels := [6]uint8{0, 95, 135, 175, 215, 255}
		idx -= 16
		return colour{kind: colourRGB, rgb: [3]uint8{levels[idx/36], levels[idx/6%6], levels[idx%6]}, code: code}
	default:
		v := uint8(8 + 10*(idx-232))
		return colour{kind: colourRGB, rgb: [3]uint8{v, v, v}, code: code}
	}
}

// contrastRatio is WCAG 2's contrast between two sRGB colours.
func contrastRatio(a, b [3]uint8) float64 {
	la, lb := luminance(a), luminance(b)
	return (max(la, lb) + 0.05) / (min(la, lb) + 0.05)
}

func luminance(c [3]uint8) float64 {
	lin := func(v uint8) float64 {
		s := float64(v) / 255
		if s <= 0.03928 {
			return s / 12.92
		}
		return math.Pow((s+0.055)/1.055, 2.4)
	}
	return 0.2126*lin(c[0]) + 0.7152*lin(c[1]) + 0.0722*lin(c[2])
}

func TestContrastRatioKnownPairs(t *testing.T) {
	for _, tc := range []struct {
		a, b [3]uint8
		want float64
	}{
		{black, white, 21},
		{[3]uint8{0x76, 0x76, 0x76}, white, 4.54},
		{white, white, 1},
	} {
		if got := contrastRatio(tc.a, tc.b); math.Abs(got-tc.want) > 0.01 {
			t.Errorf("contrast %v on %v = %.3f, want %.2f", tc.a, tc.b, got, tc.want)
		}
	}
}

// TestPaletteColoursAreXtermColours checks that every palette colour is an
// exact entry of the 256, which the contrast test's sameness of true colour
// and 256 colours rests on.
func TestPaletteColoursAreXtermColours(t *testing.T) {
	for _, p := range palettes {
		v := reflect.ValueOf(p)
		for i := range v.NumField() {
			hex := v.Field(i).String()
			if hex == "" || v.Type().Field(i).Name == "name" {
				continue
			}
			idx, err := strconv.Atoi(xtermIndex(hex))
			if err != nil {
				t.Errorf("%s %s is not an xterm colour", v.Type().Field(i).Name, hex)
				continue
			}
			if got := colour256(idx).code; idx < 16 || colour256(idx).rgb != parseHex(hex) {
				t.Errorf("%s %s maps to %s", v.Type().Field(i).Name, hex, got)
			}
		}
	}
}

func parseHex(hex string) [3]uint8 {
	v, _ := strconv.ParseUint(strings.TrimPrefix(hex, "#"), 16, 32)
	return [3]uint8{uint8(v >> 16), uint8(v >> 8), uint8(v)}
}

// TestSixteenColourTerminalsGetTheirOwnColours checks that a 16-colour
// terminal is sent only its 16 colours, code included (glamour's default
// highlighter sends 256-colour codes whatever the terminal).
func TestSixteenColourTerminalsGetTheirOwnColours(t *testing.T) {
	for _, look := range []Look{{Profile: termenv.ANSI, Dark: true}, {Profile: termenv.ANSI}, {Profile: termenv.ANSI, Dark: true, Unknown: true}} {
		lines, err := renderMarkdown(contrastMarkdown, 80, look)
		if err != nil {
			t.Fatal(err)
		}
		text := strings.Join(append(lines, styleSamples(stylesFor(look))...), "\n")
		for _, wide := range []string{"38;5;", "48;5;", "38;2;", "48;2;"} {
			if i := strings.Index(text, wide); i >= 0 {
				t.Errorf("%+v: sends %q to a 16-colour terminal: %q", look, wide, text[max(i-40, 0):min(i+40, len(text))])
			}
		}
	}
}
