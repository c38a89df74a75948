package main

import (
	"bytes"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	gossh "golang.org/x/crypto/ssh"

	"github.com/sshblog/sshblog/internal/eventually"
)

// publishing is a running sshblog with a posts folder and one admin key, and
// the OpenSSH client's keys to reach it.
type publishing struct {
	*running
	posts, admin, other string
	port                string
}

func startPublishing(t *testing.T) *publishing {
	t.Helper()
	for _, tool := range []string{"ssh", "scp", "ssh-keygen"} {
		if _, err := exec.LookPath(tool); err != nil {
			t.Fatalf("%s is needed: install openssh-client", tool)
		}
	}
	dir := t.TempDir()
	p := &publishing{posts: filepath.Join(dir, "posts"), admin: filepath.Join(dir, "admin"), other: filepath.Join(dir, "other")}
	os.Mkdir(p.posts, 0o755)
	sshKeygen(t, p.admin, p.other)
	writePost(t, p.posts, "hello.md", "title: Hello\nslug: hello\ndate: 2024-01-01", "The first post.")
	p.running = start(t, dir, "--posts-dir", p.posts, "--admin-keys", p.admin+".pub")
	_, p.port, _ = net.SplitHostPort(p.addr)
	return p
}

// sshKeygen makes an ed25519 key without a passphrase at each path (and
// its .pub beside it).
func sshKeygen(t *testing.T, paths ...string) {
	t.Helper()
	for _, key := range paths {
		if out, err := exec.Command("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", key).CombinedOutput(); err != nil {
			t.Fatalf("ssh-keygen: %v\n%s", err, out)
		}
	}
}

// openssh runs ssh or scp with key against the server, stdin from in.
func (p *publishing) openssh(t *testing.T, key, in string, tool string, args ...string) (string, int) {
	t.Helper()
	port := "-p"
	if tool == "scp" {
		port = "-P"
	}
	all := append([]string{port, p.port, "-i", key, "-o", "IdentitiesOnly=yes", "-o", "BatchMode=yes",
		"-o", "StrictHostKeyChecking=no", "-o", "UserKnownHostsFile=/dev/null", "-o", "LogLevel=ERROR"}, args...)
	cmd := exec.Command(tool, all...)
	cmd.Stdin = strings.NewReader(in)
	return outcome(t, cmd)
}

func (p *publishing) ls(t *testing.T) string {
	out, status := p.openssh(t, p.other, "", "ssh", "localhost", "ls")
	if status != 0 {
		t.Fatalf("ls: %d %s", status, out)
	}
	return out
}

func localFile(t *testing.T, name, content string) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

const newPost = "---\ntitle: Fresh From Scp\ndate: 2024-05-01\n---\n\nCopied in.\n"

func TestPublishWithScpOverSFTP(t *testing.T) {
	p := startPublishing(t)
	file := localFile(t, "fresh.md", newPost)
	if out, status := p.openssh(t, p.admin, "", "scp", file, "localhost:"); status != 0 {
		t.Fatalf("scp as admin: %d %s", status, out)
	}
	if !strings.Contains(p.ls(t), "fresh\t2024-05-01\tFresh From Scp") {
		t.Fatalf("the post is not listed (slug from the file name):\n%s", p.ls(t))
	}
	if src, err := os.ReadFile(filepath.Join(p.posts, "fresh.md")); err != nil || string(src) != newPost {
		t.Errorf("the posts folder does not hold the file: %q, %v", src, err)
	}
}

func TestPublishWithLegacyScp(t *testing.T) {
	p := startPublishing(t)
	file := localFile(t, "legacy.md", strings.Replace(newPost, "Fresh From Scp", "Legacy Scp", 1))
	if out, status := p.openssh(t, p.admin, "", "scp", "-O", file, "localhost:"); status != 0 {
		t.Fatalf("scp -O as admin: %d %s", status, out)
	}
	if !strings.Contains(p.ls(t), "legacy\t2024-05-01\tLegacy Scp") {
		t.Fatalf("the post is not listed:\n%s", p.ls(t))
	}
}

func TestPublishUnpublishAndDraftsOverSSH(t *testing.T) {
	p := startPublishing(t)
	out, status := p.openssh(t, p.admin, "---\ntitle: Via Stdin\ndate: 2024-06-01\n---\nBody.\n", "ssh", "localhost", "publish")
	if status != 0 || !strings.Contains(out, "published via-stdin") {
		t.Fatalf("publish: %d %q", status, out)
	}
	if _, err := os.Stat(filepath.Join(p.posts, "via-stdin.md")); err != nil {
		t.Errorf("publishing did not write the folder: %v", err)
	}
	out, _ = p.openssh(t, p.admin, "---\ntitle: Not Yet\ndraft: true\n---\nSoon.\n", "ssh", "localhost", "publish", "not-yet.md")
	if !strings.Contains(out, "saved draft not-yet") {
		t.Errorf("draft: %q", out)
	}
	if out, _ := p.openssh(t, p.admin, "", "ssh", "localhost", "drafts"); !strings.HasPrefix(out, "not-yet\t") {
		t.Errorf("drafts: %q", out)
	}
	if strings.Contains(p.ls(t), "not-yet") {
		t.Error("a draft is listed")
	}
	out, status = p.openssh(t, p.admin, "---\ntitle: Broken\ndate: soon\n---\n", "ssh", "localhost", "publish")
	if status != 1 || !strings.Contains(out, `“Broken”, line 3: date: "soon" is not a date`) {
		t.Errorf("a broken post: %d %q", status, out)
	}
	if out, status := p.openssh(t, p.admin, "", "ssh", "localhost", "unpublish", "via-stdin"); status != 0 || !strings.Contains(out, "unpublished via-stdin") {
		t.Fatalf("unpublish: %d %q", status, out)
	}
	if strings.Contains(p.ls(t), "via-stdin") {
		t.Error("an unpublished post is listed")
	}
	if _, err := os.Stat(filepath.Join(p.posts, "via-stdin.md")); err == nil {
		t.Error("unpublishing left the file in the folder")
	}
}

