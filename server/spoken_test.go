package server

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"testing"

	gossh "golang.org/x/crypto/ssh"
)

// A whole line-mode session on the sample blog, from the first line to a
// posted comment, as a screen reader user's terminal shows it, is spoken
// by espeak-ng (Debian) without an error. The transcript is in the test's
// log (go test -v) for a person to read.
func TestLineModeIsSpoken(t *testing.T) {
	espeak := needEspeak(t)
	srv := startServer(t)
	d := startDialogue(t, dial(t, srv, "alice", gossh.PublicKeys(newKey(t))), "", "plain")
	d.prompt("Test Blog: 7 posts.")
	d.say("n")
	d.prompt("No more posts.")
	d.say("1")
	d.prompt("Post 1 of 7:", "more, ")
	d.say("")
	d.prompt("more, ")
	d.say("q")
	d.prompt("Stopped.")
	d.say("/friends")
	d.prompt(`match "friends".`)
	d.say("1")
	d.prompt("End of the post")
	d.say("c")
	d.prompt("No comments on")
	d.say("w")
	d.expect("only the word cancel.")
	d.say("Thank you for this post.")
	d.say("It made me call an old friend.")
	d.say(".")
	d.prompt("Comment posted as alice.")
	d.say("c")
	d.prompt("1. alice, just now:")
	d.say("q")
	if status, _ := d.end(); status != 0 {
		t.Fatalf("status %d", status)
	}
	transcript := d.transcript()
	t.Logf("the session as its reader's terminal shows it:\n%s", transcript)

	dir := t.TempDir()
	text, wav := filepath.Join(dir, "session.txt"), filepath.Join(dir, "session.wav")
	if err := os.WriteFile(text, []byte(transcript), 0o600); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(espeak, "-w", wav, "-f", text)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	if err := cmd.Run(); err != nil || stderr.Len() > 0 {
		t.Fatalf("espeak-ng: %v\n%s", err, stderr.String())
	}
	if info, err := os.Stat(wav); err != nil || info.Size() < 1<<16 {
		t.Fatalf("espeak-ng spoke next to nothing: %v, %v", info, err)
	}
}

// needEspeak finds espeak-ng, installing Debian's package when it is
// missing and the test may (as root, in CI); otherwise it fails the test.
func needEspeak(t *testing.T) string {
	t.Helper()
	if path, err := exec.LookPath("espeak-ng"); err == nil {
		return path
	}
	if os.Geteuid() == 0 {
		if out, err := exec.Command("apt-get", "install", "-y", "-qq", "espeak-ng").CombinedOutput(); err != nil {
			t.Logf("apt-get install espeak-ng: %v\n%s", err, out)
		}
	}
	return need(t, "espeak-ng", "espeak-ng")
}
