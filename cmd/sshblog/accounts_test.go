package main

import (
	"encoding/json"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/creack/pty"

	"github.com/sshblog/sshblog/internal/rqlitetest"
)

// accountRig is a running sshblog with one post and three OpenSSH keys: a
// laptop's and a desktop's, which become one reader, and someone else's.
type accountRig struct {
	*publishing
	laptop, desktop, third string
}

// startAccounts starts it with the extra flags args (a --store, say).
func startAccounts(t *testing.T, args ...string) *accountRig {
	t.Helper()
	if _, err := exec.LookPath("ssh"); err != nil {
		t.Fatal("ssh is needed: install openssh-client")
	}
	dir := t.TempDir()
	r := &accountRig{publishing: &publishing{posts: filepath.Join(dir, "posts")}}
	os.Mkdir(r.posts, 0o755)
	r.laptop, r.desktop, r.third = filepath.Join(dir, "laptop"), filepath.Join(dir, "desktop"), filepath.Join(dir, "third")
	sshKeygen(t, r.laptop, r.desktop, r.third)
	longPost := strings.Repeat("A paragraph of the long post, to scroll through.\n\n", 120)
	writePost(t, r.posts, "hello.md", "title: Hello\nslug: hello\ndate: 2024-01-01", "The first post.\n\n"+longPost+"The end.")
	// Every step is a connection of its own: more than one address may open a minute by default.
	r.running = start(t, dir, append([]string{"--posts-dir", r.posts, "--connection-rate", "600", "--connection-burst", "100"}, args...)...)
	_, r.port, _ = net.SplitHostPort(r.addr)
	return r
}

// ssh runs `ssh -l user HOST args…` with key and stdin in; it must succeed.
func (r *accountRig) ssh(t *testing.T, key, user, in string, args ...string) string {
	t.Helper()
	out, status := r.openssh(t, key, in, "ssh", append([]string{"-l", user, "localhost"}, args...)...)
	if status != 0 {
		t.Fatalf("ssh %s: %d %s", strings.Join(args, " "), status, out)
	}
	return out
}

// sshFails runs a command that must fail saying want.
func (r *accountRig) sshFails(t *testing.T, key, want string, args ...string) {
	t.Helper()
	out, status := r.openssh(t, key, "", "ssh", append([]string{"localhost"}, args...)...)
	if status == 0 || !strings.Contains(out, want) {
		t.Errorf("ssh %s: %d %q; want a refusal saying %q", strings.Join(args, " "), status, out, want)
	}
}

var linkCode = regexp.MustCompile(`link ([0-9a-z]{5}-[0-9a-z]{5})\n`)

func (r *accountRig) linkCode(t *testing.T, key string) string {
	t.Helper()
	out := r.ssh(t, key, "ann", "", "link")
	m := linkCode.FindStringSubmatch(out)
	if m == nil {
		t.Fatalf("link printed no code: %q", out)
	}
	host, _, _ := net.SplitHostPort(r.addr)
	if !strings.Contains(out, "ssh -p "+r.port+" "+host+" link "+m[1]) {
		t.Errorf("link does not print the command to run: %q", out)
	}
	return m[1]
}

// reader is the reader on a terminal of OpenSSH's, with key.
type reader struct {
	t      *testing.T
	term   *os.File
	screen *lockedBuffer
	cmd    *exec.Cmd
}

func (r *accountRig) reader(t *testing.T, key string, cols, rows int) *reader {
	t.Helper()
	cmd := exec.Command("ssh", "-tt", "-p", r.port, "-i", key, "-o", "IdentitiesOnly=yes", "-o", "BatchMode=yes",
		"-o", "StrictHostKeyChecking=no", "-o", "UserKnownHostsFile=/dev/null", "-o", "LogLevel=ERROR", "-l", "reader", "localhost")
	cmd.Env = append(os.Environ(), "TERM=xterm-256color")
	term, err := pty.StartWithSize(cmd, &pty.Winsize{Rows: uint16(rows), Cols: uint16(cols)})
	if err != nil {
		t.Fatal(err)
	}
	rd := &reader{t: t, term: term, screen: &lockedBuffer{}, cmd: cmd}
	go func() {
		buf := make([]byte, 4096)
		for {
			n, err := term.Read(buf)
			rd.screen.Write(buf[:n])
			if err != nil {
				return
			}
		}
	}()
	t.Cleanup(func() { cmd.Process.Kill(); cmd.Wait(); term.Close() })
	rd.screen.waitFor(t, "Hello")
	return rd
}

// press types keys once want is on the screen.
func (rd *reader) press(want, keys string) {
	rd.t.Helper()
	rd.screen.waitFor(rd.t, want)
	rd.term.WriteString(keys)
}

// bodyShown is on the screen once the post's body is drawn (the list's
// excerpt goes on after the full stop).
const bodyShown = "The first post.     "

// pressAfter types keys, then waits for want to be drawn after them.
func (rd *reader) pressAfter(keys, want string) {
	rd.t.Helper()
	rd.screen.reset()
	rd.term.WriteString(keys)
	rd.screen.waitFor(rd.t, want)
}

// quit leaves the reader and waits for ssh to end.
func (rd *reader) quit() {
	rd.t.Helper()
	rd.term.WriteString("q")
	rd.cmd.Wait()
}

func TestTwoOpenSSHKeysAreOneReader(t *testing.T) { testTwoOpenSSHKeysAreOneReader(t) }

// The same on a cluster store: every login, link, inbox, place, export and
// erase goes through rqlite.
func TestTwoOpenSSHKeysAreOneReaderOnACluster(t *testing.T) {
	testTwoOpenSSHKeysAreOneReader(t, "--store", rqlitetest.StartCluster(t, 1).URL(0))
}

