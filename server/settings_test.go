package server

import (
	"strings"
	"testing"
	"time"

	gossh "golang.org/x/crypto/ssh"
)

// Settings follow the identity to its other keys and apply on connect: a
// light theme chosen on one key draws the light palette (accent 62) for
// the other, on a terminal that says its background is dark.
func TestSettingsFollowTheIdentity(t *testing.T) {
	srv := startServer(t, withOnePost())
	laptopKey, desktopKey := newKey(t), newKey(t)
	laptop := dial(t, srv, "ann", gossh.PublicKeys(laptopKey))
	mustRun(t, laptop, "name ann", "")
	desktop := dial(t, srv, "desk", gossh.PublicKeys(desktopKey))
	mustRun(t, desktop, "link "+newLinkCode(t, laptop), "")

	refusedCmd(t, laptop, "settings theme=purple", "theme is one of auto, dark, light, high-contrast")
	mustRun(t, laptop, "settings theme=light width=narrow plain=on bell=on", "")
	if out := mustRun(t, desktop, "settings", ""); out != "theme=light\nwidth=narrow\nplain=on\nbell=on\n" {
		t.Errorf("the other key's settings: %q", out)
	}
	if out := openAnswering(t, desktop, darkBackground); !out.waitFor("48;5;62m", 10*time.Second) {
		t.Errorf("the light theme is not drawn: %q", out.String())
	}
	if out := openAnswering(t, dial(t, srv, "other", gossh.PublicKeys(newKey(t))), darkBackground); !out.waitFor("48;5;141m", 10*time.Second) {
		t.Errorf("someone else's reader lost their terminal's dark palette: %q", out.String())
	}
	if !strings.Contains(mustRun(t, desktop, "export", ""), `"theme": "light"`) {
		t.Error("the export lacks the settings")
	}
}
