package server

import (
	"os"
	"os/exec"
	"strings"
	"testing"

	gossh "golang.org/x/crypto/ssh"
)

// TestGuestNeedsNoAuthentication: a client that offers no method at all
// (x/crypto tries "none" and stops) gets in as guest, and only as guest.
func TestGuestNeedsNoAuthentication(t *testing.T) {
	s := startServer(t)
	guest := dial(t, s, GuestUser)
	out, _, status := run(t, guest, "feed", "")
	if status != 0 || !strings.Contains(out, "<feed") {
		t.Fatalf("feed as guest: status %d\n%s", status, out)
	}
	if _, err := dialFrom(s, "127.0.0.1", clientConfig("reader")); err == nil || !strings.Contains(err.Error(), "unable to authenticate") {
		t.Fatalf("reader with no method: %v, want refused", err)
	}
}

// TestGuestHasNoIdentity: a client that authenticates as guest with a key
// (x/crypto sends "none" first, which lets guest in before the key) is not
// that key, cannot comment, and the same key under another name still is.
func TestGuestHasNoIdentity(t *testing.T) {
	s := startServer(t, withOnePost())
	key := newKey(t)
	guest := dial(t, s, GuestUser, gossh.PublicKeys(key))
	if out, errOut, status := run(t, guest, "comment "+testSlug, "hello"); status == 0 || !strings.Contains(errOut, "without an SSH key") {
		t.Fatalf("comment as guest: status %d\n%s%s", status, out, errOut)
	}
	ann := dial(t, s, "ann", gossh.PublicKeys(key))
	if out, _, status := run(t, ann, "name", ""); status != 0 || !strings.Contains(out, keyFingerprint(key)) {
		t.Fatalf("name as ann with the key: status %d\n%s", status, out)
	}
}

// TestOpenSSHBatchModeAsGuest is the cron job reading the feed: OpenSSH with
// BatchMode=yes (no prompts, so no keyboard-interactive) and no key.
func TestOpenSSHBatchModeAsGuest(t *testing.T) {
	s := startServer(t)
	ssh := need(t, "ssh", "openssh-client")
	out, status := runTool(t, ssh, sshArgs(s, "guest@127.0.0.1", "feed")...)
	if status != 0 || !strings.Contains(out, "<feed") {
		t.Fatalf("ssh -o BatchMode=yes guest@HOST feed: status %d\n%s", status, out)
	}
	// Any other name still needs a key or a prompt.
	if out, status := runTool(t, ssh, sshArgs(s, "reader@127.0.0.1", "feed")...); status == 0 {
		t.Fatalf("ssh -o BatchMode=yes reader@HOST feed got in without a key:\n%s", out)
	}
}

// paramikoGuest logs in with paramiko as a script would: with no key, by the
// "none" method; with a key, by that key, which makes it no one all the same.
const paramikoGuest = `
import socket, sys, paramiko
port, key = int(sys.argv[1]), sys.argv[2]
t = paramiko.Transport(socket.create_connection(("127.0.0.1", port)))
t.connect()
t.auth_none("guest")
ch = t.open_session()
ch.exec_command("feed")
feed = ch.makefile("rb").read().decode()
print("none:", ch.recv_exit_status(), "<feed" in feed)
t.close()

c = paramiko.SSHClient()
c.set_missing_host_key_policy(paramiko.AutoAddPolicy())
c.connect("127.0.0.1", port=port, username="guest", key_filename=key, look_for_keys=False, allow_agent=False)
stdin, stdout, stderr = c.exec_command("comment hello")
stdin.write("from paramiko")
stdin.channel.shutdown_write()
print("key:", stdout.channel.recv_exit_status(), stderr.read().decode().strip())
c.close()
`

// TestParamikoAsGuest runs Debian's python3-paramiko.
func TestParamikoAsGuest(t *testing.T) {
	s := startServer(t, withOnePost())
	python := "/usr/bin/python3" // Debian's, where python3-paramiko installs
	if out, err := exec.Command(python, "-c", "import paramiko").CombinedOutput(); err != nil {
		t.Fatalf("paramiko is needed for this test: apt-get install -y python3-paramiko (%v: %s)", err, out)
	}
	_, port, _ := strings.Cut(s.Addr().String(), ":")
	cmd := exec.Command(python, "-c", paramikoGuest, port, clientKey(t))
	cmd.Env = append(os.Environ(), "HOME="+t.TempDir())
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("paramiko: %v\n%s", err, out)
	}
	if !strings.Contains(string(out), "none: 0 True") {
		t.Errorf("paramiko as guest with no key did not read the feed:\n%s", out)
	}
	if !strings.Contains(string(out), "key: 1") || !strings.Contains(string(out), "without an SSH key") {
		t.Errorf("paramiko as guest with a key could comment, or was not told why not:\n%s", out)
	}
}
