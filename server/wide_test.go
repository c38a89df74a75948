package server

import (
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/charmbracelet/x/ansi"
	gossh "golang.org/x/crypto/ssh"

	"github.com/sshblog/sshblog/posts"
)

// widePost is a post in Japanese, Chinese and Korean, with emoji and
// combining marks, by an author with a Japanese name.
var widePost = posts.Post{
	Slug: "wide", Title: "日本語の長い題名：猫と暮らす毎日の記録とその考察について", Author: "山田太郎",
	Published: testDay.Add(-24 * time.Hour), Summary: "吾輩は猫である。名前はまだ無い。",
	Body: "吾輩は猫である。名前はまだ無い。どこで生れたかとんと見当がつかぬ。何でも薄暗いじめじめした所でニャーニャー泣いていた事だけは記憶している。\n\n" +
		"中文段落没有空格，所以只能在字与字之间换行。한국어 문장도 있습니다. 👨‍👩‍👧‍👦 👍🏽 🧑🏻‍💻 e\u0301 Z\u0351a\u0352\n\n" +
		"See [the source](https://example.com/src).",
}

// withPosts serves a blog of ps.
func withPosts(ps ...posts.Post) serverOption {
	return func(s *testSetup) { s.posts = ps }
}

// openTerminalWithEnv starts the reader (or command, if not "") on a
// terminal whose TERM is termType, the client sending env as pairs of
// name and value (ssh -o SetEnv).
func openTerminalWithEnv(t *testing.T, client *gossh.Client, termType string, width, height int, command string, env ...string) *testTerminal {
	t.Helper()
	return startTerminal(t, client, termType, width, height, command, func(s *gossh.Session) (int, int) {
		for i := 0; i+1 < len(env); i += 2 {
			if err := s.Setenv(env[i], env[i+1]); err != nil {
				t.Fatal(err)
			}
		}
		return width, height
	})
}

// TestWidePostReadsWrappedOverSSH reads a Japanese post with
// `ssh -t HOST read` at odd sizes: its title and its paragraph, which have no spaces, are
// wrapped at the window (glamour alone prints it as one line, cut at the
// edge), and nothing the reader sends crosses the right edge, measured by
// a terminal that gives wide characters two cells.
func TestWidePostReadsWrappedOverSSH(t *testing.T) {
	srv := startServer(t, withPosts(widePost))
	client := dial(t, srv, "reader", keyless)
	for _, size := range [][2]int{{57, 20}, {80, 24}, {41, 17}} {
		term := runInTerminal(t, client, "xterm-256color", size[0], size[1], "read wide")
		term.WaitForText("山田太郎")
		term.WaitFor("the whole title, wrapped", func(screen string) bool {
			return strings.Contains(strings.Join(strings.Fields(screen), ""), widePost.Title)
		})
		term.WaitFor("the paragraph, wrapped", func(screen string) bool {
			return strings.Contains(strings.Join(strings.Fields(screen), ""), "名前はまだ無い。どこで生れたかとんと見当がつかぬ。")
		})
		if n := term.Overflow(); n > 0 {
			t.Errorf("%dx%d: %d characters were sent past the right edge; the screen:\n%s", size[0], size[1], n, term.Screen())
		}
		for _, l := range strings.Split(term.Screen(), "\n") {
			if w := ansi.StringWidth(l); w > size[0] {
				t.Errorf("%dx%d: a row is %d cells: %q", size[0], size[1], w, l)
			}
		}
		term.Press("", "q")
		term.Wait()
	}
}

// TestWideTitlesFitTheList checks the list at an odd width: the Japanese
// title is cut with "…" inside the window, with no cell past the edge.
func TestWideTitlesFitTheList(t *testing.T) {
	srv := startServer(t, withPosts(widePost))
	term := openTerminal(t, dial(t, srv, "reader", keyless), 45, 16)
	term.WaitForText("山田太郎")
	if !strings.Contains(term.Screen(), "…") {
		t.Errorf("the long title is not cut with …:\n%s", term.Screen())
	}
	if n := term.Overflow(); n > 0 {
		t.Errorf("%d characters were sent past the right edge:\n%s", n, term.Screen())
	}
}

var colourSGR = regexp.MustCompile(`\x1b\[[0-9;]*\b(3[0-8]|4[0-8]|9[0-7]|10[0-7])[;m]`)

// TestNoColorDrawsAttributesWithoutColour reads a post with
// `ssh -o SetEnv=NO_COLOR=1`: no colour is sent, bold and reverse (the
// header) are, and the terminal is not asked its background, which only
// colours need. COLORTERM=truecolor gets true colour.
func TestNoColorDrawsAttributesWithoutColour(t *testing.T) {
	srv := startServer(t, withPosts(widePost))
	client := dial(t, srv, "reader", keyless)
	term := openTerminalWithEnv(t, client, "xterm-256color", 80, 24, "read wide", "NO_COLOR", "1")
	term.WaitForText("the source[1]")
	raw := string(term.Raw())
	if m := colourSGR.FindString(raw); m != "" {
		t.Errorf("NO_COLOR still drew a colour: %q", m)
	}
	for _, want := range []string{"\x1b[1;7m", "\x1b[4;1m"} {
		if !strings.Contains(raw, want) {
			t.Errorf("NO_COLOR lost an attribute: no %q in\n%s", want, visible([]byte(raw)))
		}
	}
	if strings.Contains(raw, "\x1b]11;?") {
		t.Error("the reader asked for the background colour under NO_COLOR")
	}
	term.Press("", "q")
	term.Wait()

	term = openTerminalWithEnv(t, client, "xterm-256color", 80, 24, "read wide", "COLORTERM", "truecolor")
	term.WaitForText("the source[1]")
	if !strings.Contains(string(term.Raw()), "\x1b[38;2;") {
		t.Errorf("COLORTERM=truecolor drew no true colour:\n%s", visible(term.Raw()))
	}
}
