package tui

import (
	"regexp"
	"strings"
	"testing"

	"github.com/muesli/termenv"

	"github.com/sshblog/sshblog/posts"
)

var sgrParams = regexp.MustCompile(`\x1b\[([0-9;:]*)m`)

// attributesOf returns the SGR parameters text sets, and the first one that
// sets a colour ("" when none does).
func attributesOf(text string) (set map[string]bool, colour string) {
	set = map[string]bool{}
	for _, m := range sgrParams.FindAllStringSubmatch(text, -1) {
		for _, p := range strings.FieldsFunc(m[1], func(r rune) bool { return r == ';' || r == ':' }) {
			set[p] = true
			n := len(p)
			if colour == "" && (n == 2 && (p[0] == '3' || p[0] == '4') && p[1] != '9' || n == 2 && p[0] == '9' || n == 3 && p[:2] == "10") {
				colour = m[0]
			}
		}
	}
	return set, colour
}

// TestNoColorKeepsBoldUnderlineAndReverse draws every style, a post with
// every kind of Markdown and code, and the sample posts with NO_COLOR, in
// each profile a terminal may have: no colour at all is set, and bold,
// italic, underline and reverse still mark titles, code, links and the
// header.
func TestNoColorKeepsBoldUnderlineAndReverse(t *testing.T) {
	sample, err := posts.Sample()
	if err != nil {
		t.Fatal(err)
	}
	for _, profile := range []termenv.Profile{termenv.TrueColor, termenv.ANSI256, termenv.ANSI} {
		for _, hc := range []bool{false, true} {
			look := Look{Profile: profile, Dark: true, NoColor: true, HighContrast: hc}
			drawn := styleSamples(stylesFor(look))
			for _, md := range append([]string{contrastMarkdown}, sampleBodies(sample)...) {
				lines, err := renderMarkdown(md, 80, look)
				if err != nil {
					t.Fatal(err)
				}
				drawn = append(drawn, strings.Join(lines, "\n"))
			}
			set, colour := attributesOf(strings.Join(drawn, "\n"))
			if colour != "" {
				t.Errorf("%s, high contrast %v: NO_COLOR drew a colour: %q", profileName(profile), hc, colour)
			}
			for _, want := range []struct{ param, what string }{{"1", "bold"}, {"3", "italic"}, {"4", "underline"}, {"7", "reverse"}} {
				if !set[want.param] {
					t.Errorf("%s, high contrast %v: no %s (SGR %s) is drawn", profileName(profile), hc, want.what, want.param)
				}
			}
		}
	}
}

// TestHighContrastOnAnUnknownBackgroundKeepsTheTerminalsColours checks the
// choice for a terminal that did not say its background: no colour reaches
// 7:1 on both black and white, so high contrast draws none.
func TestHighContrastOnAnUnknownBackgroundKeepsTheTerminalsColours(t *testing.T) {
	look := Look{Profile: termenv.TrueColor, Dark: true, Unknown: true, HighContrast: true}
	lines, err := renderMarkdown(contrastMarkdown, 80, look)
	if err != nil {
		t.Fatal(err)
	}
	drawn := append(styleSamples(stylesFor(look)), lines...)
	if _, colour := attributesOf(strings.Join(drawn, "\n")); colour != "" {
		t.Errorf("high contrast on an unknown background drew a colour: %q", colour)
	}
	// And the standard theme there does use colour: the test can tell.
	look.HighContrast = false
	if _, colour := attributesOf(strings.Join(styleSamples(stylesFor(look)), "\n")); colour == "" {
		t.Error("the standard theme drew no colour either; the check sees nothing")
	}
}