func TestOnlyAdminsPublish(t *testing.T) {
	p := startPublishing(t)
	before := p.ls(t)
	file := localFile(t, "sneaky.md", newPost)
	for _, args := range [][]string{{"scp", file, "localhost:"}, {"scp", "-O", file, "localhost:"}} {
		out, status := p.openssh(t, p.other, "", args[0], args[1:]...)
		if status == 0 || !strings.Contains(out, "permission denied") {
			t.Errorf("%v as a reader: %d %q", args, status, out)
		}
	}
	for cmd, what := range map[string]string{"publish": "publish", "unpublish hello": "unpublish", "drafts": "see the drafts"} {
		out, status := p.openssh(t, p.other, newPost, "ssh", append([]string{"localhost"}, strings.Fields(cmd)...)...)
		if status != 1 || !strings.Contains(out, "permission denied: only the blog's admins may "+what+", and your key SHA256:") {
			t.Errorf("%s as a reader: %d %q", cmd, status, out)
		}
	}
	if after := p.ls(t); after != before {
		t.Errorf("a reader changed the blog:\n%s", after)
	}
	if entries, _ := os.ReadDir(p.posts); len(entries) != 1 {
		t.Errorf("the posts folder changed: %v", entries)
	}
}

func TestUploadNamesCannotLeaveTheFolder(t *testing.T) {
	p := startPublishing(t)
	file := localFile(t, "evil.md", newPost)
	outside := filepath.Dir(p.posts)
	for _, args := range [][]string{
		{"scp", file, "localhost:../evil.md"},
		{"scp", file, "localhost:/tmp/evil.md"},
		{"scp", "-O", file, "localhost:../evil.md"},
		{"scp", "-O", file, "localhost:sub/evil.md"},
	} {
		out, status := p.openssh(t, p.admin, "", args[0], args[1:]...)
		if status == 0 {
			t.Errorf("%v succeeded: %s", args, out)
		}
	}
	if out, status := p.openssh(t, p.admin, newPost, "ssh", "localhost", "publish", "../evil.md"); status != 2 || !strings.Contains(out, "not a plain file name") {
		t.Errorf("publish ../evil.md: %d %q", status, out)
	}
	for _, dir := range []string{outside, "/tmp", filepath.Join(p.posts, "sub")} {
		if _, err := os.Stat(filepath.Join(dir, "evil.md")); err == nil {
			t.Errorf("a file was written to %s", dir)
		}
	}
	if strings.Contains(p.ls(t), "Fresh From Scp") {
		t.Error("a refused upload was published")
	}
}

func TestOpenReaderSeesPublishedPost(t *testing.T) {
	p := startPublishing(t)
	session, _ := dialKeyless(t, p.addr).NewSession()
	defer session.Close()
	session.RequestPty("xterm", 40, 100, gossh.TerminalModes{})
	var screen lockedBuffer
	session.Stdout = &screen
	if err := session.Shell(); err != nil {
		t.Fatal(err)
	}
	screen.waitFor(t, "Hello")
	writePost(t, p.posts, "added.md", "title: Added While You Read\nslug: added\ndate: 2024-07-01", "New.")
	screen.waitFor(t, "Added While You Read")
	if out, status := p.openssh(t, p.admin, "", "ssh", "localhost", "unpublish", "added"); status != 0 {
		t.Fatalf("unpublish: %s", out)
	}
	screen.waitFor(t, "1 post")
}

// lockedBuffer collects a session's output for a test to wait on.
type lockedBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
	// grew, while someone waits, is closed at the next write.
	grew chan struct{}
}

func (b *lockedBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.grew != nil {
		close(b.grew)
		b.grew = nil
	}
	return b.buf.Write(p)
}

func (b *lockedBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

// waitFor waits for text to be written, looking again at each write.
func (b *lockedBuffer) waitFor(t *testing.T, text string) {
	t.Helper()
	b.waitForCount(t, text, 1)
}

// waitForCount waits for text to be written n times.
func (b *lockedBuffer) waitForCount(t *testing.T, text string, n int) {
	t.Helper()
	limit := time.NewTimer(eventually.Patience)
	defer limit.Stop()
	for {
		b.mu.Lock()
		found := strings.Count(b.buf.String(), text) >= n
		if !found && b.grew == nil {
			b.grew = make(chan struct{})
		}
		grew := b.grew
		b.mu.Unlock()
		if found {
			return
		}
		select {
		case <-grew:
		case <-limit.C:
			t.Fatalf("waited for %q %d times; got %q", text, n, b.String())
		}
	}
}

// writePost puts a post file in the posts folder, as its author would.
func writePost(t *testing.T, dir, name, frontMatter, body string) {
	t.Helper()
	if err := os.WriteFile(filepath.Join(dir, name), []byte("---\n"+frontMatter+"\n---\n\n"+body+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
}
