package tui

import (
	"strings"
	"testing"

	"github.com/charmbracelet/x/ansi"

	"github.com/sshblog/sshblog/blog"
)

// The profile of a reader without a key tells them to run ssh-keygen: at
// widths where the command ends a line, it moves whole to the next one
// rather than breaking after "ssh-".
func TestProfileKeepsCommandsWhole(t *testing.T) {
	for _, width := range []int{28, 31, 33} {
		p, _ := newProfilePage(stylesFor(asciiLook), nil, blog.Viewer{User: "guest"}, "")
		p.setSize(width, 40)
		view := ansi.Strip(p.view(seedDay))
		if !strings.Contains(view, "ssh-keygen") || strings.Contains(strings.ReplaceAll(view, " ", ""), "ssh-\n") {
			t.Errorf("at %d columns ssh-keygen is broken:\n%s", width, view)
		}
	}
}
