package tui

import (
	"strings"
	"testing"
)

// redrawStep is one change to a page that keeps its drawn rows, and what
// the frame after it must show.
type redrawStep struct {
	what   string
	change func()
	shows  string
}

// checkRedraws makes each change in turn and checks that the page kept
// from frame to frame draws what the same page drawn afresh draws, and
// that only the step "nothing changed" leaves the frame as it was.
func checkRedraws(t *testing.T, view, fresh func() string, steps []redrawStep) {
	t.Helper()
	before := view()
	for _, step := range steps {
		step.change()
		got := view()
		if want := fresh(); got != want {
			t.Errorf("%s: the page draws\n%s\nwant\n%s", step.what, got, want)
		}
		if (got == before) != (step.what == "nothing changed") || !strings.Contains(got, step.shows) {
			t.Errorf("%s: the frame changed: %v, want it to show %q:\n%s", step.what, got != before, step.shows, got)
		}
		before = got
	}
}
