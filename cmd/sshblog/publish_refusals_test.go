package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// scp -r of a folder is refused with a line that says so, in both of scp's
// protocols: over SFTP (OpenSSH 9's default) the line must reach the SFTP
// channel's stderr, which scp prints.
func TestScpOfAFolderSaysFoldersAreNotTaken(t *testing.T) {
	p := startPublishing(t)
	folder := filepath.Join(t.TempDir(), "drafts")
	os.Mkdir(folder, 0o755)
	os.WriteFile(filepath.Join(folder, "a.md"), []byte(newPost), 0o644)
	for _, args := range [][]string{{"-r", folder, "localhost:"}, {"-O", "-r", folder, "localhost:"}} {
		out, status := p.openssh(t, p.admin, "", "scp", args...)
		if status == 0 || !strings.Contains(out, "folders are not taken; copy the .md files themselves: scp -P "+p.port+" *.md 127.0.0.1:") {
			t.Errorf("scp %v: %d %q", args, status, out)
		}
	}
	if strings.Contains(p.ls(t), "Fresh From Scp") {
		t.Error("a post in the folder was published")
	}
}

// rsync is not supported, and says what to use instead.
func TestRsyncSaysWhatToUseInstead(t *testing.T) {
	p := startPublishing(t)
	file := localFile(t, "fresh.md", newPost)
	ssh := "ssh -p " + p.port + " -i " + p.admin + " -o IdentitiesOnly=yes -o BatchMode=yes -o StrictHostKeyChecking=no -o UserKnownHostsFile=/dev/null -o LogLevel=ERROR"
	if _, err := exec.LookPath("rsync"); err != nil {
		t.Fatal("rsync is needed: install rsync")
	}
	out, err := exec.Command("rsync", "-e", ssh, file, "localhost:").CombinedOutput()
	if err == nil || !strings.Contains(string(out), "rsync is not supported here: publish posts with scp -P "+p.port+" *.md 127.0.0.1:, or sftp") {
		t.Errorf("rsync: %v %q", err, out)
	}
}

// drafts with none says so; a piped post's errors name it by its title.
func TestDraftsAndPipedPostsSayWhatHappened(t *testing.T) {
	p := startPublishing(t)
	if out, status := p.openssh(t, p.admin, "", "ssh", "localhost", "drafts"); status != 0 || !strings.Contains(out, "No drafts.") {
		t.Errorf("drafts: %d %q", status, out)
	}
	bad := "---\ntitle: My Trip\nwhen: 2024-05-01\n---\n\nText.\n"
	out, status := p.openssh(t, p.admin, bad, "ssh", "localhost", "publish")
	if want := `sshblog: “My Trip”, line 3: unknown key "when"`; status != 1 || !strings.Contains(out, want) {
		t.Errorf("publish < bad: %d %q, want %q", status, out, want)
	}
}
