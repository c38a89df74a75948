package main

import (
	"io"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"syscall"
	"testing"

	"github.com/sshblog/sshblog/internal/smalldisk"
)

// publishingOn is startPublishing with the data and posts folders on disk.
func publishingOn(t *testing.T, disk string, args ...string) *publishing {
	t.Helper()
	keys := t.TempDir()
	p := &publishing{posts: filepath.Join(disk, "posts"), admin: filepath.Join(keys, "admin"), other: filepath.Join(keys, "other")}
	os.Mkdir(p.posts, 0o755)
	sshKeygen(t, p.admin, p.other)
	writePost(t, p.posts, "hello.md", "title: Hello\nslug: hello\ndate: 2024-01-01", "The first post.")
	p.running = start(t, disk, append([]string{"--data-dir", filepath.Join(disk, "data"), "--posts-dir", p.posts, "--admin-keys", p.admin + ".pub"}, args...)...)
	_, p.port, _ = net.SplitHostPort(p.addr)
	return p
}

// postFiles lists what is in the posts folder, hidden files too.
func postFiles(t *testing.T, dir string) string {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
	}
	return strings.Join(names, " ")
}

var diskFullMetric = regexp.MustCompile(`(?m)^sshblog_disk_full_total\{what="(\w+)"\} (\d+)$`)

// A full disk refuses comments, publishing (stdin, scp, SFTP) and backups
// with a line that says what was not saved, leaves no half a file, logs once,
// counts each, and keeps the blog reading; once space is back, writes work
// again without a restart and the database checks out.
func TestFullDiskRefusesWritesAndKeepsReading(t *testing.T) {
	disk := smalldisk.Mount(t, 8<<20)
	p := publishingOn(t, disk, "--metrics-listen", "127.0.0.1:0")
	defer p.stop(t, syscall.SIGTERM)
	comment := func(key, body string) (string, int) {
		return p.openssh(t, key, body, "ssh", "reader@localhost", "comment", "hello")
	}
	if out, status := comment(p.other, "Before the disk filled."); status != 0 {
		t.Fatalf("comment: %d %s", status, out)
	}
	filler := smalldisk.Fill(t, disk)

	const refusedComment = "The blog's disk is full: your comment was not saved. Try again later."
	for range 3 {
		if out, status := comment(p.other, strings.Repeat("A long comment. ", 200)); status != 1 || !strings.Contains(out, refusedComment) {
			t.Fatalf("a comment on a full disk: status %d\n%s", status, out)
		}
	}
	if out, status := p.openssh(t, p.other, "", "ssh", "localhost", "comments", "hello"); status != 0 || !strings.Contains(out, "Before the disk filled.") {
		t.Errorf("reading comments on a full disk: %d %s", status, out)
	}
	before := postFiles(t, p.posts)
	big := "---\ntitle: Too Big For The Disk\n---\n\n" + strings.Repeat("Words to fill a page. ", 2000) + "\n"
	if out, status := p.openssh(t, p.admin, big, "ssh", "localhost", "publish"); status != 1 || !strings.Contains(out, "The blog's disk is full: the post was not saved.") {
		t.Errorf("publish on a full disk: status %d\n%s", status, out)
	}
	if out, status := p.openssh(t, p.admin, "", "scp", localFile(t, "big.md", big), "localhost:"); status == 0 || !strings.Contains(out, "The blog's disk is full: the post was not saved.") {
		t.Errorf("scp (SFTP) on a full disk: status %d\n%s", status, out)
	}
	if out, status := p.openssh(t, p.admin, "", "scp", "-O", localFile(t, "big.md", big), "localhost:"); status == 0 || !strings.Contains(out, "The blog's disk is full: the post was not saved.") {
		t.Errorf("legacy scp on a full disk: status %d\n%s", status, out)
	}
	if after := postFiles(t, p.posts); after != before {
		t.Errorf("the posts folder after refused uploads: %q, was %q", after, before)
	}
	backup := filepath.Join(disk, "backup.db")
	if out, status := runIn(t, disk, "backup", "--data-dir", filepath.Join(disk, "data"), backup); status != 1 || !strings.Contains(out, "is full") {
		t.Errorf("backup onto a full disk: status %d\n%s", status, out)
	}
	for _, left := range []string{backup, backup + ".partial"} {
		if _, err := os.Stat(left); err == nil {
			t.Errorf("the refused backup left %s", left)
		}
	}
	if n := strings.Count(p.log.String(), `msg="the disk is full`); n != 1 {
		t.Errorf("the full disk was logged %d times in a minute, want once:\n%s", n, p.log)
	}
	counts := map[string]string{}
	for _, m := range diskFullMetric.FindAllStringSubmatch(scrape(t, p.running), -1) {
		counts[m[1]] = m[2]
	}
	if counts["database"] != "3" || counts["posts"] != "2" && counts["posts"] != "3" {
		t.Errorf("sshblog_disk_full_total: %v, want 3 database and the refused posts", counts)
	}

	if err := os.Remove(filler); err != nil {
		t.Fatal(err)
	}
	if out, status := comment(p.other, "After space came back."); status != 0 {
		t.Errorf("a comment once space is back: %d %s", status, out)
	}
	if out, status := p.openssh(t, p.admin, big, "ssh", "localhost", "publish"); status != 0 {
		t.Errorf("publish once space is back: %d %s", status, out)
	}
	if out, status := runIn(t, disk, "check", "--data-dir", filepath.Join(disk, "data")); status != 0 {
		t.Errorf("check after the full disk: %d %s", status, out)
	}
}

// scrape reads the server's metrics page.
func scrape(t *testing.T, r *running) string {
	t.Helper()
	m := metricsLine.FindStringSubmatch(r.log.String())
	if m == nil {
		t.Fatalf("no metrics address in the log:\n%s", r.log)
	}
	resp, err := http.Get("http://" + m[1] + "/metrics")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var b strings.Builder
	if _, err := io.Copy(&b, resp.Body); err != nil {
		t.Fatal(err)
	}
	return b.String()
}

// A first start on a full disk cannot make the host keys: it says so in one
// line and leaves no empty key behind to fail the next start.
func TestFullDiskAtFirstStartLeavesNoHostKey(t *testing.T) {
	disk := smalldisk.Mount(t, 1<<20)
	smalldisk.Fill(t, disk)
	data := filepath.Join(disk, "data")
	out, status := runIn(t, disk, "--data-dir", data)
	if status != 1 || !strings.Contains(out, "host_ed25519") || !strings.Contains(out, "is full") || strings.Count(strings.TrimSpace(out), "\n") != 0 {
		t.Errorf("first start on a full disk: status %d\n%s", status, out)
	}
	for _, key := range []string{"host_ed25519", "host_ecdsa"} {
		if _, err := os.Stat(filepath.Join(data, key)); err == nil {
			t.Errorf("%s was left behind", key)
		}
	}
}