func testTwoOpenSSHKeysAreOneReader(t *testing.T, args ...string) {
	r := startAccounts(t, args...)
	r.ssh(t, r.laptop, "ann", "Written on the laptop", "comment", "hello")
	code := r.linkCode(t, r.laptop)
	r.ssh(t, r.desktop, "desk", "", "ls") // only a visit: merged
	if out := r.ssh(t, r.desktop, "desk", "", "link", code); !strings.Contains(out, "is now ann") {
		t.Fatalf("link: %q", out)
	}
	r.sshFails(t, r.third, "already used", "link", code)

	desk := r.reader(t, r.desktop, 100, 30)
	desk.press("Hello", "\r")
	desk.screen.waitFor(t, bodyShown)
	// Each key waits for what it draws: two keys in one read are one key
	// to Bubble Tea, which no binding matches.
	desk.pressAfter("c", "Written on the laptop")
	desk.screen.waitFor(t, " · you")
	// Back to the top and to the list, so this session keeps no place.
	// c and h, not esc: an esc the next key catches up with is read as alt+.
	desk.pressAfter("c", "next/prev")
	desk.pressAfter("g", "min read")
	desk.pressAfter("h", "search")
	desk.quit()

	r.ssh(t, r.desktop, "desk", "", "name", "Ann Desk")
	if out := r.ssh(t, r.laptop, "ann", "", "name"); !strings.Contains(out, "Ann Desk") {
		t.Errorf("renamed from the desktop, the laptop is %q", out)
	}
	r.ssh(t, r.laptop, "ann", "", "name", "Ann Laptop")
	if out := r.ssh(t, r.desktop, "desk", "", "name"); !strings.Contains(out, "Ann Laptop") {
		t.Errorf("renamed from the laptop, the desktop is %q", out)
	}
	keys := r.ssh(t, r.laptop, "ann", "", "keys")
	if strings.Count(keys, "ssh-ed25519") != 2 {
		t.Errorf("keys lists %q; want both", keys)
	}

	// A reply from a third key reaches the identity live, on its next
	// connection (from the other key) and in ssh HOST inbox.
	thread := strings.Fields(r.ssh(t, r.laptop, "ann", "", "comments", "hello"))
	laptop := r.reader(t, r.laptop, 100, 30)
	r.ssh(t, r.third, "carol", "Carol answers Ann", "comment", "hello", firstID(t, thread))
	laptop.screen.waitFor(t, "1 new reply · R to read")
	laptop.quit()
	if out := r.ssh(t, r.desktop, "desk", "", "inbox"); !strings.Contains(out, "new · carol") || !strings.Contains(out, "Carol answers Ann") {
		t.Errorf("inbox from the desktop: %q", out)
	}
	desk = r.reader(t, r.desktop, 100, 30)
	desk.screen.waitFor(t, "1 reply since your last visit")

	// Read halfway on the desktop's wide window; the laptop's narrow one
	// resumes there.
	desk.press("Hello", "\r")
	desk.press(bodyShown, "     ")
	desk.screen.waitFor(t, "%\x1b")
	desk.screen.reset()
	desk.term.WriteString("h")
	read := desk.progress()
	desk.quit()
	laptop = r.reader(t, r.laptop, 72, 20)
	if again := laptop.progress(); again != read {
		t.Errorf("the desktop left the post at %s%%, the laptop's list says %s%%", read, again)
	}
	laptop.press("Hello", "\r")
	laptop.screen.waitFor(t, "resumed at "+read+"% — g for the top")
	laptop.quit()

	// Everything kept, as JSON; then erased, from either key.
	var x struct {
		Version  int
		Identity struct{ Name string }
		Keys     []struct{ Fingerprint string }
		Comments []struct{ Post, Body string }
		Inbox    []struct{ Author, Body string }
		Places   []struct{ Post string } `json:"reading_positions"`
	}
	export := r.ssh(t, r.laptop, "ann", "", "export")
	if err := json.Unmarshal([]byte(export), &x); err != nil {
		t.Fatalf("export is not JSON: %v\n%s", err, export)
	}
	if x.Version != 1 || x.Identity.Name != "Ann Laptop" || len(x.Keys) != 2 || len(x.Comments) != 1 ||
		x.Comments[0].Post != "hello" || x.Comments[0].Body != "Written on the laptop" || len(x.Inbox) != 1 ||
		x.Inbox[0].Author != "carol" || len(x.Places) != 1 {
		t.Errorf("export: %+v", x)
	}
	r.ssh(t, r.desktop, "desk", "", "erase", "--yes")
	for _, key := range []string{r.laptop, r.desktop} {
		if out := r.ssh(t, key, "ann", "", "name"); strings.Contains(out, "Ann Laptop") {
			t.Errorf("an erased key is still the reader: %q", out)
		}
	}
}

// reset forgets what the terminal got so far, to wait for what comes next.
func (b *lockedBuffer) reset() {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.buf.Reset()
}

var readPercent = regexp.MustCompile(` · read (\d+)%`)

// progress waits for the list to say how far the post was read, and
// returns the percentage.
func (rd *reader) progress() string {
	rd.t.Helper()
	rd.screen.waitFor(rd.t, " · read ")
	m := readPercent.FindStringSubmatch(rd.screen.String())
	if m == nil || m[1] == "0" || m[1] == "100" {
		rd.t.Fatalf("the list says %q; want a place inside the post", m)
	}
	return m[1]
}

// firstID is the first comment id in the output of ssh HOST comments.
func firstID(t *testing.T, words []string) string {
	t.Helper()
	for _, w := range words {
		if strings.HasPrefix(w, "#") {
			return strings.Trim(w, "#:")
		}
	}
	t.Fatalf("no comment id in %q", words)
	return ""
}
