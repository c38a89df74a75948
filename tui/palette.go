package tui

import (
	"strconv"
	"strings"
)

// palette is every colour the reader draws for one kind of background: the
// chrome, the Markdown and the code in it. Each is an entry of xterm's 256
// colours (the 6×6×6 cube or the grey ramp, never the first 16, which each
// terminal sets itself), so a 256-colour terminal shows exactly what a
// true-colour one does, and the contrast a test measures is the contrast a
// reader sees. "" is the terminal's own foreground, readable on its own
// background whatever that is.
type palette struct {
	name     string // its code theme's name in chroma's registry
	text     string // the post's prose, code identifiers and punctuation
	body     string // excerpts and comments
	subtle   string // bylines, help, rules, code comments
	accent   string // titles, the selection, keys, headings, types
	onAccent string // text on an accent background: the header badge, a post's first heading
	warn     string // errors, and deleted lines in diffs
	link     string // links and code keywords
	str      string // strings and inserted lines in code
	number   string // numbers and built-ins in code
	inline   string // `inline code`
	inlineBg string // behind inline code; "" for none
}

// WCAG AA asks 4.5:1 between text and its background. Each palette reaches
// it against the backgrounds it is meant for (tested in contrast_test.go).
var (
	// darkPalette is for dark backgrounds, black to #1e1e1e and a little above.
	darkPalette = palette{
		name: "sshblog-dark",
		text: "#d0d0d0", body: "#bcbcbc", subtle: "#949494",
		accent: "#af87ff", onAccent: "#1c1c1c", warn: "#ff8787",
		link: "#5fafff", str: "#d7af87", number: "#87d7af",
		inline: "#ff8787", inlineBg: "#303030",
	}
	// lightPalette is for white and near-white backgrounds.
	lightPalette = palette{
		name: "sshblog-light",
		text: "#262626", body: "#3a3a3a", subtle: "#6c6c6c",
		accent: "#5f5fd7", onAccent: "#ffffff", warn: "#af0000",
		link: "#005faf", str: "#875f00", number: "#005f5f",
		inline: "#af0000", inlineBg: "#eeeeee",
	}
	// unknownPalette is for a terminal that did not say its background: text
	// stays in the terminal's own colour, and every other colour is one of
	// the few of mid lightness that reach AA on black and on white alike.
	unknownPalette = palette{
		name: "sshblog-unknown",
		text: "", body: "", subtle: "#767676",
		accent: "#875fd7", onAccent: "#ffffff", warn: "#af5f5f",
		link: "#5f5fff", str: "#00875f", number: "#d700af",
		inline: "#af5f5f", inlineBg: "",
	}
)

// The high-contrast theme reaches AAA (7:1) on the backgrounds its palette
// is for. On a background the terminal did not tell, no colour reaches 7:1
// on both black and white, so it draws in the terminal's own colours, as
// NO_COLOR does.
var (
	darkHighContrast = palette{
		name: "sshblog-dark-hc",
		text: "#ffffff", body: "#ffffff", subtle: "#d0d0d0",
		accent: "#ffff5f", onAccent: "#000000", warn: "#ff8787",
		link: "#87d7ff", str: "#ffd787", number: "#87ffaf",
		inline: "#ffd7af", inlineBg: "",
	}
	lightHighContrast = palette{
		name: "sshblog-light-hc",
		text: "#000000", body: "#000000", subtle: "#3a3a3a",
		accent: "#000087", onAccent: "#ffffff", warn: "#870000",
		link: "#0000af", str: "#005f00", number: "#5f005f",
		inline: "#870000", inlineBg: "",
	}
	// plainPalette has no colour at all: NO_COLOR, or high contrast on an
	// unknown background. Styles mark with bold, underline and reverse.
	plainPalette = palette{name: "sshblog-plain"}
)

// palettes are every palette, for the code themes registered at start.
var palettes = []palette{darkPalette, lightPalette, unknownPalette, darkHighContrast, lightHighContrast, plainPalette}

// paletteFor picks the palette for a terminal's look.
func paletteFor(look Look) palette {
	switch {
	case look.NoColor:
		return plainPalette
	case look.HighContrast:
		return byBackground(look, plainPalette, darkHighContrast, lightHighContrast)
	}
	return byBackground(look, unknownPalette, darkPalette, lightPalette)
}

// byBackground picks what goes with the look's background: one for a
// background the terminal did not tell, one for dark, one for light.
func byBackground[T any](look Look, unknown, dark, light T) T {
	switch {
	case look.Unknown:
		return unknown
	case look.Dark:
		return dark
	}
	return light
}

// xtermIndex is the number of the xterm colour hex names, from the cube or
// the grey ramp, for colour strings that 256-colour and true-colour
// terminals show alike; termenv's own conversion picks the cube's #878787
// for the ramp's #767676. Palette colours are all exact entries (tested).
func xtermIndex(hex string) string {
	v, err := strconv.ParseUint(strings.TrimPrefix(hex, "#"), 16, 32)
	if err != nil || len(hex) != 7 {
		return hex
	}
	r, g, b := int(v>>16), int(v>>8&0xff), int(v&0xff)
	if r == g && g == b && (r-8)%10 == 0 && r >= 8 && r <= 238 {
		return strconv.Itoa(232 + (r-8)/10)
	}
	level := func(c int) int {
		for i, l := range [6]int{0, 95, 135, 175, 215, 255} {
			if c == l {
				return i
			}
		}
		return -1
	}
	lr, lg, lb := level(r), level(g), level(b)
	if lr < 0 || lg < 0 || lb < 0 {
		return hex
	}
	return strconv.Itoa(16 + 36*lr + 6*lg + lb)
}
