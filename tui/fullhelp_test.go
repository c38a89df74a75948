package tui

import (
	"strings"
	"testing"

	"github.com/charmbracelet/x/ansi"

	"github.com/sshblog/sshblog/blog"
)

// Every key of the full help shows at 80 columns, an admin's too: a
// column that does not fit is cut to "…" by the help bar.
func TestFullHelpFitsEightyColumns(t *testing.T) {
	site, threads, _ := smallThread(t)
	for _, admin := range []bool{false, true} {
		v := blog.Viewer{Fingerprint: "SHA256:root", User: "root", Admin: admin}
		for _, screen := range [][]string{{"esc"}, {}, {"c"}} {
			m := asciiReader(t, threads, site, v, 80, 24)
			for _, k := range screen {
				if k == "esc" {
					update(m, esc)
				} else {
					update(m, keys(k))
				}
			}
			update(m, keys("?"))
			if view := ansi.Strip(m.View()); strings.Contains(helpLines(view), "…") {
				t.Errorf("admin %v, after %v: the full help is cut:\n%s", admin, screen, view)
			}
		}
	}
}

// helpLines is what follows the last blank line of a screen: the full help.
func helpLines(screen string) string {
	lines := strings.Split(strings.TrimRight(screen, "\n "), "\n")
	for i := len(lines) - 1; i >= 0; i-- {
		if strings.TrimSpace(lines[i]) == "" {
			return strings.Join(lines[i+1:], "\n")
		}
	}
	return screen
}
