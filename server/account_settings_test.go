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
	mustRun(t, desktop, "settings plain=off", "") // plain=on opens the line mode (TestPlainSettingStartsTheLineMode)
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

// The bell rings on a reply that comes live, only for a reader who turned
// it on. The background query ends in a BEL of its own; a second reply's
// line comes long after any bell the first could have rung.
func TestBellRingsOnALiveReplyWhenOn(t *testing.T) {
	srv := startServer(t, withOnePost())
	for _, bell := range []string{"on", "off"} {
		t.Run("bell="+bell, func(t *testing.T) {
			ann := dial(t, srv, "ann"+bell, gossh.PublicKeys(newKey(t)))
			thread := strings.TrimSpace(mustRun(t, ann, "comment "+testSlug, "A thread"))
			mustRun(t, ann, "settings bell="+bell, "")
			out := openAnswering(t, ann, darkBackground)
			if !out.waitFor("1 post", 10*time.Second) {
				t.Fatalf("no reader: %q", out.String())
			}
			bob := dial(t, srv, "bob"+bell, gossh.PublicKeys(newKey(t)))
			mustRun(t, bob, "comment "+testSlug+" "+thread, "A reply")
			mustWait(t, out, "1 new reply")
			mustRun(t, bob, "comment "+testSlug+" "+thread, "Another")
			mustWait(t, out, "2 new replies")
			want := 1 // the query's
			if bell == "on" {
				want += 2
				out.waitForCount("\a", want, 10*time.Second) // the bells may follow the lines
			}
			if rang := strings.Count(out.String(), "\a"); rang != want {
				t.Errorf("with bell=%s the terminal got %d BELs; want %d", bell, rang, want)
			}
		})
	}
}

func mustWait(t *testing.T, out *answeringOutput, s string) {
	t.Helper()
	if !out.waitFor(s, 10*time.Second) {
		t.Fatalf("waited for %q: %q", s, out.String())
	}
}

// waitForCount waits until the output holds s n times, or limit passes.
func (o *answeringOutput) waitForCount(s string, n int, limit time.Duration) {
	deadline := time.NewTimer(limit)
	defer deadline.Stop()
	for {
		o.mu.Lock()
		found, changed := strings.Count(o.buf.String(), s) >= n, o.changed
		o.mu.Unlock()
		if found {
			return
		}
		select {
		case <-changed:
		case <-deadline.C:
			return
		}
	}
}

// The narrow width draws the one column 76 wide (72 of text), centred in
// a wide window: its help bar starts 12 columns in at 100.
func TestNarrowWidthCentresAThinnerColumn(t *testing.T) {
	srv := startServer(t, withOnePost())
	key := newKey(t)
	client := dial(t, srv, "ann", gossh.PublicKeys(key))
	mustRun(t, client, "name ann", "")
	wide := openReader(t, dial(t, srv, "ann", gossh.PublicKeys(key)))
	wide.WaitForText("  enter read") // the screen: the key is bold
	mustRun(t, client, "settings width=narrow", "")
	narrow := openReader(t, dial(t, srv, "ann", gossh.PublicKeys(key)))
	narrow.WaitForText(strings.Repeat(" ", 12) + "  enter read")
	if strings.Contains(wide.Screen(), strings.Repeat(" ", 12)+"  enter read") {
		t.Error("the wide column is centred like the narrow one")
	}
}

// plain=on, kept with the identity, starts the line mode on every visit
// from a terminal, on any of the identity's keys, with nothing but text on
// the wire; the other readers still get the full-screen reader.
func TestPlainSettingStartsTheLineMode(t *testing.T) {
	srv := startServer(t, withOnePost())
	key := newKey(t)
	client := dial(t, srv, "ann", gossh.PublicKeys(key))
	mustRun(t, client, "name ann", "")
	mustRun(t, client, "settings plain=on", "")
	term := runInTerminal(t, dial(t, srv, "ann", gossh.PublicKeys(key)), "xterm-256color", 80, 24, "")
	term.WaitForText("This is the line mode")
	term.WaitForText("q quit:")
	plainBytes(t, string(term.Raw()), true)

	other := runInTerminal(t, dial(t, srv, "bob", gossh.PublicKeys(newKey(t))), "xterm-256color", 80, 24, "")
	other.WaitForText("enter read")
	if strings.Contains(other.Screen(), "line mode") {
		t.Error("a reader without the setting got the line mode")
	}
}
